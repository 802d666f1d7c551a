"""Reliability agrees with the reference implementations and is defined whatever the data.

The references (pingouin, which brings matplotlib, and factor_analyzer, which brings scikit-learn)
are imported by the tests that use them: at the top they cost every test worker about a second to
collect the suite."""

import subprocess
import sys
import warnings

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from praxis import scoring  # scipy is imported where a test needs it, not when a worker collects


def likert(seed: int, n: int, k: int, *, levels: int = 4, missing: float = 0.0) -> np.ndarray:
    """Answers of n people to k items driven by one factor, cut into 1..levels, some missing."""
    rng = np.random.default_rng(seed)
    loadings = rng.uniform(0.3, 0.9, k)
    factor = rng.standard_normal(n)
    latent = factor[:, None] * loadings + rng.standard_normal((n, k)) * np.sqrt(1 - loadings**2)
    cuts = np.quantile(latent, np.linspace(0, 1, levels + 1)[1:-1])
    answers = (np.searchsorted(cuts, latent) + 1).astype(float)
    answers[rng.random((n, k)) < missing] = np.nan
    return answers


DATA_SETS = [
    (0, 200, 5, 4, 0.0),
    (1, 60, 8, 4, 0.05),
    (2, 500, 3, 5, 0.0),
    (3, 35, 6, 4, 0.1),
    (4, 1000, 12, 7, 0.02),
    (5, 25, 4, 4, 0.0),
    (6, 150, 9, 3, 0.08),
]


@pytest.mark.parametrize(("seed", "n", "k", "levels", "missing"), DATA_SETS)
def test_alpha_agrees_with_pingouin_listwise(seed, n, k, levels, missing):
    import pandas as pd
    import pingouin
    from scipy import stats

    matrix = likert(seed, n, k, levels=levels, missing=missing)
    complete = pd.DataFrame(matrix).dropna()  # listwise, so pingouin's interval uses the same n
    reference, reference_ci = pingouin.cronbach_alpha(complete)
    ours = scoring.cronbach_alpha(matrix)
    assert ours.n == len(complete)
    assert abs(ours.value - reference) < 1e-9
    # pingouin rounds its interval to three places; ours is the same interval unrounded.
    assert np.round([ours.ci_low, ours.ci_high], 3).tolist() == list(reference_ci)
    df1, df2 = ours.n - 1, (ours.n - 1) * (k - 1)
    assert abs(ours.ci_low - (1 - (1 - reference) * stats.f.isf(0.025, df1, df2))) < 1e-9
    assert abs(ours.ci_high - (1 - (1 - reference) * stats.f.isf(0.975, df1, df2))) < 1e-9
    assert ours.ci_low < ours.value < ours.ci_high


def factor_analyzer_omega(matrix: np.ndarray) -> float:
    from factor_analyzer import FactorAnalyzer

    complete = matrix[~np.isnan(matrix).any(axis=1)]
    model = FactorAnalyzer(n_factors=1, rotation=None, method="minres")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn's deprecation of factor_analyzer's argument
        model.fit(complete)
    loadings, uniquenesses = model.loadings_[:, 0], model.get_uniquenesses()
    return loadings.sum() ** 2 / (loadings.sum() ** 2 + uniquenesses.sum())


@pytest.mark.parametrize(("seed", "n", "k", "levels", "missing"), DATA_SETS)
def test_omega_agrees_with_a_factor_analyzer_one_factor_fit(seed, n, k, levels, missing):
    matrix = likert(seed, n, k, levels=levels, missing=missing)
    ours = scoring.mcdonald_omega(matrix)
    assert abs(ours.value - factor_analyzer_omega(matrix)) < 1e-4
    assert len(ours.loadings) == k
    assert all(
        abs(1 - u - loading**2) < 1e-12 for loading, u in zip(ours.loadings, ours.uniquenesses, strict=True)
    )


def test_item_rest_correlation_is_the_correlation_with_the_sum_of_the_other_items():
    matrix = likert(7, 120, 5, missing=0.05)
    complete = matrix[~np.isnan(matrix).any(axis=1)]
    result = scoring.item_rest_correlations(matrix)
    assert result.n == len(complete)
    for j, value in enumerate(result.correlations):
        rest = np.delete(complete, j, axis=1).sum(axis=1)
        assert abs(value - np.corrcoef(complete[:, j], rest)[0, 1]) < 1e-12


def test_missing_answers_are_left_out_listwise():
    matrix = np.array([[1, 2, 3], [2, 3, 4], [3, 3, 4], [np.nan, 1, 1], [4, 4, 4]], dtype=float)
    assert scoring.cronbach_alpha(matrix) == scoring.cronbach_alpha(np.delete(matrix, 3, axis=0))
    assert scoring.cronbach_alpha(matrix).n == 4


