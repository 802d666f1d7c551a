"""Long jobs: started by a view, run as tasks, watched by their owner, downloaded for 7 days."""

import io
import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from praxis.core import jobs
from praxis.core.models import Job
from praxis.core.tests import job_tasks

BACK = ("/journal/", "your journal")  # where the job was started from
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def immediate(settings, tmp_path):
    settings.TASKS = IMMEDIATE
    settings.PRAXIS_JOB_DIR = tmp_path / "jobs"
    return tmp_path / "jobs"


@pytest.fixture
def queued(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PRAXIS_JOB_DIR = tmp_path / "jobs"


def test_a_job_runs_its_task_and_its_owner_downloads_the_result(client, alice, immediate):
    job = jobs.start(alice, "greeting", job_tasks.make_text, back=BACK, text="Hello")
    assert (job.status, job.progress, job.filename, job.size) == ("done", 100, "hello.txt", 5)
    assert job.expires_at - job.created_at == timedelta(days=7)
    client.force_login(alice)
    page = client.get(reverse("jobs:job", args=[job.pk]))
    assert reverse("jobs:download", args=[job.pk]) in page.content.decode()
    assert '<a href="/journal/">Back to your journal</a>' in page.content.decode()
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert b"".join(download.streaming_content) == b"Hello"
    assert 'filename="hello.txt"' in download["Content-Disposition"]


def test_nobody_but_the_owner_finds_a_job(client, alice, bob, immediate):
    job = jobs.start(alice, "greeting", job_tasks.make_text, back=BACK, text="Hello")
    client.force_login(bob)
    assert client.get(reverse("jobs:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_a_refused_job_says_why_in_its_own_words(client, alice, immediate):
    job = jobs.start(alice, "survey scoring", job_tasks.refuse, back=BACK)
    assert job.status == "failed"
    client.force_login(alice)
    page = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert "The file had no rows, so there was nothing to score." in page
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 410


def test_an_unexpected_error_fails_the_job_plainly_and_logs_the_traceback(alice, immediate, caplog):
    job = jobs.start(alice, "survey scoring", job_tasks.crash, back=BACK)
    assert (job.status, job.error) == ("failed", jobs.UNEXPECTED)
    assert "ZeroDivisionError" in caplog.text


def test_a_task_that_ends_without_a_result_fails(alice, immediate):
    job = jobs.start(alice, "survey scoring", job_tasks.forget, back=BACK)
    assert (job.status, job.error) == ("failed", jobs.NO_RESULT)


def test_progress_stays_below_100_until_the_job_finishes(alice, queued):
    job = jobs.start(alice, "greeting", job_tasks.make_text, back=BACK, text="x")
    Job.objects.filter(pk=job.pk).update(status="running")
    jobs.progress(job.pk, 250, "Almost" * 100)
    job.refresh_from_db()
    assert job.progress == 99 and len(job.message) == jobs.MESSAGE_MAX


def test_a_waiting_job_polls_every_two_seconds_and_offers_a_refresh_link(client, alice, queued):
    job = jobs.start(alice, "greeting", job_tasks.make_text, back=BACK, text="x")
    assert job.status == "queued" and job.task_id
    client.force_login(alice)
    url = reverse("jobs:job", args=[job.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page and f'href="{url}"' in page and "<progress" in page
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<h1" not in partial and 'id="job-status"' in partial


def test_a_result_is_refused_after_seven_days_even_before_the_purge(client, alice, immediate):
    job = jobs.start(alice, "greeting", job_tasks.make_text, back=BACK, text="Hello")
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    client.force_login(alice)
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 410
    assert "was deleted" in client.get(reverse("jobs:job", args=[job.pk])).content.decode()


def test_purge_jobs_deletes_expired_results_and_their_files(alice, immediate):
    old = jobs.start(alice, "greeting", job_tasks.make_text, back=BACK, text="old")
    new = jobs.start(alice, "greeting", job_tasks.make_text, back=BACK, text="new")
    Job.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    old_file, new_file = immediate / old.result_name, immediate / new.result_name
    stray = immediate / "999-left-by-a-deleted-account"
    stray.write_bytes(b"x")
    os.utime(stray, (0, 0))
    call_command("purge_jobs", stdout=io.StringIO())
    assert not Job.objects.filter(pk=old.pk).exists() and not old_file.exists() and not stray.exists()
    assert Job.objects.filter(pk=new.pk).exists() and new_file.read_bytes() == b"new"


def test_an_expired_job_is_not_started_by_the_worker(alice, queued, settings):
    job = jobs.start(alice, "greeting", job_tasks.make_text, back=BACK, text="late")
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    job_tasks.make_text.call(job_id=job.pk, text="late")
    job.refresh_from_db()
    assert job.status == "queued" and not job.result_name


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_process_runs_a_queued_job(alice, queued, tmp_path):
    """The real thing: `praxis db_worker` in its own process picks the task from the database."""
    job = jobs.start(alice, "greeting", job_tasks.make_text, back=BACK, text="from the worker")
    assert job.status == "queued"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PRAXIS_JOB_DIR")}
    env |= {"PRAXIS_VAR_DIR": str(tmp_path), "PRAXIS_JOB_DIR": str(tmp_path / "jobs")}
    sqlite = connection.vendor == "sqlite"
    if sqlite:  # the test database lives in this process's memory: hand the worker a copy
        copy = sqlite3.connect(tmp_path / "praxis.sqlite3")
        connection.ensure_connection()
        connection.connection.backup(copy)
        copy.close()
    else:
        settings_dict = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD']}@{settings_dict['HOST']}:"
            f"{settings_dict['PORT']}/{settings_dict['NAME']}"
        )
    worker = [str(Path(sys.executable).parent / "praxis"), "db_worker", "--batch", "--no-startup-delay"]
    done = subprocess.run(worker + ["--no-reload"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    if sqlite:
        with sqlite3.connect(tmp_path / "praxis.sqlite3") as db:
            status, result_name = db.execute(
                "SELECT status, result_name FROM core_job WHERE id = ?", [job.pk]
            ).fetchone()
    else:
        job.refresh_from_db()
        status, result_name = job.status, job.result_name
    assert status == "done"
    assert (tmp_path / "jobs" / result_name).read_bytes() == b"from the worker"
