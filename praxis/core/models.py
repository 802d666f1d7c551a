from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class FrameworkVersion(models.Model):
    """A frozen copy of a framework as it was loaded, so later edits never change old results.

    Rows are written by ``praxis framework load`` (idempotent: one row per distinct content).
    """

    framework_key = models.CharField(max_length=100)
    version = models.CharField(max_length=50)
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the canonical JSON content.")
    content = models.JSONField()
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["framework_key", "checksum"], name="framework_version_unique_content"
            ),
        ]
        ordering = ["-loaded_at"]

    def __str__(self) -> str:
        return f"{self.framework_key} {self.version} ({self.checksum[:8]})"


class Deleted(models.Model):
    """Something a person deleted, with everything that went with it, kept for `praxis.core.trash`
    to restore for 30 days. The objects themselves are really deleted: nothing anywhere needs a
    filter to hide them. The row belongs to the person (it goes with their account and their data
    export) and is never listed or restorable after 30 days; `praxis purge_deleted` removes it.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    label = models.CharField(max_length=300, help_text="What the person sees, e.g. the entry's title.")
    kind = models.CharField(max_length=100, help_text="What it was, in words: 'journal entry'.")
    model = models.CharField(max_length=100, help_text="The deleted object's model label, lower case.")
    object_id = models.CharField(max_length=40)
    contents = models.TextField(
        help_text="' app.model:pk ' for every object inside, so a restore can name what it waits for."
    )
    payload = models.JSONField(help_text="The objects (Django's serialised form) and cleared links.")
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-deleted_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-deleted_at"], name="deleted_owner_recent")]
        verbose_name = "deleted item"

    def __str__(self) -> str:
        return f"{self.kind}: {self.label}"


class Job(models.Model):
    """A long piece of work that left the request: a research export, a large PDF, survey scoring.

    Run as a task (Django's task framework, ``praxis.core.jobs``); its owner watches its progress
    on ``/jobs/<id>/`` and downloads its result, a file under ``PRAXIS_JOB_DIR``, until
    ``expires_at`` (7 days); ``praxis purge_jobs`` then deletes the file and the row.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=100, help_text="What it makes, in words: 'research export'.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done, 0 to 100.")
    message = models.CharField(max_length=200, blank=True, help_text="What it is doing now, shortly.")
    error = models.TextField(blank=True, help_text="Why it failed, in plain words.")
    filename = models.CharField(max_length=200, blank=True, help_text="The result's name when downloaded.")
    result_name = models.CharField(
        max_length=200, blank=True, help_text="The result's file under PRAXIS_JOB_DIR (random, never shown)."
    )
    size = models.PositiveBigIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True, help_text="The task's id in the task backend.")
    back_url = models.CharField(max_length=500, blank=True, help_text="The page it was started from.")
    back_label = models.CharField(
        max_length=100, blank=True, help_text="That page in words: 'the cohort report'."
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_recent")]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="job_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("jobs:job", args=[self.pk])

    @property
    def expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
