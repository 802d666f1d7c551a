"""The team pages as people use them: teams, each member's choices, the heat map (named people
only), statistics and growth (only above the threshold)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import _member, _person
from praxis.accounts.models import Membership, ShareAudience
from praxis.accounts.services import consents_set, share_set
from praxis.assessments.models import Assessment
from praxis.framework import bundled_framework
from praxis.teams import selectors, services
from praxis.teams.models import Team, TeamMember

pytestmark = pytest.mark.django_db


def url(name, organisation, *args):
    return reverse(f"teams:{name}", args=[organisation.slug, *args])


def text(response):
    return response.content.decode()


def main(response):
    """The page's main content: what it says, without its per-request token."""
    page = text(response)
    return page[page.index("<main") : page.index("</main>")]


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


def _counted_people(northside, make_assessment, all_quick_answers, n, level="4", start=0, when=None):
    """`n` members counted in statistics, each with an assessment submitted `when` (by default
    in the month that ended last: figures are as at month ends)."""
    people = []
    for i in range(start, start + n):
        person = _member(_person(f"member{i}"), northside, "practitioner")
        _assessed(person, make_assessment, all_quick_answers, level, when)
        consents_set(user=person, organisation=northside, named_to_leads=False, counted_in_statistics=True)
        people.append(person)
    return people


def _month(back):
    """A moment inside the month that ended `back` months before the last one."""
    return selectors.month_end(selectors.month_index(timezone.now()) - 1 - back) - timedelta(days=1)


def _as_at(back):
    return f"as at {selectors.month_end(selectors.month_index(_month(back))):%-d %B %Y}"


def _assessed(person, make_assessment, all_quick_answers, level, when=None):
    assessment = make_assessment(person, answers=all_quick_answers(level))
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=when or _month(0))


def _placed(team, people, lena, when):
    for person in people:
        services.team_member_add(team=team, by=lena, membership=Membership.objects.get(user=person))
    TeamMember.objects.filter(team=team).update(added_at=when)


def test_statistics_appear_only_when_enough_people_are_counted(
    client, northside, lena, make_assessment, all_quick_answers
):
    people = _counted_people(northside, make_assessment, all_quick_answers, 2)
    client.force_login(lena)
    page = text(client.get(url("statistics", northside)))
    assert "Nothing to show for this group yet" in page and "stats-table" not in page
    people += _counted_people(northside, make_assessment, all_quick_answers, 1, start=2)
    page = text(client.get(url("statistics", northside)))
    assert "3 people counted" in page and "<strong>3</strong> of 3" in page
    assert "Member0" not in page
    assert _as_at(0) in page


def test_an_assessment_submitted_this_month_waits_for_the_month_end(
    client, northside, lena, make_assessment, all_quick_answers
):
    """Live figures would move with each person who assesses: "now" against "yesterday" is them."""
    _counted_people(northside, make_assessment, all_quick_answers, 3, when=timezone.now())
    client.force_login(lena)
    page = text(client.get(url("statistics", northside)))
    assert "Nothing to show for this group yet" in page and "stats-table" not in page


def test_one_person_assessing_again_does_not_move_the_statistics_until_enough_have(
    client, northside, lena, make_assessment, all_quick_answers
):
    people = _counted_people(northside, make_assessment, all_quick_answers, 4, level="2", when=_month(3))
    client.force_login(lena)
    assert _as_at(0) in text(client.get(url("statistics", northside)))
    _assessed(people[0], make_assessment, all_quick_answers, "5")  # Ana alone, last month
    page = text(client.get(url("statistics", northside)))
    assert _as_at(1) in page  # the month before hers
    assert "<strong>0</strong> of 4" in page  # her 5s do not show: the figures stay as they were
    for person in people[1:3]:
        _assessed(person, make_assessment, all_quick_answers, "5")
    page = text(client.get(url("statistics", northside)))
    assert _as_at(0) in page and "<strong>3</strong> of 4" in page  # three changed: shown


def test_a_team_is_not_shown_when_the_rest_of_the_organisation_would_give_it_away(
    client, northside, lena, make_assessment, all_quick_answers
):
    people = _counted_people(northside, make_assessment, all_quick_answers, 4)
    team = services.team_create(organisation=northside, by=lena, name="Coaching")
    _placed(team, people[:3], lena, _month(1))
    client.force_login(lena)
    # the organisation (4) is released first; the team (3) would leave one person by difference
    assert "4 people counted" in text(client.get(url("statistics", northside)))
    page = text(client.get(url("statistics", northside) + f"?team={team.pk}"))
    assert "could single out fewer than 3" in page and "stats-table" not in page


