"""What a supervision conversation leaves behind: notes, agreed actions, and when the supervisor
last marked a supervisee's page as seen.

Whose is what (and so what stays when a supervision link ends or an account is deleted):
- A *private* note is the supervisor's own record: only its author ever sees it. It stays with
  them when the link ends (in their personal-data export; on the page again if the link is
  confirmed again) and goes with their account. A private note always has its author (a check
  constraint), so deleting a supervisor's account must delete their private notes first
  (`services.supervisor_private_notes_delete`), never leave them authorless.
- A *shared* note and an agreed action belong to the conversation with the practitioner: the
  practitioner keeps seeing them on their own page after the link ends, and after the supervisor
  deletes their account ("A former supervisor"). They go with the practitioner's account.
- A visit (the "seen" time) is bookkeeping for the supervisor's page; it goes with either account.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from praxis.core.limits import TEXT_MAX

STEP_TEXT_MAX = 500  # an agreed action becomes a plan step, whose text is at most this long


class Visibility(models.TextChoices):
    PRIVATE = "private", "Only me"
    SHARED = "shared", "Me and the practitioner"


class SupervisionNote(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    supervisee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supervision_notes"
    )
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.PRIVATE)
    text = models.TextField(max_length=TEXT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["supervisee", "author"], name="supervision_note_pair")]
        constraints = [
            models.CheckConstraint(
                condition=Q(visibility="shared") | Q(author__isnull=False),
                name="supervision_private_note_has_author",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_visibility_display()} note on {self.supervisee_id}"

    @property
    def is_shared(self) -> bool:
        return self.visibility == Visibility.SHARED


class ActionStatus(models.TextChoices):
    PROPOSED = "proposed", "Waiting for your answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class AgreedAction(models.Model):
    """A next step agreed in supervision. The supervisor writes it down; it lands in the
    practitioner's plan as a next step only when the practitioner accepts it."""

    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    supervisee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agreed_actions"
    )
    text = models.CharField(max_length=STEP_TEXT_MAX)
    due_on = models.DateField(null=True, blank=True)
    competency_id = models.CharField(
        max_length=200, blank=True, help_text="The competency it develops, if the supervisor named one."
    )
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.PROPOSED)
    step = models.ForeignKey(
        "development.NextStep", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["supervisee", "status"], name="agreed_action_by_status")]

    def __str__(self) -> str:
        return self.text

    @property
    def is_proposed(self) -> bool:
        return self.status == ActionStatus.PROPOSED


class SupervisionVisit(models.Model):
    """When the supervisor last marked a supervisee's page as seen ("new" is what came after)."""

    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    supervisee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["supervisor", "supervisee"], name="supervision_visit_once"),
        ]

    def __str__(self) -> str:
        return f"{self.supervisor_id} saw {self.supervisee_id} at {self.seen_at}"
