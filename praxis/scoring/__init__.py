"""Scoring and statistics: pure functions over plain data, no Django."""

from .assessment import (
    CompetencyScore,
    DomainScore,
    Status,
    changes,
    score_competencies,
    score_competency,
    score_domains,
    strengths_and_development_areas,
)

__all__ = [
    "CompetencyScore",
    "DomainScore",
    "Status",
    "changes",
    "score_competencies",
    "score_competency",
    "score_domains",
    "strengths_and_development_areas",
]
