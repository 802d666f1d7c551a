"""The team pages as people use them: teams, each member's choices, the heat map (named people
only), statistics and growth (only above the threshold)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import _member, _person
from praxis.accounts.models import Membership, ShareAudience
from praxis.accounts.services import consents_set, share_set
from praxis.assessments.models import Assessment
from praxis.framework import bundled_framework
from praxis.teams import services
from praxis.teams.models import Team, TeamMember

pytestmark = pytest.mark.django_db


def url(name, organisation, *args):
    return reverse(f"teams:{name}", args=[organisation.slug, *args])


def text(response):
    return response.content.decode()


def test_a_lead_creates_a_team_and_places_members(client, northside, alice, lena):
    client.force_login(lena)
    response = client.post(url("create", northside), {"name": "Coaching", "description": "Coaches"})
    team = Team.objects.get(organisation=northside, name="Coaching")
    assert response.status_code == 302
    membership = Membership.objects.get(user=alice)
    client.post(url("team_place", northside, team.pk), {"membership": membership.pk})
    assert TeamMember.objects.filter(team=team, membership=membership).exists()
    assert "Alice" in text(client.get(url("team", northside, team.pk)))
    client.post(url("team_unplace", northside, team.pk), {"membership": membership.pk})
    assert not TeamMember.objects.filter(team=team).exists()


def test_a_team_name_already_used_is_refused_beside_the_field_keeping_what_was_typed(client, northside, lena):
    services.team_create(organisation=northside, by=lena, name="Coaching")
    client.force_login(lena)
    response = client.post(url("create", northside), {"name": "Coaching", "description": "Typed"})
    assert response.status_code == 422
    assert "already a team with this name" in text(response)
    assert "Typed" in text(response)


def test_a_member_of_another_organisation_cannot_be_placed(client, northside, lena, dave):
    team = services.team_create(organisation=northside, by=lena, name="Coaching")
    client.force_login(lena)
    response = client.post(url("team_place", northside, team.pk), {"membership": dave.memberships.get().pk})
    assert response.status_code == 404
    assert not TeamMember.objects.exists()


def test_a_member_sets_each_choice_and_sees_what_it_reveals(client, northside, alice):
    client.force_login(alice)
    page = text(client.get(url("consent", northside)))
    assert "with my name" in page and "without my name" in page
    assert "checked" not in page  # both off by default
    client.post(url("consent", northside), {"counted_in_statistics": "on"})
    membership = Membership.objects.get(user=alice)
    assert membership.counted_in_statistics and not membership.named_to_leads
    client.post(url("consent", northside), {})
    membership.refresh_from_db()
    assert not membership.counted_in_statistics and membership.consents_changed_at


def test_the_heat_map_names_only_members_who_chose_it(
    client, northside, alice, bob, lena, make_assessment, all_quick_answers
):
    make_assessment(alice, answers=all_quick_answers("4", co_learning="na"))
    make_assessment(bob, answers=all_quick_answers("2"))
    consents_set(user=alice, organisation=northside, named_to_leads=True, counted_in_statistics=False)
    consents_set(user=bob, organisation=northside, named_to_leads=False, counted_in_statistics=True)
    client.force_login(lena)
    page = text(client.get(url("heat_map", northside)))
    assert "Alice" in page and "Bob" not in page
    assert "Proficient" in page and 'class="heat heat-4"' in page
    assert 'class="heat heat-na">N/A' in page
    svg = client.get(url("heat_map_svg", northside))
    assert svg["Content-Type"].startswith("image/svg+xml")
    assert "Alice" in text(svg) and "Bob" not in text(svg)


def test_the_heat_map_filters_by_team_and_role_and_sorts_by_a_competency(
    client, northside, alice, bob, lena, make_assessment, all_quick_answers
):
    make_assessment(alice, answers=all_quick_answers("2"))
    make_assessment(bob, answers=all_quick_answers("5"))
    for person in (alice, bob):
        consents_set(user=person, organisation=northside, named_to_leads=True, counted_in_statistics=False)
    team = services.team_create(organisation=northside, by=lena, name="Coaching")
    services.team_member_add(team=team, by=lena, membership=Membership.objects.get(user=alice))
    client.force_login(lena)
    page = text(client.get(url("heat_map", northside) + "?sort=co-learning"))
    assert page.index("Bob") < page.index("Alice")  # Advanced before Emerging
    page = text(client.get(url("heat_map", northside) + f"?team={team.pk}"))
    assert "Alice" in page and "Bob" not in page
    page = text(client.get(url("heat_map", northside) + "?role=lead"))
    assert "Alice" not in page and "Nobody to show" in page
    page = text(client.get(url("heat_map", northside) + "?team=%D9%A3&role=nonsense&sort=nothing&page=x"))
    assert "Alice" in page  # nonsense filters are ignored


def test_a_supervisor_sees_only_what_their_supervisees_shared(
    client, northside, alice, bob, carol, make_assessment, all_quick_answers
):
    shared = make_assessment(alice, answers=all_quick_answers("2"))
    make_assessment(alice, answers=all_quick_answers("5"))  # later, private
    share_set(owner=alice, obj=shared, organisation=northside, audience=ShareAudience.SUPERVISORS)
    consents_set(user=bob, organisation=northside, named_to_leads=True, counted_in_statistics=True)
    make_assessment(bob, answers=all_quick_answers("3"))
    client.force_login(carol)
    page = text(client.get(url("heat_map", northside)))
    assert "Alice" in page and "Bob" not in page
    assert "Emerging" in page and "Advanced" not in page.split("<tbody>")[1]
    assert client.get(url("statistics", northside)).status_code == 403


def test_drilling_into_a_competency_shows_key_activities_from_full_assessments(
    client, northside, alice, bob, lena, make_assessment
):
    competency = next(c for c in bundled_framework().competencies if c.id == "co-learning")
    first = competency.key_activities[0].id
    make_assessment(
        alice, kind="full", answers={a.id: "4" for a in competency.key_activities} | {first: "na"}
    )
    make_assessment(bob)  # quick
    for person in (alice, bob):
        consents_set(user=person, organisation=northside, named_to_leads=True, counted_in_statistics=False)
    client.force_login(lena)
    page = text(client.get(url("heat_map_competency", northside, "co-learning")))
    assert "Proficient" in page and "N/A" in page
    assert "Latest assessment is a quick one" in page
    assert client.get(url("heat_map_competency", northside, "no-such-thing")).status_code == 404


def _counted_people(northside, make_assessment, all_quick_answers, n, level="4", start=0):
    people = []
    for i in range(start, start + n):
        person = _member(_person(f"member{i}"), northside, "practitioner")
        make_assessment(person, answers=all_quick_answers(level))
        consents_set(user=person, organisation=northside, named_to_leads=False, counted_in_statistics=True)
        people.append(person)
    return people


def test_statistics_appear_only_when_enough_people_are_counted(
    client, northside, lena, make_assessment, all_quick_answers
):
    people = _counted_people(northside, make_assessment, all_quick_answers, 2)
    client.force_login(lena)
    page = text(client.get(url("statistics", northside)))
    assert "Fewer than 3 people" in page and "stats-table" not in page
    people += _counted_people(northside, make_assessment, all_quick_answers, 1, start=2)
    page = text(client.get(url("statistics", northside)))
    assert "3 people counted" in page and "<strong>3</strong> of 3" in page
    assert "Member0" not in page


def test_a_team_is_not_shown_when_the_rest_of_the_organisation_would_give_it_away(
    client, northside, lena, make_assessment, all_quick_answers
):
    people = _counted_people(northside, make_assessment, all_quick_answers, 4)
    team = services.team_create(organisation=northside, by=lena, name="Coaching")
    for person in people[:3]:
        services.team_member_add(team=team, by=lena, membership=Membership.objects.get(user=person))
    client.force_login(lena)
    # the organisation (4) is released first; the team (3) would leave one person by difference
    assert "4 people counted" in text(client.get(url("statistics", northside)))
    page = text(client.get(url("statistics", northside) + f"?team={team.pk}"))
    assert "could single out fewer than 3" in page and "stats-table" not in page


def test_growth_shows_two_periods_only_when_the_change_covers_enough_people(
    client, northside, lena, make_assessment, all_quick_answers
):
    people = _counted_people(northside, make_assessment, all_quick_answers, 3, level="2")
    long_ago = timezone.now() - timedelta(days=200)
    Assessment.objects.filter(owner__in=people).update(submitted_at=long_ago)
    first = (timezone.now() - timedelta(days=100)).date().isoformat()
    client.force_login(lena)
    make_assessment(people[0], answers=all_quick_answers("5"))  # only one person assessed again
    page = text(client.get(url("growth", northside) + f"?first={first}"))
    assert "stats-table" not in page and "could" in page
    for person in people[1:]:
        make_assessment(person, answers=all_quick_answers("5"))
    page = text(client.get(url("growth", northside) + f"?first={first}"))
    assert "stats-table" in page and "0 → 3" in page
