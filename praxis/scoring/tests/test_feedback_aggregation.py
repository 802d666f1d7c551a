"""The anonymity threshold holds for every mix of groups, directly and by difference."""

from fractions import Fraction
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from praxis.scoring import disclosure
from praxis.scoring.feedback import ANONYMOUS_SUPERVISOR, SUPERVISOR, Response, aggregate, compare_with_self

ITEMS = ["a", "b"]


def r(group, a=4, b=None, comment="", identifiable=False):
    return Response(group, {"a": a, "b": b}, comment, identifiable)


def test_group_below_threshold_is_hidden_and_all_others_withheld_when_it_would_reveal_it():
    # the journey: three peers and one stakeholder respond
    result = aggregate([r("peer", 4), r("peer", 3), r("peer", 5), r("stakeholder", 1)], ITEMS, 3)
    item = result.items["a"]
    assert set(item.groups) == {"peer"} and item.groups["peer"].mean == 4
    assert item.all_others is None  # all others − peers would be the stakeholder's rating
    assert result.total_responses is None and result.other_responses is None  # not "4 responses"


def test_all_others_shown_when_the_hidden_remainder_is_large_enough():
    responses = [r("peer")] * 3 + [r("stakeholder", 2), r("other", 2), r("supervisor", 1)]
    result = aggregate(responses, ITEMS, 3)
    item = result.items["a"]
    assert set(item.groups) == {"peer"}
    assert item.all_others.n == 6
    assert result.other_responses == 3 and result.total_responses == 6


def test_all_others_alone_when_no_group_is_large_enough():
    responses = [r("peer", 4), r("stakeholder", 2), r("other", 3)]
    item = aggregate(responses, ITEMS, 3).items["a"]
    assert item.groups == {} and item.all_others.n == 3 and item.all_others.mean == 3


def test_not_observed_counts_per_item():
    responses = [r("peer", 4, 3), r("peer", 4, None), r("peer", 4, None)]
    result = aggregate(responses, ITEMS, 3)
    assert result.items["a"].groups["peer"].n == 3
    assert result.items["b"].groups == {} and result.items["b"].all_others is None


def test_supervisor_shown_alone_only_when_identifiable():
    hidden = aggregate([r("supervisor", 2)] + [r("peer", 4)] * 3, ITEMS, 3).items["a"]
    assert "supervisor" not in hidden.groups and hidden.all_others is None
    named = aggregate([r("supervisor", 2, identifiable=True)] + [r("peer", 4)] * 3, ITEMS, 3).items["a"]
    assert named.groups["supervisor"].mean == 2
    assert named.all_others is None  # it would only repeat the groups shown


def test_threshold_never_below_three_whatever_is_asked():
    assert disclosure.threshold(2) == disclosure.threshold(None) == disclosure.threshold(0) == 3
    assert disclosure.threshold(5) == 5
    pair = aggregate([r("peer", 2), r("peer", 5)], ITEMS, 2)
    assert pair.threshold == 3 and pair.items["a"].groups == {} and pair.total_responses is None


def test_total_shown_when_the_invitations_prove_nobody_is_hidden():
    responses = [r("peer", 4)] * 3
    assert aggregate(responses, ITEMS, 3).total_responses is None  # a lone invitee might have answered
    shown = aggregate(responses, ITEMS, 3, invited={"peer": 4})
    assert shown.total_responses == 3 and shown.responses_by_group == {"peer": 3}
    assert aggregate(responses, ITEMS, 3, invited={"peer": 3, "stakeholder": 1}).total_responses is None


def test_all_others_is_decided_per_round_so_a_lone_raters_skipped_items_do_not_show():
    peers = [r("peer", 4, 4)] * 3
    rated_a = aggregate([*peers, r("stakeholder", 2, None)], ITEMS, 3, invited={"peer": 3, "stakeholder": 1})
    rated_b = aggregate([*peers, r("stakeholder", None, 2)], ITEMS, 3, invited={"peer": 3, "stakeholder": 1})
    silent = aggregate(peers, ITEMS, 3, invited={"peer": 3, "stakeholder": 1})
    assert _view(rated_a) == _view(rated_b) == _view(silent)
    assert all(item.all_others is None for item in rated_a.items.values())


