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
        indexes = [
            models.Index(fields=["owner", "occurred_on"]),
            # covers the practice-log summary's aggregates, in the order it groups by: read from
            # the index alone, grouped as it is read (no sorting), never the entries' rows
            models.Index(
                fields=[
                    "owner",
                    "kind",
                    "mode",
                    "learning_type",
                    "site",
                    "occurred_on",
                    "duration_minutes",
                    "hours",
                ],
                name="entry_practice_log",
            ),
        ]
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


class CompetencyMonth(models.Model):
    """Derived data: one person's journal per competency and month, as the evidence portfolio and
    the practice-log summary show it, kept up to date by every journal write (praxis/journal/summary.py)
    so those pages read a few hundred rows instead of every tag of a journal of thousands.

    Never edited by hand: `praxis journal_summary --rebuild` recomputes it from the entries, and a
    test checks it against that recompute after every kind of write. An entry tagged with a
    competency and with key activities of it counts once for it.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    competency_id = models.CharField(max_length=200)
    month = models.DateField()  # the first day of the month
    entries = models.PositiveIntegerField(default=0)  # tagged entries of any kind
    latest = models.DateField()  # the latest of their dates
    support_activities = models.PositiveIntegerField(default=0)  # support activities with a duration
    support_minutes = models.PositiveIntegerField(default=0)
    learning_hours = models.DecimalField(max_digits=9, decimal_places=1, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "competency_id", "month"], name="competency_month_once")
        ]

    def __str__(self) -> str:
        return f"{self.competency_id} {self.month:%Y-%m}"
