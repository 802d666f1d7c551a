from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q

from praxis.accounts.models import Share, ShareAudience
from praxis.core.limits import LONG_TEXT_MAX, SECTION_TEXT_MAX


class Kind(models.TextChoices):
    SUPPORT = "support", "Support activity"
    REFLECTION = "reflection", "Reflection"
    LEARNING = "learning", "Learning"
    GUIDED = "guided", "Guided reflection"
    DILEMMA = "dilemma", "Dilemma"


class Mode(models.TextChoices):
    ONSITE = "onsite", "Onsite"
    VIRTUAL = "virtual", "Virtual"
    HYBRID = "hybrid", "Hybrid"
    ASYNCHRONOUS = "asynchronous", "Asynchronous"


class LearningType(models.TextChoices):
    COURSE = "course", "Course"
    READING = "reading", "Reading"
    EVENT = "event", "Event"


class Entry(models.Model):
    """One journal entry. Fields beyond the common ones apply to one kind each (see Kind)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    occurred_on = models.DateField("date")
    title = models.CharField(max_length=200)
    body = models.TextField("notes", blank=True, max_length=LONG_TEXT_MAX, help_text="Markdown is welcome.")
    # support activity
    duration_minutes = models.PositiveIntegerField("duration (minutes)", null=True, blank=True)
    mode = models.CharField(max_length=20, choices=Mode.choices, blank=True)
    site = models.CharField("site or partner", max_length=200, blank=True)
    stakeholder_groups = models.CharField(
        "stakeholder groups involved", max_length=300, blank=True, help_text="Separate groups with commas."
    )
    what_i_did = models.TextField("what I did", blank=True, max_length=SECTION_TEXT_MAX)
    what_happened = models.TextField("what happened", blank=True, max_length=SECTION_TEXT_MAX)
    do_differently = models.TextField("what I would do differently", blank=True, max_length=SECTION_TEXT_MAX)
    # learning
    learning_type = models.CharField(
        "type of learning", max_length=20, choices=LearningType.choices, blank=True
    )
    hours = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    # guided reflection: question id → answer
    answers = models.JSONField(default=dict, blank=True)
    # dilemma
    dilemma_id = models.CharField("dilemma", max_length=200, blank=True)
    # Counts saved edits. An edit form carries the version it was loaded at, and a save from a
    # form that is behind (another tab or device saved since) changes nothing.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    shares = GenericRelation(Share, related_query_name="entry")

    # Sharing (praxis.accounts.services.share_set): with supervisors only, never leads.
    share_audiences = (ShareAudience.SUPERVISORS,)
    shareable = True
    unshareable_message = ""

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        verbose_name_plural = "entries"
        indexes = [models.Index(fields=["owner", "occurred_on"]), models.Index(fields=["owner", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__lte=24 * 60),
                name="entry_duration_within_a_day",
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0, hours__lte=1000),
                name="entry_hours_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def stakeholder_list(self) -> list[str]:
        return [g.strip() for g in self.stakeholder_groups.split(",") if g.strip()]

    def searchable_text(self) -> str:
        parts = [self.title, self.body, self.what_i_did, self.what_happened, self.do_differently, self.site]
        parts += [str(v) for v in (self.answers or {}).values()]
        return "\n".join(p for p in parts if p)


class TagKind(models.TextChoices):
    COMPETENCY = "competency", "Competency"
    KEY_ACTIVITY = "key-activity", "Key activity"
    PRINCIPLE = "principle", "Principle"


class EntryTag(models.Model):
    """An entry tagged with a framework item. `competency_id` is set for key activities too, for filtering."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="tags")
    kind = models.CharField(max_length=20, choices=TagKind.choices)
    item_id = models.CharField(max_length=200)
    competency_id = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "item_id"], name="tag_once_per_entry")]
        indexes = [models.Index(fields=["competency_id"]), models.Index(fields=["entry", "competency_id"])]

    def __str__(self) -> str:
        return self.item_id
