"""The reliability of a set of assessments, per competency, from their item-level answers.

``reliability_report(assessments, framework, min_group_size)`` takes any queryset of assessments
(which ones is decided by policy: ``praxis.surveys.policy.counted_assessments`` for a lead) and
reads their answers in one query. Key activity ids are stable across framework versions, so the
answers are pooled by id under the framework given (the one in use). Every figure is shown only
over at least the minimum group size of people (``praxis.scoring.disclosure``); below it the page
says "fewer than t" and shows no count, since a count is a figure too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from praxis import scoring  # its reliability (and scipy) load on first use, not when a worker starts
from praxis.assessments.models import Answer, Assessment
from praxis.framework import Framework
from praxis.scoring.disclosure import may_show, threshold

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class ItemFigure:
    item_id: str
    text: str
    item_rest: float | None


@dataclass(frozen=True)
class CompetencyReliability:
    competency_id: str
    name: str
    items: int
    shown: bool  # False: fewer than the minimum group size rated every key activity
    n: int | None
    alpha: float | None
    ci_low: float | None
    ci_high: float | None
    omega: float | None
    item_figures: tuple[ItemFigure, ...]


@dataclass(frozen=True)
class ReliabilityReport:
    threshold: int
    people_shown: bool
    people: int | None  # how many assessments count (shown only when at least the threshold)
    rows: tuple[CompetencyReliability, ...]


def answer_matrix(assessments: QuerySet[Assessment], item_ids: list[str]) -> np.ndarray:
    """Assessments × items: the level, or NaN for not applicable and unanswered. One query."""
    import numpy as np  # on first use: a worker that never reads a reliability does not hold it (~15 MiB)

    ids = list(assessments.values_list("pk", flat=True))
    row = {pk: i for i, pk in enumerate(ids)}
    column = {item: j for j, item in enumerate(item_ids)}
    matrix = np.full((len(ids), len(item_ids)), np.nan)
    answers = Answer.objects.filter(
        assessment__in=ids, item_id__in=item_ids, level__isnull=False, not_applicable=False
    ).values_list("assessment_id", "item_id", "level")
    for assessment_id, item_id, level in answers:
        matrix[row[assessment_id], column[item_id]] = level
    return matrix


def reliability_report(
    assessments: QuerySet[Assessment], framework: Framework, min_group_size: int | None = None
) -> ReliabilityReport:
    t = threshold(min_group_size)
    item_ids = [a.id for c in framework.competencies for a in c.key_activities]
    matrix = answer_matrix(assessments, item_ids)
    rows, start = [], 0
    for competency in framework.competencies:
        activities = competency.key_activities
        part = matrix[:, start : start + len(activities)]
        start += len(activities)
        alpha = scoring.cronbach_alpha(part)
        if not may_show(alpha.n, t):
            rows.append(
                CompetencyReliability(
                    competency.id, competency.name, len(activities), False, None, None, None, None, None, ()
                )
            )
            continue
        omega, rest = scoring.mcdonald_omega(part), scoring.item_rest_correlations(part)
        rows.append(
            CompetencyReliability(
                competency.id,
                competency.name,
                len(activities),
                True,
                alpha.n,
                alpha.value,
                alpha.ci_low,
                alpha.ci_high,
                omega.value,
                tuple(
                    ItemFigure(a.id, a.text, r) for a, r in zip(activities, rest.correlations, strict=True)
                ),
            )
        )
    people = len(matrix)
    shown = may_show(people, t)
    return ReliabilityReport(t, shown, people if shown else None, tuple(rows))
