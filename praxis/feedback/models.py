from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from praxis.core.inputs import validate_name
from praxis.core.limits import TEXT_MAX


class Relationship(models.TextChoices):
    SUPERVISOR = "supervisor", "Supervisor"
    PEER = "peer", "Peer"
    STAKEHOLDER = "stakeholder", "Stakeholder at a supported site"
    OTHER = "other", "Other"


class Round(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_rounds"
    )
    title = models.CharField(max_length=200)
    message = models.TextField("personal message", max_length=TEXT_MAX, blank=True)
    closes_on = models.DateField("closing date")
    competency_ids = models.JSONField(default=list)
    include_relationship = models.BooleanField(
        "include the questions about our working relationship", default=True
    )
    # Fixed when the round starts, so it can never be lowered to reveal a small group later.
    min_group_size = models.PositiveSmallIntegerField(default=3)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_group_size__gte=2), name="round_min_group_size_at_least_2"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None and self.closes_on >= timezone.localdate()


class Rater(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="raters")
    email = models.EmailField()
    name = models.CharField(max_length=200, blank=True, validators=[validate_name])
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    identifiable = models.BooleanField(default=False, help_text="A supervisor who agreed to be named.")
    comment = models.TextField(blank=True, max_length=TEXT_MAX)
    invited_at = models.DateTimeField(auto_now_add=True)
    email_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty until the e-mail went out; the owner can send it again."
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "email"], name="rater_once_per_round")]

    def __str__(self) -> str:
        return f"{self.get_relationship_display()} rater"


class Rating(models.Model):
    """One rater's answer to one item: a level, or None for "not observed" / "can't say"."""

    rater = models.ForeignKey(Rater, on_delete=models.CASCADE, related_name="ratings")
    item_id = models.CharField(max_length=200)
    value = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rater", "item_id"], name="rating_once_per_item"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=5), name="rating_value_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.value}"
