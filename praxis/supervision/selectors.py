"""Reads for supervision, each a fixed number of queries however much a person shared.

The supervisor's page composes what the practitioner shared, each part read through its own app's
policy and selectors (scores through praxis.assessments.scores via `results_for`, plans through
praxis.development, journal entries through praxis.journal's policy), so nothing here decides
access to anything but supervision's own notes and actions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Case, Count, IntegerField, Max, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from praxis.accounts.models import SupervisionLink, User
from praxis.assessments import policy as assessment_policy
from praxis.assessments.models import Status as AssessmentStatus
from praxis.assessments.selectors import Results, results_for
from praxis.core.frameworks import current_framework
from praxis.development import policy as plan_policy
from praxis.development import selectors as plan_selectors
from praxis.development.models import Focus, FocusEvidence, NextStep, Plan, PlanStatus, StepStatus
from praxis.feedback import policy as feedback_policy
from praxis.feedback.instrument import rater_scale
from praxis.feedback.selectors import Report, report_for
from praxis.framework import Framework
from praxis.framework.model import Competency, ReflectiveQuestion
from praxis.journal import selectors as journal_selectors
from praxis.journal.models import Entry

from . import policy
from .models import ActionStatus, AgreedAction, SupervisionNote, SupervisionVisit

ENTRIES_SHOWN = 20  # newest shared journal entries listed on the page
COACHING_QUESTION = 9  # "Imagine you are coaching another implementation support practitioner…"


def supervisee_for(viewer, pk: int) -> User:
    """The person `viewer` supervises through a confirmed link, or 404 for anyone else."""
    return get_object_or_404(policy.supervisees(viewer), pk=pk)


def seen_at(viewer, supervisee) -> datetime | None:
    return (
        SupervisionVisit.objects.filter(supervisor=viewer, supervisee=supervisee)
        .values_list("seen_at", flat=True)
        .first()
    )


def _is_new(when: datetime | None, seen: datetime | None) -> bool:
    return seen is not None and when is not None and when > seen


def _organisations_supervised_in(viewer, supervisee) -> QuerySet:
    """Organisations where `viewer` supervises `supervisee` (confirmed), as a subquery: when a
    thing became visible to the viewer is when it was shared with one of these."""
    return SupervisionLink.objects.filter(
        supervisor=viewer, supervisee=supervisee, confirmed_at__isnull=False
    ).values("organisation")


def _shared_at(viewer, supervisee) -> Max:
    return Max(
        "shares__created_at",
        filter=Q(shares__organisation__in=_organisations_supervised_in(viewer, supervisee)),
    )


def _shared_entries(viewer, owner) -> QuerySet[Entry]:
    """`owner`'s journal entries shared with `viewer`, with when they were shared."""
    return journal_selectors.entries_shared_with(viewer, owner=owner).annotate(
        shared_at=_shared_at(viewer, owner)
    )


# -- the conversation guide -----------------------------------------------------------------------


@dataclass(frozen=True)
class GuideTopic:
    competency: Competency
    questions: list[str]  # from what happened since the last visit, then the framework's prompts
    hint: str  # the guide's helpful hint for the competency


@dataclass(frozen=True)
class Guide:
    question: ReflectiveQuestion | None  # reflective question 9, when the framework has it
    topics: list[GuideTopic]


def _question(framework: Framework, number: int) -> ReflectiveQuestion | None:
    return next((q for q in framework.reflective_questions if q.number == number), None)


