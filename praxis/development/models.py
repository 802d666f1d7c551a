from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q

from praxis.accounts.models import Share, ShareAudience
from praxis.core.limits import TEXT_MAX


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"


class Horizon(models.IntegerChoices):
    """How far ahead a plan looks: reflective question 7 speaks of the next one to two years."""

    ONE_YEAR = 12, "12 months"
    TWO_YEARS = 24, "24 months"


class Plan(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(max_length=200, default="My development plan")
    horizon_months = models.PositiveSmallIntegerField(choices=Horizon.choices, default=Horizon.ONE_YEAR)
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    from_assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    next_check_in_on = models.DateField(null=True, blank=True)
    owner_seen_comments_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Raised on each edit of title or horizon.")
    shares = GenericRelation(Share, related_query_name="plan")

    # Sharing (praxis.accounts.services.share_set): with supervisors only, never leads. A draft
    # plan may be shared: it is what a practitioner talks through with their supervisor.
    share_audiences = (ShareAudience.SUPERVISORS,)
    shareable = True
    unshareable_message = ""

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # "Plan from these development areas" clicked twice, or in two tabs at once, opens the
            # plan the first click made (services.plan_open_or_start) instead of making another.
            models.UniqueConstraint(
                fields=["owner", "from_assessment"],
                condition=Q(from_assessment__isnull=False, status__in=["draft", "active"]),
                name="one_open_plan_per_assessment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("development:detail", args=[self.pk])


class Focus(models.Model):
    """A competency the plan develops, with why it matters now and the scores at start and finish."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="focuses")
    competency_id = models.CharField(max_length=200)
    why_now = models.TextField("why it matters now", blank=True, max_length=TEXT_MAX)
    position = models.PositiveSmallIntegerField(default=0)
    score_at_start = models.FloatField(null=True, blank=True)
    score_at_completion = models.FloatField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Raised on each edit of why it matters now.")
    # Which assessment each score came from: anyone but the owner sees a score (and the change)
    # only while they may see that assessment too.
    start_assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completion_assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "competency_id"], name="focus_once_per_plan")]

    def __str__(self) -> str:
        return self.competency_id


class ResourceSource(models.TextChoices):
    FRAMEWORK = "framework", "From the framework's resources"
    ORGANISATION = "organisation", "From my organisation"
    OWN = "own", "My own"


class FocusResource(models.Model):
    focus = models.ForeignKey(Focus, on_delete=models.CASCADE, related_name="resources")
    source = models.CharField(max_length=20, choices=ResourceSource.choices)
    resource_id = models.CharField(max_length=200, blank=True, help_text="A framework resource's id.")
    title = models.CharField(max_length=300)
    url = models.URLField(blank=True, max_length=500)

    def __str__(self) -> str:
        return self.title


class FocusPerson(models.Model):
    """Someone to learn from: a named colleague on Praxis, or anyone described in words."""

    focus = models.ForeignKey(Focus, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.name


class StepStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    DOING = "doing", "Doing"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class NextStep(models.Model):
    focus = models.ForeignKey(Focus, on_delete=models.CASCADE, related_name="steps")
    text = models.CharField(max_length=500)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=StepStatus.choices, default=StepStatus.PLANNED)
    dropped_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(dropped_reason=""), name="dropped_step_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class FocusEvidence(models.Model):
    focus = models.ForeignKey(Focus, on_delete=models.CASCADE, related_name="evidence")
    entry = models.ForeignKey("journal.Entry", on_delete=models.CASCADE, related_name="evidence_for")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["focus", "entry"], name="evidence_once_per_focus")]

    def __str__(self) -> str:
        return f"{self.entry} for {self.focus}"


class CheckIn(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="check_ins")
    held_on = models.DateField()
    next_check_in_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Check-in on {self.held_on}"


class CheckInNote(models.Model):
    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="notes")
    focus = models.ForeignKey(Focus, on_delete=models.CASCADE, related_name="check_in_notes")
    text = models.TextField(max_length=TEXT_MAX)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["check_in", "focus"], name="check_in_note_once")]

    def __str__(self) -> str:
        return self.text[:50]


class Comment(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    check_in = models.ForeignKey(
        CheckIn, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    # Kept when its author deletes their account (shown as "A former member"): the plan's owner keeps
    # the conversation about their plan.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(max_length=TEXT_MAX)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Comment by {self.author or 'a former member'}"
