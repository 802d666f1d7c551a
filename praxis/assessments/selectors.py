"""Reads for self-assessment pages. Each runs a fixed number of queries, whatever the data size.

Every score comes from `praxis.assessments.scores`, the one read of scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404

from praxis.accounts.policy import Reach
from praxis.framework import Framework
from praxis.framework.model import Competency, Domain, Principle
from praxis.scoring import (
    CompetencyScore,
    DomainScore,
    changes,
    score_domains,
    strengths_and_development_areas,
)

from . import policy
from . import scores as scores_module
from .models import Assessment, Status
from .structure import PRINCIPLE_STRENGTHS, Questionnaire


def framework_and_questionnaire(assessment: Assessment) -> tuple[Framework, Questionnaire]:
    return scores_module.framework_of(assessment), scores_module.questionnaire_of(assessment)


# -- taking an assessment -----------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int
    answered_by_page: dict[int, int]
    unanswered: list  # items not yet answered, in page order
    items_in: dict[str, int] = field(default_factory=dict)  # competency id → how many items it has

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100

    @property
    def resume_page(self) -> int:
        """Where to pick up: the first page with something unanswered, else the principles page."""
        return self.unanswered[0][0] if self.unanswered else 0


def progress(questionnaire: Questionnaire, answers: dict[str, object]) -> Progress:
    by_page, unanswered = {}, []
    for page in questionnaire.item_pages:
        by_page[page.number] = sum(1 for item in page.items if item.id in answers)
        unanswered += [(page.number, item) for item in page.items if item.id not in answers]
    items_in = {cid: len(item_ids) for cid, item_ids in questionnaire.structure.items()}
    return Progress(sum(by_page.values()), len(questionnaire.items), by_page, unanswered, items_in)


@dataclass(frozen=True)
class Unanswered:
    competency: Competency
    page: int  # where its items are asked
    count: int  # how many of its items are unanswered
    items: int  # how many items it has


def unanswered_by_competency(framework: Framework, progress: Progress) -> list[Unanswered]:
    """The competencies with something unanswered, in the order they are asked, for the review page."""
    counts: dict[str, list[int]] = {}
    for number, item in progress.unanswered:
        counts.setdefault(item.competency_id, [number, 0])[1] += 1
    structure = {c.id: c for c in framework.competencies}
    return [
        Unanswered(structure[cid], number, count, progress.items_in.get(cid, count))
        for cid, (number, count) in counts.items()
        if cid in structure
    ]


def scorable_count(assessment: Assessment) -> int:
    """How many competencies the draft's answers would score now (one query)."""
    return sum(1 for s in scores_module.scores_of(assessment).values() if s.score is not None)


def drafts_of(owner) -> dict[str, Assessment]:
    """The person's drafts in progress, by kind (at most one of each)."""
    return {a.kind: a for a in policy.own_assessments(owner).filter(status=Status.DRAFT)}


def assessment_for_editing(user, pk: int) -> Assessment:
    """The owner's assessment with its framework version (404 for anyone else)."""
    return get_object_or_404(policy.own_assessments(user), pk=pk)


def assessment_for_viewing(user, pk: int) -> Assessment:
    return assessment_and_reach(user, pk)[0]


def assessment_and_reach(user, pk: int) -> tuple[Assessment, Reach]:
    """The assessment (404 unless `user` may read it) and the user's reach to its owner, which the
    results page passes to its later reads of the owner's things."""
    found = policy.viewable_assessment_reached(user, pk)
    if found is None:
        raise Http404
    return found


# -- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultRow:
    competency: Competency
    domain: Domain
    score: CompetencyScore
    change: float | None  # against the previous assessment the viewer may see, else None
    note: str


@dataclass(frozen=True)
class PrincipleResult:
    principle: Principle
    strength: int | None
    example: str

    @property
    def strength_label(self) -> str:
        return {value: label for value, label, _ in PRINCIPLE_STRENGTHS}.get(self.strength, "")


@dataclass(frozen=True)
class Results:
    assessment: Assessment
    framework: Framework
    competencies: list[ResultRow]
    domains: list[tuple[Domain, DomainScore]]
    strengths: list[ResultRow]
    development_areas: list[ResultRow]
    previous: Assessment | None  # the one changes compare with, visible to the viewer
    principles: list[PrincipleResult]
    by_id: dict[str, ResultRow] = field(default_factory=dict)


