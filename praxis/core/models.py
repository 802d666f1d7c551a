from django.conf import settings
from django.db import models
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
