from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q

from praxis.accounts.models import Share, ShareAudience
from praxis.core.limits import TEXT_MAX
from praxis.core.models import FrameworkVersion

# Level values a framework scale may use; the exact range is checked against the assessment's
# own framework version when an answer is saved.
LEVEL_MIN, LEVEL_MAX = 1, 10
PRINCIPLE_STRENGTH_MIN, PRINCIPLE_STRENGTH_MAX = 1, 4


class Kind(models.TextChoices):
    QUICK = "quick", "Quick"  # one rating per competency
    FULL = "full", "Full"  # one rating per key activity


class Status(models.TextChoices):
    DRAFT = "draft", "In progress"
    SUBMITTED = "submitted", "Submitted"


class Assessment(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # The framework exactly as it was when the assessment began: results never shift under it.
    framework_version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="+")
    started_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The earlier assessment whose answers this one started with.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    shares = GenericRelation(Share, related_query_name="assessment")

    # Sharing (praxis.accounts.services.share_set): with supervisors, or also with leads.
    share_audiences = (ShareAudience.SUPERVISORS, ShareAudience.ORGANISATION)
    unshareable_message = "Submit the assessment before sharing it."

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "kind", "status", "submitted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft", submitted_at__isnull=True)
                | Q(status="submitted", submitted_at__isnull=False),
                name="assessment_submitted_has_date",
            ),
            # One draft of each kind per person: starting again resumes it, even when two tabs
            # start at the same moment (the second insert fails and finds the first).
            models.UniqueConstraint(
                fields=["owner", "kind"], condition=Q(status="draft"), name="assessment_one_draft_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} assessment by {self.owner} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def shareable(self) -> bool:
        """Drafts are never shared: only a submitted assessment says what its owner meant."""
        return self.status == Status.SUBMITTED


class Answer(models.Model):
    """One answer to one item: a level on the scale, or "not applicable to my role"."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item_id = models.CharField(max_length=200)
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    not_applicable = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item_id"], name="answer_one_per_item"),
            models.CheckConstraint(
                condition=Q(not_applicable=True, level__isnull=True)
                | Q(not_applicable=False, level__isnull=False, level__gte=LEVEL_MIN, level__lte=LEVEL_MAX),
                name="answer_level_or_not_applicable",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {'N/A' if self.not_applicable else self.level}"

    @property
    def value(self) -> int | None:
        return None if self.not_applicable else self.level


class CompetencyNote(models.Model):
    """An example from practice the person noted against a competency."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="notes")
    competency_id = models.CharField(max_length=200)
    text = models.TextField(max_length=TEXT_MAX)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "competency_id"], name="note_one_per_competency"),
        ]

    def __str__(self) -> str:
        return f"Note on {self.competency_id}"


class PrincipleReflection(models.Model):
    """How strongly a principle guides the person's practice now, with an example."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="principle_reflections")
    principle_id = models.CharField(max_length=200)
    strength = models.PositiveSmallIntegerField(null=True, blank=True)
    example = models.TextField(max_length=TEXT_MAX, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "principle_id"], name="reflection_one_per_principle"
            ),
            models.CheckConstraint(
                condition=Q(strength__isnull=True)
                | Q(strength__gte=PRINCIPLE_STRENGTH_MIN, strength__lte=PRINCIPLE_STRENGTH_MAX),
                name="reflection_strength_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Reflection on {self.principle_id}"


class CompetencyResult(models.Model):
    """A submitted assessment's score in one competency, written once when it is submitted.

    Derived data: `praxis scores rebuild` writes these again from the answers (praxis.scoring,
    against the framework version the assessment used). Read them through
    praxis.assessments.scores only, which applies who may see which assessment.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="competency_results")
    # The assessment's owner, copied so "latest scores of these people" is one indexed look-up.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    competency_id = models.CharField(max_length=200)
    score = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=20)  # praxis.scoring.Status
    items = models.PositiveSmallIntegerField()
    rated = models.PositiveSmallIntegerField()
    not_applicable = models.PositiveSmallIntegerField()
    # The scale level the score is nearest to, and whether that scale counts the score as proficient.
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    proficient = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "competency_id"], name="result_one_per_competency"),
        ]
        indexes = [
            models.Index(fields=["owner", "competency_id"], name="result_owner_competency"),
            models.Index(
                fields=["competency_id", "assessment"],
                condition=Q(proficient=True),
                name="result_proficient",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency_id}: {self.score}"
