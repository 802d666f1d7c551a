"""Typed, immutable objects for a competency framework.

Plain dataclasses with no Django: the loader builds them, the web apps and exporters read them.
Every item carries a stable ``id`` (a slug, unique across the framework) and, where the data
gives one, a ``source``: the section of the originating guide it is drawn from.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ScaleLevel:
    id: str
    value: int
    label: str
    description: str
    proficient: bool


@dataclass(frozen=True)
class NotApplicable:
    """The "not applicable to my role" answer: a choice, never a number."""

    id: str
    label: str
    description: str


@dataclass(frozen=True)
class Scale:
    id: str
    name: str
    description: str
    levels: tuple[ScaleLevel, ...]
    not_applicable: NotApplicable

    @property
    def proficient_levels(self) -> tuple[ScaleLevel, ...]:
        return tuple(level for level in self.levels if level.proficient)

    @property
    def top(self) -> ScaleLevel:
        return self.levels[-1]


@dataclass(frozen=True)
class Definition:
    id: str
    name: str
    text: str
    source: str


@dataclass(frozen=True)
class Principle:
    id: str
    name: str
    summary: str
    description: str
    in_practice: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class ContextLevel:
    id: str
    name: str
    description: str
    examples: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class KeyActivity:
    id: str
    text: str
    children: tuple[KeyActivity, ...] = ()


@dataclass(frozen=True)
class SubListItem:
    id: str
    name: str  # the guide's own term where it has one, else ""
    text: str


@dataclass(frozen=True)
class SubList:
    id: str
    title: str
    items: tuple[SubListItem, ...]
    elaborates: str = ""  # id of the key activity this list details, if any


@dataclass(frozen=True)
class Competency:
    id: str
    name: str
    summary: str
    overview: tuple[str, ...]
    key_activities: tuple[KeyActivity, ...]
    hint: str
    sublists: tuple[SubList, ...]
    principles: tuple[str, ...]  # ids of principles that often come into play
    prompts: tuple[str, ...]
    source: str
    domain_id: str = ""
    # What the competency looks like from the outside ("They…"), for raters, and the guide's
    # section it cites; optional in the file (empty here when absent).
    observer_description: str = ""
    observer_source: str = ""

    @property
    def for_observer(self) -> str:
        """The description a rater reads: the observer's wording, or the summary when the file has none."""
        return self.observer_description or self.summary

    def all_key_activities(self) -> Iterator[KeyActivity]:
        """Every key activity, children included, in reading order."""
        stack = list(reversed(self.key_activities))
        while stack:
            activity = stack.pop()
            yield activity
            stack.extend(reversed(activity.children))

    def sublist_for(self, key_activity_id: str) -> SubList | None:
        return next((s for s in self.sublists if s.elaborates == key_activity_id), None)


@dataclass(frozen=True)
class Domain:
    id: str
    name: str
    description: str
    competencies: tuple[Competency, ...]
    source: str


@dataclass(frozen=True)
class SubQuestion:
    id: str
    text: str


@dataclass(frozen=True)
class ReflectiveQuestion:
    id: str
    number: int
    text: str
    sub_questions: tuple[SubQuestion, ...]
    source: str


@dataclass(frozen=True)
class Dilemma:
    id: str
    title: str
    description: str
    prompts: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class ResourceCategory:
    id: str
    name: str


@dataclass(frozen=True)
class Resource:
    id: str
    title: str
    url: str
    category: str
    description: str
    source: str


@dataclass(frozen=True)
class SourceDocument:
    title: str
    authors: str
    publisher: str
    year: str
    url: str
    note: str


@dataclass(frozen=True)
class Framework:
    id: str
    version: str
    last_changed: str
    title: str
    short_title: str
    language: str
    description: str
    source: SourceDocument
    scale: Scale
    role_titles: tuple[str, ...]
    role_titles_source: str
    definitions: tuple[Definition, ...]
    principles: tuple[Principle, ...]
    context_levels: tuple[ContextLevel, ...]
    domains: tuple[Domain, ...]
    dilemmas: tuple[Dilemma, ...]
    dilemmas_guidance: str
    reflective_questions: tuple[ReflectiveQuestion, ...]
    resource_categories: tuple[ResourceCategory, ...]
    resources: tuple[Resource, ...]
    retired_ids: tuple[str, ...] = ()
    _index: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for item in self.items():
            self._index[item.id] = item

    # -- traversal -----------------------------------------------------------------------
    @property
    def competencies(self) -> tuple[Competency, ...]:
        return tuple(c for d in self.domains for c in d.competencies)

    def items(self) -> Iterator:
        """Every item that has an id, in document order."""
        yield from self.definitions
        yield from self.principles
        yield from self.context_levels
        for domain in self.domains:
            yield domain
            for competency in domain.competencies:
                yield competency
                yield from competency.all_key_activities()
                for sublist in competency.sublists:
                    yield sublist
                    yield from sublist.items
        yield from self.dilemmas
        for question in self.reflective_questions:
            yield question
            yield from question.sub_questions
        yield from self.resource_categories
        yield from self.resources

    def ids(self) -> list[str]:
        return [item.id for item in self.items()]

    # -- look-ups --------------------------------------------------------------------------
    def get(self, item_id: str):
        """Any item by id; KeyError if there is none."""
        return self._index[item_id]

    def _typed(self, item_id: str, kind: type):
        item = self._index.get(item_id)
        if not isinstance(item, kind):
            raise KeyError(item_id)
        return item

    def competency(self, item_id: str) -> Competency:
        return self._typed(item_id, Competency)

    def domain(self, item_id: str) -> Domain:
        return self._typed(item_id, Domain)

    def principle(self, item_id: str) -> Principle:
        return self._typed(item_id, Principle)

    def dilemma(self, item_id: str) -> Dilemma:
        return self._typed(item_id, Dilemma)

    def domain_of(self, competency: Competency) -> Domain:
        return self.domain(competency.domain_id)

    def competency_of(self, key_activity_id: str) -> Competency:
        for competency in self.competencies:
            if any(a.id == key_activity_id for a in competency.all_key_activities()):
                return competency
        raise KeyError(key_activity_id)

    def competencies_for_principle(self, principle_id: str) -> tuple[Competency, ...]:
        return tuple(c for c in self.competencies if principle_id in c.principles)

    def resources_in(self, category_id: str) -> tuple[Resource, ...]:
        return tuple(r for r in self.resources if r.category == category_id)
