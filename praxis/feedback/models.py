from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from praxis.accounts.models import Organisation, Share, ShareAudience
from praxis.core.inputs import validate_name
from praxis.core.limits import TEXT_MAX
from praxis.core.models import FrameworkVersion
from praxis.scoring.disclosure import FLOOR

# Level values a framework scale may use; the exact range is checked against the round's own
# framework version when an answer is saved (trust items use their own 1–5 agreement scale).
LEVEL_MIN, LEVEL_MAX = 1, 10


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
    min_group_size = models.PositiveSmallIntegerField(default=FLOOR)
    # The organisation whose minimum and approval rule apply (None: the person belongs to none).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback_rounds"
    )
    # Fixed when the round starts: invitations wait for a supervisor's approval of the rater list.
    approval_required = models.BooleanField(default=False)
    # The framework (and so the rating scale) as it was when the round started; older rounds have
    # none and use the framework in use.
    framework_version = models.ForeignKey(
        FrameworkVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    shares = GenericRelation(Share, related_query_name="feedback_round")

    # Sharing (praxis.accounts.services.share_set): the report of a closed round, with the owner's
    # supervisors only, to talk it through in supervision. Never the invitation list.
    share_audiences = (ShareAudience.SUPERVISORS,)
    unshareable_message = "The report can be shared once the round has closed."

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_group_size__gte=FLOOR), name="round_min_group_size_at_least_3"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None and self.closes_on >= timezone.localdate()

    @property
    def shareable(self) -> bool:
        return not self.is_open


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
    # When the round needs it: which supervisor approved this rater, and when. Until then no
    # invitation is sent and the person is "waiting for approval".
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint("round", Lower("email"), name="rater_once_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.get_relationship_display()} rater"

    @property
    def waiting_for_approval(self) -> bool:
        return self.round.approval_required and self.approved_at is None


class Rating(models.Model):
    """One rater's answer to one item: a level, or None for "not observed" / "can't say"."""

    rater = models.ForeignKey(Rater, on_delete=models.CASCADE, related_name="ratings")
    item_id = models.CharField(max_length=200)
    value = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rater", "item_id"], name="rating_once_per_item"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=LEVEL_MIN, value__lte=LEVEL_MAX),
                name="rating_value_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.value}"
