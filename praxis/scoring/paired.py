"""Change between two ratings of the same people: the statistics of a cohort's pre/post report.

Pure: numbers in, numbers out, computed with scipy.stats. Whatever the data (one person, no
variation, every difference zero), the result is defined: a figure that cannot be computed is
None, never an exception and never NaN.
"""

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import special, stats

CONFIDENCE = 0.95


@dataclass(frozen=True)
class PairedChange:
    """Post minus pre for n people with both ratings."""

    n: int
    mean_pre: float | None
    mean_post: float | None
    mean_diff: float | None
    ci_low: float | None  # 95 % confidence interval of the mean difference (t distribution)
    ci_high: float | None
    t: float | None  # paired t-test
    p_t: float | None
    p_wilcoxon: float | None  # Wilcoxon signed-rank test, two-sided, scipy's defaults
    d_z: float | None  # mean difference / standard deviation of the differences
    g_av: float | None  # mean difference / average of the two SDs, Hedges-corrected


def paired_change(pre: Sequence[float], post: Sequence[float]) -> PairedChange:
    """The change from `pre` to `post`, position i of each being the same person.

    A pair with a missing value (None or NaN) in either rating is left out (listwise).
    """
    if len(pre) != len(post):
        raise ValueError(f"pre has {len(pre)} values and post {len(post)}: they must be pairs")
    pairs = [(a, b) for a, b in zip(pre, post, strict=True) if _present(a) and _present(b)]
    before = np.array([a for a, _ in pairs], dtype=float)
    after = np.array([b for _, b in pairs], dtype=float)
    n = len(pairs)
    if n == 0:
        return PairedChange(0, *([None] * 10))
    diff = after - before
    mean_diff = float(diff.mean())
    sd_diff = float(diff.std(ddof=1)) if n >= 2 else 0.0
    t = p_t = ci_low = ci_high = d_z = None
    if sd_diff > 0:
        test = stats.ttest_rel(after, before)
        interval = test.confidence_interval(CONFIDENCE)
        t, p_t = _number(test.statistic), _number(test.pvalue)
        ci_low, ci_high = _number(interval.low), _number(interval.high)
        d_z = mean_diff / sd_diff
    return PairedChange(
        n=n,
        mean_pre=float(before.mean()),
        mean_post=float(after.mean()),
        mean_diff=mean_diff,
        ci_low=ci_low,
        ci_high=ci_high,
        t=t,
        p_t=p_t,
        p_wilcoxon=_wilcoxon(diff),
        d_z=d_z,
        g_av=_g_av(before, after, mean_diff),
    )


def holm(p_values: Sequence[float | None]) -> list[float | None]:
    """Holm's step-down adjustment of a family of p-values (None stays None and is not counted)."""
    present = sorted((p, i) for i, p in enumerate(p_values) if p is not None)
    adjusted: list[float | None] = [None] * len(p_values)
    m, running = len(present), 0.0
    for rank, (p, i) in enumerate(present):
        running = max(running, min(1.0, (m - rank) * p))  # never below an earlier, smaller p's
        adjusted[i] = running
    return adjusted


def _g_av(before, after, mean_diff: float) -> float | None:
    """Cohen's d_av (Lakens 2013) times Hedges' exact small-sample correction, df = n - 1."""
    df = len(before) - 1
    if df < 2:
        return None  # the correction factor is undefined at df = 1
    average_sd = (before.std(ddof=1) + after.std(ddof=1)) / 2
    if average_sd == 0:
        return None
    correction = math.exp(special.gammaln(df / 2) - special.gammaln((df - 1) / 2)) / math.sqrt(df / 2)
    return mean_diff / float(average_sd) * correction


def _wilcoxon(diff) -> float | None:
    if not np.any(diff != 0):
        return None  # every difference is zero: no ranks to test
    return _number(stats.wilcoxon(diff).pvalue)


def _number(value) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def _present(value) -> bool:
    if value is None:
        return False
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"a rating must be a number, not {value!r}")  # "3" is not a rating
    return not math.isnan(value)
