"""praxis.scoring.disclosure on its own: the floor, partitions, and overlapping sets."""

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from praxis.scoring import disclosure

from .test_feedback_aggregation import _span


def test_an_intersection_given_away_by_inclusion_and_exclusion_is_refused():
    a = frozenset({0, 2, 3, 5, 6})
    b = frozenset({0, 1, 4, 7, 8})
    everyone = a | b  # a + b − everyone is person 0 alone
    assert disclosure.releasable([("a", a), ("b", b), ("all", everyone)], 3) == ["a", "b"]
    assert disclosure.isolates_few([a, b, everyone], 3)


def test_known_people_count_for_nobodys_anonymity():
    group = frozenset({1, 2, 3})
    assert disclosure.releasable([("g", group)], 3) == ["g"]
    assert disclosure.releasable([("g", group)], 3, known=frozenset({1})) == []
    assert disclosure.isolates_few([group], 3, known=frozenset({1, 2}))


def test_two_groups_one_person_apart_each_way_are_not_both_released():
    """A − B is a's answer minus b's; for counts per level it names both their levels."""
    shared = frozenset({1, 2, 3, 4})
    a, b = shared | {"a"}, shared | {"b"}
    assert disclosure.isolates_few([a, b], 5)
    assert disclosure.releasable([("a", a), ("b", b)], 5) == ["a"]
    assert not disclosure.isolates_few([a, b | {"c"}], 3)  # a − b is now spread over three people


people = st.frozensets(st.integers(0, 8), min_size=1)


@settings(max_examples=500, deadline=None)
@given(st.lists(people, max_size=6), st.integers(0, 4), st.frozensets(st.integers(0, 8), max_size=2))
def test_released_sets_never_pin_down_fewer_than_the_threshold(sets, asked, known):
    t = disclosure.threshold(asked)
    shown = disclosure.releasable(list(enumerate(sets)), asked, known=known)
    span = _span(9, [sets[k] for k in shown], known)
    unknown = [p for p in range(9) if p not in known]
    for size in range(1, t):
        for few in combinations(unknown, size):
            assert not span.isolates(set(few)), (shown, few)


@settings(max_examples=400, deadline=None)
@given(st.lists(people, max_size=7), st.integers(3, 5), st.frozensets(st.integers(0, 8), max_size=2))
def test_isolates_few_answers_exactly_what_the_rational_row_space_says(sets, t, known):
    """Both ways: it finds every small combination (safety) and invents none (nothing refused
    for no reason), checked against every small set of people by rank over the rationals."""
    span = _span(9, sets, known)
    unknown = [p for p in range(9) if p not in known]
    expected = any(span.isolates(set(few)) for size in range(1, t) for few in combinations(unknown, size))
    assert disclosure.isolates_few(sets, t, known) == expected
