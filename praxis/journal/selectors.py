"""Reads for journal pages. Each runs a fixed number of queries whatever the number of entries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, QuerySet, Sum
from django.db.models.functions import Substr, TruncMonth
from django.shortcuts import get_object_or_404

from praxis.core.frameworks import current_framework
from praxis.framework.model import Competency

from . import policy, search, summary
from .models import Entry, EntryTag, Kind, LearningType, Mode

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
        qs = search.matching(qs, filters.query, owner_id=user.pk)
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


# what a list row shows; the long texts stay behind (a search sorts every match it ranks)
LIST_FIELDS = ("owner", "kind", "occurred_on", "title", "duration_minutes", "mode", "site", "created_at")


def entries_page(user, filters: Filters, number) -> Page:
    return Paginator(filtered_entries(user, filters).only(*LIST_FIELDS), PAGE_SIZE).get_page(number)


def entry_for_viewing(user, pk: int) -> Entry:
    return get_object_or_404(_with_tags(policy.viewable_entries(user, pk=pk).select_related("owner")), pk=pk)


def entry_for_editing(user, pk: int) -> Entry:
    return get_object_or_404(_with_tags(policy.own_entries(user)), pk=pk)


# -- shared with me -------------------------------------------------------------------------------


def entries_shared_with(viewer, owner=None) -> QuerySet[Entry]:
    """Entries others shared with `viewer` (through praxis.accounts: shares with the supervisors
    of an organisation, confirmed supervision links only), newest first, with their owner: one
    query. `owner` (a user or an id) narrows them to one practitioner's. For other apps (the
    supervision conversation page) as for the journal's "Shared with you" page; add
    `.prefetch_related("tags")` (one more query) to show tags."""
    entries = policy.shared_entries(viewer)
    if owner is not None:
        entries = entries.filter(owner=owner)
    return entries.select_related("owner").order_by("-occurred_on", "-pk")


@dataclass(frozen=True)
class Sharer:
    pk: int
    full_name: str
    entries: int
    latest: date


def sharers_page(viewer, name: str, number) -> Page:
    """The people who shared entries with `viewer`, by name (narrowed to names containing
    `name`), with how many and the latest date: one aggregate query and a count."""
    people = policy.shared_entries(viewer)
    if name:
        people = people.filter(owner__full_name__icontains=name)
    rows = (
        people.values("owner", "owner__full_name")
        .annotate(entries=Count("pk"), latest=Max("occurred_on"))
        .order_by("owner__full_name", "owner")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(number)
    page.object_list = [
        Sharer(r["owner"], r["owner__full_name"], r["entries"], r["latest"]) for r in page.object_list
    ]
    return page


def shared_entries_page(viewer, owner, number) -> Page:
    entries = entries_shared_with(viewer, owner).only(*LIST_FIELDS, "owner__full_name")
    return Paginator(_with_tags(entries), PAGE_SIZE).get_page(number)


def shared_count(viewer) -> int:
    """How many entries others shared with `viewer`: 0 without a query's worth of work for
    someone who supervises nobody (the count would read all their own entry ids first)."""
    return policy.shared_entries(viewer).count() if policy.supervises_anyone(viewer) else 0


# -- evidence portfolio -----------------------------------------------------------------------


@dataclass(frozen=True)
class PortfolioRow:
    competency: Competency
    count: int
    latest: date | None
    stale: bool  # no evidence in the last six months


def portfolio(user, today: date | None = None) -> list[PortfolioRow]:
    """One aggregate over the person's stored figures per competency and month (summary.py):
    a few hundred rows whatever the size of the journal."""
    today = today or date.today()
    stats = summary.totals(user.pk) if policy.authenticated(user) else {}
    rows = []
    for competency in current_framework().competencies:
        stat = stats.get(competency.id)
        latest = stat.latest if stat else None
        rows.append(
            PortfolioRow(
                competency,
                stat.entries if stat else 0,
                latest,
                latest is None or latest < today - STALE_AFTER,
            )
        )
    return rows


# -- practice log summary -----------------------------------------------------------------------


@dataclass(frozen=True)
class CompetencyTime:
    competency: Competency
    minutes: int  # of support activities
    hours: Decimal  # of learning


@dataclass(frozen=True)
class PracticeSummary:
    total_minutes: int
    activities: int
    by_month: list[tuple[date, int]]  # minutes per month, oldest first
    by_mode: list[tuple[str, int]]
    by_site: list[tuple[str, int]]
    by_competency: list[CompetencyTime]
    learning_hours: Decimal
    learning_entries: int
    by_learning_type: list[tuple[str, Decimal]]


def practice_summary(user, date_from: date | None = None, date_to: date | None = None) -> PracticeSummary:
    """Three aggregate queries, none returning more than a row per mode and site, month or
    competency and month: support time and learning hours by mode, site and type of learning
    (over a covering index of the entries), support time by month, and both per competency (from
    the stored per-competency figures, summary.py)."""
    entries = policy.own_entries(user).filter(kind__in=[Kind.SUPPORT, Kind.LEARNING])
    if date_from:
        entries = entries.filter(occurred_on__gte=date_from)
    if date_to:
        entries = entries.filter(occurred_on__lte=date_to)
    groups = list(  # in the covering index's order, so the database groups as it reads
        entries.values("kind", "mode", "learning_type", "site")
        .annotate(
            minutes=Sum("duration_minutes"),
            learning_hours=Sum("hours"),
            count=Count("duration_minutes"),
            learned=Count("hours"),
        )
        .order_by()
    )
    mode_labels = dict(Mode.choices)
    type_labels = dict(LearningType.choices)
    minutes_by_mode: dict[str, int] = defaultdict(int)
    minutes_by_site: dict[str, int] = defaultdict(int)
    hours_by_type: dict[str, Decimal] = defaultdict(Decimal)
    total_minutes = activities = learning_entries = 0
    learning_hours = Decimal(0)
    for group in groups:
        if group["kind"] == Kind.SUPPORT and group["count"]:
            minutes_by_mode[mode_labels.get(group["mode"], "Not recorded")] += group["minutes"]
            minutes_by_site[group["site"] or "Not recorded"] += group["minutes"]
            total_minutes += group["minutes"]
            activities += group["count"]
        elif group["kind"] == Kind.LEARNING and group["learned"]:
            hours = Decimal(str(group["learning_hours"]))
            hours_by_type[type_labels.get(group["learning_type"], "Not recorded")] += hours
            learning_hours += hours
            learning_entries += group["learned"]
    # SQLite's month truncation is a Python function called per row; its dates are ISO text.
    month = Substr("occurred_on", 1, 7) if connection.vendor == "sqlite" else TruncMonth("occurred_on")
    by_month = [
        (_month_start(row["month"]), row["minutes"])
        for row in entries.filter(kind=Kind.SUPPORT, duration_minutes__isnull=False)
        .annotate(month=month)
        .values("month")
        .annotate(minutes=Sum("duration_minutes"))
        .order_by("month")
    ]
    per_competency = summary.totals(user.pk, date_from, date_to) if policy.authenticated(user) else {}
    by_competency = []
    for competency in current_framework().competencies:
        cell = per_competency.get(competency.id)
        if cell and (cell.support_minutes or cell.learning_hours):
            by_competency.append(CompetencyTime(competency, cell.support_minutes, cell.learning_hours))
    return PracticeSummary(
        total_minutes=total_minutes,
        activities=activities,
        by_month=by_month,
        by_mode=sorted(minutes_by_mode.items(), key=lambda item: -item[1]),
        by_site=sorted(minutes_by_site.items(), key=lambda item: (-item[1], item[0])),
        by_competency=by_competency,
        learning_hours=learning_hours,
        learning_entries=learning_entries,
        by_learning_type=sorted(hours_by_type.items(), key=lambda item: (-item[1], item[0])),
    )


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
    """One entry as a row of EXPORT_COLUMNS (the journal's CSV and the personal data download),
    in words as the pages show them: labels for kinds and modes, names for tags and dilemmas,
    the question's number and text for guided answers."""
    framework = current_framework()
    return [
        e.occurred_on.isoformat(),
        e.get_kind_display(),
        e.title,
        e.duration_minutes or "",
        e.get_mode_display() if e.mode else "",
        e.site,
        e.stakeholder_groups,
        e.what_i_did,
        e.what_happened,
        e.do_differently,
        e.get_learning_type_display() if e.learning_type else "",
        e.hours if e.hours is not None else "",
        _framework_name(framework, e.dilemma_id) if e.dilemma_id else "",
        e.body,
        " | ".join(f"{_question(framework, k)}: {v}" for k, v in (e.answers or {}).items()),
        "; ".join(_framework_name(framework, t.item_id) for t in e.tags.all()),
    ]


def _framework_name(framework, item_id: str) -> str:
    """A framework item's name (a key activity's text, a dilemma's title), or its id if it is
    no longer in the framework."""
    try:
        item = framework.get(item_id)
    except KeyError:
        return item_id
    return getattr(item, "name", None) or getattr(item, "title", None) or getattr(item, "text", item_id)


def _question(framework, question_id: str) -> str:
    try:
        question = framework.get(question_id)
    except KeyError:
        return question_id
    return f"{question.number}. {question.text}"


def support_activities_of(owner_ids, since: date) -> list[tuple[int, str, str, date, int | None]]:
    """(owner id, mode's label or "", site, date, minutes) of these people's support activities on or after
    `since`: only what a team figure needs, never a title or a word they wrote. The caller has each
    owner's consent for exactly this (`praxis.accounts.policy.members_counting_support_work`).
    One query."""
    labels = dict(Mode.choices)
    rows = (
        Entry.objects.filter(owner_id__in=owner_ids, kind=Kind.SUPPORT, occurred_on__gte=since)
        .order_by()
        .values_list("owner_id", "mode", "site", "occurred_on", "duration_minutes")
    )
    return [(owner, labels.get(mode, ""), site, day, minutes) for owner, mode, site, day, minutes in rows]
