"""Multi-rater feedback aggregation with an anonymity threshold that holds everywhere.

Pure functions over plain data; every page, chart and export takes its numbers from here.

Rules, applied item by item (a rater may rate one competency and mark another "not observed"):
- A group's figures for an item appear only when at least ``threshold`` of its raters rated it.
- Supervisors who agreed to be identifiable form a group shown at any size (they chose to be
  seen); supervisors who did not count only within "all others".
- "All others" (every rater together) appears only when at least ``threshold`` rated the item,
  and only if the raters outside the visible groups are none or at least ``threshold``: otherwise
  "all others" minus the visible groups would give away the hidden few by difference.
- Spreads (how many gave each level) follow the same visibility as means.
- Comments appear only from groups whose number of responses meets the threshold, unattributed,
  in alphabetical order, which says nothing about who wrote them or when.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import fmean

SUPERVISOR = "supervisor"
ALL_OTHERS = "all-others"
MIN_THRESHOLD = 2


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
    spread: tuple[tuple[int, int], ...]  # (level, how many), ascending


@dataclass(frozen=True)
class ItemResult:
    item_id: str
    groups: dict[str, Figure]  # only visible groups
    all_others: Figure | None


@dataclass(frozen=True)
class Aggregate:
    threshold: int
    responses_by_group: dict[str, int]
    items: dict[str, ItemResult]
    comments: tuple[str, ...]
    visible_groups: tuple[str, ...] = field(default=())


def effective_threshold(threshold: int) -> int:
    return max(MIN_THRESHOLD, int(threshold))


def _audience(response: Response) -> str:
    if response.group == SUPERVISOR:
        return SUPERVISOR if response.identifiable else "supervisor-anonymous"
    return response.group


def _figure(values: list[int]) -> Figure:
    return Figure(len(values), fmean(values), tuple(sorted(Counter(values).items())))


def aggregate(responses: Sequence[Response], item_ids: Iterable[str], threshold: int) -> Aggregate:
    threshold = effective_threshold(threshold)
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
            if audience != "supervisor-anonymous" and (audience == SUPERVISOR or len(values) >= threshold)
        }
        everyone = [v for values in by_audience.values() for v in values]
        hidden = len(everyone) - sum(f.n for f in visible.values())
        all_others = None
        if len(everyone) >= threshold and (hidden == 0 or hidden >= threshold):
            all_others = _figure(everyone)
        items[item_id] = ItemResult(item_id, visible, all_others)

    counts = Counter(_audience(r) for r in responses)
    commenting = {a for a, n in counts.items() if a != "supervisor-anonymous" and n >= threshold}
    comments = tuple(
        sorted(r.comment.strip() for r in responses if r.comment.strip() and _audience(r) in commenting)
    )
    shown_groups = tuple(sorted({g for item in items.values() for g in item.groups}))
    responses_by_group = Counter(r.group for r in responses)
    return Aggregate(threshold, dict(responses_by_group), items, comments, shown_groups)


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
    spread: Counter = Counter()
    for f in figures:
        spread.update(dict(f.spread))
    return Figure(n, sum(f.mean * f.n for f in figures) / n, tuple(sorted(spread.items())))


def compare_with_self(result: Aggregate, self_scores: Mapping[str, float | None]) -> list[Comparison]:
    comparisons = []
    for item_id, item in result.items.items():
        own = self_scores.get(item_id)
        others = item.all_others or _pooled(item.groups.values())
        difference = None if own is None or others is None else others.mean - own
        comparisons.append(Comparison(item_id, own, others, difference))
    return comparisons