def build_guide(
    framework: Framework, focuses: list[FocusView], today: date, report: Report | None = None
) -> Guide:
    """Coaching questions for the conversation: reflective question 9 frames it ("which questions
    would you put to them?"); for each focus of the shared plan, questions from what happened
    (evidence logged, steps overdue or done) and then the framework's own reflection prompts for
    that competency, with its helpful hint beside them. A shared feedback report adds a question
    for each possible blind spot or hidden strength (to its focus, or as a topic of its own)."""
    topics = []
    for view in focuses:
        c = view.competency
        if c is None:
            continue
        questions = []
        new_evidence = sum(1 for e in view.evidence if e.is_new)
        if new_evidence:
            questions.append(
                f"{new_evidence} new piece{'s' if new_evidence != 1 else ''} of evidence for {c.name}: "
                "what did it teach you, and what would you do differently next time?"
            )
        elif not view.evidence:
            questions.append(
                f"Nothing is logged as evidence for {c.name} yet: where could you practise it in the next "
                "few weeks, and how would you notice it going well?"
            )
        for s in view.steps:
            if (
                s.step.status in (StepStatus.PLANNED, StepStatus.DOING)
                and s.step.due_on
                and s.step.due_on < today
            ):
                questions.append(
                    f"“{s.step.text}” was due on {s.step.due_on:%-d %B %Y}: what helped or got in the way?"
                )
            elif s.step.status == StepStatus.DONE and s.is_new:
                questions.append(f"You finished “{s.step.text}”: what did you learn from it?")
        questions.extend(c.prompts)
        topics.append(GuideTopic(c, questions, c.hint))
    for row in report.competencies if report else []:
        if row.kind == "blind-spot":
            question = (
                f"Others rate {row.competency.name} lower than you did: "
                "what might they notice that you do not?"
            )
        elif row.kind == "hidden-strength":
            question = (
                f"Others rate {row.competency.name} higher than you did: what are you doing that they value?"
            )
        else:
            continue
        topic = next((t for t in topics if t.competency.id == row.competency.id), None)
        if topic is None:
            topics.append(GuideTopic(row.competency, [question], ""))
        else:
            topic.questions.insert(0, question)
    return Guide(_question(framework, COACHING_QUESTION), topics)


# -- the supervisor's page ------------------------------------------------------------------------


@dataclass(frozen=True)
class Marked:
    item: object
    is_new: bool = False


@dataclass(frozen=True)
class EvidenceView:
    evidence: FocusEvidence
    readable: bool  # the entry itself is shared with the viewer
    is_new: bool


@dataclass(frozen=True)
class StepView:
    step: NextStep
    is_new: bool
    overdue: bool


@dataclass(frozen=True)
class FocusView:
    focus: Focus
    competency: Competency | None
    steps: list[StepView]
    evidence: list[EvidenceView]


@dataclass(frozen=True)
class EntryView:
    entry: Entry
    is_new: bool  # written or shared since the last visit
    is_updated: bool  # changed since, but seen before


@dataclass
class Conversation:
    supervisee: User
    seen_at: datetime | None
    results: (
        Results | None
    )  # the latest assessment shared with the viewer, changes against the previous shared one
    results_new: bool
    report: Report | None  # the newest closed feedback round whose report is shared with the viewer
    report_new: bool
    report_scale: list
    plan: Plan | None  # the newest plan shared with the viewer, an unfinished one first
    plan_new: bool
    focuses: list[FocusView]
    check_ins: list[Marked]
    comments_new: int
    entries: list[EntryView]
    entries_total: int
    notes: list[Marked]
    actions: list[Marked]  # new: answered since the last visit
    guide: Guide
    competencies: list[Competency] = field(default_factory=list)  # for the agreed-action form
    new_count: int = 0


