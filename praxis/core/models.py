from django.db import models


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
