"""The questionnaire: what an assessment asks, page by page, for a given framework and kind. No database.

Quick: one item per competency, all on one page (grouped by domain). Full: one item per key activity (nested
sub-points are shown as detail of their key activity), one page per competency. Both end with
the principles reflection and a review page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from praxis.framework import Framework
from praxis.framework.model import Competency

QUICK, FULL = "quick", "full"


@dataclass(frozen=True)
class Item:
    id: str
    competency_id: str
    text: str  # what is rated
    details: tuple[str, ...] = ()  # overview statements (quick) or sub-points (full)


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    kind: str  # "items", "principles" or "review"
    title: str
    competencies: tuple[Competency, ...] = ()
    items: tuple[Item, ...] = ()
    domain_id: str = ""


@dataclass(frozen=True)
class Questionnaire:
    kind: str
    pages: tuple[Page, ...]
    structure: dict  # competency id → item ids, for scoring
    items: dict  # item id → Item

    @property
    def item_pages(self) -> tuple[Page, ...]:
        return tuple(p for p in self.pages if p.kind == "items")

    def page(self, number: int) -> Page:
        if not 1 <= number <= len(self.pages):
            raise KeyError(number)
        return self.pages[number - 1]

    @property
    def principles_page(self) -> Page:
        return next(p for p in self.pages if p.kind == "principles")


def _quick_items(competency: Competency) -> tuple[Item, ...]:
    return (Item(competency.id, competency.id, competency.summary or competency.name, competency.overview),)


def _full_items(competency: Competency) -> tuple[Item, ...]:
    return tuple(
        Item(a.id, competency.id, a.text, tuple(c.text for c in a.children))
        for a in competency.key_activities
    )


@cache
def questionnaire_for(framework: Framework, kind: str) -> Questionnaire:
    pages: list[Page] = []
    if kind == QUICK:
        # One page for every competency, grouped by domain on it: a rating per competency, then
        # the principles and the review, so the whole of it takes a click per item and three more.
        items = tuple(i for c in framework.competencies for i in _quick_items(c))
        pages.append(Page(1, "items", "Rate your practice", tuple(framework.competencies), items))
    elif kind == FULL:
        for competency in framework.competencies:
            pages.append(
                Page(
                    len(pages) + 1,
                    "items",
                    competency.name,
                    (competency,),
                    _full_items(competency),
                    competency.domain_id,
                )
            )
    else:
        raise ValueError(f"unknown assessment kind {kind!r}")
    pages.append(Page(len(pages) + 1, "principles", "Principles in your practice"))
    pages.append(Page(len(pages) + 1, "review", "Review and submit"))
    items = {i.id: i for p in pages for i in p.items}
    structure: dict[str, list[str]] = {c.id: [] for c in framework.competencies}
    for item in items.values():
        structure[item.competency_id].append(item.id)
    return Questionnaire(kind, tuple(pages), structure, items)


PRINCIPLE_STRENGTHS = (
    (1, "Rarely", "It seldom shapes what I do yet."),
    (2, "Sometimes", "It guides me in some situations."),
    (3, "Often", "It guides most of my work."),
    (4, "Almost always", "It is part of how I work, even under pressure."),
)
