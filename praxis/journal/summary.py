"""The journal's derived figures per competency and month (`CompetencyMonth`): computed and
written here only.

The evidence portfolio and the practice-log summary read these rows (at most one per competency
and month: about 1,800 for ten years of a journal) instead of every tag of every entry; a
journal of 10,000 entries has ~27,000 tags. They are derived data: every journal write calls
`refresh` for the months it touched, in its own transaction, and `rebuild` (the `journal_summary`
command) recomputes everything from the entries; `differences` compares the stored rows with a
recompute (the command's `--check`, and the tests after every kind of write).

`compute` is the one definition of the figures. Which entries count is `_counted_entries`: if
entries gain a state that hides them (a "recently deleted" bin), exclude it there and call
`refresh` when one is hidden or restored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Q, Sum

from .models import CompetencyMonth, EntryTag, Kind

REBUILD_BATCH = 500  # owners per query when rebuilding


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


@dataclass
class _Cell:
    entries: int = 0
    latest: date | None = None
    support_activities: int = 0
    support_minutes: int = 0
    learning_hours: Decimal = Decimal(0)


def _counted_entries() -> Q:
    """The entries that count, as a filter on tags (every entry today)."""
    return Q()


def _in_months(months: Iterable[date]) -> Q:
    months = sorted(set(months))
    if not months:
        return Q(pk__in=[])
    return reduce(or_, [Q(entry__occurred_on__gte=m, entry__occurred_on__lt=next_month(m)) for m in months])


def compute(owner_ids: Iterable[int], where: Q | None = None) -> dict[tuple, _Cell]:
    """The figures of these owners' journals (of the tags whose entries match `where`, a filter on
    tags), keyed by (owner id, competency id, month), from their entries and tags: one query."""
    tags = EntryTag.objects.filter(_counted_entries(), entry__owner_id__in=list(owner_ids)).exclude(
        competency_id=""
    )
    if where is not None:
        tags = tags.filter(where)
    cells: dict[tuple, _Cell] = {}
    seen: set[tuple[int, str]] = set()  # an entry counts once per competency
    for entry_id, owner_id, competency_id, day, kind, minutes, hours in tags.values_list(
        "entry_id",
        "entry__owner_id",
        "competency_id",
        "entry__occurred_on",
        "entry__kind",
        "entry__duration_minutes",
        "entry__hours",
    ).order_by():
        if (entry_id, competency_id) in seen:
            continue
        seen.add((entry_id, competency_id))
        cell = cells.setdefault((owner_id, competency_id, month_of(day)), _Cell())
        cell.entries += 1
        cell.latest = day if cell.latest is None or day > cell.latest else cell.latest
        if kind == Kind.SUPPORT and minutes is not None:
            cell.support_activities += 1
            cell.support_minutes += minutes
        if kind == Kind.LEARNING and hours is not None:
            cell.learning_hours += hours
    return cells


def _rows(cells: dict[tuple, _Cell]) -> list[CompetencyMonth]:
    return [
        CompetencyMonth(
            owner_id=owner_id,
            competency_id=competency_id,
            month=month,
            entries=cell.entries,
            latest=cell.latest,
            support_activities=cell.support_activities,
            support_minutes=cell.support_minutes,
            learning_hours=cell.learning_hours,
        )
        for (owner_id, competency_id, month), cell in sorted(cells.items())
    ]


@transaction.atomic
def refresh(owner_id: int, days: Iterable[date | str | None]) -> None:
    """Recompute one person's rows for the months of these dates (an entry's old and new date).

    The person's row is locked first, so two writes to one journal at once (two tabs) refresh
    one after the other rather than both inserting the same month."""
    # a date given as text (the model takes "2026-04-01" too) counts as the date it names
    months = {month_of(date.fromisoformat(d) if isinstance(d, str) else d) for d in days if d is not None}
    if not months:
        return
    get_user_model().objects.select_for_update().filter(pk=owner_id).values_list("pk").first()
    CompetencyMonth.objects.filter(owner_id=owner_id, month__in=months).delete()
    CompetencyMonth.objects.bulk_create(_rows(compute([owner_id], _in_months(months))))


def rebuild(owner_ids: Iterable[int] | None = None) -> int:
    """Recompute every row (of these owners, or of everyone); returns the number of rows written."""
    if owner_ids is None:  # everyone with tags, and everyone with rows (whose tags are gone)
        owner_ids = set(EntryTag.objects.values_list("entry__owner_id", flat=True).distinct().order_by())
        owner_ids |= set(CompetencyMonth.objects.values_list("owner_id", flat=True).distinct().order_by())
    owner_ids = sorted(set(owner_ids))
    written = 0
    for start in range(0, len(owner_ids), REBUILD_BATCH):
        batch = owner_ids[start : start + REBUILD_BATCH]
        with transaction.atomic():
            CompetencyMonth.objects.filter(owner_id__in=batch).delete()
            written += len(CompetencyMonth.objects.bulk_create(_rows(compute(batch)), batch_size=2000))
    return written


def differences(owner_ids: Iterable[int] | None = None) -> list[str]:
    """Where the stored rows differ from a recompute (empty when they agree)."""
    stored = CompetencyMonth.objects.all()
    if owner_ids is not None:
        owner_ids = list(owner_ids)
        stored = stored.filter(owner_id__in=owner_ids)
    else:
        owner_ids = set(EntryTag.objects.values_list("entry__owner_id", flat=True).distinct().order_by())
        owner_ids |= set(stored.values_list("owner_id", flat=True).distinct().order_by())
    found = {
        (r.owner_id, r.competency_id, r.month): (
            r.entries,
            r.latest,
            r.support_activities,
            r.support_minutes,
            Decimal(r.learning_hours),
        )
        for r in stored
    }
    expected = {
        key: (c.entries, c.latest, c.support_activities, c.support_minutes, c.learning_hours)
        for key, c in compute(owner_ids).items()
    }
    return [
        f"owner {key[0]}, {key[1]}, {key[2]:%Y-%m}: stored {found.get(key)}, recomputed {expected.get(key)}"
        for key in sorted(set(found) | set(expected))
        if found.get(key) != expected.get(key)
    ]


# -- reading -------------------------------------------------------------------------------------


def totals(owner_id: int, date_from: date | None = None, date_to: date | None = None) -> dict[str, _Cell]:
    """Per competency id, one person's figures for entries dated within [date_from, date_to]
    (either may be open): whole months from the stored rows (one aggregate query), and the days
    of a month only partly inside the range recomputed from those days' entries (one more query,
    only when the range starts or ends within a month)."""
    if date_from and date_to and date_from > date_to:
        return {}
    first_full = None if date_from is None else month_of(date_from)
    if date_from and date_from.day != 1:
        first_full = next_month(first_full)
    end_full = None if date_to is None else month_of(date_to)  # exclusive
    if date_to and next_month(month_of(date_to)) - timedelta(days=1) == date_to:
        end_full = next_month(end_full)
    stored = CompetencyMonth.objects.filter(owner_id=owner_id)
    edges = []
    if first_full is not None:
        stored = stored.filter(month__gte=first_full)
        if date_from < first_full:
            edges.append(Q(entry__occurred_on__gte=date_from, entry__occurred_on__lt=first_full))
    if end_full is not None:
        stored = stored.filter(month__lt=end_full)
        if end_full <= date_to:
            edges.append(
                Q(
                    entry__occurred_on__gte=max(end_full, date_from or end_full),
                    entry__occurred_on__lte=date_to,
                )
            )
    found: dict[str, _Cell] = {}
    if first_full is None or end_full is None or first_full < end_full:
        for row in (
            stored.values("competency_id")
            .annotate(
                n=Sum("entries"),
                last=Max("latest"),
                activities=Sum("support_activities"),
                minutes=Sum("support_minutes"),
                hours=Sum("learning_hours"),
            )
            .order_by()
        ):
            found[row["competency_id"]] = _Cell(
                entries=row["n"],
                latest=row["last"],
                support_activities=row["activities"],
                support_minutes=row["minutes"],
                learning_hours=Decimal(str(row["hours"])),
            )
    if edges:
        if first_full is not None and end_full is not None and first_full >= end_full:
            # the range lies within one month, or two partial months
            edges = [Q(entry__occurred_on__gte=date_from, entry__occurred_on__lte=date_to)]
        for (_, competency_id, _), cell in compute([owner_id], reduce(or_, edges)).items():
            total = found.setdefault(competency_id, _Cell())
            total.entries += cell.entries
            total.latest = max(d for d in (total.latest, cell.latest) if d is not None)
            total.support_activities += cell.support_activities
            total.support_minutes += cell.support_minutes
            total.learning_hours += cell.learning_hours
    return found