def results_for(assessment: Assessment, viewer, reach: Reach | None = None) -> Results:
    """An assessment's results as `viewer` may see them: changes only against an earlier
    assessment the viewer may see too (`reach`: the viewer's reach to the owner, when the page
    has read it for several reads)."""
    framework = scores_module.framework_of(assessment)
    notes = {n.competency_id: n.text for n in assessment.notes.all()}
    reflections = {r.principle_id: r for r in assessment.principle_reflections.all()}
    previous = scores_module.previous_comparable(assessment, viewer, reach)
    by_assessment = scores_module.scores_of_many([assessment] + ([previous] if previous else []))
    scores = by_assessment[assessment.pk]
    delta = changes(scores, by_assessment[previous.pk] if previous else None)
    competencies = [
        ResultRow(c, framework.domain_of(c), scores[c.id], delta[c.id], notes.get(c.id, ""))
        for c in framework.competencies
    ]
    by_id = {r.competency.id: r for r in competencies}
    domain_scores = score_domains({d.id: [c.id for c in d.competencies] for d in framework.domains}, scores)
    strengths, development = strengths_and_development_areas(scores)
    return Results(
        assessment=assessment,
        framework=framework,
        competencies=competencies,
        domains=[(d, domain_scores[d.id]) for d in framework.domains],
        strengths=[by_id[c] for c in strengths],
        development_areas=[by_id[c] for c in development],
        previous=previous,
        principles=[
            PrincipleResult(
                p,
                reflections[p.id].strength if p.id in reflections else None,
                reflections[p.id].example if p.id in reflections else "",
            )
            for p in framework.principles
        ],
        by_id=by_id,
    )


# -- history ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    competency: Competency
    scores: list[float | None]  # one per assessment, oldest first

    @property
    def has_scores(self) -> bool:
        return any(s is not None for s in self.scores)


def history_for(owner, kind: str) -> tuple[list[Assessment], list[HistoryRow]]:
    """Every submitted assessment of a kind, oldest first, with each competency's score in each.
    The owner's own page: it shows every assessment they made."""
    assessments = list(
        policy.own_assessments(owner)
        .filter(kind=kind, status=Status.SUBMITTED)
        .order_by("submitted_at", "pk")
    )
    if not assessments:
        return [], []
    by_assessment = scores_module.scores_of_many(assessments)
    per_assessment = [by_assessment[a.pk] for a in assessments]
    framework = scores_module.framework_of(assessments[-1])
    rows = [
        HistoryRow(c, [s[c.id].score if c.id in s else None for s in per_assessment])
        for c in framework.competencies
    ]
    return assessments, rows


# -- what supervisors see -----------------------------------------------------------------------


SUPERVISEES_PER_PAGE = 25
LATEST_SHOWN = 2  # shared assessments shown for each supervisee


@dataclass(frozen=True)
class Supervisee:
    person: object  # User
    latest: list[Assessment]  # the newest LATEST_SHOWN submitted assessments they shared with you
    shared: int  # how many they shared with you in all


@dataclass(frozen=True)
class SuperviseesPage:
    page: Page  # of people, the current page
    rows: list[Supervisee]
    name: str  # what the names were narrowed to, "" for everyone
    reach: Reach | None = None  # the viewer's reach to this page's people, for the page's other reads

    @property
    def shown(self) -> bool:
        """Whether the dashboard has a section for them: the user supervises someone, or searched."""
        return bool(self.name) or self.page.paginator.count > 0


def supervisees_with_shared(user, *, name: str = "", page: int = 1) -> SuperviseesPage:
    """A page of the people `user` supervises (by name, narrowed to names containing `name`), each
    with the newest two submitted assessments they shared with `user` and how many in all.

    Four queries whatever the numbers of supervisees and assessments (the count, the page, the
    viewer's reach to that page's people, then one ranked query over them only); never loads every
    shared assessment."""
    people = policy.supervisees_of(user)
    if name:
        people = people.filter(full_name__icontains=name)
    current = Paginator(people.only("pk", "full_name", "email"), SUPERVISEES_PER_PAGE).get_page(page)
    persons = list(current.object_list)
    if not persons:
        return SuperviseesPage(current, [], name)
    people_reach = policy.reach(user, [p.pk for p in persons])
    by_owner = F("owner_id")
    ranked = (
        policy.viewable_assessments(user, reach=people_reach)
        .filter(status=Status.SUBMITTED)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[by_owner], order_by=[F("submitted_at").desc(), F("pk").desc()]
            ),
            in_all=Window(Count("pk"), partition_by=[by_owner]),
        )
        .filter(rank__lte=LATEST_SHOWN)
        .order_by("owner_id", "rank")
    )
    latest: dict[int, list[Assessment]] = {p.pk: [] for p in persons}
    in_all: dict[int, int] = {}
    for assessment in ranked:
        latest[assessment.owner_id].append(assessment)
        in_all[assessment.owner_id] = assessment.in_all
    rows = [Supervisee(p, latest[p.pk], in_all.get(p.pk, 0)) for p in persons]
    return SuperviseesPage(current, rows, name, people_reach)


def shared_with_organisation(user, organisation, name: str = "") -> QuerySet[Assessment]:
    """Submitted assessments members shared with this organisation that `user` may see, by
    person then newest first; `name` narrows them to people whose name contains it."""
    shared = (
        policy.viewable_assessments(user)
        .filter(shares__organisation=organisation, status=Status.SUBMITTED)
        .exclude(owner=user)
    )
    if name:
        shared = shared.filter(owner__full_name__icontains=name)
    return shared.select_related("owner").order_by("owner__full_name", "-submitted_at", "-pk").distinct()


def latest_submitted(owner, kind: str) -> Assessment | None:
    return (
        Assessment.objects.filter(owner=owner, kind=kind, status=Status.SUBMITTED)
        .order_by("-submitted_at")
        .first()
    )