def test_placing_someone_in_a_team_does_not_rewrite_the_teams_past(
    client, northside, lena, make_assessment, all_quick_answers
):
    """Else a lead could add Ana to a team, compare its past months before and after, and read
    Ana's levels."""
    people = _counted_people(northside, make_assessment, all_quick_answers, 6, level="2", when=_month(4))
    team = services.team_create(organisation=northside, by=lena, name="Coaching")
    _placed(team, people[:3], lena, _month(4))
    client.force_login(lena)
    months = f"&first={_month(3):%Y-%m}&second={_month(2):%Y-%m}"
    before = main(client.get(url("growth", northside) + f"?team={team.pk}" + months))
    services.team_member_add(team=team, by=lena, membership=Membership.objects.get(user=people[3]))
    after = main(client.get(url("growth", northside) + f"?team={team.pk}" + months))
    assert "3 people counted" in before and before == after


def test_growth_shows_two_month_ends_only_when_the_change_covers_enough_people(
    client, northside, lena, make_assessment, all_quick_answers
):
    people = _counted_people(northside, make_assessment, all_quick_answers, 3, level="2", when=_month(6))
    client.force_login(lena)
    _assessed(people[0], make_assessment, all_quick_answers, "5")  # only one person assessed again
    last = f"&second={_month(0):%Y-%m}"
    page = text(client.get(url("growth", northside) + f"?first={_month(3):%Y-%m}" + last))
    assert "stats-table" not in page and "one person who assessed again" in page
    for person in people[1:]:
        _assessed(person, make_assessment, all_quick_answers, "5")
    page = text(client.get(url("growth", northside) + f"?first={_month(3):%Y-%m}" + last))
    assert "stats-table" in page and "0 → 3" in page


def test_growth_offers_month_ends_only_and_ignores_a_day_of_the_leads_choosing(
    client, northside, lena, make_assessment, all_quick_answers
):
    """Two growth pages a day apart would be the people who assessed that day."""
    people = _counted_people(northside, make_assessment, all_quick_answers, 3, level="2", when=_month(6))
    for person in people:
        _assessed(person, make_assessment, all_quick_answers, "5", when=_month(2))
    client.force_login(lena)
    default = main(client.get(url("growth", northside)))
    for forged in ("2026-03-15", "2026-13", "0000-00", "2026-3", "٢٠٢٦-٠٣", "9999-12"):
        assert main(client.get(url("growth", northside) + f"?first={forged}&second={forged}")) == default
    assert f'<option value="{_month(1):%Y-%m}"' in default and 'type="date"' not in default


def test_growth_never_shows_a_month_end_that_differs_from_a_shown_one_by_one_person(
    client, northside, lena, make_assessment, all_quick_answers
):
    """Three assessed again in one month, Ana alone later: the pair from before both is a change of
    four, but its second column against the month of the three would be Ana's change."""
    people = _counted_people(northside, make_assessment, all_quick_answers, 4, level="2", when=_month(6))
    for person in people[:3]:
        _assessed(person, make_assessment, all_quick_answers, "4", when=_month(3))
    _assessed(people[3], make_assessment, all_quick_answers, "5")
    client.force_login(lena)
    shown = text(client.get(url("growth", northside) + f"?first={_month(6):%Y-%m}&second={_month(3):%Y-%m}"))
    assert "stats-table" in shown
    page = text(client.get(url("growth", northside) + f"?first={_month(6):%Y-%m}&second={_month(0):%Y-%m}"))
    assert "stats-table" not in page and "Not shown for these months" in page
    default = text(client.get(url("growth", northside)))  # the latest month end it is shown at, and before
    latest_shown = selectors.month_end(selectors.month_index(_month(1)))  # the same figures as _month(3)'s
    assert "stats-table" in default and f"4 on {latest_shown:%-d %B %Y}" in default
    last = selectors.month_end(selectors.month_index(_month(0)))
    assert f"{last:%-d %B %Y} (not shown for this group)</option>" in default  # the lead is told which
    assert f"{latest_shown:%-d %B %Y}</option>" in default


def test_months_end_at_midnight_in_the_sites_time_zone():
    """Half past midnight on 1 June in London is still 31 May in UTC: it counts in June."""
    june = 2026 * 12 + 5
    assert selectors.month_index(datetime(2026, 5, 31, 23, 30, tzinfo=UTC)) == june
    assert selectors.month_end(june - 1) == datetime(2026, 5, 31, 22, 59, 59, 999999, tzinfo=UTC)
    assert selectors.month_index(selectors.month_end(june)) == june
    assert selectors.month_index(selectors.month_end(june) + timedelta(microseconds=1)) == june + 1
