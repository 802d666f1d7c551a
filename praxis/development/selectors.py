"""Reads for development plans, each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404

from praxis.accounts.models import Membership, ShareAudience, User
from praxis.accounts.policy import Reach
from praxis.assessments import scores
from praxis.assessments.models import Assessment
from praxis.assessments.models import Status as AssessmentStatus
from praxis.assessments.policy import own_assessments

from . import policy
from .models import CheckIn, CheckInNote, Comment, Focus, FocusEvidence, Plan, PlanStatus


def plan_for_viewing(user, pk: int) -> Plan:
    return get_object_or_404(policy.viewable_plans(user, pk=pk).select_related("owner"), pk=pk)


def plan_for_editing(user, pk: int) -> Plan:
    return get_object_or_404(policy.own_plans(user), pk=pk)


def own_submitted_assessment(user, pk: int) -> Assessment | None:
    """The user's own submitted assessment `pk`, or None (anyone else's, or a draft)."""
    return own_assessments(user).filter(pk=pk, status=AssessmentStatus.SUBMITTED).first()


_BLOCK_ROWS = {"steps": "steps", "resources": "resources", "people": "people"}


def focus_block(focus: Focus, block: str) -> Focus:
    """A focus with the rows of one part of its page (steps, resources or people): two queries."""
    return Focus.objects.prefetch_related(_BLOCK_ROWS[block]).get(pk=focus.pk)


def _with_page_rows(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    return plans.select_related("owner", "from_assessment").prefetch_related(
        Prefetch(
            "focuses",
            queryset=Focus.objects.prefetch_related(
                "resources", "people", "steps", Prefetch("evidence", queryset=_evidence_with_entries())
            ),
        ),
        Prefetch(
            "check_ins",
            queryset=CheckIn.objects.prefetch_related(
                Prefetch("notes", queryset=CheckInNote.objects.select_related("focus"))
            ),
        ),
        Prefetch("comments", queryset=Comment.objects.select_related("author")),
    )


def _evidence_with_entries():
    return FocusEvidence.objects.select_related("entry").order_by("-entry__occurred_on", "-pk")


def plan_detail(plan: Plan) -> Plan:
    """The plan with everything its page shows, loaded in a fixed number of queries."""
    return _with_page_rows(Plan.objects.filter(pk=plan.pk)).get()


def plan_page(user, pk: int) -> Plan:
    """plan_for_viewing and plan_detail in one: the plan's row is read once."""
    return get_object_or_404(_with_page_rows(policy.viewable_plans(user, pk=pk)), pk=pk)


def open_plan(owner) -> Plan | None:
    """The plan a new idea goes into: the owner's newest draft, else their newest active plan."""
    drafts_first = Case(When(status=PlanStatus.DRAFT, then=Value(0)), default=Value(1))
    return (
        policy.own_plans(owner)
        .filter(status__in=[PlanStatus.DRAFT, PlanStatus.ACTIVE])
        .order_by(drafts_first, "-created_at", "-pk")
        .first()
    )


def own_plans(user) -> QuerySet[Plan]:
    return policy.own_plans(user).annotate(focus_count=Count("focuses")).order_by("-created_at")


def focuses_for_evidence(user) -> list[Focus]:
    """Focuses of the user's draft and active plans, for linking a journal entry as evidence:
    the active plan's first (evidence belongs with the plan being worked on), newest plan first."""
    active_first = Case(When(plan__status=PlanStatus.ACTIVE, then=Value(0)), default=Value(1))
    return list(
        policy.own_focuses(user)
        .exclude(plan__status=PlanStatus.COMPLETED)
        .select_related("plan")
        .order_by(active_first, "-plan__created_at", "plan_id", "position", "pk")
    )


@dataclass(frozen=True)
class PlanReminder:
    plan: Plan
    new_comments: int


def reminders_for(user) -> list[PlanReminder]:
    """The user's unfinished plans with their next check-in and how many comments are new."""
    plans = (
        policy.own_plans(user)
        .exclude(status=PlanStatus.COMPLETED)
        .annotate(
            new_comments=Count(
                "comments",
                filter=~Q(comments__author=user)
                & (
                    Q(owner_seen_comments_at__isnull=True)
                    | Q(comments__created_at__gt=F("owner_seen_comments_at"))
                ),
            )
        )
        .order_by("next_check_in_on")
    )
    return [PlanReminder(p, p.new_comments) for p in plans]


SHARED_PLANS_SHOWN = 2  # plans shown for each supervisee on the dashboard


