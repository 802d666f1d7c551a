"""Reads for feedback pages. Reports take every figure from praxis.scoring.feedback."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from praxis.assessments.scores import latest_scores
from praxis.framework.model import Competency
from praxis.scoring import disclosure
from praxis.scoring.feedback import (
    Aggregate,
    Comparison,
    Figure,
    Response,
    aggregate,
    compare_with_self,
    others_figure,
)

from . import policy
from .instrument import TRUST_ITEMS, TrustItem, framework_of, items_for
from .models import Rater, Rating, Relationship, Round

MARGIN = 1.0  # a difference of a whole level between self and others is worth a conversation


def rounds_for(user) -> QuerySet[Round]:
    return policy.own_rounds(user).order_by("-created_at")


def round_for_owner(user, pk: int) -> Round:
    return get_object_or_404(rounds_for(user), pk=pk)


@dataclass(frozen=True)
class GroupCount:
    label: str
    invited: int
    enough: bool  # at least the minimum group size have answered


def _invited(round_: Round) -> QuerySet[Rater]:
    """Raters whose invitation went out (not those waiting for a supervisor's approval). Withdrawn
    links stay counted, so withdrawing someone changes no figure."""
    qs = round_.raters.all()
    return qs.exclude(approved_at__isnull=True) if round_.approval_required else qs


def response_counts(round_: Round) -> list[GroupCount]:
    """How far a round has got, never who answered, decided by praxis.scoring.disclosure.

    Each group with at least the minimum invited is a row, and the smaller groups together are
    one row if together they reach it (smaller groups alone are not shown). A row says whether at
    least the minimum have answered — the one thing the report's visibility turns on — and not a
    running count: a count that ticks up by one says when one person answered, and a total next
    to the rows would give the groups left out away by difference (rule 2 of disclosure)."""
    t = disclosure.threshold(round_.min_group_size)
    invited, responded = Counter(), Counter()
    for relationship, submitted in _invited(round_).values_list("relationship", "submitted_at"):
        invited[relationship] += 1
        responded[relationship] += submitted is not None
    rows = [
        GroupCount(label, invited[value], disclosure.may_show(responded[value], t))
        for value, label in Relationship.choices
        if disclosure.may_show(invited[value], t)
    ]
    small = [value for value, _ in Relationship.choices if 0 < invited[value] < t]
    small_invited = sum(invited[v] for v in small)
    if disclosure.may_show(small_invited, t):
        rows.append(
            GroupCount(
                "Smaller groups together",
                small_invited,
                disclosure.may_show(sum(responded[v] for v in small), t),
            )
        )
    return rows


@dataclass(frozen=True)
class Approval:
    required: bool
    waiting: int  # raters waiting for a supervisor's approval
    has_approver: bool  # someone supervises the owner in the round's organisation


def approval_state(round_: Round) -> Approval:
    waiting = (
        round_.raters.filter(approved_at__isnull=True, revoked_at__isnull=True).count()
        if round_.approval_required
        else 0
    )
    return Approval(round_.approval_required, waiting, policy.has_approver(round_))


def rounds_to_approve(user) -> list[Round]:
    """Open rounds with raters waiting for this supervisor's approval."""
    return [
        round_
        for round_ in policy.rounds_to_approve(user)
        .filter(raters__approved_at__isnull=True, raters__revoked_at__isnull=True, closed_at__isnull=True)
        .distinct()
        if round_.is_open
    ]


def round_to_approve(user, pk: int) -> Round:
    return get_object_or_404(policy.rounds_to_approve(user), pk=pk)


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
    group_labels: dict[str, str]


def _aggregate(round_: Round) -> Aggregate:
    """Every figure of the round that may be shown (praxis.scoring.disclosure decides, inside
    `aggregate`). Two queries."""
    raters = list(
        round_.raters.filter(submitted_at__isnull=False).prefetch_related(
            Prefetch("ratings", queryset=Rating.objects.all())
        )
    )
    responses = [
        Response(r.relationship, {x.item_id: x.value for x in r.ratings.all()}, r.comment, r.identifiable)
        for r in raters
    ]
    invited = Counter(_invited(round_).values_list("relationship", flat=True))
    return aggregate(responses, items_for(round_), round_.min_group_size, invited=invited)


def others_ratings(round_: Round) -> dict[str, Figure | None]:
    """Per competency of the round, what the other raters said as far as it may be shown: the
    report's "others" column without the self-comparison, for pages that only need that."""
    items = _aggregate(round_).items
    return {cid: others_figure(items[cid]) for cid in round_.competency_ids if cid in items}


def report_for(round_: Round, viewer=None) -> Report:
    """The round's report as `viewer` (by default its owner) may see it: the self-comparison uses
    only self-assessments the viewer may see."""
    result = _aggregate(round_)
    latest = latest_scores(round_.owner, round_.competency_ids, viewer=viewer or round_.owner)
    self_scores = {cid: found.score for cid, found in latest.items()}
    comparisons = {c.item_id: c for c in compare_with_self(result, self_scores)}
    framework = framework_of(round_)
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
        group_labels={**dict(Relationship.choices), "supervisor": "Supervisor (named)"},
    )


@dataclass(frozen=True)
class RaterProgress:
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100


def rater_progress(round_: Round, answered_ids) -> RaterProgress:
    """How many of the round's questions a rater has answered ("not observed" is an answer)."""
    items = items_for(round_)
    return RaterProgress(len(set(items) & set(answered_ids)), len(items))
