"""Reads for the dashboard: what each app offers a person when they arrive, in one place.

The shell may import every app; each app only offers its own public selectors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, F, Max, Q
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404
from django.utils import timezone

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
from praxis.development import policy as plan_policy
from praxis.development.models import Comment, Focus, NextStep, PlanStatus, StepStatus
from praxis.development.selectors import PlanReminder, reminders_for, shared_plans_for_supervisor
from praxis.feedback import policy as feedback_policy
from praxis.feedback.models import Rater, Round
from praxis.programmes.cohort_selectors import open_windows_for
from praxis.supervision import selectors as supervision_selectors

WEEK_DAYS = 7  # "this week": today and the six days after it
QUIET_DAYS = 42  # a focus of an active plan with no evidence for six weeks gets a gentle nudge
STEPS_SHOWN = 20  # overdue and due steps listed on the dashboard (the plan pages list them all)
COMMENTS_SHOWN = 5
ROUNDS_SHOWN = 10


@dataclass(frozen=True)
class FocusWeek:
    focus: Focus  # with its plan
    this_month: int  # evidence entries dated this calendar month
    last_evidence_on: date | None
    quiet: bool  # in an active plan, and nothing logged for it for QUIET_DAYS


@dataclass(frozen=True)
class Week:
    """The practitioner's week: what is due, what is new and what has gone quiet. The same reads
    fill the dashboard and the weekly e-mail digest."""

    today: date
    overdue: list[NextStep]
    due: list[NextStep]  # from today to the end of the week
    plans: list[PlanReminder]  # own unfinished plans, with how many comments are new on each
    next_check_in: date | None
    focuses: list[FocusWeek]
    comments: list[Comment]  # the newest of the comments the person has not seen yet
    own_rounds: list[Round]  # their feedback rounds still open
    invitations: list[Round]  # others' open rounds that asked them, by e-mail, for feedback
    supervision_notes: list = field(default_factory=list)
    more_steps: bool = False  # more are due than the STEPS_SHOWN listed (the plan pages have them all)

    @property
    def week_end(self) -> date:
        return self.today + timedelta(days=WEEK_DAYS - 1)

    @property
    def new_comments(self) -> int:
        return sum(r.new_comments for r in self.plans)

    @property
    def quiet(self) -> list[FocusWeek]:
        return [f for f in self.focuses if f.quiet]

    @property
    def check_in_due(self) -> bool:
        return self.next_check_in is not None and self.next_check_in <= self.week_end

    @property
    def rounds_closing(self) -> list[Round]:
        return [r for r in self.own_rounds if r.closes_on <= self.week_end]

    @property
    def has_news(self) -> bool:
        """Whether there is anything worth an e-mail: the digest is not sent otherwise."""
        return bool(
            self.overdue
            or self.due
            or self.check_in_due
            or self.comments
            or self.quiet
            or self.invitations
            or self.rounds_closing
            or self.supervision_notes
        )


def new_supervision_notes_for(user) -> list:
    """What supervisors shared with `user` this week and the next steps waiting for their answer
    (each item's `__str__` and `get_absolute_url` are shown)."""
    return supervision_selectors.news_for_practitioner(user)


def week_for(user, today: date | None = None) -> Week:
    """Everything of the practitioner's week, in a fixed number of queries however many plans,
    steps, entries or rounds they have: five (two without a plan in progress)."""
    today = today or timezone.localdate()
    week_end = today + timedelta(days=WEEK_DAYS - 1)
    plans = reminders_for(user)  # own plans not completed
    unfinished = [r.plan.pk for r in plans]
    if plans:  # nothing to read about plans for someone with none in progress (a supervisor, a lead)
        steps = list(
            NextStep.objects.filter(
                focus__plan__in=unfinished,
                status__in=[StepStatus.PLANNED, StepStatus.DOING],
                due_on__lte=week_end,
            )
            .select_related("focus__plan")
            .order_by("due_on", "pk")[: STEPS_SHOWN + 1]
        )
        focuses = _focus_weeks(Focus.objects.filter(plan__in=unfinished), today)
        comments = list(
            Comment.objects.filter(plan__in=unfinished)
            .exclude(author=user)
            .filter(
                Q(plan__owner_seen_comments_at__isnull=True)
                | Q(created_at__gt=F("plan__owner_seen_comments_at"))
            )
            .select_related("author", "plan")
            .order_by("-created_at", "-pk")[:COMMENTS_SHOWN]
        )
    else:
        steps, focuses, comments = [], [], []
    rounds = open_rounds_for(user, today)
    check_ins = [r.plan.next_check_in_on for r in plans if r.plan.next_check_in_on is not None]
    return Week(
        today=today,
        overdue=[s for s in steps[:STEPS_SHOWN] if s.due_on < today],
        due=[s for s in steps[:STEPS_SHOWN] if s.due_on >= today],
        more_steps=len(steps) > STEPS_SHOWN,
        plans=plans,
        next_check_in=min(check_ins, default=None),
        focuses=focuses,
        comments=comments,
        own_rounds=[r for r in rounds if r.owner_id == user.pk][:ROUNDS_SHOWN],
        invitations=[r for r in rounds if r.owner_id != user.pk][:ROUNDS_SHOWN],
        supervision_notes=new_supervision_notes_for(user),
    )


def open_rounds_for(user, today: date) -> list[Round]:
    """Open feedback rounds: the person's own, and others' whose invitation went to this person's
    address and which they have not answered. Of the latter only what the e-mail already told them
    (who asked, the round's title, when it closes), and only once the address is confirmed as
    theirs; the link itself is in the e-mail (only its hash is kept), so the dashboard can only
    point to it. One query."""
    wanted = Q(pk__in=feedback_policy.own_rounds(user).values("pk"))
    if getattr(user, "email_verified_at", None):
        asked = (
            Rater.objects.annotate(address=Lower("email"))
            .filter(
                address=user.email.lower(),
                email_sent_at__isnull=False,
                revoked_at__isnull=True,
                submitted_at__isnull=True,
            )
            .values("round_id")
        )
        wanted |= Q(pk__in=asked)
    return list(
        Round.objects.filter(wanted, closed_at__isnull=True, closes_on__gte=today)
        .select_related("owner")
        .order_by("closes_on", "pk")[: 2 * ROUNDS_SHOWN]
    )


def focus_for_logging(user, pk: int) -> Focus:
    """One of the user's own focuses in an unfinished plan, or 404."""
    return get_object_or_404(
        plan_policy.own_focuses(user).exclude(plan__status=PlanStatus.COMPLETED).select_related("plan"), pk=pk
    )


def focus_week(focus: Focus, today: date | None = None) -> FocusWeek:
    """One focus's line of the week, after something was logged for it (the htmx answer)."""
    return _focus_weeks(Focus.objects.filter(pk=focus.pk), today or timezone.localdate())[0]


def _focus_weeks(focuses, today: date) -> list[FocusWeek]:
    """Evidence this month and the date of the latest, for each focus: one query."""
    month_start = today.replace(day=1)
    quiet_since = today - timedelta(days=QUIET_DAYS)
    rows = []
    for focus in (
        focuses.select_related("plan")
        .annotate(
            this_month=Count("evidence", filter=Q(evidence__entry__occurred_on__gte=month_start)),
            last_on=Max("evidence__entry__occurred_on"),
        )
        .order_by("plan__created_at", "plan_id", "position", "pk")
    ):
        started = focus.plan.activated_at
        quiet = (
            focus.plan.status == PlanStatus.ACTIVE
            and started is not None
            and timezone.localtime(started).date() <= quiet_since
            and (focus.last_on is None or focus.last_on <= quiet_since)
        )
        rows.append(FocusWeek(focus, focus.this_month, focus.last_on, quiet))
    return rows


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
    week: Week  # steps due, check-in, evidence per focus, feedback, what is new
    cohort_windows: list = field(default_factory=list)  # (enrolment, window) open in the user's cohorts


def dashboard_for(user, *, supervisee_name: str = "", supervisee_page: int = 1) -> Dashboard:
    """What `user` sees on arriving. The supervisor's part is a page of their supervisees (narrowed
    to names containing `supervisee_name`), in a fixed number of queries however many they are."""
    own = list(own_assessments(user).order_by("-created_at"))
    # Only drafts show progress, so only their answers are read (item ids, no objects built).
    answered: dict[int, dict[str, bool]] = {a.pk: {} for a in own if a.is_draft}
    if answered:
        for assessment_id, item_id in Answer.objects.filter(assessment_id__in=answered).values_list(
            "assessment_id", "item_id"
        ):
            answered[assessment_id][item_id] = True
    drafts = []
    for assessment in own:
        if assessment.is_draft:
            _, questionnaire = framework_and_questionnaire(assessment)
            drafts.append((assessment, progress(questionnaire, answered[assessment.pk])))
    supervisees = supervisees_with_shared(user, name=supervisee_name, page=supervisee_page)
    plans = shared_plans_for_supervisor(user, [row.person for row in supervisees.rows], supervisees.reach)
    memberships = list(Membership.objects.filter(user=user).select_related("organisation"))
    week = week_for(user)
    return Dashboard(
        drafts=drafts,
        submitted=[a for a in own if not a.is_draft],
        memberships=memberships,
        supervisees=supervisees,
        cards=[SuperviseeCard(row, plans[row.person.pk]) for row in supervisees.rows],
        plans=week.plans,
        pending_supervisors=pending_supervision_for(user),
        week=week,
        cohort_windows=open_windows_for(user, timezone.localdate()),
    )
