"""A cohort's reliability page: its staff see it, over counted learners' latest full window assessments."""

import numpy as np
import pytest
from django.urls import reverse

from conftest import _person
from praxis import scoring  # scipy loads on first use, not when a worker collects
from praxis.assessments.models import Kind
from praxis.programmes import cohort_policy
from praxis.programmes.models import CohortAssessment, Enrolment, Phase
from praxis.surveys.tests.test_reliability_page import CO_LEARNING, PATTERNS, co_learning_row

from .cohort_factories import cohort_with_windows

pytestmark = pytest.mark.django_db


def matrix(patterns):
    return np.array([[np.nan if v == "na" else v for v in p] for p in patterns], dtype=float)


def take(make_assessment, enrolment, phase, levels):
    answers = {item: str(level) for item, level in zip(CO_LEARNING, levels, strict=True)}
    assessment = make_assessment(enrolment.learner, kind="full", answers=answers)
    window = enrolment.cohort.windows.get(phase=phase)
    CohortAssessment.objects.create(enrolment=enrolment, window=window, assessment=assessment)
    return assessment


@pytest.fixture
def cohort(programme, make_assessment):
    made = cohort_with_windows(programme, kind=Kind.FULL)
    for i, levels in enumerate(PATTERNS):
        learner = _person(f"l{i}")
        enrolment = Enrolment.objects.create(cohort=made, learner=learner, counted_in_statistics=True)
        take(make_assessment, enrolment, Phase.PRE, [1, 1, 1, 1, 1, 1, 1])  # replaced by the post one
        take(make_assessment, enrolment, Phase.POST, levels)
    quiet = Enrolment.objects.create(cohort=made, learner=_person("quiet"), named_to_staff=True)
    take(make_assessment, quiet, Phase.POST, [5, 1, 5, 1, 5, 1, 5])
    return made


def test_staff_see_alpha_over_counted_learners_latest_full_window_assessments(
    client, bob, cohort, make_assessment
):
    outside = make_assessment(cohort.enrolments.first().learner, kind="full")  # not a window's: ignored
    assert outside not in cohort_policy.reliability_assessments(cohort)
    client.force_login(bob)  # the programme's tutor
    response = client.get(reverse("cohorts:reliability", args=[cohort.pk]))
    assert response.status_code == 200
    report = response.context["report"]
    assert report.people == len(PATTERNS)
    row = co_learning_row(report)
    assert row.shown and row.alpha == pytest.approx(scoring.cronbach_alpha(matrix(PATTERNS)).value, abs=1e-9)
    assert "learners" in response.content.decode()


def test_below_the_minimum_group_size_nothing_is_shown(client, alice, cohort, northside):
    northside.min_group_size = len(PATTERNS) + 1
    northside.save()
    client.force_login(alice)  # the programme's lead
    response = client.get(reverse("cohorts:reliability", args=[cohort.pk]))
    assert not response.context["report"].people_shown
    assert "Fewer than 6 learners’ full assessments" in response.content.decode()


def test_a_learner_or_another_organisations_lead_finds_nothing(client, dave, cohort):
    url = reverse("cohorts:reliability", args=[cohort.pk])
    client.force_login(cohort.enrolments.first().learner)
    assert client.get(url).status_code == 404
    client.force_login(dave)
    assert client.get(url).status_code == 404


def test_the_cohort_report_links_to_it(client, alice, cohort):
    client.force_login(alice)
    page = client.get(reverse("cohorts:report", args=[cohort.pk])).content.decode()
    assert reverse("cohorts:reliability", args=[cohort.pk]) in page


def test_a_cohort_of_quick_assessments_says_why_it_has_no_figures(client, alice, programme):
    quick = cohort_with_windows(programme, name="Quick")
    client.force_login(alice)
    page = client.get(reverse("cohorts:reliability", args=[quick.pk])).content.decode()
    assert "This cohort’s windows ask for quick assessments" in page
    assert reverse("cohorts:detail", args=[quick.pk]) in page


def test_a_cohort_with_a_full_window_does_not_say_so(client, alice, cohort):
    client.force_login(alice)
    page = client.get(reverse("cohorts:reliability", args=[cohort.pk])).content.decode()
    assert "ask for quick assessments" not in page
