"""The heat map as CSV and XLSX, and the team report PDF made by a background job: the same
people, access and disclosure as the pages they come from."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conftest import _member, _person
from praxis.accounts.services import consents_set
from praxis.assessments.models import Assessment
from praxis.core import jobs
from praxis.core.models import Job
from praxis.core.tests import pdfs
from praxis.framework import bundled_framework
from praxis.teams import services

pytestmark = pytest.mark.django_db


def url(name, organisation, *args):
    return reverse(f"teams:{name}", args=[organisation.slug, *args])


@pytest.fixture
def named_and_counted(northside, alice, bob, make_assessment, all_quick_answers):
    make_assessment(alice, answers=all_quick_answers("4"))
    make_assessment(bob, answers=all_quick_answers("2"))
    consents_set(user=alice, organisation=northside, named_to_leads=True, counted_in_statistics=True)
    consents_set(user=bob, organisation=northside, named_to_leads=False, counted_in_statistics=True)


@pytest.fixture
def immediate_jobs(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PRAXIS_JOB_DIR = tmp_path


def test_the_heat_map_downloads_as_csv_and_xlsx_with_only_the_people_the_page_names(
    client, northside, lena, named_and_counted
):
    client.force_login(lena)
    page = client.get(url("heat_map", northside)).content.decode()
    assert url("heat_map_export", northside) + "?format=xlsx" in page
    got = client.get(url("heat_map_export", northside), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(got.content.decode())))
    competency = bundled_framework().competencies[0]
    assert rows[0][:3] == ["Name", "Role", "Latest assessment"] and competency.name in rows[0]
    assert [row[0] for row in rows[1:]] == ["Alice"]
    sheet = load_workbook(
        io.BytesIO(client.get(url("heat_map_export", northside), {"format": "xlsx"}).content)
    )
    values = list(sheet.active.iter_rows(values_only=True))
    assert values[1][0] == "Alice" and "Bob" not in str(values)


def test_the_heat_map_download_keeps_the_team_filter_and_refuses_other_formats(
    client, northside, alice, lena, named_and_counted
):
    team = services.team_create(organisation=northside, by=lena, name="Coaching")
    client.force_login(lena)
    got = client.get(url("heat_map_export", northside), {"format": "csv", "team": team.pk})
    assert "Alice" not in got.content.decode()
    assert client.get(url("heat_map_export", northside), {"format": "pdf"}).status_code == 404


def test_the_team_report_pdf_is_made_by_a_job_with_the_heat_map_and_statistics_and_no_unnamed_member(
    client, northside, lena, named_and_counted, immediate_jobs, make_assessment, all_quick_answers
):
    for i in range(3):
        person = _member(_person(f"counted{i}"), northside, "practitioner")
        make_assessment(person, answers=all_quick_answers("3"))
        consents_set(user=person, organisation=northside, named_to_leads=False, counted_in_statistics=True)
    Assessment.objects.update(submitted_at=timezone.now() - timedelta(days=40))  # before the last month end
    client.force_login(lena)
    assert url("report_pdf", northside) in client.get(url("statistics", northside)).content.decode()
    response = client.post(url("report_pdf", northside))
    job = Job.objects.get(owner=lena)
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.back_url == url("statistics", northside)  # the organisation's: no team was chosen
    assert job.status == Job.Status.DONE, job.message
    content = jobs.result_path(job).read_bytes()
    text = " ".join(pdfs.text(content).split())
    assert bundled_framework().competencies[0].name in text
    assert "Alice" in text and "people counted" in text
    assert "Bob" not in text and "Counted0" not in text
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 200
    assert client.post(url("report_pdf", northside), {"team": "999"}).status_code == 404
    assert Job.objects.count() == 1


def test_someone_without_access_cannot_start_the_team_report(client, northside, dave, alice, immediate_jobs):
    client.force_login(dave)
    assert client.post(url("report_pdf", northside)).status_code == 404
    client.force_login(alice)
    assert client.post(url("report_pdf", northside)).status_code == 403
    assert not Job.objects.exists()
