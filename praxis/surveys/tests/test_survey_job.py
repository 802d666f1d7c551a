"""Large survey exports are scored by a background job: progress, then the same zip, or the same errors."""

import csv
import io
import re
import zipfile

import pytest
from django.urls import reverse

from praxis.core.models import Job
from praxis.surveys import forms, tasks
from praxis.surveys.scoring import Problem

from . import files
from .test_survey_upload import FRAMEWORK, post


@pytest.fixture
def background(settings, tmp_path, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PRAXIS_JOB_DIR = tmp_path
    monkeypatch.setattr(forms, "SURVEY_BACKGROUND_BYTES", 1000)
    return tmp_path


@pytest.mark.django_db
def test_a_large_file_is_scored_by_a_job_and_its_page_offers_the_zip(client, lena, background):
    client.force_login(lena)
    response = post(client, files.redcap_csv(FRAMEWORK, 40, seed=3))
    job = Job.objects.get(owner=lena)
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.DONE and job.kind == tasks.JOB_KIND
    assert (job.back_url, job.back_label) == (reverse("surveys:score"), "scoring a survey export")
    assert job.filename == "praxis-survey-scores.zip"
    # the uploads are gone; only the result is kept
    assert [p.name for p in background.iterdir()] == [job.result_name]
    archive = zipfile.ZipFile(io.BytesIO((background / job.result_name).read_bytes()))
    rows = list(csv.reader(io.StringIO(archive.read("survey-scores.csv").decode())))
    assert len(rows) == 41 and rows[0][0] == "respondent"
    page = client.get(response["Location"])
    assert page.status_code == 200


@pytest.mark.django_db
def test_a_large_bad_file_fails_its_job_naming_the_row_and_column(client, lena, background):
    client.force_login(lena)
    lines = files.redcap_csv(FRAMEWORK, 40, seed=3).splitlines()
    header = lines[0].split(",")
    cells = lines[5].split(",")
    cells[3] = "seven"
    lines[5] = ",".join(cells)
    response = post(client, "\n".join(lines) + "\n")
    job = Job.objects.get(owner=lena)
    assert response.status_code == 302 and job.status == Job.Status.FAILED
    assert job.error.startswith("Nothing was scored.")
    assert "Row 6" in job.error and repr(header[3]) in job.error
    assert list(background.iterdir()) == []
    page = client.get(response["Location"]).content.decode()
    assert re.search(r"<p>Nothing was scored\. Put these right and start it again:</p>\s*<ul><li>Row 6", page)


@pytest.mark.django_db
def test_a_small_file_stays_in_the_request_with_errors_next_to_the_field(client, lena, background):
    client.force_login(lena)
    response = post(client, "record_id,Q1\n1,seven\n", mapping="column,item\nQ1,nope\n")
    assert response.status_code == 200 and response.context["form"].errors
    assert not Job.objects.exists()


def test_the_page_takes_files_up_to_100_mb_and_scores_those_over_1_mb_in_the_background():
    assert forms.SURVEY_MAX_BYTES == 100 * 1024 * 1024 and forms.SURVEY_BACKGROUND_BYTES == 1024 * 1024


def test_each_problem_is_one_line_of_the_jobs_message_even_if_it_spans_several():
    result = type("Result", (), {"problems": [Problem("survey", 3, "Q1", "two\nlines")], "more_problems": 2})
    lines = tasks.problems_message(result).splitlines()
    assert lines[1:] == ["Row 3, column 'Q1': two lines", "… and 2 more problems of the same kind."]
