"""Education programmes run by an organisation."""

from django.db import models

from praxis.accounts.models import Organisation
from praxis.core.limits import TEXT_MAX

DEFAULT_MAPPING_LEVELS = ["Introduced", "Reinforced", "Mastered"]


def default_mapping_levels() -> list[str]:
    return list(DEFAULT_MAPPING_LEVELS)


class Programme(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="programmes")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=TEXT_MAX)
    # The ordered mapping scale, lowest first: a module addresses a competency at one of these levels.
    mapping_levels = models.JSONField(default=default_mapping_levels)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="programme_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name