def shared_plans_for_supervisor(user, owners, reach: Reach | None = None) -> dict[int, list[Plan]]:
    """owner id → the newest plans (at most SHARED_PLANS_SHOWN) each of `owners` (a page of the
    people `user` supervises) shared with `user`. One query, whatever the number of plans
    (`reach`: the user's reach to those people, when the page has read it)."""
    ids = [getattr(owner, "pk", owner) for owner in owners]
    plans: dict[int, list[Plan]] = {pk: [] for pk in ids}
    if not ids:
        return plans
    visible = policy.viewable_plans(user, owner_ids=ids, reach=reach)
    ranked = (
        visible.exclude(owner=user)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("owner_id")], order_by=[F("updated_at").desc(), F("pk").desc()]
            )
        )
        .filter(rank__lte=SHARED_PLANS_SHOWN)
        .order_by("owner_id", "rank")
    )
    for plan in ranked:
        plans[plan.owner_id].append(plan)
    return plans


def peer_mentors(user, competency_id: str) -> list[User]:
    return peer_mentors_for(user, [competency_id])[competency_id]


def peer_mentors_for(user, competency_ids: list[str], organisation=None) -> dict[str, list[User]]:
    """For each competency: colleagues who opted in as peer mentors in an organisation they share
    with `user` (only `organisation`, when given), and whose latest assessment shared with that same
    organisation (with its leads, not only supervisors) is at a proficient level in it (the scale of
    that assessment's framework version says which levels are). Their scores are never loaded.

    One query over stored scores, whatever the number of colleagues, assessments or focuses."""
    chosen: dict[str, set[User]] = {cid: set() for cid in competency_ids}
    if not competency_ids:
        return {}
    latest_shared_there = (
        Assessment.objects.filter(
            owner=OuterRef("user"),
            status=AssessmentStatus.SUBMITTED,
            shares__organisation=OuterRef("organisation"),
            shares__audience=ShareAudience.ORGANISATION,
        )
        .order_by("-submitted_at", "-pk")
        .values("pk")[:1]
    )
    mentors_latest = (
        Membership.objects.filter(
            organisation__in=Membership.objects.filter(user=user, **_only_in(organisation)).values(
                "organisation"
            ),
            peer_mentor=True,
        )
        .exclude(user=user)
        .annotate(latest=Subquery(latest_shared_there))
        .values("latest")
    )
    for result in scores.proficient_in(competency_ids, mentors_latest):
        chosen[result.competency_id].add(result.owner)
    return {cid: sorted(people, key=lambda u: (u.full_name, u.pk)) for cid, people in chosen.items()}


def _only_in(organisation) -> dict:
    return {} if organisation is None else {"organisation": organisation}


def shared_focuses_in(organisation, *, viewer=None) -> set[tuple[int, str]]:
    """(owner id, competency id) of the focuses of unfinished plans (draft or active) that their
    owners, still members, shared with `organisation`: every such focus when `viewer` is None (the
    caller counts them without names, under the owners' consent and the disclosure rules), else
    only those of plans `viewer` may read. For the team pages (praxis.teams); one query."""
    plans = Plan.objects.filter(
        status__in=[PlanStatus.DRAFT, PlanStatus.ACTIVE],
        shares__organisation=organisation,
        owner__memberships__organisation=organisation,
    )
    if viewer is not None:
        plans = plans.filter(pk__in=policy.viewable_plans(viewer).values("pk"))
    return set(
        Focus.objects.filter(plan__in=plans.values("pk"))
        .values_list("plan__owner_id", "competency_id")
        .distinct()
    )


# -- scores a plan shows ------------------------------------------------------------------------


@dataclass(frozen=True)
class FocusScores:
    start: float | None  # shown
    completion: float | None
    start_hidden: bool  # there is a score, from an assessment this viewer may not see
    completion_hidden: bool

    @property
    def change(self) -> float | None:
        return None if self.start is None or self.completion is None else self.completion - self.start


@dataclass(frozen=True)
class PlanScores:
    focuses: dict[int, FocusScores]  # by focus pk
    from_assessment_shown: bool  # whether the date of the assessment the plan began from is shown


def scores_for(plan: Plan, viewer) -> PlanScores:
    """What a plan's page may show of its scores to `viewer`: a start or completion score only
    while the assessment it came from is visible to them (the owner sees all). One query."""
    focuses = list(plan.focuses.all())
    if viewer is not None and viewer.pk == plan.owner_id:
        visible = None  # everything
    else:
        wanted = [plan.from_assessment_id]
        wanted += [pk for f in focuses for pk in (f.start_assessment_id, f.completion_assessment_id)]
        visible = scores.visible_assessment_ids(viewer, wanted)

    def shown(score, source) -> tuple[float | None, bool]:
        if score is None:
            return None, False
        if visible is None or (source is not None and source in visible):
            return score, False
        return None, True

    by_focus = {}
    for f in focuses:
        start, start_hidden = shown(f.score_at_start, f.start_assessment_id)
        completion, completion_hidden = shown(f.score_at_completion, f.completion_assessment_id)
        by_focus[f.pk] = FocusScores(start, completion, start_hidden, completion_hidden)
    shown_from = plan.from_assessment_id is not None and (
        visible is None or plan.from_assessment_id in visible
    )
    return PlanScores(by_focus, shown_from)
