"""Reads for journal pages. Each runs a fixed number of queries whatever the number of entries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, QuerySet, Sum
from django.db.models.functions import Substr, TruncMonth
from django.shortcuts import get_object_or_404

from praxis.core.frameworks import current_framework
from praxis.framework.model import Competency

from . import policy, search
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
    """Own entries matching the filters: newest first, or best match first when searching."""
    qs = policy.own_entries(user)
    if filters.query:
        qs = search.matching(qs, filters.query)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.competency:
        qs = qs.filter(
            Exists(EntryTag.objects.filter(entry=OuterRef("pk"), competency_id=filters.competency))
        )
    if filters.date_from:
        qs = qs.filter(occurred_on__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(occurred_on__lte=filters.date_to)
    order = ("-search_rank", "-occurred_on", "-pk") if filters.query else ("-occurred_on", "-pk")
    return _with_tags(qs.order_by(*order))


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
    """Three aggregate queries, each returning at most a row per mode and site, month or competency."""
    where = {"kind": Kind.SUPPORT, "duration_minutes__isnull": False}
    if date_from:
        where["occurred_on__gte"] = date_from
    if date_to:
        where["occurred_on__lte"] = date_to
    support = policy.own_entries(user).filter(**where)
    groups = list(
        support.values("mode", "site").annotate(minutes=Sum("duration_minutes"), count=Count("pk")).order_by()
    )
    mode_labels = dict(Entry._meta.get_field("mode").choices)
    minutes_by_mode: dict[str, int] = defaultdict(int)
    minutes_by_site: dict[str, int] = defaultdict(int)
    for group in groups:
        minutes_by_mode[mode_labels.get(group["mode"], "Not recorded")] += group["minutes"]
        minutes_by_site[group["site"] or "Not recorded"] += group["minutes"]
    # SQLite's month truncation is a Python function called per row; its dates are ISO text.
    month = Substr("occurred_on", 1, 7) if connection.vendor == "sqlite" else TruncMonth("occurred_on")
    by_month = [
        (_month_start(row["month"]), row["minutes"])
        for row in support.annotate(month=month)
        .values("month")
        .annotate(minutes=Sum("duration_minutes"))
        .order_by("month")
    ]
    # An entry tagged with a competency and with key activities of it counts once for it: each
    # entry's minutes are made distinct by its id (id × SPREAD + minutes), summed once, and the
    # ids taken off again. One GROUP BY over the person's own tags, no anti-join over everyone's.
    minutes_by_competency = {
        row["competency_id"]: row["encoded"] - _SPREAD * row["ids"]
        for row in policy.own_tags(user)
        .filter(**{f"entry__{key}": value for key, value in where.items()})
        .exclude(competency_id="")
        .values("competency_id")
        .annotate(
            encoded=Sum(F("entry_id") * _SPREAD + F("entry__duration_minutes"), distinct=True),
            ids=Sum("entry_id", distinct=True),
        )
        .order_by()
    }
    framework = current_framework()
    by_competency = [
        (c, minutes_by_competency[c.id]) for c in framework.competencies if minutes_by_competency.get(c.id)
    ]
    return PracticeSummary(
        total_minutes=sum(g["minutes"] for g in groups),
        activities=sum(g["count"] for g in groups),
        by_month=by_month,
        by_mode=sorted(minutes_by_mode.items(), key=lambda item: -item[1]),
        by_site=sorted(minutes_by_site.items(), key=lambda item: (-item[1], item[0])),
        by_competency=by_competency,
    )


_SPREAD = 2048  # more than the longest activity, 24 × 60 minutes (a check constraint)


def _month_start(month) -> date:
    if isinstance(month, str):  # "YYYY-MM" on SQLite
        return date(int(month[:4]), int(month[5:7]), 1)
    return month.date() if hasattr(month, "date") else month


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
