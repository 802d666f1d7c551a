"""Learning matches: wants (own plan focus, explicit wish) × opted-in proficient peer mentors; no
scores shown, nobody who has not opted in; one introduction per pair in a period, leads only."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from praxis.accounts.models import Membership, ShareAudience, User
from praxis.teams import matches
from praxis.teams.models import Introduction, LearningWish

from .people import assess, person, plan_focus

pytestmark = pytest.mark.django_db


def _mentor(user, organisation, proficient_in=("co-design",), audience=ShareAudience.ORGANISATION):
    Membership.objects.filter(user=user, organisation=organisation).update(peer_mentor=True)
    return assess(user, proficient_in=set(proficient_in), share_with=organisation, audience=audience)


def test_a_practitioner_sees_opted_in_proficient_mentors_for_their_plan_focus_and_wishes(
    northside, alice, bob, carol
):
    _mentor(bob, northside, proficient_in=("co-design", "brokering"))
    assess(carol, proficient_in={"co-design"}, share_with=northside)  # proficient, not opted in
    plan_focus(alice, "co-design")  # her own plan: not even shared
    matches.learning_wish_add(user=alice, organisation=northside, competency_id="brokering")
    found = {s.competency.id: s for s in matches.own_suggestions(alice, northside)}
    assert set(found) == {"co-design", "brokering"}
    assert found["co-design"].mentors == [bob] and found["co-design"].from_plan
    assert found["brokering"].mentors == [bob] and found["brokering"].wish is not None


def test_a_mentor_who_shared_only_with_supervisors_is_not_suggested(northside, alice, bob):
    _mentor(bob, northside, audience=ShareAudience.SUPERVISORS)
    matches.learning_wish_add(user=alice, organisation=northside, competency_id="co-design")
    assert matches.own_suggestions(alice, northside)[0].mentors == []
    assert matches.lead_matches(alice, northside) == []


def test_a_lead_sees_wishes_matched_with_mentors_but_not_plan_focuses(northside, alice, bob, lena):
    _mentor(bob, northside)
    plan_focus(
        alice, "co-design", share_with=northside
    )  # shared with supervisors only: not a consent to leads
    assert matches.lead_matches(lena, northside) == []
    matches.learning_wish_add(user=alice, organisation=northside, competency_id="co-design")
    [match] = matches.lead_matches(lena, northside)
    assert (match.learner, match.mentor, match.competency.id) == (alice, bob, "co-design")


def test_the_pages_show_names_and_never_a_score_or_level(client, northside, alice, bob, lena):
    _mentor(bob, northside)
    matches.learning_wish_add(user=alice, organisation=northside, competency_id="co-design")
    for viewer, url in [
        (alice, reverse("teams_people:learning", args=[northside.slug])),
        (lena, reverse("teams_people:matches", args=[northside.slug])),
    ]:
        client.force_login(viewer)
        html = client.get(url).content.decode()
        assert "Bob" in html
        main = html.split('<main id="main"', 1)[1]
        assert not re.search(r"Proficient|Advanced|Developing(?! teams)|\b4\.0\b", main)


def test_a_lead_introduces_a_pair_once_in_the_period_by_one_email_to_both(northside, alice, bob, lena):
    _mentor(bob, northside)
    matches.learning_wish_add(user=alice, organisation=northside, competency_id="co-design")
    matches.introduction_send(
        organisation=northside, by=lena, learner_id=alice.pk, mentor_id=bob.pk, competency_id="co-design"
    )
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {alice.email, bob.email}
    assert "Co-design" in mail.outbox[0].subject
    assert "4" not in mail.outbox[0].body.split("guide:")[0].replace("Praxis", "")  # no score
    with pytest.raises(matches.MatchError, match="introduced less than"):
        matches.introduction_send(
            organisation=northside, by=lena, learner_id=alice.pk, mentor_id=bob.pk, competency_id="co-design"
        )
    assert len(mail.outbox) == 1 and Introduction.objects.count() == 1
    assert matches.lead_matches(lena, northside)[0].introduced_at is not None


def test_an_introduction_needs_a_lead_a_current_match_and_a_confirmed_address(
    northside, southside, alice, bob, carol, lena, dave
):
    _mentor(bob, northside)
    matches.learning_wish_add(user=alice, organisation=northside, competency_id="co-design")
    args = {"learner_id": alice.pk, "mentor_id": bob.pk, "competency_id": "co-design"}
    User.objects.filter(pk=lena.pk).update(email_verified_at=None)
    lena.refresh_from_db()
    with pytest.raises(matches.MatchError, match="confirm your e-mail"):
        matches.introduction_send(organisation=northside, by=lena, **args)
    for who in (carol, alice, dave):
        with pytest.raises(matches.MatchError, match="Only the organisation's leads"):
            matches.introduction_send(organisation=northside, by=who, **args)
    User.objects.filter(pk=lena.pk).update(email_verified_at=alice.email_verified_at)
    lena.refresh_from_db()
    with pytest.raises(matches.MatchError, match="not a match"):
        matches.introduction_send(organisation=northside, by=lena, **{**args, "mentor_id": carol.pk})
    with pytest.raises(matches.MatchError, match="not a match"):
        matches.introduction_send(organisation=northside, by=lena, **{**args, "competency_id": "brokering"})
    assert mail.outbox == [] and not Introduction.objects.exists()


def test_introductions_are_limited_per_day(northside, alice, bob, lena, settings):
    settings.PRAXIS_LIMIT_INVITATIONS_PER_DAY = 1
    ann = person("Ann", northside)
    _mentor(bob, northside)
    for learner in (alice, ann):
        matches.learning_wish_add(user=learner, organisation=northside, competency_id="co-design")
    matches.introduction_send(
        organisation=northside, by=lena, learner_id=alice.pk, mentor_id=bob.pk, competency_id="co-design"
    )
    with pytest.raises(matches.MatchError, match="at most 1 introductions a day"):
        matches.introduction_send(
            organisation=northside, by=lena, learner_id=ann.pk, mentor_id=bob.pk, competency_id="co-design"
        )
    assert len(mail.outbox) == 1


def test_leaving_the_organisation_takes_ones_wishes_with_it(northside, alice):
    matches.learning_wish_add(user=alice, organisation=northside, competency_id="co-design")
    Membership.objects.filter(user=alice, organisation=northside).delete()
    assert not LearningWish.objects.exists()


def test_a_wish_outside_ones_organisations_or_the_framework_is_refused(client, northside, southside, alice):
    with pytest.raises(matches.MatchError):
        matches.learning_wish_add(user=alice, organisation=southside, competency_id="co-design")
    with pytest.raises(matches.MatchError):
        matches.learning_wish_add(user=alice, organisation=northside, competency_id="not-a-competency")
    client.force_login(alice)
    response = client.post(reverse("teams_people:wish_add", args=[northside.slug]), {"competency": "nope"})
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    assert not LearningWish.objects.exists()


def test_the_lead_matches_page_runs_the_same_number_of_queries_for_few_and_many(client, northside, lena):
    url = reverse("teams_people:matches", args=[northside.slug])
    client.force_login(lena)

    def seed(start, n):
        for i in range(start, start + n):
            learner, mentor = person(f"Learner {i}", northside), person(f"Mentor {i}", northside)
            _mentor(mentor, northside)
            matches.learning_wish_add(user=learner, organisation=northside, competency_id="co-design")

    seed(0, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    seed(2, 20)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    assert response.content.decode().count("Introduce them") == 22 * 22
