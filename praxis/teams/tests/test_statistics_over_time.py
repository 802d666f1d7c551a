"""Team statistics over time (praxis.teams.statistics, "Over time"). Pure: worlds of a few people,
teams and months are built here from raw facts, and what the pages would show at each month end is
collected as a hostile lead would, looking at every month end under every filter.

- The organisation's figures, at any month ends, combined in any way: never a combination that
  depends on fewer than t people, changes included. Checked by rank over the rationals, each
  person's assessment at each month a separate unknown (so a change is a difference).
- Each team's figures at any two month ends: the same, or differing by at least t people.
  (Combinations across several teams *and* several month ends are not guaranteed: see the
  module's docstring.)"""

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from praxis.scoring.tests.test_feedback_aggregation import _Span
from praxis.teams import statistics

TEAMS = [1, 2]
MONTHS = 4


def _worlds(teams):
    person = st.fixed_dictionaries(
        {
            "submitted": st.frozensets(st.integers(0, MONTHS - 1), max_size=3),  # months they assessed in
            "teams": st.dictionaries(st.sampled_from(teams), st.integers(-1, MONTHS - 1), max_size=2)
            if teams
            else st.just({}),  # the month each was placed in each team
        }
    )
    return st.lists(person, max_size=9)


def _version(p, month):
    """Which of the person's assessments counts at the end of `month` (None: none yet)."""
    done = [m for m in p["submitted"] if m <= month]
    return max(done) if done else None


def _members(world, key, month):
    return {
        i
        for i, p in enumerate(world)
        if _version(p, month) is not None
        and (key == statistics.ALL or key[1] in {t for t, since in p["teams"].items() if since <= month})
    }


def _shown(world, t):
    """(key, month) of every figure the statistics and growth pages would show."""
    changes = {
        i: {statistics.ALL: p["submitted"]}
        | {
            statistics.team_key(team): statistics.change_months(p["submitted"], since)
            for team, since in p["teams"].items()
        }
        for i, p in enumerate(world)
    }
    settled = statistics.settled(changes, TEAMS, MONTHS, t)
    shown = []
    for month in range(MONTHS):
        people = {
            i: frozenset(team for team, since in p["teams"].items() if since <= month)
            for i, p in enumerate(world)
            if _version(p, month) is not None
        }
        released = statistics.released(statistics.groups(people, TEAMS), t)
        shown += [(key, month) for key in released if key in settled[month]]
    return shown


@settings(max_examples=400, deadline=None)
@given(_worlds([]), st.integers(3, 4))
def test_no_combination_of_the_organisations_figures_at_any_month_ends_depends_on_fewer_than_t(world, t):
    shown = _shown(world, t)
    columns = {}  # (person, the month of the assessment that counts) → column
    rows = []
    for key, month in shown:
        row = set()
        for i in _members(world, key, month):
            row.add(columns.setdefault((i, _version(world[i], month)), len(columns)))
        rows.append(row)
    span = _Span(len(columns))
    for row in rows:
        span.add(row)
    for size in range(1, t):
        for few in combinations(range(len(world)), size):
            theirs = {c for (i, _), c in columns.items() if i in few}
            assert not span.isolates(theirs), (shown, few)


@settings(max_examples=400, deadline=None)
@given(_worlds(TEAMS), st.integers(3, 4))
def test_a_groups_figures_at_two_month_ends_are_the_same_or_differ_by_at_least_t_people(world, t):
    shown = _shown(world, t)
    for (key, a), (other, b) in combinations(shown, 2):
        if key == other:
            before = {(i, _version(world[i], a)) for i in _members(world, key, a)}
            after = {(i, _version(world[i], b)) for i in _members(world, key, b)}
            changed = {i for i, _ in before ^ after}
            assert not changed or len(changed) >= t, (key, a, b, changed)


def test_one_person_assessing_again_does_not_move_the_figures_until_enough_have():
    world = [{"submitted": frozenset({0}) | ({1} if i == 0 else set()), "teams": {}} for i in range(5)]
    assert (statistics.ALL, 0) in _shown(world, 3)
    assert (statistics.ALL, 1) not in _shown(world, 3)  # Ana alone: her change would show
    world += [{"submitted": frozenset({0, 1}), "teams": {}} for _ in range(2)]
    assert (statistics.ALL, 1) in _shown(world, 3)  # three changed: shown


def test_joining_a_team_counts_from_the_month_of_joining_not_before():
    assert statistics.change_months({0, 2}, 1) == {1, 2}  # the assessment from month 0 enters at 1
    assert statistics.change_months({2}, 1) == {2}
    assert statistics.change_months({0}, None) == {0}
    assert statistics.change_months({0, 1}, 3) == {3}
