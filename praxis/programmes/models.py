"""Education programmes run by an organisation."""

from django.conf import settings
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

    def level_name(self, index: int) -> str:
        """The name of a mapping level by its 0-based index, lowest first."""
        levels = self.mapping_levels or DEFAULT_MAPPING_LEVELS
        return levels[index] if 0 <= index < len(levels) else f"Level {index + 1}"

    @property
    def top_level(self) -> int:
        return len(self.mapping_levels or DEFAULT_MAPPING_LEVELS) - 1


class StaffRole(models.TextChoices):
    """A person's role on one programme. Roles are per programme: a tutor on one course may lead
    another, and neither role says anything about their role in the organisation."""

    LEAD = "lead", "Programme lead"
    TUTOR = "tutor", "Tutor"


class ProgrammeStaff(models.Model):
    """Who runs a programme: its leads (change modules, mapping, staff) and tutors (read only).

    A member of the programme's organisation; leaving the organisation ends the role (the policy
    querysets require the membership as well as this row)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_roles"
    )
    role = models.CharField(max_length=10, choices=StaffRole.choices, default=StaffRole.TUTOR)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="programme_staff_one_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) on {self.programme}"


class Module(models.Model):
    """A unit of a programme (a course, a day, a workshop), taught in `order`."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="modules")
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=1)
    hours = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    description = models.TextField(blank=True, max_length=TEXT_MAX)

    class Meta:
        ordering = ["order", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="module_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class ModuleMapping(models.Model):
    """A module addresses a competency (or one of its key activities) at a level of its programme's
    mapping scale, and may be where that competency is assessed.

    `activity_id` is blank when the module addresses the competency as a whole. `level` is a 0-based
    index into `programme.mapping_levels` (lowest first); the scale cannot change while mappings
    exist, so an index always means the level it was saved as.
    """

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="mappings")
    competency_id = models.CharField(max_length=100)
    activity_id = models.CharField(max_length=150, blank=True, default="")
    level = models.PositiveSmallIntegerField(default=0)
    assessed = models.BooleanField("assessed here", default=False)

    class Meta:
        ordering = ["module__order", "competency_id", "activity_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["module", "competency_id", "activity_id"], name="module_mapping_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.module} → {self.activity_id or self.competency_id} (level {self.level})"
