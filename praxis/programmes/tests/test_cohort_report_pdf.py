"""The cohort report PDF, made by a background job: the report page's sections and chart, with no
learner named unless they chose to be shown by name to staff."""

import pytest
from django.urls import reverse

from praxis.core import jobs
from praxis.core.models import Job
from praxis.core.tests import pdfs
from praxis.framework import bundled_framework
from praxis.programmes.models import Enrolment

from .cohort_factories import full_cohort, programme_led_by

pytestmark = pytest.mark.django_db


@pytest.fixture
def immediate_jobs(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PRAXIS_JOB_DIR = tmp_path


@pytest.fixture
def cohort(northside, carol):
    made = full_cohort(programme_led_by(northside, carol), 5)
    Enrolment.objects.filter(cohort=made, learner__full_name="Learner 0").update(named_to_staff=True)
    return made


def test_the_cohort_report_pdf_is_made_by_a_job_naming_only_learners_who_chose_it(
    client, carol, cohort, immediate_jobs
):
    client.force_login(carol)
    page = client.get(reverse("cohorts:report", args=[cohort.pk])).content.decode()
    assert reverse("cohorts:report_pdf", args=[cohort.pk]) in page
    response = client.post(reverse("cohorts:report_pdf", args=[cohort.pk]))
    job = Job.objects.get(owner=carol)
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert (job.back_url, job.back_label) == (
        reverse("cohorts:report", args=[cohort.pk]),
        "the cohort report",
    )
    assert job.status == Job.Status.DONE, job.message
    text = " ".join(pdfs.text(jobs.result_path(job).read_bytes()).split())
    assert "What changed in Spring" in text and "Pre-programme to post-programme" in text
    assert bundled_framework().competencies[0].name in text
    assert "Learner 0" in text
    assert not any(f"Learner {i}" in text for i in range(1, 5))


def test_someone_without_access_cannot_start_the_cohort_report(client, alice, dave, cohort, immediate_jobs):
    for outsider in (alice, dave):
        client.force_login(outsider)
        assert client.post(reverse("cohorts:report_pdf", args=[cohort.pk])).status_code == 404
    assert not Job.objects.exists()
