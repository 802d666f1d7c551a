"""Internal consistency of a scale: Cronbach's alpha with its 95 % interval, McDonald's omega and
item-rest correlations. Pure: a matrix of numbers in, plain numbers out (numpy and scipy.special).

The matrix has one row per respondent and one column per item; NaN is a missing answer or "not
applicable". **Missing data are handled listwise**: a respondent counts only if they rated every
item of the matrix, and every figure (alpha, its interval, omega, the item-rest correlations) is
computed over those same complete rows, whose number is ``n``. Listwise keeps the covariance
matrix a true covariance matrix (pairwise deletion can make it indefinite, and then omega has no
one-factor fit), makes ``n`` mean one thing, and is what R's ``psych::alpha(use="complete.obs")``
and pingouin's ``nan_policy="listwise"`` compute. (pingouin's *default* is pairwise, and with
listwise it takes the interval's degrees of freedom from the rows before deletion; here they come
from the ``n`` complete rows, which is pingouin on the complete rows exactly.)

Whatever the data, the result is defined: a figure that cannot be computed — fewer than two
complete respondents or two items (three for omega, which a one-factor model needs to be
identified), no variance in the total, an item that never varies where a correlation needs it —
is ``None``, never an exception and never NaN.

- **Alpha** is ``k / (k − 1) · (1 − Σ item variances / variance of the total)``. Its interval is
  Feldt's (Feldt, Woodruff & Salih 1987), from the F distribution with ``n − 1`` and
  ``(n − 1)(k − 1)`` degrees of freedom, as pingouin and psych compute it.
- **Omega** (total) is ``(Σλ)² / ((Σλ)² + Σψ)`` with ψ = 1 − λ², from a one-factor model of
  the items' correlation matrix fitted by minimum residuals as psych's ``fa`` and
  factor_analyzer define it (see ``_one_factor_minres``), each fitted uniqueness kept in
  [0.005, 1] (a Heywood case is held at the bound). Loadings are standardised, so omega
  describes the sum of standardised items.
- **Item-rest correlation** is the Pearson correlation of an item with the sum of the other items
  (the "corrected item-total correlation"): an item that correlates weakly with the rest may be
  measuring something else.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import special

CONFIDENCE = 0.95
MIN_UNIQUENESS = 0.005  # the lower bound on an item's uniqueness in the one-factor fit
MAX_ITERATIONS = 20_000  # of the one-factor fit; each is one eigen-decomposition of a k × k matrix


@dataclass(frozen=True)
class Alpha:
    n: int  # complete respondents
    items: int
    value: float | None
    ci_low: float | None  # Feldt's 95 % interval
    ci_high: float | None


@dataclass(frozen=True)
class Omega:
    n: int
    items: int
    value: float | None
    loadings: tuple[float, ...] | None  # standardised, one per item
    uniquenesses: tuple[float, ...] | None


@dataclass(frozen=True)
class ItemRest:
    n: int
    correlations: tuple[float | None, ...]  # one per item, in column order


def complete_rows(matrix) -> np.ndarray:
    """The rows with a finite answer in every column, as a 2-D float array (listwise deletion)."""
    data = np.asarray(matrix, dtype=float)
    if data.ndim != 2:
        return np.empty((0, 0))
    return data[np.isfinite(data).all(axis=1)] if data.shape[1] else data


def cronbach_alpha(matrix, confidence: float = CONFIDENCE) -> Alpha:
    """Cronbach's alpha of the items in ``matrix`` (respondents × items, NaN missing), listwise."""
    data = complete_rows(matrix)
    n, k = data.shape
    if n < 2 or k < 2:
        return Alpha(n, k, None, None, None)
    covariance = _covariance(data)
    total_variance = float(covariance.sum())
    if not np.isfinite(total_variance) or total_variance <= 0:
        return Alpha(n, k, None, None, None)
    value = (k / (k - 1)) * (1 - float(np.trace(covariance)) / total_variance)
    tail = (1 - confidence) / 2
    df1, df2 = n - 1, (n - 1) * (k - 1)
    # The F distribution's upper quantiles, as scipy.stats.f.isf computes them (isf(q) is
    # fdtri(1 − q) there too), without importing scipy.stats: that alone costs half a second.
    low = 1 - (1 - value) * float(special.fdtri(df1, df2, 1 - tail))
    high = 1 - (1 - value) * float(special.fdtri(df1, df2, tail))
    return Alpha(n, k, _number(value), _number(low), _number(high))


