"""The anonymity threshold holds for every mix of groups, directly and by difference."""

from hypothesis import given, settings
from hypothesis import strategies as st

from praxis.scoring.feedback import Response, aggregate, compare_with_self

ITEMS = ["a", "b"]


def r(group, a=4, b=None, comment="", identifiable=False):
    return Response(group, {"a": a, "b": b}, comment, identifiable)


def test_group_below_threshold_is_hidden_and_all_others_withheld_when_it_would_reveal_it():
    # the journey: three peers and one stakeholder respond
    result = aggregate([r("peer", 4), r("peer", 3), r("peer", 5), r("stakeholder", 1)], ITEMS, 3)
    item = result.items["a"]
    assert set(item.groups) == {"peer"} and item.groups["peer"].mean == 4
    assert item.all_others is None  # all others − peers would be the stakeholder's rating


def test_all_others_shown_when_the_hidden_remainder_is_large_enough():
    responses = [r("peer")] * 3 + [r("stakeholder", 2), r("other", 2), r("supervisor", 1)]
    item = aggregate(responses, ITEMS, 3).items["a"]
    assert set(item.groups) == {"peer"}
    assert item.all_others.n == 6


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
    assert named.all_others.n == 4  # nothing hidden remains


def test_threshold_never_below_two():
    assert aggregate([r("peer")], ITEMS, 1).threshold == 2
    assert aggregate([r("peer")], ITEMS, 1).items["a"].all_others is None


def test_comments_only_from_groups_meeting_the_threshold_in_alphabetical_order():
    responses = [
        r("peer", comment="Zest"),
        r("peer", comment="Apt"),
        r("peer"),
        r("stakeholder", comment="Secret"),
    ]
    assert aggregate(responses, ITEMS, 3).comments == ("Apt", "Zest")


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


groups = st.sampled_from(["supervisor", "peer", "stakeholder", "other"])
levels = st.one_of(st.none(), st.integers(1, 5))
responses = st.lists(
    st.builds(
        Response,
        groups,
        st.fixed_dictionaries({"a": levels, "b": levels}),
        st.sampled_from(["", "Helpful", "Clear"]),
        st.booleans(),
    ),
    max_size=12,
)


@settings(max_examples=400, deadline=None)
@given(responses, st.integers(0, 6))
def test_no_figure_reveals_a_group_below_the_threshold_directly_or_by_difference(rs, threshold):
    result = aggregate(rs, ITEMS, threshold)
    t = result.threshold
    for item_id, item in result.items.items():
        rated = [x for x in rs if x.ratings.get(item_id) is not None]
        for group, figure in item.groups.items():
            members = [x for x in rated if x.group == group and (group != "supervisor" or x.identifiable)]
            assert figure.n == len(members)
            assert group == "supervisor" or figure.n >= t
            if group == "supervisor":
                assert all(x.identifiable for x in members)
            assert sum(count for _, count in figure.spread) == figure.n
        if item.all_others is not None:
            assert item.all_others.n == len(rated) >= t
            remainder = item.all_others.n - sum(f.n for f in item.groups.values())
            assert remainder == 0 or remainder >= t  # no subtraction isolates fewer than t raters
    counts = {
        g: sum(1 for x in rs if x.group == g and not (g == "supervisor" and not x.identifiable))
        for g in ["supervisor", "peer", "stakeholder", "other"]
    }
    allowed = {
        x.comment
        for x in rs
        if x.comment and counts[x.group] >= t and not (x.group == "supervisor" and not x.identifiable)
    }
    assert set(result.comments) <= allowed
    assert list(result.comments) == sorted(result.comments)
    for comparison in compare_with_self(result, {"a": 3.0, "b": 3.0}):
        item = result.items[comparison.item_id]
        if comparison.others is not None:  # only ever what may already be shown, or its pooling
            assert comparison.others == item.all_others or comparison.others.n == sum(
                f.n for f in item.groups.values()
            )
