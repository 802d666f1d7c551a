"""Long jobs that leave the request: run as tasks, watched on a page, downloaded for 7 days.

Built on Django's task framework (the ``django-tasks`` backport for Django 5.2, with the database
backend of ``django-tasks-db``): starting a job writes a ``Job`` row and queues a task in the same
database, and ``praxis db_worker`` runs it, so no broker is needed. The owner watches
``/jobs/<id>/`` (``praxis.core.job_views``), which shows the progress the task reports and then a
download link; a failed job says why in plain words.

Any app runs its own long work through it::

    @jobs.task()                                   # in the app's tasks.py: a task taking job_id first
    def team_report_pdf(job_id, *, team_id):
        jobs.progress(job_id, 10, "Reading the scores")
        jobs.finish(job_id, "team-report.pdf", render(team_id))  # or raise a PraxisError, saying why

    back = (reverse("teams:team", args=[slug, team.pk]), "the team")  # the page it was started from
    job = jobs.start(request.user, "team report (PDF)", team_report_pdf, back=back, team_id=team.pk)
    return redirect(job)                           # the job's page

Rules, and why:

- **Only the owner sees a job** (404 to anyone else); whoever may start the work has already been
  checked by the app's policy before ``start``, and the task gets ids, never objects, so it reads
  the data again as it is when it runs.
- **Results expire after ``PRAXIS_JOB_DAYS`` (7) days**: refused from then on even before
  ``praxis purge_jobs`` (daily, from cron) deletes the file and the row. Exports hold other
  people's data; they should not lie about for ever.
- **A failure says why.** A ``PraxisError`` raised by the task is its message, meant for people
  (e.g. "Fewer than 5 members have agreed…"; lines after the first are shown as a list); anything
  else is logged with its traceback and the owner reads that something went wrong on our side and
  nothing was changed.
- **Tasks are retried by nobody**: a job runs once; the owner starts it again if it failed.
"""

from __future__ import annotations

import functools
import logging
import mimetypes
import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task as _task

from .errors import PraxisError
from .models import Job

logger = logging.getLogger(__name__)

Status = Job.Status
MESSAGE_MAX = 200
UNEXPECTED = (
    "Something went wrong on our side while preparing this, and nothing was made. "
    "Please start it again; if it fails again, tell the people who run Praxis for you."
)
NO_RESULT = "The job ended without making anything. Please start it again."


class JobError(PraxisError):
    """Raised inside a task to fail its job with this message."""


def job_dir() -> Path:
    return Path(settings.PRAXIS_JOB_DIR)


def task(**options):
    """Decorate a module-level function ``f(job_id, **kwargs)`` to run as a job's task.

    The job is marked running before ``f`` starts; ``f`` reports ``progress`` and ends with
    ``finish``. If it raises, the job fails: with the error's own words for a PraxisError, with a
    plain "something went wrong" otherwise (the traceback goes to the log). A job that expired or
    was deleted before its turn came is skipped.
    """

    def wrap(func):
        @functools.wraps(func)
        def run(job_id: int, **kwargs):
            if not _begin(job_id):
                return
            try:
                func(job_id, **kwargs)
            except PraxisError as error:
                fail(job_id, str(error))
            except Exception:
                logger.exception("Job %s (%s) failed", job_id, func.__qualname__)
                fail(job_id, UNEXPECTED)
            else:
                if Job.objects.filter(pk=job_id, status=Status.RUNNING).exists():
                    fail(job_id, NO_RESULT)

        return _task(**options)(run)

    return wrap


def start(owner, kind: str, task, /, *, back: tuple[str, str], **kwargs) -> Job:
    """Queue ``task`` (made with ``jobs.task``) for ``owner`` and return its job, to redirect to.

    ``back``: the page it was started from, as (URL, words), e.g. (the report's URL, "the cohort
    report"); the job's page links back to it. ``kwargs`` must be JSON values (ids, strings,
    numbers): the task reads everything else again (the first three are positional only, so a task
    may take a ``kind`` of its own). With the immediate backend (tests) the task has run when this
    returns.
    """
    now = timezone.now()
    back_url, back_label = back
    job = Job.objects.create(
        owner=owner,
        kind=kind[:100],
        back_url=back_url,
        back_label=back_label,
        created_at=now,
        expires_at=now + timedelta(days=settings.PRAXIS_JOB_DAYS),
    )
    result = task.enqueue(job_id=job.pk, **kwargs)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def _begin(job_id: int) -> bool:
    now = timezone.now()
    return bool(
        Job.objects.filter(pk=job_id, status=Status.QUEUED, expires_at__gt=now).update(
            status=Status.RUNNING, started_at=now, message="Starting"
        )
    )


def progress(job_id: int, percent: int | float, message: str = "") -> None:
    """Report how far the job is (0 to 100) and what it is doing, in a few words."""
    percent = max(0, min(99, int(percent)))  # 100 means done, which only `finish` says
    Job.objects.filter(pk=job_id, status=Status.RUNNING).update(
        progress=percent, message=message[:MESSAGE_MAX]
    )


def finish(job_id: int, filename: str, content: bytes) -> None:
    """Store the job's result, downloaded as ``filename``, and mark the job done."""
    folder = job_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{job_id}-{secrets.token_hex(16)}"
    (folder / name).write_bytes(content)
    with transaction.atomic():
        updated = Job.objects.filter(pk=job_id, status=Status.RUNNING).update(
            status=Status.DONE,
            progress=100,
            message="Ready",
            filename=Path(filename).name[:200],
            result_name=name,
            size=len(content),
            finished_at=timezone.now(),
        )
    if not updated:  # deleted (its owner's account, say) or already ended: keep nothing
        (folder / name).unlink(missing_ok=True)


def fail(job_id: int, reason: str) -> None:
    """Mark the job failed, saying why in plain words."""
    Job.objects.filter(pk=job_id, status__in=[Status.QUEUED, Status.RUNNING]).update(
        status=Status.FAILED, error=reason, message="Failed", finished_at=timezone.now()
    )


# -- reading -------------------------------------------------------------------------------------


def jobs_of(owner):
    """The owner's jobs: the only way to a job (anyone else's answers 404)."""
    return Job.objects.filter(owner=owner)


def recent(owner, kind: str, limit: int = 5) -> list[Job]:
    """The owner's latest jobs of one kind that have not expired, newest first."""
    return list(jobs_of(owner).filter(kind=kind, expires_at__gt=timezone.now())[:limit])


def result_path(job: Job) -> Path | None:
    """The result's file, while it may be downloaded: done, not expired, still on disk."""
    if job.status != Status.DONE or job.expired or not job.result_name:
        return None
    path = job_dir() / job.result_name
    return path if path.is_file() else None


def content_type(job: Job) -> str:
    return mimetypes.guess_type(job.filename)[0] or "application/octet-stream"


def purge(now=None) -> int:
    """Delete expired jobs and their files, and files no job refers to (left by deleted accounts)."""
    now = now or timezone.now()
    expired = Job.objects.filter(expires_at__lte=now)
    for name in expired.exclude(result_name="").values_list("result_name", flat=True):
        (job_dir() / name).unlink(missing_ok=True)
    count, _ = expired.delete()
    folder = job_dir()
    if folder.is_dir():
        known = set(Job.objects.exclude(result_name="").values_list("result_name", flat=True))
        stale_before = (now - timedelta(hours=1)).timestamp()
        for path in folder.iterdir():
            if path.is_file() and path.name not in known and path.stat().st_mtime < stale_before:
                path.unlink(missing_ok=True)
    return count
