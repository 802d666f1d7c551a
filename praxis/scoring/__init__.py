"""Scoring and statistics: pure functions over plain data, no Django."""

import importlib

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

# The statistics of pre/post change and of reliability need scipy, which adds ~75 MB to a process:
# it is loaded on first use of `praxis.scoring.paired_change` or `cronbach_alpha` (PEP 562), not by
# every page that scores answers.
_LAZY = {
    "PairedChange": "paired",
    "holm": "paired",
    "paired_change": "paired",
    "Alpha": "reliability",
    "ItemRest": "reliability",
    "Omega": "reliability",
    "cronbach_alpha": "reliability",
    "item_rest_correlations": "reliability",
    "mcdonald_omega": "reliability",
}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
