"""Reads for development plans, each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from praxis.accounts.models import Membership, ShareAudience, User
from praxis.core.frameworks import current_framework, framework_for_version

from . import policy
from .models import CheckIn, Comment, Focus, Plan, PlanStatus


def latest_scores(owner, competency_ids: list[str]) -> dict[str, float]:
    """Scores for competencies from the owner's latest submitted assessment that has one."""
    from praxis.assessments.models import Assessment, Status
    from praxis.assessments.selectors import framework_and_plan
    from praxis.scoring import score_competencies

    found: dict[str, float] = {}
    assessments = (
        Assessment.objects.filter(owner=owner, status=Status.SUBMITTED)
        .select_related("framework_version")
        .prefetch_related("answers")
        .order_by("-submitted_at")[:6]
    )
    for assessment in assessments:
        _, plan = framework_and_plan(assessment)
        scores = score_competencies(plan.structure, {a.item_id: a.value for a in assessment.answers.all()})
        for cid in competency_ids:
            if cid not in found and cid in scores and scores[cid].score is not None:
                found[cid] = scores[cid].score
    return found


def plan_for_viewing(user, pk: int) -> Plan:
    return get_object_or_404(policy.viewable_plans(user).select_related("owner"), pk=pk)


def plan_for_editing(user, pk: int) -> Plan:
    return get_object_or_404(policy.own_plans(user), pk=pk)


def plan_detail(plan: Plan) -> Plan:
    """The plan with everything its page shows, loaded in a fixed number of queries."""
    return (
        Plan.objects.filter(pk=plan.pk)
        .select_related("owner", "from_assessment")
        .prefetch_related(
            Prefetch(
                "focuses",
                queryset=Focus.objects.prefetch_related(
                    "resources", "people", "steps", Prefetch("evidence__entry")
                ),
            ),
            Prefetch("check_ins", queryset=CheckIn.objects.prefetch_related("notes__focus")),
            Prefetch("comments", queryset=Comment.objects.select_related("author")),
        )
        .get()
    )


def own_plans(user) -> QuerySet[Plan]:
    return policy.own_plans(user).annotate(focus_count=Count("focuses")).order_by("-created_at")


def focuses_for_evidence(user) -> list[Focus]:
    """Focuses of the user's draft and active plans, for linking a journal entry as evidence."""
    return list(
        policy.own_focuses(user)
        .exclude(plan__status=PlanStatus.COMPLETED)
        .select_related("plan")
        .order_by("plan__created_at", "position")
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


def shared_plans_for_supervisor(user) -> list[Plan]:
    return list(
        policy.viewable_plans(user).exclude(owner=user).select_related("owner").order_by("owner__full_name")
    )


def peer_mentors(user, competency_id: str) -> list[User]:
    return peer_mentors_for(user, [competency_id])[competency_id]


def peer_mentors_for(user, competency_ids: list[str]) -> dict[str, list[User]]:
    """For each competency: colleagues who opted in as peer mentors in an organisation they share
    with `user`, and whose latest assessment shared with that same organisation (with its leads, not
    only supervisors) is at a proficient level in it. Their scores are never returned. One pass for
    all competencies, so a plan page asks once whatever its number of focuses."""
    from praxis.assessments.models import Assessment, Status
    from praxis.assessments.structure import plan_for
    from praxis.scoring import score_competencies

    chosen: dict[str, list[User]] = {cid: [] for cid in competency_ids}
    organisations = Membership.objects.filter(user=user).values("organisation")
    opted_in = {
        (m.user_id, m.organisation_id): m.user
        for m in Membership.objects.filter(organisation__in=organisations, peer_mentor=True)
        .exclude(user=user)
        .select_related("user")
    }
    if not opted_in:
        return chosen
    mentors = {owner_id: person for (owner_id, _), person in opted_in.items()}
    latest = {}
    for assessment in (
        Assessment.objects.filter(
            shares__organisation__in=organisations,
            shares__audience=ShareAudience.ORGANISATION,
            owner_id__in=mentors,
            status=Status.SUBMITTED,
        )
        .annotate(shared_in=F("shares__organisation"))
        .select_related("framework_version")
        .prefetch_related("answers")
        .order_by("-submitted_at")
    ):
        if (assessment.owner_id, assessment.shared_in) in opted_in:
            latest.setdefault(assessment.owner_id, assessment)
    threshold = min(level.value for level in current_framework().scale.proficient_levels)
    for owner_id, assessment in latest.items():
        structure = plan_for(framework_for_version(assessment.framework_version), assessment.kind).structure
        scores = score_competencies(structure, {a.item_id: a.value for a in assessment.answers.all()})
        for cid in competency_ids:
            score = scores.get(cid)
            if score is not None and score.score is not None and score.score >= threshold:
                chosen[cid].append(mentors[owner_id])
    return {cid: sorted(people, key=lambda u: u.full_name) for cid, people in chosen.items()}
