"""Reads for the dashboard: what each app offers a person when they arrive, in one place.

The shell may import every app; each app only offers its own public selectors.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from praxis.accounts.models import Membership
from praxis.accounts.selectors import PendingSupervision, pending_supervision_for
from praxis.assessments.models import Answer, Assessment
from praxis.assessments.policy import own_assessments
from praxis.assessments.selectors import (
    Progress,
    framework_and_questionnaire,
    progress,
    supervisees_with_shared,
)
from praxis.development.selectors import reminders_for, shared_plans_for_supervisor


@dataclass(frozen=True)
class Dashboard:
    drafts: list[tuple[Assessment, Progress]]
    submitted: list[Assessment]
    memberships: list[Membership]
    supervisees: list  # (person, [shared assessments])
    plans: list  # own unfinished plans with next check-in and new comments
    shared_plans: list  # plans supervisees shared with this user
    pending_supervisors: list[PendingSupervision]  # supervisors proposed for this user, to confirm


def dashboard_for(user) -> Dashboard:
    own = list(
        own_assessments(user)
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.only("assessment_id", "item_id")))
        .order_by("-created_at")
    )
    drafts = []
    for assessment in own:
        if assessment.is_draft:
            _, questionnaire = framework_and_questionnaire(assessment)
            drafts.append(
                (assessment, progress(questionnaire, {a.item_id: True for a in assessment.answers.all()}))
            )
    memberships = list(Membership.objects.filter(user=user).select_related("organisation"))
    return Dashboard(
        drafts=drafts,
        submitted=[a for a in own if not a.is_draft],
        memberships=memberships,
        supervisees=supervisees_with_shared(user),
        plans=reminders_for(user),
        shared_plans=shared_plans_for_supervisor(user),
        pending_supervisors=pending_supervision_for(user),
    )
