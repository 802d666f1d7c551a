"""The shared pieces every team page uses: consents, who is named or counted, the latest results
of many people, and team changes by leads only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from praxis.accounts import policy
from praxis.accounts.models import Membership, ShareAudience
from praxis.accounts.services import AccountsError, consents_set, share_set
from praxis.assessments.scores import latest_results_of
from praxis.shell.personal_data import MEMBERSHIP_COLUMNS, membership_rows
from praxis.teams import services
from praxis.teams.models import TeamMember


def _membership(user, organisation):
    return Membership.objects.get(user=user, organisation=organisation)


def test_consents_are_off_by_default_and_set_with_immediate_effect(northside, alice, lena):
    assert not policy.heat_map_people(lena, northside).exists()
    assert not policy.members_counted_in_statistics(northside).exists()
    consents_set(user=alice, organisation=northside, named_to_leads=True, counted_in_statistics=False)
    assert list(policy.heat_map_people(lena, northside).values_list("user", flat=True)) == [alice.pk]
    assert not policy.members_counted_in_statistics(northside).exists()
    membership = _membership(alice, northside)
    assert membership.consents_changed_at is not None
    assert membership.research_consent is False
    consents_set(user=alice, organisation=northside, named_to_leads=False, counted_in_statistics=True)
    assert not policy.heat_map_people(lena, northside).exists()
    assert list(policy.members_counted_in_statistics(northside).values_list("user", flat=True)) == [alice.pk]


def test_consents_leave_research_consent_alone(northside, alice):
    Membership.objects.filter(user=alice).update(research_consent=True)
    consents_set(user=alice, organisation=northside, named_to_leads=True, counted_in_statistics=True)
    assert _membership(alice, northside).research_consent is True


def test_consents_cannot_be_set_outside_ones_organisations(southside, alice):
    with pytest.raises(AccountsError):
        consents_set(user=alice, organisation=southside, named_to_leads=True, counted_in_statistics=True)


def test_heat_map_people_for_a_supervisor_are_supervisees_who_shared(
    northside, alice, bob, carol, make_assessment
):
    assert policy.can_view_team_pages(carol, northside)
    assert not policy.heat_map_people(carol, northside).exists()
    # alice's consent to leads does not put her in front of her supervisor
    consents_set(user=alice, organisation=northside, named_to_leads=True, counted_in_statistics=True)
    assert not policy.heat_map_people(carol, northside).exists()
    share_set(
        owner=alice, obj=make_assessment(alice), organisation=northside, audience=ShareAudience.SUPERVISORS
    )
    assert list(policy.heat_map_people(carol, northside).values_list("user", flat=True)) == [alice.pk]


def test_only_leads_and_supervisors_view_team_pages(northside, alice, bob, carol, lena, dave):
    assert policy.can_view_team_pages(lena, northside)
    assert not policy.can_view_team_pages(bob, northside)
    assert not policy.can_view_team_pages(dave, northside)
    assert policy.can_view_team_statistics(lena, northside)
    assert not policy.can_view_team_statistics(carol, northside)
    assert not policy.heat_map_people(dave, northside).exists()


def test_latest_results_are_each_persons_latest_submitted_in_two_queries(
    northside, alice, bob, lena, make_assessment, all_quick_answers
):
    make_assessment(alice, answers=all_quick_answers("2"))
    latest = make_assessment(alice, answers=all_quick_answers("4"))
    make_assessment(alice, answers=all_quick_answers("1"), submit=False)  # a draft never counts
    make_assessment(bob, answers=all_quick_answers("5"))
    with CaptureQueriesContext(connection) as queries:
        results = latest_results_of(policy.members_named_to_leads(northside).values("user_id"))
    assert results == {}
    consents_set(user=alice, organisation=northside, named_to_leads=True, counted_in_statistics=False)
    with CaptureQueriesContext(connection) as queries:
        results = latest_results_of(policy.members_named_to_leads(northside).values("user_id"))
    assert len(queries) == 2
    assert set(results) == {alice.pk}
    assert results[alice.pk].assessment_id == latest.pk
    assert {r.level for r in results[alice.pk].results.values()} == {4}
    assert len(results[alice.pk].results) == 15


def test_latest_results_visible_to_a_supervisor_are_what_was_shared(
    northside, alice, carol, make_assessment, all_quick_answers
):
    shared = make_assessment(alice, answers=all_quick_answers("2"))
    make_assessment(alice, answers=all_quick_answers("4"))  # later, private
    share_set(owner=alice, obj=shared, organisation=northside, audience=ShareAudience.SUPERVISORS)
    results = latest_results_of([alice.pk], visible_to=carol)
    assert results[alice.pk].assessment_id == shared.pk


def test_leads_change_teams_and_place_members_of_their_organisation_only(northside, alice, bob, lena, dave):
    team = services.team_create(organisation=northside, by=lena, name=" Coaching ")
    assert team.name == "Coaching"
    with pytest.raises(services.TeamsError):
        services.team_create(organisation=northside, by=lena, name="Coaching")
    with pytest.raises(services.TeamsError):
        services.team_create(organisation=northside, by=bob, name="Other")
    services.team_member_add(team=team, by=lena, membership=_membership(alice, northside))
    services.team_member_add(team=team, by=lena, membership=_membership(alice, northside))
    assert TeamMember.objects.filter(team=team).count() == 1
    with pytest.raises(services.TeamsError):
        services.team_member_add(team=team, by=lena, membership=Membership.objects.get(user=dave))
    services.team_update(team=team, by=lena, name="Coaching team", description="Coaches")
    services.team_member_remove(team=team, by=lena, membership=_membership(alice, northside))
    assert not TeamMember.objects.filter(team=team).exists()
    with pytest.raises(services.TeamsError):
        services.team_delete(team=team, by=dave)
    services.team_delete(team=team, by=lena)


def test_the_personal_data_export_includes_both_team_choices(northside, alice):
    consents_set(user=alice, organisation=northside, named_to_leads=False, counted_in_statistics=True)
    [row] = membership_rows(alice)
    data = dict(zip(MEMBERSHIP_COLUMNS, row, strict=True))
    assert data["shown_by_name_to_leads"] == "no"
    assert data["counted_in_team_statistics"] == "yes"
    assert data["team_choices_changed_at"].endswith("Z")
