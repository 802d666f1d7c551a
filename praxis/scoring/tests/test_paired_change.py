"""paired_change against independent computations, and defined on every edge a cohort can reach."""

import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from praxis import scoring  # scipy is imported where a test needs it, not when a worker collects

PRE = [1.2, 2.0, 2.4, 1.8, 2.9, 3.1, 1.5, 2.2, 2.6, 1.9, 2.0, 3.0]
POST = [2.1, 2.4, 2.2, 2.8, 3.3, 3.0, 2.6, 2.9, 3.1, 2.2, 2.7, 3.4]


def test_matches_the_textbook_formulas_to_1e_9():
    from scipy import stats

    result = scoring.paired_change(PRE, POST)
    before, after = np.array(PRE), np.array(POST)
    diff = after - before
    n, mean, sd = len(diff), diff.mean(), diff.std(ddof=1)
    half_width = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
    t = mean / (sd / math.sqrt(n))
    assert result.n == 12
    assert result.mean_pre == pytest.approx(before.mean(), abs=1e-9)
    assert result.mean_post == pytest.approx(after.mean(), abs=1e-9)
    assert result.mean_diff == pytest.approx(mean, abs=1e-9)
    assert result.ci_low == pytest.approx(mean - half_width, abs=1e-9)
    assert result.ci_high == pytest.approx(mean + half_width, abs=1e-9)
    assert result.t == pytest.approx(t, abs=1e-9)
    assert result.p_t == pytest.approx(2 * stats.t.sf(abs(t), n - 1), abs=1e-9)
    assert result.p_wilcoxon == pytest.approx(stats.wilcoxon(after, before).pvalue, abs=1e-9)
    assert result.d_z == pytest.approx(mean / sd, abs=1e-9)
    d_av = mean / ((before.std(ddof=1) + after.std(ddof=1)) / 2)
    df = n - 1
    exact_j = math.gamma(df / 2) / (math.sqrt(df / 2) * math.gamma((df - 1) / 2))
    assert result.g_av == pytest.approx(d_av * exact_j, abs=1e-9)
    assert exact_j == pytest.approx(1 - 3 / (4 * df - 1), abs=2e-3)  # the usual approximation, nearly


def test_a_drop_is_negative_and_its_interval_lies_below_zero():
    result = scoring.paired_change(POST, PRE)
    assert result.mean_diff < 0 and result.ci_high < 0 and result.t < 0 and result.d_z < 0


def test_missing_ratings_leave_their_pair_out():
    result = scoring.paired_change([*PRE, None, 2.0], [*POST, 3.0, float("nan")])
    assert result == scoring.paired_change(PRE, POST)


def test_values_that_look_like_numbers_but_are_not_are_refused():
    with pytest.raises(TypeError):
        scoring.paired_change(["3"], [2.0])
    with pytest.raises(TypeError):
        scoring.paired_change([True, 2.0], [2.0, 3.0])
    with pytest.raises(ValueError):
        scoring.paired_change([1.0, 2.0], [1.0])


@pytest.mark.parametrize(
    "pre, post, defined",
    [
        ([], [], set()),
        ([2.0], [3.0], {"mean_pre", "mean_post", "mean_diff", "p_wilcoxon"}),
        ([1.0, 2.0, 3.0], [2.0, 3.0, 4.0], {"mean_pre", "mean_post", "mean_diff", "p_wilcoxon", "g_av"}),
        ([1.0, 2.0, 3.0], [1.0, 2.0, 3.0], {"mean_pre", "mean_post", "mean_diff", "g_av"}),
        ([2.0, 2.0, 2.0], [2.0, 2.0, 2.0], {"mean_pre", "mean_post", "mean_diff"}),
        (
            [1.0, 2.0],
            [2.0, 2.5],
            {"mean_pre", "mean_post", "mean_diff", "ci_low", "ci_high", "t", "p_t", "p_wilcoxon", "d_z"},
        ),
    ],
    ids=["nobody", "one person", "everyone up by one", "no change", "all the same", "two people"],
)
def test_edge_cases_give_none_where_a_figure_is_undefined(pre, post, defined):
    result = scoring.paired_change(pre, post)
    assert result.n == len(pre)
    present = {name for name, value in vars(result).items() if name != "n" and value is not None}
    assert present == defined


ratings = st.floats(min_value=0, max_value=3, allow_nan=False) | st.sampled_from([0.0, 1.0, 2.0, 3.0])


@settings(max_examples=60)  # each example runs two scipy tests
@given(st.lists(st.tuples(ratings, ratings), max_size=40))
def test_never_raises_nor_returns_nan_and_the_interval_holds_the_mean(pairs):
    result = scoring.paired_change([a for a, _ in pairs], [b for _, b in pairs])
    assert isinstance(result, scoring.PairedChange) and result.n == len(pairs)
    for name, value in vars(result).items():
        assert value is None or math.isfinite(value), name
    if result.ci_low is not None:
        assert result.ci_low <= result.mean_diff <= result.ci_high
    for p in (result.p_t, result.p_wilcoxon):
        assert p is None or 0 <= p <= 1


def test_holm_matches_a_worked_example():
    # Holm (1979) by hand: sorted 0.01, 0.02, 0.03, 0.04 times 4, 3, 2, 1, kept non-decreasing
    assert scoring.holm([0.04, 0.01, 0.03, 0.02]) == pytest.approx([0.06, 0.04, 0.06, 0.06])
    assert scoring.holm([0.5, None, 0.9]) == [pytest.approx(1.0), None, pytest.approx(1.0)]
    assert scoring.holm([]) == []


@given(st.lists(st.floats(min_value=0, max_value=1) | st.none(), max_size=20))
def test_holm_never_lowers_a_p_value_and_keeps_their_order(p_values):
    adjusted = scoring.holm(p_values)
    pairs = [(p, a) for p, a in zip(p_values, adjusted, strict=True) if p is not None]
    assert all(a is None for p, a in zip(p_values, adjusted, strict=True) if p is None)
    assert all(p <= a <= 1 for p, a in pairs)
    for p, a in pairs:
        for q, b in pairs:
            if p < q:
                assert a <= b


def test_scipy_is_loaded_only_when_the_statistics_are_used():
    """A web worker that only scores answers must not carry scipy's ~75 MB."""
    check = (
        "import sys, praxis.scoring as scoring; assert 'scipy' not in sys.modules;"
        " assert scoring.paired_change([1.0, 2.0], [2.0, 4.0]).mean_diff == 1.5;"
        " assert 'scipy' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", check], check=True)


@settings(max_examples=40)
@given(st.lists(st.tuples(ratings, ratings), min_size=3, max_size=30))
def test_agrees_with_scipy_itself_to_1e_9(pairs):
    """The same figures scipy.stats gives (ttest_rel with its interval, wilcoxon with its defaults),
    wherever scipy's are defined."""
    from scipy import stats

    before = [a for a, _ in pairs]
    after = [b for _, b in pairs]
    result = scoring.paired_change(before, after)
    diff = np.array(after) - np.array(before)
    if diff.std(ddof=1) > 1e-12:
        test = stats.ttest_rel(after, before)
        interval = test.confidence_interval(0.95)
        assert result.t == pytest.approx(test.statistic, rel=1e-9, abs=1e-9)
        assert result.p_t == pytest.approx(test.pvalue, abs=1e-9)
        assert (result.ci_low, result.ci_high) == pytest.approx((interval.low, interval.high), abs=1e-9)
    if np.any(diff != 0):
        assert result.p_wilcoxon == pytest.approx(stats.wilcoxon(diff).pvalue, abs=1e-9)