def mcdonald_omega(matrix) -> Omega:
    """McDonald's omega total from a one-factor minres fit of the items' correlations, listwise."""
    data = complete_rows(matrix)
    n, k = data.shape
    empty = Omega(n, k, None, None, None)
    if n < 3 or k < 3 or np.any(np.ptp(data, axis=0) == 0):
        return empty
    covariance = _covariance(data)
    scale = np.sqrt(np.diag(covariance))
    correlation = covariance / np.outer(scale, scale)
    correlation[np.diag_indices(k)] = 1.0
    if not np.all(np.isfinite(correlation)):
        return empty
    loadings = _one_factor_minres(correlation)
    if loadings is None:
        return empty
    uniquenesses = 1 - loadings**2
    common = float(loadings.sum()) ** 2
    denominator = common + float(uniquenesses.sum())
    if denominator <= 0:
        return empty
    return Omega(
        n,
        k,
        _number(common / denominator),
        tuple(float(x) for x in loadings),
        tuple(float(x) for x in uniquenesses),
    )


def item_rest_correlations(matrix) -> ItemRest:
    """Each item's Pearson correlation with the sum of the other items, over complete rows."""
    data = complete_rows(matrix)
    n, k = data.shape
    if n < 2 or k < 2:
        return ItemRest(n, tuple(None for _ in range(k)))
    total = data.sum(axis=1)
    correlations = []
    for j in range(k):
        item, rest = data[:, j], total - data[:, j]
        correlations.append(_pearson(item, rest))
    return ItemRest(n, tuple(correlations))


def _covariance(data: np.ndarray) -> np.ndarray:
    """The items' sample covariance matrix (ddof 1).

    By einsum rather than a BLAS product on purpose: a multithreaded BLAS leaves its threads
    spinning after a product this small, and on a busy machine the small fits that follow then
    wait for them (the whole survey bench ran 4× slower with np.cov).
    """
    centred = data - data.mean(axis=0)
    return np.einsum("ij,ik->jk", centred, centred) / (len(data) - 1)


def _pearson(x: np.ndarray, y: np.ndarray) -> float | None:
    if np.ptp(x) == 0 or np.ptp(y) == 0:  # a constant has no correlation with anything
        return None
    x, y = x - x.mean(), y - y.mean()
    return _number(max(-1.0, min(1.0, float(x @ y) / np.sqrt(float(x @ x) * float(y @ y)))))


def _one_factor_minres(correlation: np.ndarray) -> np.ndarray | None:
    """Loadings of one factor by minimum residuals, as psych's ``fa`` and factor_analyzer define it.

    The uniquenesses ψ (each in [MIN_UNIQUENESS, 1]) minimise the squared residual between the
    correlation matrix with 1 − ψ on its diagonal and its best rank-one approximation — the sum
    of squares of all its eigenvalues but the largest. Its gradient is −2 × the diagonal of that
    residual, so ψ is optimal exactly where 1 − ψ_i equals λ_i² (or ψ_i sits on its lower bound
    with λ_i² above it): the fixed point of iterated principal axes, ψ ← clip(1 − λ²), which is
    how it is found here, from the squared multiple correlations, until ψ moves less than 1e-12.
    The loadings are the first eigenvector scaled by the root of its eigenvalue, signed to sum to
    a non-negative number. (No general optimiser: each step is one small eigen-decomposition.)
    """
    k = correlation.shape[0]
    diagonal = np.diag_indices(k)
    reduced = correlation.copy()
    try:
        psi = np.clip(1 / np.diag(np.linalg.pinv(correlation)), MIN_UNIQUENESS, 1.0)  # 1 − SMC
        for _ in range(MAX_ITERATIONS):
            reduced[diagonal] = 1 - psi
            values, vectors = np.linalg.eigh(reduced)
            loadings = vectors[:, -1] * np.sqrt(max(float(values[-1]), 0.0))
            updated = np.clip(1 - loadings**2, MIN_UNIQUENESS, 1.0)
            if np.max(np.abs(updated - psi)) < 1e-12:
                break
            psi = updated
    except (ValueError, np.linalg.LinAlgError, FloatingPointError):
        return None
    if not np.all(np.isfinite(loadings)):
        return None
    return -loadings if loadings.sum() < 0 else loadings


def _number(value: float) -> float | None:
    value = float(value)
    return value if np.isfinite(value) else None
