"""Tag suggestions for journal text, shaped for the entry form. The ranking itself is pure:
praxis.framework.tagging, behind a small interface a stronger model can replace."""

from __future__ import annotations

from dataclasses import dataclass

from praxis.core.frameworks import current_framework
from praxis.framework.model import Competency, KeyActivity
from praxis.framework.tagging import suggester_for


@dataclass(frozen=True)
class SuggestedTag:
    competency: Competency
    matched_words: tuple[str, ...]
    key_activities: tuple[KeyActivity, ...]


def suggest(text: str, limit: int = 3) -> list[SuggestedTag]:
    framework = current_framework()
    return [
        SuggestedTag(
            framework.competency(s.competency_id),
            s.matched_words,
            tuple(framework.get(a) for a in s.key_activities),
        )
        for s in suggester_for(framework).suggest(text, limit=limit)
    ]
