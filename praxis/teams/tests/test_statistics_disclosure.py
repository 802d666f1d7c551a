"""Team statistics and team growth never give away fewer than t people, however a lead combines
the filters the pages offer at one month end (issue 11.3, 11.7): the disclosure property test,
extended to them. Over several month ends: test_statistics_over_time.py.

The sets are computed here from the raw facts (who chose to be counted, who has an assessment by
when, who is in which team), not through the page's own code; then every group
the page would show under any filter is collected, as a hostile lead flipping through every
filter would, and the collection is checked with `disclosure.isolates_few`.
"""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from praxis.accounts.models import Membership, Organisation, User
from praxis.assessments.models import Assessment, CompetencyResult, Kind, Status
from praxis.core.frameworks import current_framework_version
from praxis.scoring import disclosure
from praxis.teams import selectors, statistics
from praxis.teams.models import Team, TeamMember

TEAMS = [1, 2, 3]
person = st.fixed_dictionaries(
    {
        "teams": st.frozensets(st.sampled_from(TEAMS), max_size=3),
        "counted": st.booleans(),
        "first": st.booleans(),  # an assessment by the end of the first period
        "again": st.booleans(),  # a newer one by the end of the second
    }
)
people_strategy = st.lists(person, max_size=12)


def _filters():
    """What the statistics and growth pages offer: the organisation, or one team."""
    return [None, *TEAMS]


def _set(people, team, present):
    return frozenset(
        i
        for i, p in enumerate(people)
        if p["counted"] and present(p) and (team is None or team in p["teams"])
    )


def _has_first(p):
    return p["first"]


def _has_second(p):
    return p["first"] or p["again"]


def _shown_statistics(people, t):
    people_map = {i: p["teams"] for i, p in enumerate(people) if p["counted"] and _has_second(p)}
    released = statistics.released(statistics.groups(people_map, TEAMS), t)
    return [_set(people, team, _has_second) for team in _filters() if statistics.key_for(team) in released]


@settings(max_examples=400, deadline=None)
@given(people_strategy, st.integers(0, 5))
def test_statistics_under_every_filter_never_pin_down_fewer_than_t_people(people, asked):
    t = disclosure.threshold(asked)
    shown = _shown_statistics(people, t)
    assert all(len(s) >= t for s in shown)
    assert not disclosure.isolates_few(shown, t)


@settings(max_examples=400, deadline=None)
@given(people_strategy, st.integers(0, 5))
def test_growth_under_every_filter_never_pin_down_fewer_than_t_people_in_either_period_or_in_the_change(
    people, asked
):
    t = disclosure.threshold(asked)
    counted = {i: p["teams"] for i, p in enumerate(people) if p["counted"]}
    before = statistics.groups({i: x for i, x in counted.items() if people[i]["first"]}, TEAMS)
    after = statistics.groups({i: x for i, x in counted.items() if _has_second(people[i])}, TEAMS)
    changed = {i for i in counted if people[i]["again"]}  # a newer assessment, or a first one
    released = statistics.released_growth(before, after, changed, t)
    shown = [team for team in _filters() if statistics.key_for(team) in released]
    first = [_set(people, team, _has_first) for team in shown]
    second = [_set(people, team, _has_second) for team in shown]
    moved = [s & changed for s in second if s & changed]
    for family in (first, second, moved):
        assert all(len(s) >= t for s in family if s)
        assert not disclosure.isolates_few(family, t)


def test_one_person_assessing_again_never_shows_their_change():
    groups = statistics.groups({i: frozenset() for i in range(5)}, [])
    assert statistics.released(groups, 3)  # the period's figures alone are fine
    assert statistics.released_growth(groups, groups, {0}, 3) == set()


# -- the same property through the database and the page's own selector ---------------------------


def _month_ends():
    """Moments inside the month that ended ten months ago and the one that ended last."""
    last = selectors.month_index(timezone.now()) - 1
    return selectors.month_end(last - 10) - timedelta(days=1), selectors.month_end(last) - timedelta(days=1)


def _build(people):
    organisation = Organisation.objects.create(name="Propertyside", slug="propertyside")
    version = current_framework_version()
    teams = {n: Team.objects.create(organisation=organisation, name=f"Team {n}") for n in TEAMS}
    long_ago, lately = _month_ends()
    for i, p in enumerate(people):
        user = User.objects.create(email=f"p{i}@prop.example", full_name=f"P {i}")
        membership = Membership.objects.create(
            user=user, organisation=organisation, counted_in_statistics=p["counted"]
        )
        for n in p["teams"]:
            TeamMember.objects.create(team=teams[n], membership=membership)
        TeamMember.objects.filter(membership=membership).update(added_at=long_ago - timedelta(days=30))
        for when, present in ((long_ago, p["first"]), (lately, p["again"])):
            if present:
                a = Assessment.objects.create(
                    owner=user,
                    kind=Kind.QUICK,
                    status=Status.SUBMITTED,
                    framework_version=version,
                    submitted_at=when,
                )
                CompetencyResult.objects.create(
                    assessment=a,
                    owner=user,
                    competency_id="co-learning",
                    score=4,
                    status="scored",
                    items=1,
                    rated=1,
                    not_applicable=0,
                    level=4,
                    proficient=True,
                )
    return organisation, teams


@pytest.mark.django_db
@settings(
    max_examples=12,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(people_strategy)
def test_the_statistics_page_shows_figures_only_for_groups_that_together_pin_down_nobody(people):
    with transaction.atomic():
        organisation, teams = _build(people)
        t = disclosure.threshold(organisation.min_group_size)
        shown = {}  # month end → the sets shown as at it
        lately = _month_ends()[1]
        for team in _filters():
            stats = selectors.team_statistics(organisation, team=teams[team] if team else None)
            if stats.figures is not None:
                latest = stats.as_at > lately  # else as at an earlier month, before anyone assessed again
                expected = _set(people, team, _has_second if latest else _has_first)
                assert stats.figures.people == len(expected)
                shown.setdefault(stats.as_at, []).append(expected)
        for sets in shown.values():
            assert all(len(s) >= t for s in sets)
            assert not disclosure.isolates_few(sets, t)
        transaction.set_rollback(True)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.frozensets(st.integers(0, 30), min_size=1, max_size=12), max_size=20),
    st.integers(0, 5),
)
def test_many_tangled_teams_are_released_safely_beyond_the_exact_check(teams, asked):
    """More teams sharing people than the exact check takes (GROUP_EXACT): still nothing small."""
    t = disclosure.threshold(asked)
    everyone = frozenset().union(*teams) if teams else frozenset()
    family = [(statistics.ALL, everyone)] + [(("team", i), s) for i, s in enumerate(teams)]
    released = statistics.released(family, t)
    shown = [s for k, s in family if k in released]
    assert all(len(s) >= t for s in shown)
    assert not disclosure.isolates_few(shown, t)
