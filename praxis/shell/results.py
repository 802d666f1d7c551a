"""What stands next to each score on a results page: evidence, others' view and the plan.

"Scores never stand alone" (PRODUCT.md). The assessments app knows scores only; the journal,
plans and feedback sit above it and may not be imported there, so the site shell, which may import
every app, puts them side by side here. Everything is read as the viewer may see it, through each
app's own policy:

- evidence: the owner's journal entries the viewer may read (`journal.policy.viewable_entries`),
  tagged with the competency or linked as evidence to a focus of it in a plan the viewer may read
  (`development.policy.viewable_plans`): a supervisor never counts an entry kept private, nor learns
  from a count which unshared plan an entry supports;
- others' rating: "all others" (or the groups that may be shown, pooled) from the latest closed
  feedback round the viewer may read (`feedback.policy.own_rounds`: the owner alone), taken from
  the feedback app's figures (`others_ratings`, what its report shows as "others"), so every
  figure has passed `praxis.scoring.disclosure`;
- plan focus: the competency is a focus of a draft or active plan the viewer may read.

A fixed number of queries whatever the size of the journal, plans or rounds (tests/…query counts).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from praxis.accounts.policy import Reach
from praxis.assessments.models import Assessment
from praxis.development import policy as development_policy
from praxis.development.models import Focus, FocusEvidence, Plan, PlanStatus
from praxis.feedback import policy as feedback_policy
from praxis.feedback.models import Round
from praxis.feedback.selectors import others_ratings
from praxis.journal import policy as journal_policy
from praxis.journal import summary as journal_summary
from praxis.journal.models import Entry, EntryTag
from praxis.scoring.feedback import Figure


@dataclass(frozen=True)
class Beside:
    """What stands next to one competency's score."""

    evidence: int = 0  # journal entries the viewer may read that are evidence of it
    others: Figure | None = None  # others' rating in the latest closed round, when it may be shown
    in_round: bool = False  # the round asked about this competency
    focus_plan_id: int | None = None  # a draft or active plan with it as a focus


@dataclass(frozen=True)
class ResultsContext:
    by_competency: dict[str, Beside]
    round: Round | None  # the latest closed feedback round the viewer may read
    evidence_links: bool  # the viewer is the owner: counts link to their filtered journal
    shown: dict[str, bool] = field(default_factory=dict)  # which columns have anything to show

    def get(self, competency_id: str) -> Beside:
        return self.by_competency.get(competency_id, Beside())


def _evidence_counts(
    owner_id: int, viewer, competency_ids: list[str], plans: QuerySet[Plan], entries: QuerySet[Entry]
) -> dict[str, int]:
    """Per competency, how many of the owner's entries readable by the viewer (`entries`) are
    evidence of it: tagged with it, plus those only linked to a focus of it in a readable plan
    (`plans`). Two grouped queries; the owner's tagged entries come from the journal's stored
    monthly summary, so a journal of 10,000 entries costs what one of 10 does."""
    if getattr(viewer, "pk", None) == owner_id:
        tagged = {cid: cell.entries for cid, cell in journal_summary.totals(owner_id).items()}
    else:
        tagged = dict(
            EntryTag.objects.filter(entry__in=entries, competency_id__in=competency_ids)
            .values("competency_id")
            .annotate(n=Count("entry_id", distinct=True))
            .values_list("competency_id", "n")
        )
    also_tagged = EntryTag.objects.filter(
        entry=OuterRef("entry"), competency_id=OuterRef("focus__competency_id")
    )
    # Driven from the plans' focuses (a handful of rows), each entry checked by its key: never a
    # list of every entry in a long journal.
    only_linked = dict(
        FocusEvidence.objects.filter(focus__plan__in=plans, focus__competency_id__in=competency_ids)
        .filter(Exists(entries.filter(pk=OuterRef("entry_id"))))
        .exclude(Exists(also_tagged))
        .values("focus__competency_id")
        .annotate(n=Count("entry_id", distinct=True))
        .values_list("focus__competency_id", "n")
    )
    return {cid: tagged.get(cid, 0) + only_linked.get(cid, 0) for cid in competency_ids}


def _focus_plans(plans: QuerySet[Plan]) -> dict[str, int]:
    """Competency id → the plan (active before draft, newest first) among `plans` (those the
    viewer may read) that has it as a focus. One query."""
    rows = (
        Focus.objects.filter(plan__in=plans.exclude(status=PlanStatus.COMPLETED))
        .order_by("plan__status", "-plan__created_at")  # "active" sorts before "draft"
        .values_list("competency_id", "plan_id")
    )
    found: dict[str, int] = {}
    for competency_id, plan_id in rows:
        found.setdefault(competency_id, plan_id)
    return found


def _latest_closed_round(owner_id: int, viewer) -> Round | None:
    """The owner's latest round whose report is readable (closed by hand or past its closing date)
    that the viewer may read. One query (none when the viewer is not the owner: rounds are the
    owner's alone)."""
    today = timezone.localdate()
    return (
        feedback_policy.own_rounds(viewer, owner_id=owner_id)
        .filter(Q(closed_at__isnull=False) | Q(closes_on__lt=today))
        .annotate(ended_on=Coalesce(TruncDate("closed_at"), "closes_on"))
        .order_by("-ended_on", "-pk")
        .first()
    )


def results_context(
    assessment: Assessment, viewer, competency_ids: list[str], reach: Reach | None = None
) -> ResultsContext:
    """Evidence, others' rating and plan focus beside each competency of `assessment`'s results,
    as `viewer` may see them (`reach`: the viewer's reach to the owner, when the page read it)."""
    owner_id = assessment.owner_id
    # what the viewer may read of the owner's, built once and used by every count below
    plans = development_policy.viewable_plans(viewer, owner_id=owner_id, reach=reach)
    entries = journal_policy.viewable_entries(viewer, owner_id=owner_id, reach=reach)
    evidence = _evidence_counts(owner_id, viewer, competency_ids, plans, entries)
    focuses = _focus_plans(plans)
    round_ = _latest_closed_round(owner_id, viewer)
    others: dict[str, Figure | None] = {}
    if round_ is not None and feedback_policy.report_readable(round_):
        others = others_ratings(round_)
    by_competency = {
        cid: Beside(evidence[cid], others.get(cid), cid in others, focuses.get(cid)) for cid in competency_ids
    }
    return ResultsContext(
        by_competency=by_competency,
        round=round_,
        evidence_links=viewer.pk == owner_id,
        shown={
            "others": round_ is not None,
            "focus": bool(focuses),
        },
    )
