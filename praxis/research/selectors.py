"""The reads of a research export: the consented members' submitted assessments, their answers,
stored scores and (if agreed to) notes. Who is in is `praxis.accounts.policy.research_consenting`,
read when the export runs; the scores come from `praxis.assessments.scores`, as everywhere."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import QuerySet

from praxis.accounts import policy
from praxis.accounts.models import Organisation
from praxis.assessments.models import Answer, Assessment, CompetencyNote, Status


def consented_assessments(organisation: Organisation, kind: str) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(
            owner__in=policy.research_consenting(organisation).values("user_id"),
            kind=kind,
            status=Status.SUBMITTED,
        ).order_by("pk")  # framework versions by id only: each row's JSON is ~100 KB
    )


def respondent_count(organisation: Organisation, kind: str) -> int:
    return consented_assessments(organisation, kind).values("owner_id").distinct().count()


def free_text_owners(organisation: Organisation) -> set[int]:
    return set(policy.research_free_text_consenting(organisation).values_list("user_id", flat=True))


def answers_of(assessment_ids: list[int]) -> dict[int, dict[str, object]]:
    """assessment id → item id → level, or "NA" for not applicable."""
    found: dict[int, dict[str, object]] = defaultdict(dict)
    rows = Answer.objects.filter(assessment_id__in=assessment_ids).values_list(
        "assessment_id", "item_id", "level", "not_applicable"
    )
    for assessment_id, item_id, level, not_applicable in rows.iterator(chunk_size=5000):
        found[assessment_id][item_id] = "NA" if not_applicable else level
    return found


def notes_of(assessment_ids: list[int]) -> dict[int, dict[str, str]]:
    found: dict[int, dict[str, str]] = defaultdict(dict)
    rows = CompetencyNote.objects.filter(assessment_id__in=assessment_ids).values_list(
        "assessment_id", "competency_id", "text"
    )
    for assessment_id, competency_id, text in rows:
        found[assessment_id][competency_id] = text
    return found
