"""Multi-rater feedback aggregation with an anonymity threshold that holds everywhere.

Pure functions over plain data; every page, chart and export takes its numbers from here, and
every decision to show something goes through ``praxis.scoring.disclosure`` (read its docstring
first: the floor of 3, "at least t people did this", no figure by difference, no spreads).

Audiences: peers, stakeholders, others, and supervisors, who are shown as their own group only
when they agreed to be named (they chose to be seen: any size); supervisors who did not agree are
never a group of their own and count only among "all others".

Rules:
- **Groups.** A group's figure for an item (mean and how many answered it) appears when at least
  ``t`` of its raters rated that item. The column of a group that never reaches ``t`` is absent.
- **"All others" is decided for the whole round first, on raters.** The raters who are in no
  group shown on its own (the *pool*) must be at least ``t``; otherwise there is no "All others"
  column at all, on any item. Why: item by item, "All others" minus the shown groups is the
  pool's answers on that item, so it may appear only where the pool's part is 0 or at least
  ``t``. Decided item by item alone, a pool of one person (a lone stakeholder) would show the
  column exactly on the items that person skipped — which items a lone rater skipped. With a
  pool of at least ``t`` raters, a blank cell on one item only says that between 1 and ``t − 1``
  of those people answered it, which singles nobody out. When the pool is empty the column would
  repeat the shown groups, and whether it is empty would say whether a lone rater answered at
  all, so it is not shown then either.
- Where "All others" is withheld, comparisons with self use the shown groups taken together,
  which is derivable from what is shown and so reveals nothing.
- **Counts.** How many responded appears per shown group; the pool's count only when at least
  ``t`` (otherwise "fewer than t, or none", the same words either way), and the total only when
  the pool's count appears or nobody could be in it (the invitations prove it). So "N responses"
  never says whether a lone rater answered.
- **Spreads** are not computed at all (disclosure rule 4).
- **Comments** appear only from groups shown on their own and from the pool when it is at least
  ``t``; unattributed, in alphabetical order, which says nothing about who wrote them or when.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import fmean

from . import disclosure

SUPERVISOR = "supervisor"
ANONYMOUS_SUPERVISOR = "supervisor-anonymous"
ALL_OTHERS = "all-others"
GROUPS = ("supervisor", "peer", "stakeholder", "other")


@dataclass(frozen=True)
class Response:
    group: str  # supervisor, peer, stakeholder, other
    ratings: Mapping[str, int | None]  # item id → level, or None for "not observed"
    comment: str = ""
    identifiable: bool = False  # a supervisor who agreed to be named


@dataclass(frozen=True)
class Figure:
    """What may be shown for one item and one audience (a group or all others)."""

    n: int
    mean: float


@dataclass(frozen=True)
class ItemResult:
    item_id: str
    groups: dict[str, Figure]  # only visible groups
    all_others: Figure | None


@dataclass(frozen=True)
class Aggregate:
    threshold: int
    responses_by_group: dict[str, int]  # only groups shown on their own
    items: dict[str, ItemResult]
    comments: tuple[str, ...]
    visible_groups: tuple[str, ...] = field(default=())
    other_responses: int | None = None  # the pool's responses: None means "fewer than t, or none"
    total_responses: int | None = None  # None when it would give the pool away
    all_others_shown: bool = False  # whether the round has an "All others" column at all


def _audience(response: Response) -> str:
    if response.group == SUPERVISOR:
        return SUPERVISOR if response.identifiable else ANONYMOUS_SUPERVISOR
    return response.group


def _figure(values: list[int]) -> Figure:
    return Figure(len(values), fmean(values))


def _possible(invited: Mapping[str, int] | None, responders: Counter) -> dict[str, int] | None:
    """How many could be in each audience, from the invitations (known to the owner anyway)."""
    if invited is None:
        return None
    possible = {g: max(invited.get(g, 0), responders[g]) for g in GROUPS if g != SUPERVISOR}
    possible[ANONYMOUS_SUPERVISOR] = max(
        invited.get(SUPERVISOR, 0) - responders[SUPERVISOR], responders[ANONYMOUS_SUPERVISOR]
    )
    possible[SUPERVISOR] = responders[SUPERVISOR]
    return possible


def aggregate(
    responses: Sequence[Response],
    item_ids: Iterable[str],
    threshold: int,
    invited: Mapping[str, int] | None = None,
) -> Aggregate:
    """Everything that may be shown about a round's responses. ``invited`` (group → how many were
    invited) lets the total be shown when no hidden group could have anyone in it."""
    t = disclosure.threshold(threshold)
    responders = Counter(_audience(r) for r in responses)
    counts = disclosure.partition(
        responders,
        t,
        exempt={SUPERVISOR},
        never={ANONYMOUS_SUPERVISOR},
        possible=_possible(invited, responders),
    )
    on_own = set(counts.shown)  # audiences shown as a group somewhere, by raters
    pool_shown = counts.rest is not None and disclosure.may_show(counts.rest, t)

    items: dict[str, ItemResult] = {}
    for item_id in item_ids:
        by_audience: dict[str, list[int]] = {}
        for response in responses:
            value = response.ratings.get(item_id)
            if value is not None:
                by_audience.setdefault(_audience(response), []).append(value)
        visible = {
            audience: _figure(values)
            for audience, values in by_audience.items()
            if audience in on_own and (audience == SUPERVISOR or disclosure.may_show(len(values), t))
        }
        unknown = [v for a, values in by_audience.items() if a != SUPERVISOR for v in values]
        remainder = len(unknown) - sum(f.n for a, f in visible.items() if a != SUPERVISOR)
        all_others = None
        if pool_shown and disclosure.may_show(len(unknown), t) and disclosure.safe_remainder(remainder, t):
            all_others = _figure([v for values in by_audience.values() for v in values])
        items[item_id] = ItemResult(item_id, visible, all_others)

    commenting = {a for a in on_own if a != SUPERVISOR}
    comments = tuple(
        sorted(
            r.comment.strip()
            for r in responses
            if r.comment.strip()
            and (_audience(r) in commenting or (pool_shown and _audience(r) not in on_own))
        )
    )
    shown_groups = tuple(sorted({g for item in items.values() for g in item.groups}))
    return Aggregate(
        t,
        dict(counts.shown),
        items,
        comments,
        shown_groups,
        other_responses=counts.rest if pool_shown else None,
        total_responses=counts.total,
        all_others_shown=pool_shown,
    )


@dataclass(frozen=True)
class Comparison:
    item_id: str
    self_score: float | None
    others: Figure | None  # "all others" when it may be shown, else the visible groups pooled
    difference: float | None  # others − self

    def kind(self, margin: float) -> str:
        """ "blind-spot" (others notably lower), "hidden-strength" (notably higher) or ""."""
        if self.difference is None:
            return ""
        if self.difference <= -margin:
            return "blind-spot"
        if self.difference >= margin:
            return "hidden-strength"
        return ""


def _pooled(figures: Iterable[Figure]) -> Figure | None:
    """Visible groups taken together: derivable from what is already shown, so it reveals nothing."""
    figures = list(figures)
    n = sum(f.n for f in figures)
    if not n:
        return None
    return Figure(n, sum(f.mean * f.n for f in figures) / n)


def others_figure(item: ItemResult) -> Figure | None:
    """What everyone but the practitioner said of one item, as far as it may be shown: "all others"
    when it passed, else the groups that may be shown, pooled."""
    return item.all_others or _pooled(item.groups.values())


def compare_with_self(result: Aggregate, self_scores: Mapping[str, float | None]) -> list[Comparison]:
    comparisons = []
    for item_id, item in result.items.items():
        own = self_scores.get(item_id)
        others = others_figure(item)
        difference = None if own is None or others is None else others.mean - own
        comparisons.append(Comparison(item_id, own, others, difference))
    return comparisons