def _latest_results(viewer, supervisee, seen) -> tuple[Results | None, bool]:
    latest = (
        assessment_policy.viewable_assessments(viewer, owner_id=supervisee.pk)
        .filter(status=AssessmentStatus.SUBMITTED)
        .exclude(owner=viewer)
        .annotate(shared_at=_shared_at(viewer, supervisee))
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if latest is None:
        return None, False
    results = results_for(latest, viewer)
    return results, _is_new(latest.submitted_at, seen) or _is_new(latest.shared_at, seen)


def _latest_report(viewer, supervisee, seen) -> tuple[Report | None, bool]:
    """The newest feedback report `supervisee` shared with `viewer`, exactly as its owner's report
    page shows it (every figure through praxis.scoring.disclosure, in `report_for`), except that the
    self-comparison uses only self-assessments the viewer may see."""
    found = (
        feedback_policy.shared_reports(viewer)
        .filter(owner=supervisee)
        .annotate(shared_at=_shared_at(viewer, supervisee))
        .select_related("owner")
        .order_by("-created_at", "-pk")
        .first()
    )
    if found is None:
        return None, False
    new = _is_new(found.closed_at, seen) or _is_new(found.shared_at, seen)
    return report_for(found, viewer=viewer), new


def _plan(viewer, supervisee) -> Plan | None:
    found = (
        plan_policy.viewable_plans(viewer, owner_id=supervisee.pk)
        .exclude(owner=viewer)
        .annotate(
            finished=Case(
                When(status=PlanStatus.COMPLETED, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            shared_at=_shared_at(viewer, supervisee),
        )
        .order_by("finished", "-created_at", "-pk")
        .first()
    )
    if found is None:
        return None
    detailed = plan_selectors.plan_detail(found)
    detailed.shared_at = found.shared_at
    return detailed


def conversation_for(viewer, supervisee, *, today: date | None = None) -> Conversation:
    """Everything `supervisee` shared with `viewer`, marked new since the viewer last marked the
    page seen, with the viewer's notes and proposed actions."""
    today = today or timezone.localdate()
    framework = current_framework()
    seen = seen_at(viewer, supervisee)
    results, results_new = _latest_results(viewer, supervisee, seen)
    report, report_new = _latest_report(viewer, supervisee, seen)

    plan = _plan(viewer, supervisee)
    focuses, check_ins, comments_new, plan_new = [], [], 0, False
    if plan is not None:
        plan_new = _is_new(plan.shared_at, seen)
        readable = plan_policy.readable_evidence_ids(viewer, plan)
        for f in plan.focuses.all():
            try:
                competency = framework.competency(f.competency_id)
            except KeyError:
                competency = None
            steps = [
                StepView(
                    s,
                    _is_new(s.created_at, seen),
                    s.status in (StepStatus.PLANNED, StepStatus.DOING)
                    and s.due_on is not None
                    and s.due_on < today,
                )
                for s in f.steps.all()
            ]
            evidence = [
                EvidenceView(e, e.entry_id in readable, _is_new(e.created_at, seen)) for e in f.evidence.all()
            ]
            focuses.append(FocusView(f, competency, steps, evidence))
        check_ins = [Marked(c, _is_new(c.created_at, seen)) for c in plan.check_ins.all()]
        comments_new = sum(
            1 for c in plan.comments.all() if c.author_id == supervisee.pk and _is_new(c.created_at, seen)
        )

    shared = _shared_entries(viewer, supervisee)
    entries_total = shared.count()
    entries = [
        EntryView(
            e,
            _is_new(e.created_at, seen) or _is_new(e.shared_at, seen),
            _is_new(e.updated_at, seen) and not (_is_new(e.created_at, seen) or _is_new(e.shared_at, seen)),
        )
        for e in shared.order_by("-occurred_on", "-pk")[:ENTRIES_SHOWN]
    ]
    notes = [Marked(n) for n in policy.notes_written_by(viewer, supervisee).order_by("-created_at", "-pk")]
    actions = [
        Marked(a, _is_new(a.answered_at, seen))
        for a in policy.actions_proposed_by(viewer, supervisee)
        .select_related("step")
        .order_by("-created_at", "-pk")
    ]
    guide = build_guide(framework, focuses, today, report)
    focus_ids = {f.focus.competency_id for f in focuses}
    competencies = sorted(framework.competencies, key=lambda c: c.id not in focus_ids)
    new_count = (
        int(results_new)
        + int(report_new)
        + int(plan_new)
        + sum(s.is_new for f in focuses for s in f.steps)
        + sum(e.is_new for f in focuses for e in f.evidence)
        + sum(c.is_new for c in check_ins)
        + comments_new
        + sum(e.is_new for e in entries)
        + sum(a.is_new for a in actions)
    )
    return Conversation(
        supervisee=supervisee,
        seen_at=seen,
        results=results,
        results_new=results_new,
        report=report,
        report_new=report_new,
        report_scale=rater_scale(report.round) if report else [],
        plan=plan,
        plan_new=plan_new,
        focuses=focuses,
        check_ins=check_ins,
        comments_new=comments_new,
        entries=entries,
        entries_total=entries_total,
        notes=notes,
        actions=actions,
        guide=guide,
        competencies=competencies,
        new_count=new_count,
    )


# -- the practitioner's page ----------------------------------------------------------------------


@dataclass(frozen=True)
class PractitionerSupervision:
    notes: list[SupervisionNote]  # shared with them, newest first
    waiting: list[AgreedAction]  # proposed, to accept or decline
    answered: list[AgreedAction]
    focuses: list[Focus]  # their unfinished plans' focuses, where an accepted action can land
    default_focus: dict[int, int | None]  # action pk → the focus chosen by default


def for_practitioner(user) -> PractitionerSupervision:
    """What supervisors shared with `user` and the actions waiting for their answer: theirs even
    after a supervision link ends. A fixed number of queries."""
    notes = list(policy.notes_for_practitioner(user).select_related("author"))
    actions = list(policy.actions_for_practitioner(user).select_related("proposed_by", "step__focus"))
    focuses = list(
        plan_policy.own_focuses(user)
        .exclude(plan__status=PlanStatus.COMPLETED)
        .select_related("plan")
        .order_by("-plan__created_at", "position", "pk")
    )
    waiting = [a for a in actions if a.status == ActionStatus.PROPOSED]
    default = {}
    for a in waiting:
        match = next((f.pk for f in focuses if f.competency_id == a.competency_id), None)
        default[a.pk] = match
    return PractitionerSupervision(
        notes=notes,
        waiting=waiting,
        answered=[a for a in actions if a.status != ActionStatus.PROPOSED],
        focuses=focuses,
        default_focus=default,
    )


def action_for_practitioner(user, pk: int) -> AgreedAction:
    return get_object_or_404(policy.actions_for_practitioner(user), pk=pk)


def focus_for_practitioner(user, pk: int) -> Focus:
    """One of `user`'s own unfinished plans' focuses, or 404."""
    return get_object_or_404(
        plan_policy.own_focuses(user).exclude(plan__status=PlanStatus.COMPLETED).select_related("plan"), pk=pk
    )


def counts_for_practitioner(user) -> dict[str, int]:
    """For the dashboard: shared notes and actions waiting for an answer (one query)."""
    return policy.actions_for_practitioner(user).aggregate(
        waiting=Count("pk", filter=Q(status=ActionStatus.PROPOSED))
    ) | {"notes": policy.notes_for_practitioner(user).count()}


@dataclass(frozen=True)
class News:
    """One line for the practitioner's dashboard and weekly digest."""

    text: str
    url: str

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return self.url


NEWS_DAYS = 7  # a shared note is news for a week; an action until it is answered
NEWS_SHOWN = 5


def news_for_practitioner(user, now: datetime | None = None) -> list[News]:
    """Notes supervisors shared with `user` in the last week and actions waiting for their
    answer, newest first, at most five of each: two queries."""
    since = (now or timezone.now()) - timedelta(days=NEWS_DAYS)
    url = reverse("supervision:mine")
    notes = policy.notes_for_practitioner(user).filter(created_at__gte=since).select_related("author")
    waiting = policy.actions_for_practitioner(user).filter(status=ActionStatus.PROPOSED)
    return [News(f"{_name(n.author)} shared a note: {_short(n.text)}", url) for n in notes[:NEWS_SHOWN]] + [
        News(f"{_name(a.proposed_by)} proposed a next step for you to accept: {_short(a.text)}", url)
        for a in waiting.select_related("proposed_by")[:NEWS_SHOWN]
    ]


def _short(text: str) -> str:
    return Truncator(text).words(20)


def _name(person) -> str:
    return person.full_name if person is not None else "A former supervisor"


# -- the personal-data export ---------------------------------------------------------------------


def export_for(user) -> dict:
    """What of supervision is `user`'s, for their personal-data export: as a practitioner, the
    notes shared with them and the actions proposed to them; as a supervisor, every note they
    wrote (private ones included: their own record) and the actions they proposed. Three queries."""
    received_notes = policy.notes_for_practitioner(user).select_related("author").order_by("created_at", "pk")
    actions = (
        AgreedAction.objects.filter(Q(supervisee=user) | Q(proposed_by=user))
        .select_related("proposed_by", "supervisee")
        .order_by("created_at", "pk")
    )
    written = (
        SupervisionNote.objects.filter(author=user).select_related("supervisee").order_by("created_at", "pk")
    )

    def action(a: AgreedAction) -> dict:
        return {
            "text": a.text,
            "due_on": a.due_on,
            "competency_id": a.competency_id,
            "status": a.status,
            "proposed_at": a.created_at,
            "answered_at": a.answered_at,
        }

    actions = list(actions)
    return {
        "notes_shared_with_you": [
            {
                "by": n.author.full_name if n.author else "A former supervisor",
                "text": n.text,
                "written_at": n.created_at,
            }
            for n in received_notes
        ],
        "actions_agreed_with_you": [
            {"proposed_by": a.proposed_by.full_name if a.proposed_by else "A former supervisor", **action(a)}
            for a in actions
            if a.supervisee_id == user.pk
        ],
        "notes_you_wrote_as_a_supervisor": [
            {
                "about": n.supervisee.full_name,
                "shared_with_them": n.is_shared,
                "text": n.text,
                "written_at": n.created_at,
            }
            for n in written
        ],
        "actions_you_proposed_as_a_supervisor": [
            {"agreed_with": a.supervisee.full_name, **action(a)}
            for a in actions
            if a.proposed_by_id == user.pk
        ],
    }
