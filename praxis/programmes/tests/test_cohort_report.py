"""The cohort report: paired statistics from stored results, only over consenting learners, every
figure through the disclosure rules, and a number of queries that does not grow with learners."""

import subprocess
import sys

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from praxis import scoring  # scipy loads on first use, not when a worker collects
from praxis.core.frameworks import current_framework
from praxis.programmes.models import Enrolment, Phase, Programme
from praxis.programmes.report import cohort_report, report_table

from .cohort_factories import cohort_with_windows, enrol, full_cohort, learners, take

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(northside):
    return Programme.objects.create(organisation=northside, name="Certificate")


def _row(report, row_id):
    return next(r for r in report.rows if r.id == row_id)


def test_figures_agree_with_paired_change_over_the_stored_scores(programme):
    cohort = cohort_with_windows(programme)
    enrolments = enrol(cohort, learners(5))
    pre = [1, 2, 2, 3, 1]
    post = [2, 3, 2, 4, 3]
    take(enrolments, Phase.PRE, lambda i, c: pre[i])
    take(enrolments, Phase.POST, lambda i, c: post[i], then_levels=lambda i, c: max(1, pre[i] - 1))
    report = cohort_report(cohort)
    row = _row(report, "co-learning")
    expected = scoring.paired_change([float(v) for v in pre], [float(v) for v in post])
    assert row.change.shown and row.change.n == 5
    assert row.change.mean_diff == pytest.approx(expected.mean_diff)
    assert (row.change.ci_low, row.change.ci_high) == pytest.approx((expected.ci_low, expected.ci_high))
    assert row.change.d_z == pytest.approx(expected.d_z)
    competencies = [r for r in report.rows if not r.domain]
    assert row.change.p_holm == pytest.approx(
        scoring.holm([r.change.p for r in competencies])[competencies.index(row)]
    )
    then = scoring.paired_change([float(max(1, v - 1)) for v in pre], [float(v) for v in post])
    assert row.then.mean_diff == pytest.approx(then.mean_diff)
    assert report.with_both == 5


def test_rows_are_every_domain_followed_by_its_competencies(programme):
    report = cohort_report(full_cohort(programme, 4))
    framework = current_framework()
    expected = []
    for domain in framework.domains:
        expected += [domain.id, *(c.id for c in domain.competencies)]
    assert [r.id for r in report.rows] == expected
    assert all(r.change.shown for r in report.rows)


def test_below_the_threshold_every_figure_is_withheld(programme, northside):
    northside.min_group_size = 5
    northside.save()
    report = cohort_report(full_cohort(programme, 4))
    assert report.threshold == 5
    assert not any(r.change.shown or r.then.shown for r in report.rows)
    assert all(r.change.n is None and r.change.mean_diff is None for r in report.rows)
    assert report.with_both is None
    assert "Withheld: fewer than 5 learners" in report.change_svg


def test_only_learners_who_chose_to_be_counted_are_in_the_figures(programme):
    cohort = full_cohort(programme, 4)
    assert _row(cohort_report(cohort), "co-learning").change.n == 4
    Enrolment.objects.filter(pk=cohort.enrolments.first().pk).update(counted_in_statistics=False)
    assert _row(cohort_report(cohort), "co-learning").change.n == 3  # at once, nothing cached
    Enrolment.objects.filter(pk=cohort.enrolments.last().pk).update(counted_in_statistics=False)
    assert not _row(cohort_report(cohort), "co-learning").change.shown


def test_learners_without_both_assessments_are_counted_not_shown(programme):
    cohort = cohort_with_windows(programme)
    enrolments = enrol(cohort, learners(7))
    take(enrolments, Phase.PRE, lambda i, c: 2)
    take(enrolments[:4], Phase.POST, lambda i, c: 3)
    report = cohort_report(cohort)
    assert (report.with_both, report.without_both, report.counted) == (4, 3, 7)
    assert _row(report, "co-learning").change.n == 4


def test_a_few_without_both_are_not_counted_in_words_either(programme):
    cohort = cohort_with_windows(programme)
    enrolments = enrol(cohort, learners(5))
    take(enrolments, Phase.PRE, lambda i, c: 2)
    take(enrolments[:4], Phase.POST, lambda i, c: 3)
    report = cohort_report(cohort)
    assert report.with_both == 4 and report.without_both is None and report.counted is None


def test_then_figures_that_would_single_out_a_few_by_difference_are_withheld(programme):
    """Post means over 5 (pre/post) and over 4 (then/post) learners would give away the fifth."""
    cohort = cohort_with_windows(programme)
    enrolments = enrol(cohort, learners(5))
    take(enrolments, Phase.PRE, lambda i, c: 1)
    take(enrolments, Phase.POST, lambda i, c: 2 + i % 3, then_levels=lambda i, c: None if i == 0 else 1)
    row = _row(cohort_report(cohort), "co-learning")
    assert row.change.shown and not row.then.shown


def test_a_named_learner_is_shown_by_name_only_with_that_choice(programme):
    cohort = full_cohort(programme, 3)
    assert cohort_report(cohort).named == []
    first = cohort.enrolments.order_by("pk").first()
    Enrolment.objects.filter(pk=first.pk).update(named_to_staff=True, counted_in_statistics=False)
    (named,) = cohort_report(cohort).named
    assert named.name == first.learner.full_name and named.pre_submitted and named.post_submitted


def test_the_table_holds_the_page_figures_for_csv_and_xlsx(programme):
    report = cohort_report(full_cohort(programme, 4))
    table = report_table(report)
    row = _row(report, "co-learning")
    line = next(r for r in table.rows if r[1] == "co-learning" and r[3] == "pre → post")
    assert line[4] == 4 and line[7] == round(row.change.mean_diff, 3)
    assert table.xlsx().status_code == 200
    assert b"co-learning" in table.csv().content


@pytest.mark.parametrize("size", [4, 40])
def test_queries_do_not_grow_with_learners(programme, size, django_assert_max_num_queries):
    cohort = full_cohort(programme, size)
    cohort_report(cohort)  # the framework version is parsed once per process
    with django_assert_max_num_queries(6):
        report = cohort_report(cohort)
    assert _row(report, "co-learning").change.n == size


def test_query_count_is_the_same_at_two_sizes(programme):
    small = full_cohort(programme, 3, name="Small", prefix="small")
    large = full_cohort(programme, 30, name="Large", prefix="large", seed=2)
    counts = []
    for cohort in (small, large, small):
        with CaptureQueriesContext(connection) as captured:
            cohort_report(cohort)
        counts.append(len(captured))
    assert counts[1] == counts[2]


def test_starting_the_site_does_not_load_scipy_nor_numpy():
    """The report's statistics need scipy (~75 MB), survey scoring and reliability numpy (~15 MB);
    a worker loads them on first use only."""
    check = (
        "import os, sys, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'praxis.settings');"
        " django.setup(); import praxis.urls, praxis.programmes.report;"
        " assert 'scipy' not in sys.modules, 'scipy at start-up';"
        " assert 'numpy' not in sys.modules, 'numpy at start-up'"
    )
    subprocess.run([sys.executable, "-c", check], check=True)
