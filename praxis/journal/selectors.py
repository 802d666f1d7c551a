"""Reads for journal pages. Each runs a fixed number of queries whatever the number of entries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404

from praxis.core.frameworks import current_framework
from praxis.framework.model import Competency

from . import policy
from .models import Entry, EntryTag, Kind

PAGE_SIZE = 20
STALE_AFTER = timedelta(days=182)  # about six months


@dataclass(frozen=True)
class Filters:
    query: str = ""
    kind: str = ""
    competency: str = ""
    date_from: date | None = None
    date_to: date | None = None

    @property
    def active(self) -> bool:
        return any((self.query, self.kind, self.competency, self.date_from, self.date_to))


def _with_tags(qs: QuerySet) -> QuerySet:
    return qs.prefetch_related(Prefetch("tags", queryset=EntryTag.objects.order_by("pk")))


def filtered_entries(user, filters: Filters) -> QuerySet[Entry]:
    qs = policy.own_entries(user)
    if filters.query:
        for word in filters.query.split()[:8]:
            qs = qs.filter(
                Q(title__icontains=word)
                | Q(body__icontains=word)
                | Q(what_i_did__icontains=word)
                | Q(what_happened__icontains=word)
                | Q(do_differently__icontains=word)
                | Q(site__icontains=word)
                | Q(stakeholder_groups__icontains=word)
            )
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.competency:
        qs = qs.filter(tags__competency_id=filters.competency).distinct()
    if filters.date_from:
        qs = qs.filter(occurred_on__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(occurred_on__lte=filters.date_to)
    return _with_tags(qs.order_by("-occurred_on", "-pk"))


def entries_page(user, filters: Filters, number) -> Page:
    return Paginator(filtered_entries(user, filters), PAGE_SIZE).get_page(number)


def entry_for_viewing(user, pk: int) -> Entry:
    return get_object_or_404(_with_tags(policy.viewable_entries(user).select_related("owner")), pk=pk)


def entry_for_editing(user, pk: int) -> Entry:
    return get_object_or_404(_with_tags(policy.own_entries(user)), pk=pk)


# -- evidence portfolio -----------------------------------------------------------------------


@dataclass(frozen=True)
class PortfolioRow:
    competency: Competency
    count: int
    latest: date | None
    stale: bool  # no evidence in the last six months


def portfolio(user, today: date | None = None) -> list[PortfolioRow]:
    today = today or date.today()
    stats = {
        row["competency_id"]: row
        for row in policy.own_tags(user)
        .exclude(competency_id="")
        .values("competency_id")
        .annotate(count=Count("entry", distinct=True), latest=Max("entry__occurred_on"))
    }
    rows = []
    for competency in current_framework().competencies:
        stat = stats.get(competency.id)
        latest = stat["latest"] if stat else None
        rows.append(
            PortfolioRow(
                competency,
                stat["count"] if stat else 0,
                latest,
                latest is None or latest < today - STALE_AFTER,
            )
        )
    return rows


# -- practice log summary -----------------------------------------------------------------------


@dataclass(frozen=True)
class PracticeSummary:
    total_minutes: int
    activities: int
    by_month: list[tuple[date, int]]  # minutes per month, oldest first
    by_mode: list[tuple[str, int]]
    by_site: list[tuple[str, int]]
    by_competency: list[tuple[Competency, int]]


def practice_summary(user, date_from: date | None = None, date_to: date | None = None) -> PracticeSummary:
    support = policy.own_entries(user).filter(kind=Kind.SUPPORT, duration_minutes__isnull=False)
    if date_from:
        support = support.filter(occurred_on__gte=date_from)
    if date_to:
        support = support.filter(occurred_on__lte=date_to)
    totals = support.aggregate(minutes=Sum("duration_minutes"), count=Count("pk"))
    by_month = [
        (row["month"], row["minutes"])
        for row in support.annotate(month=TruncMonth("occurred_on"))
        .values("month")
        .annotate(minutes=Sum("duration_minutes"))
        .order_by("month")
    ]
    mode_labels = dict(Entry._meta.get_field("mode").choices)
    by_mode = [
        (mode_labels.get(row["mode"], "Not recorded"), row["minutes"])
        for row in support.values("mode").annotate(minutes=Sum("duration_minutes")).order_by("-minutes")
    ]
    by_site = [
        (row["site"] or "Not recorded", row["minutes"])
        for row in support.values("site")
        .annotate(minutes=Sum("duration_minutes"))
        .order_by("-minutes", "site")
    ]
    minutes_by_competency: dict[str, int] = defaultdict(int)
    for _entry_id, competency_id, minutes in (
        EntryTag.objects.filter(entry__in=support)
        .exclude(competency_id="")
        .values_list("entry_id", "competency_id", "entry__duration_minutes")
        .distinct()
    ):
        minutes_by_competency[competency_id] += minutes
    framework = current_framework()
    by_competency = [
        (c, minutes_by_competency[c.id]) for c in framework.competencies if minutes_by_competency.get(c.id)
    ]
    return PracticeSummary(
        total_minutes=totals["minutes"] or 0,
        activities=totals["count"],
        by_month=[
            (month.date() if hasattr(month, "date") else month, minutes) for month, minutes in by_month
        ],
        by_mode=by_mode,
        by_site=by_site,
        by_competency=by_competency,
    )


def export_rows(user):
    """Every own entry with its tags, for the CSV export (two queries)."""
    return _with_tags(policy.own_entries(user).order_by("occurred_on", "pk"))


EXPORT_COLUMNS = [
    "date",
    "kind",
    "title",
    "duration_minutes",
    "mode",
    "site",
    "stakeholder_groups",
    "what_i_did",
    "what_happened",
    "what_i_would_do_differently",
    "learning_type",
    "hours",
    "dilemma",
    "notes",
    "guided_answers",
    "tags",
]


def export_row(e: Entry) -> list:
    """One entry as a row of EXPORT_COLUMNS (the journal's CSV and the personal data download)."""
    return [
        e.occurred_on.isoformat(),
        e.kind,
        e.title,
        e.duration_minutes or "",
        e.mode,
        e.site,
        e.stakeholder_groups,
        e.what_i_did,
        e.what_happened,
        e.do_differently,
        e.learning_type,
        e.hours if e.hours is not None else "",
        e.dilemma_id,
        e.body,
        " | ".join(f"{k}: {v}" for k, v in (e.answers or {}).items()),
        " ".join(t.item_id for t in e.tags.all()),
    ]
