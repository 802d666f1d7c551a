"""Reads for feedback pages. Reports take every figure from praxis.scoring.feedback."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from praxis.assessments.scores import latest_scores
from praxis.core.frameworks import current_framework
from praxis.framework.model import Competency
from praxis.scoring.feedback import Aggregate, Comparison, Response, aggregate, compare_with_self

from .instrument import TRUST_ITEMS, TrustItem
from .models import Rater, Rating, Relationship, Round

MARGIN = 1.0  # a difference of a whole level between self and others is worth a conversation


def rounds_for(user) -> QuerySet[Round]:
    return (
        Round.objects.filter(owner=user).order_by("-created_at")
        if user.is_authenticated
        else Round.objects.none()
    )


def round_for_owner(user, pk: int) -> Round:
    return get_object_or_404(rounds_for(user), pk=pk)


@dataclass(frozen=True)
class GroupCount:
    label: str
    invited: int
    responded: int


def response_counts(round_: Round) -> list[GroupCount]:
    """How many responded, never who: per group only where at least the minimum group size were
    invited (a group of one would show whether that person answered); smaller groups together,
    under the same rule; the total likewise. Withdrawn links stay counted, so withdrawing changes
    no figure."""
    invited, responded = Counter(), Counter()
    for relationship, submitted in round_.raters.values_list("relationship", "submitted_at"):
        invited[relationship] += 1
        responded[relationship] += submitted is not None
    minimum = round_.min_group_size
    rows = [
        GroupCount(label, invited[value], responded[value])
        for value, label in Relationship.choices
        if invited[value] >= minimum
    ]
    small = [value for value, _ in Relationship.choices if 0 < invited[value] < minimum]
    small_invited = sum(invited[v] for v in small)
    if small and small_invited >= minimum:
        rows.append(GroupCount("Smaller groups together", small_invited, sum(responded[v] for v in small)))
    total = sum(invited.values())
    if rows and total >= minimum and (not small or small_invited >= minimum):
        rows.append(GroupCount("Everyone", total, sum(responded.values())))
    return rows


def invited_raters(round_: Round) -> list[Rater]:
    """The invitation list (names and e-mails the owner typed). It shows only what the owner did
    (withdrawn or not), never whether someone answered."""
    return list(round_.raters.order_by("relationship", "email"))


@dataclass(frozen=True)
class CompetencyRow:
    competency: Competency
    comparison: Comparison
    kind: str
    result: object  # praxis.scoring.feedback.ItemResult


@dataclass(frozen=True)
class TrustRow:
    item: TrustItem
    result: object


@dataclass(frozen=True)
class Report:
    round: Round
    aggregate: Aggregate
    competencies: list[CompetencyRow]
    trust: list[TrustRow]
    blind_spots: list[CompetencyRow]
    hidden_strengths: list[CompetencyRow]
    margin: float
    responses: int
    group_labels: dict[str, str]


def report_for(round_: Round, viewer=None) -> Report:
    """The round's report as `viewer` (by default its owner) may see it: the self-comparison uses
    only self-assessments the viewer may see."""
    raters = list(
        round_.raters.filter(submitted_at__isnull=False).prefetch_related(
            Prefetch("ratings", queryset=Rating.objects.all())
        )
    )
    responses = [
        Response(r.relationship, {x.item_id: x.value for x in r.ratings.all()}, r.comment, r.identifiable)
        for r in raters
    ]
    from .services import items_for

    result = aggregate(responses, items_for(round_), round_.min_group_size)
    latest = latest_scores(round_.owner, round_.competency_ids, viewer=viewer or round_.owner)
    self_scores = {cid: found.score for cid, found in latest.items()}
    comparisons = {c.item_id: c for c in compare_with_self(result, self_scores)}
    framework = current_framework()
    rows = [
        CompetencyRow(
            framework.competency(cid), comparisons[cid], comparisons[cid].kind(MARGIN), result.items[cid]
        )
        for cid in round_.competency_ids
    ]
    trust = [TrustRow(item, result.items[item.id]) for item in TRUST_ITEMS if item.id in result.items]
    return Report(
        round=round_,
        aggregate=result,
        competencies=rows,
        trust=trust,
        blind_spots=[r for r in rows if r.kind == "blind-spot"],
        hidden_strengths=[r for r in rows if r.kind == "hidden-strength"],
        margin=MARGIN,
        responses=len(responses),
        group_labels={**dict(Relationship.choices), "supervisor": "Supervisor (named)"},
    )