def test_one_item_too_few_respondents_and_no_variance_give_none():
    assert scoring.cronbach_alpha([[1.0], [2.0], [3.0]]).value is None
    assert scoring.cronbach_alpha([[1.0, 2.0]]).value is None
    assert scoring.cronbach_alpha([[2.0, 2.0], [2.0, 2.0], [2.0, 2.0]]).value is None
    assert scoring.cronbach_alpha([]).value is None
    assert scoring.cronbach_alpha(np.full((5, 3), np.nan)).n == 0
    assert scoring.mcdonald_omega([[1.0, 2.0], [2.0, 3.0], [3.0, 3.0]]).value is None  # two items
    assert scoring.mcdonald_omega([[1.0, 2.0, 3.0], [1.0, 3.0, 4.0], [1.0, 1.0, 2.0]]).value is None
    assert scoring.item_rest_correlations([[1.0, 2.0], [1.0, 3.0], [1.0, 1.0]]).correlations == (None, None)


def test_perfectly_consistent_items_have_alpha_and_omega_near_one():
    column = np.array([1, 2, 3, 4, 2, 3, 1, 4], dtype=float)
    matrix = np.column_stack([column, column, column, column])
    assert scoring.cronbach_alpha(matrix).value == pytest.approx(1.0)
    assert scoring.mcdonald_omega(matrix).value == pytest.approx(1.0, abs=2e-3)  # uniqueness floor 0.005


answers = hnp.arrays(
    dtype=float,
    shape=hnp.array_shapes(min_dims=2, max_dims=2, min_side=0, max_side=9),
    elements=st.one_of(st.integers(1, 4).map(float), st.just(np.nan)),
)


@settings(max_examples=150, deadline=None)
@given(answers)
def test_every_figure_is_a_number_in_range_or_none_whatever_the_answers(matrix):
    alpha, omega, rest = (
        scoring.cronbach_alpha(matrix),
        scoring.mcdonald_omega(matrix),
        scoring.item_rest_correlations(matrix),
    )
    for value in (alpha.value, alpha.ci_low, alpha.ci_high, omega.value, *rest.correlations):
        assert value is None or np.isfinite(value)
    if alpha.value is not None:
        assert alpha.value <= 1 + 1e-12
        assert alpha.ci_low <= alpha.value <= alpha.ci_high
    if omega.value is not None:
        assert 0 <= omega.value <= 1 + 1e-12
    assert all(c is None or -1 <= c <= 1 for c in rest.correlations)
    assert alpha.n == omega.n == rest.n


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(3, 8), st.integers(5, 60))
@example(seed=526, k=3, extra=54)  # both fits all but exact; factor_analyzer's a hair closer
def test_omega_matches_the_reference_on_generated_scales(seed, k, extra):
    matrix = likert(seed, k + extra, k)  # the reference inverts the correlation matrix: n > k
    ours = scoring.mcdonald_omega(matrix)
    if ours.value is None:
        assert np.any(np.ptp(matrix, axis=0) == 0)
        return
    reference = factor_analyzer_omega(matrix)
    if abs(ours.value - reference) >= 1e-4:
        # Only in near-degenerate scales (an item at the uniqueness bound, correlations near 0),
        # where factor_analyzer's L-BFGS-B stops at its default tolerance: there ours must fit at
        # least as well. With three items both can fit all but exactly (residuals ~1e-6, seed 526),
        # and which optimiser stops a hair closer is noise: equal within 1e-6 counts as as well.
        correlation = np.corrcoef(matrix, rowvar=False)
        assert minres_residual(correlation, ours.loadings) <= (
            minres_residual(correlation, factor_analyzer_loadings(matrix)) + 1e-6
        )


def factor_analyzer_loadings(matrix: np.ndarray) -> np.ndarray:
    from factor_analyzer import FactorAnalyzer

    model = FactorAnalyzer(n_factors=1, rotation=None, method="minres")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(matrix)
    return model.loadings_[:, 0]


def minres_residual(correlation: np.ndarray, loadings) -> float:
    """The minres objective at these loadings: the off-diagonal squared residual."""
    loadings = np.asarray(loadings)
    residual = correlation - np.outer(loadings, loadings)
    return float((residual[~np.eye(len(loadings), dtype=bool)] ** 2).sum())


def test_scipy_is_loaded_only_when_reliability_is_computed():
    check = (
        "import sys, praxis.scoring as scoring; assert 'scipy' not in sys.modules;"
        " assert scoring.cronbach_alpha([[1, 2], [2, 3], [3, 3]]).n == 3;"
        " assert 'scipy' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", check], check=True)
