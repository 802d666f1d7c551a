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
    Supervisee,
    SuperviseesPage,
    framework_and_questionnaire,
    progress,
    supervisees_with_shared,
)
from praxis.development.selectors import reminders_for, shared_plans_for_supervisor


@dataclass(frozen=True)
class SuperviseeCard:
    supervisee: Supervisee  # the person, their newest shared assessments and how many in all
    plans: list  # their newest plans shared with the supervisor


@dataclass(frozen=True)
class Dashboard:
    drafts: list[tuple[Assessment, Progress]]
    submitted: list[Assessment]
    memberships: list[Membership]
    supervisees: SuperviseesPage  # a page of the people this user supervises
    cards: list[SuperviseeCard]  # one for each person on that page
    plans: list  # own unfinished plans with next check-in and new comments
    pending_supervisors: list[PendingSupervision]  # supervisors proposed for this user, to confirm


def dashboard_for(user, *, supervisee_name: str = "", supervisee_page: int = 1) -> Dashboard:
    """What `user` sees on arriving. The supervisor's part is a page of their supervisees (narrowed
    to names containing `supervisee_name`), in a fixed number of queries however many they are."""
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
    supervisees = supervisees_with_shared(user, name=supervisee_name, page=supervisee_page)
    plans = shared_plans_for_supervisor(user, [row.person for row in supervisees.rows])
    memberships = list(Membership.objects.filter(user=user).select_related("organisation"))
    return Dashboard(
        drafts=drafts,
        submitted=[a for a in own if not a.is_draft],
        memberships=memberships,
        supervisees=supervisees,
        cards=[SuperviseeCard(row, plans[row.person.pk]) for row in supervisees.rows],
        plans=reminders_for(user),
        pending_supervisors=pending_supervision_for(user),
    )