def test_spreads_are_never_shown():
    assert disclosure.safe_spread({4: 3}, 3) is None
    figure = aggregate([r("peer", 4)] * 5, ITEMS, 3).items["a"].groups["peer"]
    assert not hasattr(figure, "spread")


def test_partition_shows_the_rest_only_from_the_threshold():
    result = disclosure.partition({"peer": 4, "stakeholder": 1, "other": 1}, 3)
    assert result.shown == {"peer": 4} and result.rest is None and result.total is None
    result = disclosure.partition({"peer": 4, "stakeholder": 2, "other": 1}, 3)
    assert result.rest == 3 and result.total == 7
    result = disclosure.partition({"peer": 4, "other": 0}, 3, possible={"peer": 5, "other": 0})
    assert result.rest == 0 and result.total == 4


def test_releasable_refuses_overlaps_that_isolate_a_few_by_difference():
    team = frozenset(range(5))
    most = frozenset(range(4))
    other = frozenset(range(5, 9))
    assert disclosure.releasable([("team", team), ("most", most)], 3) == ["team"]
    assert disclosure.releasable([("team", team), ("other", other), ("all", team | other)], 3) == [
        "team",
        "other",
        "all",
    ]
    small = frozenset(range(9, 11))
    everyone = team | other | small
    assert disclosure.releasable([("team", team), ("other", other), ("all", everyone)], 3) == [
        "team",
        "other",
    ]


def test_comments_only_from_groups_meeting_the_threshold_in_alphabetical_order():
    responses = [
        r("peer", comment="Zest"),
        r("peer", comment="Apt"),
        r("peer"),
        r("stakeholder", comment="Secret"),
    ]
    assert aggregate(responses, ITEMS, 3).comments == ("Apt", "Zest")
    pooled = [*responses, r("other", comment="Kind"), r("supervisor", comment="Open")]
    assert aggregate(pooled, ITEMS, 3).comments == ("Apt", "Kind", "Open", "Secret", "Zest")


def test_blind_spots_and_hidden_strengths():
    result = aggregate([r("peer", 2), r("peer", 2), r("peer", 2)], ["a"], 3)
    [comparison] = compare_with_self(result, {"a": 4.0})
    assert comparison.difference == -2 and comparison.kind(1.0) == "blind-spot"
    [comparison] = compare_with_self(result, {"a": 1.0})
    assert comparison.kind(1.0) == "hidden-strength"
    [comparison] = compare_with_self(result, {"a": None})
    assert comparison.kind(1.0) == ""


def test_comparison_falls_back_to_the_visible_groups_pooled():
    result = aggregate([r("peer", 2), r("peer", 2), r("peer", 2), r("stakeholder", 5)], ["a"], 3)
    assert result.items["a"].all_others is None
    [comparison] = compare_with_self(result, {"a": 4.0})
    assert comparison.others.n == 3 and comparison.others.mean == 2  # the stakeholder stays out
    assert comparison.kind(1.0) == "blind-spot"


GROUPS = ["supervisor", "peer", "stakeholder", "other"]
groups = st.sampled_from(GROUPS)
levels = st.one_of(st.none(), st.integers(1, 5))
comments = st.sampled_from(["", "Helpful", "Clear", "Patient"])
ratings = st.fixed_dictionaries({"a": levels, "b": levels})
response = st.builds(Response, groups, ratings, comments, st.booleans())
responses = st.lists(response, max_size=10)


def _figure(f):
    return None if f is None else (f.n, round(f.mean, 9))


