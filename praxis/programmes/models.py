"""Education programmes run by an organisation."""

from django.conf import settings
from django.db import models

from praxis.accounts.models import Organisation
from praxis.assessments.models import LEVEL_MAX, LEVEL_MIN, Assessment, Kind
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


# -- cohorts: learners, their consents, pre/post windows and the assessments taken in them -------


class Cohort(models.Model):
    """A group of learners going through a programme together, between two dates."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(max_length=200)
    starts_on = models.DateField()
    ends_on = models.DateField()
    # The cohort's invitation link is signed (praxis.programmes.cohorts.join_link_token), so it
    # can be shown to staff again and a copy of the database holds no working link; raising the
    # version makes every earlier link stop working, and a closed link lets nobody join.
    join_link_version = models.PositiveIntegerField(default=1)
    join_link_open = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="cohort_name_unique"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="cohort_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CohortInvitation(models.Model):
    """A personal, single-use link e-mailed to one address of an uploaded list."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    email_sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "email"], name="cohort_invitation_one_per_address"),
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.cohort}"


class Enrolment(models.Model):
    """A learner in a cohort, with their two choices about their results (both off by default,
    changeable at any time with immediate effect)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrolments")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    counted_in_statistics = models.BooleanField(
        "let my cohort assessments count, without my name, in the cohort's statistics", default=False
    )
    named_to_staff = models.BooleanField(
        "show my cohort assessments, with my name, to the programme's staff", default=False
    )
    consents_changed_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "learner"], name="enrolment_one_per_learner"),
        ]

    def __str__(self) -> str:
        return f"{self.learner} in {self.cohort}"


class Phase(models.TextChoices):
    PRE = "pre", "Pre-programme"
    POST = "post", "Post-programme"


class AssessmentWindow(models.Model):
    """Dates (inclusive) between which the cohort's learners take their pre or post assessment."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="windows")
    phase = models.CharField(max_length=10, choices=Phase.choices)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    opens_on = models.DateField()
    closes_on = models.DateField()
    # At post time only: "looking back, where were you before the programme?" per competency.
    then_rating = models.BooleanField("also ask for a retrospective “then” rating", default=False)

    class Meta:
        ordering = ["opens_on"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "phase"], name="window_one_per_phase"),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="window_closes_after_open"
            ),
            models.CheckConstraint(
                condition=models.Q(then_rating=False) | models.Q(phase="post"),
                name="window_then_rating_at_post_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} window of {self.cohort}"

    def is_open(self, today) -> bool:
        return self.opens_on <= today <= self.closes_on


class CohortAssessment(models.Model):
    """The assessment a learner took for one window: an ordinary assessment of theirs, linked."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="cohort_assessments")
    window = models.ForeignKey(AssessmentWindow, on_delete=models.CASCADE, related_name="cohort_assessments")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "window"], name="cohort_assessment_one_per_window"),
            models.UniqueConstraint(fields=["assessment"], name="cohort_assessment_one_link"),
        ]

    def __str__(self) -> str:
        return f"{self.window} for {self.enrolment}"


class ThenRating(models.Model):
    """A retrospective rating given at post time: where the learner now thinks they were before the
    programme in one competency, on the scale of their post assessment's framework version. Kept
    apart from assessments, so it never appears in their history or growth as an assessment."""

    post = models.ForeignKey(CohortAssessment, on_delete=models.CASCADE, related_name="then_ratings")
    competency_id = models.CharField(max_length=200)
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    not_applicable = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "competency_id"], name="then_rating_one_per_competency"),
            models.CheckConstraint(
                condition=models.Q(not_applicable=True, level__isnull=True)
                | models.Q(
                    not_applicable=False, level__isnull=False, level__gte=LEVEL_MIN, level__lte=LEVEL_MAX
                ),
                name="then_rating_level_or_not_applicable",
            ),
        ]

    def __str__(self) -> str:
        return f"Then {self.competency_id}: {'N/A' if self.not_applicable else self.level}"

    @property
    def value(self) -> int | None:
        return None if self.not_applicable else self.level
