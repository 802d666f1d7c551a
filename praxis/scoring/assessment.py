"""Scoring a self-assessment: pure functions over plain data.

Answers map an item id to a level value, or to ``None`` for "not applicable to my role"; an
item missing from the mapping is unanswered. Not applicable never counts as a number.

- A competency's score is the mean of its rated items, shown only when at least half of its
  items are answered (rated or not applicable) and at least one is rated.
- A domain's score is the mean of the competency scores present in it.
- There is deliberately no overall score: the framework is for reflection, not ranking.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from statistics import fmean

Answers = Mapping[str, "int | None"]


class Status(StrEnum):
    SCORED = "scored"
    NOT_ENOUGH = "not-enough-answers"
    NOT_APPLICABLE = "not-applicable"


@dataclass(frozen=True)
class CompetencyScore:
    competency_id: str
    score: float | None
    status: Status
    items: int
    rated: int
    not_applicable: int

    @property
    def answered(self) -> int:
        return self.rated + self.not_applicable

    @property
    def unanswered(self) -> int:
        return self.items - self.answered


@dataclass(frozen=True)
class DomainScore:
    domain_id: str
    score: float | None
    scored_competencies: int
    competencies: int


def score_competency(competency_id: str, item_ids: Sequence[str], answers: Answers) -> CompetencyScore:
    present = [answers[i] for i in item_ids if i in answers]
    rated = [value for value in present if value is not None]
    not_applicable = len(present) - len(rated)
    if rated and 2 * len(present) >= len(item_ids):
        status, score = Status.SCORED, fmean(rated)
    elif present and not rated and 2 * len(present) >= len(item_ids):
        status, score = Status.NOT_APPLICABLE, None
    else:
        status, score = Status.NOT_ENOUGH, None
    return CompetencyScore(competency_id, score, status, len(item_ids), len(rated), not_applicable)


def score_competencies(
    structure: Mapping[str, Sequence[str]], answers: Answers
) -> dict[str, CompetencyScore]:
    """Scores for every competency, in the order of ``structure`` (competency id → item ids)."""
    return {cid: score_competency(cid, items, answers) for cid, items in structure.items()}


def score_domains(
    domains: Mapping[str, Sequence[str]], competency_scores: Mapping[str, CompetencyScore]
) -> dict[str, DomainScore]:
    """Domain id → mean of its competencies' scores that are present."""
    result = {}
    for domain_id, competency_ids in domains.items():
        scores = [
            competency_scores[c].score
            for c in competency_ids
            if c in competency_scores and competency_scores[c].score is not None
        ]
        result[domain_id] = DomainScore(
            domain_id, fmean(scores) if scores else None, len(scores), len(competency_ids)
        )
    return result


def strengths_and_development_areas(
    competency_scores: Mapping[str, CompetencyScore], count: int = 3
) -> tuple[list[str], list[str]]:
    """The highest and lowest scored competencies; ties go to the earlier one in guide order.

    ``competency_scores`` is in guide order. With fewer than ``2 * count`` scored competencies
    the two lists share them out so that no competency is both a strength and an area to develop,
    and a competency tied with a strength is never called an area to develop.
    """
    order = {cid: position for position, cid in enumerate(competency_scores)}
    scored = [s for s in competency_scores.values() if s.score is not None]
    take_strengths = min(count, (len(scored) + 1) // 2)
    take_development = min(count, len(scored) - take_strengths)
    by_high = sorted(scored, key=lambda s: (-s.score, order[s.competency_id]))
    strengths = [s.competency_id for s in by_high[:take_strengths]]
    # An area to develop scores below every strength: a tie with a strength is neither.
    floor = min((s.score for s in by_high[:take_strengths]), default=None)
    remaining = [s for s in scored if s.competency_id not in strengths and s.score < floor]
    by_low = sorted(remaining, key=lambda s: (s.score, order[s.competency_id]))
    return strengths, [s.competency_id for s in by_low[:take_development]]


def changes(
    current: Mapping[str, CompetencyScore], previous: Mapping[str, CompetencyScore] | None
) -> dict[str, float | None]:
    """Change in each competency's score since the previous assessment (None where either lacks one)."""
    result = {}
    for cid, now in current.items():
        before = previous.get(cid) if previous else None
        if now.score is None or before is None or before.score is None:
            result[cid] = None
        else:
            result[cid] = now.score - before.score
    return result