def _view(result, with_means=True):
    """Everything a page or export can show, as plain data."""
    items = {
        item_id: (
            {g: _figure(f) if with_means else f.n for g, f in item.groups.items()},
            _figure(item.all_others) if with_means else (item.all_others and item.all_others.n),
        )
        for item_id, item in result.items.items()
    }
    return (
        result.threshold,
        result.responses_by_group,
        result.other_responses,
        result.total_responses,
        result.all_others_shown,
        result.visible_groups,
        items,
        result.comments,
    )


def _audience(x):
    return (
        SUPERVISOR
        if x.group == "supervisor" and x.identifiable
        else (ANONYMOUS_SUPERVISOR if x.group == "supervisor" else x.group)
    )


def _released_sets(rs, result, item_id=None):
    """The sets of raters (by index) whose sum the result shows: means × n, or counts."""

    def who(audiences=None, rated=True):
        return frozenset(
            i
            for i, x in enumerate(rs)
            if (audiences is None or _audience(x) in audiences)
            and (item_id is None or not rated or x.ratings.get(item_id) is not None)
        )

    if item_id is None:  # counts of responses
        sets = [who({g}) for g in result.responses_by_group]
        shown = set(result.responses_by_group)
        if result.other_responses:
            sets.append(who({a for a in GROUPS + [ANONYMOUS_SUPERVISOR] if a not in shown}))
        if result.total_responses:
            sets.append(who())
        return sets
    item = result.items[item_id]
    sets = [who({g}) for g in item.groups]
    if item.all_others is not None:
        sets.append(who())
    return sets


class _Span:
    """Rational row space of 0/1 vectors, to ask whether a set's sum follows from what is shown."""

    def __init__(self, size):
        self.size, self.rows = size, {}  # pivot → row

    def _reduce(self, vector):
        vector = list(vector)
        for pivot, row in self.rows.items():
            if vector[pivot]:
                factor = vector[pivot]
                vector = [a - factor * b for a, b in zip(vector, row, strict=True)]
        return vector

    def add(self, members):
        self.add_vector([Fraction(int(i in members)) for i in range(self.size)])

    def add_vector(self, vector):
        vector = self._reduce(vector)
        pivot = next((i for i, a in enumerate(vector) if a), None)
        if pivot is not None:
            vector = [a / vector[pivot] for a in vector]
            for key, row in self.rows.items():
                if row[pivot]:
                    self.rows[key] = [a - row[pivot] * b for a, b in zip(row, vector, strict=True)]
            self.rows[pivot] = vector

    def contains(self, members):
        return not any(self._reduce([Fraction(int(i in members)) for i in range(self.size)]))

    def isolates(self, members):
        """Some combination of the rows, with any weights, is nonzero and depends on ``members``
        only: dropping their columns loses rank. (A − B, one person apart each way, is one.)"""
        outside = [i for i in range(self.size) if i not in members]
        rest = _Span(len(outside))
        for row in self.rows.values():
            rest.add_vector([row[i] for i in outside])
        return len(rest.rows) < len(self.rows)


def _span(size, sets, known):
    span = _Span(size)
    for members in [*sets, *({k} for k in known)]:
        span.add(members)
    return span


@settings(max_examples=300, deadline=None)
@given(responses, st.integers(0, 6), st.booleans())
def test_no_figure_count_or_comment_isolates_fewer_than_the_threshold_even_by_difference(rs, asked, invite):
    invited = {g: sum(x.group == g for x in rs) + 1 for g in GROUPS} if invite else None
    result = aggregate(rs, ITEMS, asked, invited=invited)
    t = result.threshold
    assert t == max(3, asked)
    named = {i for i, x in enumerate(rs) if _audience(x) == SUPERVISOR}
    unknown = [i for i in range(len(rs)) if i not in named]
    for item_id in [None, *ITEMS]:
        sets = _released_sets(rs, result, item_id)
        for members in sets:
            assert members <= named or len(members - named) >= t
        span = _span(len(rs), sets, named)
        for size in range(1, t):
            for few in combinations(unknown, size):
                assert not span.isolates(set(few)), (item_id, few)
    for item_id, item in result.items.items():
        for group, figure in item.groups.items():
            members = [x for x in rs if _audience(x) == group and x.ratings.get(item_id) is not None]
            assert figure.n == len(members)
    # comments only from raters hidden among at least t
    sources = {c for x in rs if (c := x.comment.strip())}
    assert set(result.comments) <= sources and list(result.comments) == sorted(result.comments)
    for comment in result.comments:
        writers = {_audience(x) for x in rs if x.comment.strip() == comment}
        assert writers - {SUPERVISOR}
    for comparison in compare_with_self(result, {"a": 3.0, "b": 3.0}):
        item = result.items[comparison.item_id]
        if comparison.others is not None:  # only ever what may already be shown, or its pooling
            assert comparison.others == item.all_others or comparison.others.n == sum(
                f.n for f in item.groups.values()
            )


@settings(max_examples=300, deadline=None)
@given(responses, response, st.integers(0, 5), st.data())
def test_a_rater_hidden_in_a_small_pool_changes_nothing_shown_whatever_they_answer(rs, lone, asked, data):
    """Whether they answered, which items they skipped and what they said: all invisible."""
    lone = Response(lone.group, lone.ratings, lone.comment, False)
    invited = {g: sum(x.group == g for x in rs) + 1 for g in GROUPS}
    with_lone = aggregate([*rs, lone], ITEMS, asked, invited=invited)
    if with_lone.all_others_shown or _audience(lone) in with_lone.responses_by_group:
        return  # not in a small pool
    other = data.draw(st.fixed_dictionaries({"a": levels, "b": levels}))
    changed = aggregate([*rs, Response(lone.group, other, "Different")], ITEMS, asked, invited=invited)
    silent = aggregate(rs, ITEMS, asked, invited=invited)
    assert _view(with_lone) == _view(changed) == _view(silent)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(response, max_size=6),
    groups.filter(lambda g: g != "supervisor"),
    st.lists(st.fixed_dictionaries({"a": levels, "b": levels}), max_size=6),
    st.fixed_dictionaries({"a": levels, "b": levels}),
    st.integers(0, 5),
    st.data(),
)
def test_an_owner_controlling_all_but_one_rater_of_a_group(others, group, padded, real, asked, data):
    """The owner invites addresses they control into a group alongside one real rater T, and knows
    those answers. No count, spread, comment or visibility says anything about T's answers beyond
    the mean of a shown figure; and T's rating on an item, or whether T answered, can be worked
    out only from a shown figure or count in which the owner controls at least t − 1 of the
    others. That is the price of the attack, which the rules on addresses and approval raise."""
    fake = [Response(group, ratings, "Mine") for ratings in padded]
    t = disclosure.threshold(asked)
    rs = [*others, *fake, Response(group, real, "Real")]
    target = len(rs) - 1
    padded_ids = set(range(len(others), target))
    named = {i for i, x in enumerate(rs) if _audience(x) == SUPERVISOR}
    invited = {g: sum(x.group == g for x in rs) for g in GROUPS}
    result = aggregate(rs, ITEMS, asked, invited=invited)

    # changing T's level on an item changes only means: no visibility, count or comment moves
    other_level = data.draw(st.fixed_dictionaries({"a": levels, "b": levels}))
    moved = {k: (v if (v is None) == (real.get(k) is None) else real.get(k)) for k, v in other_level.items()}
    moved_result = aggregate([*rs[:-1], Response(group, moved, "Real")], ITEMS, asked, invited=invited)
    assert _view(result, with_means=False) == _view(moved_result, with_means=False)

    # T is recoverable only through a shown set where the owner controls ≥ t − 1 of the others
    for item_id in [None, *ITEMS]:
        sets = _released_sets(rs, result, item_id)
        span = _span(len(rs), sets, named | padded_ids)
        if span.contains({target}):
            assert any(target in s and len(s & padded_ids) >= t - 1 for s in sets), item_id
