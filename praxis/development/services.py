"""Writes for development plans: one function per use case, each transactional."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from praxis.assessments import scores
from praxis.assessments.selectors import results_for
from praxis.core import trash
from praxis.core.errors import PraxisError
from praxis.core.frameworks import current_framework
from praxis.core.limits import TEXT_MAX
from praxis.core.text import typed

from . import policy
from .models import (
    CheckIn,
    CheckInNote,
    Comment,
    Focus,
    FocusEvidence,
    FocusPerson,
    FocusResource,
    Horizon,
    NextStep,
    Plan,
    PlanStatus,
    ResourceSource,
    StepStatus,
)

MAX_FOCUSES = 4  # the guide advises two or three; a fourth is allowed with a note
CHECK_IN_INTERVAL = timedelta(days=91)  # about three months


class PlanError(PraxisError):
    """A change that cannot be made; the message is written for the person making it."""


class ChangedElsewhere(PlanError):
    """The record was saved by someone (or another tab) since the form was opened. Nothing is
    changed; `current` is the saved record, to show beside what was typed."""

    def __init__(self, current):
        self.current = current
        super().__init__("Changed elsewhere since you opened it. Your text is kept below the saved version.")


def _text(value: str, limit: int, what: str) -> str:
    value = typed(value)
    if len(value) > limit:
        raise PlanError(f"Keep the {what} under {limit:,} characters.")
    return value


def _web_address(url: str) -> str:
    """Only http(s) links are kept: a javascript: link would run in whoever opens the plan."""

    url = _text(url, 500, "link")
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise PlanError("Enter a web address starting with https:// (or leave the link empty).") from None
    return url


def _editable(plan: Plan) -> Plan:
    if plan.status == PlanStatus.COMPLETED:
        raise PlanError("This plan is completed. Start a new plan to keep developing.")
    return plan


@transaction.atomic
def create_plan(*, owner, from_assessment=None, horizon_months: int = 12) -> Plan:
    """A draft plan; from an assessment, its areas to develop become the focuses."""
    plan = Plan.objects.create(owner=owner, horizon_months=horizon_months, from_assessment=from_assessment)
    if from_assessment is not None:
        if from_assessment.owner_id != owner.pk:
            raise PlanError("You can only plan from your own assessment.")

        for result in results_for(from_assessment, viewer=owner).development_areas[:3]:
            add_focus(plan=plan, competency_id=result.competency.id)
    return plan


@transaction.atomic
def focus_add_to_current_plan(*, owner, competency_id: str, why_now: str = "") -> Plan:
    """Add a focus to the owner's newest unfinished plan, starting a draft plan if they have none:
    one plan per cycle, whichever page the idea came from (results, a feedback report)."""
    plan = policy.own_plans(owner).exclude(status=PlanStatus.COMPLETED).order_by("-created_at").first()
    plan = plan or create_plan(owner=owner)
    add_focus(plan=plan, competency_id=competency_id, why_now=why_now)
    return plan


@transaction.atomic
def update_plan(*, plan: Plan, title: str, horizon_months: int, version: int | None = None) -> Plan:
    """Rename the plan or change its horizon. With `version` (the one the form was loaded at) a
    save over someone else's newer save changes nothing and raises ChangedElsewhere."""
    _editable(plan)
    if horizon_months not in Horizon.values:
        raise PlanError("Choose a horizon of 12 or 24 months.")
    title = _text(title, 200, "title") or "My development plan"
    rows = Plan.objects.filter(pk=plan.pk)
    if version is not None:
        rows = rows.filter(version=version)
    now = timezone.now()
    if not rows.update(title=title, horizon_months=horizon_months, version=F("version") + 1, updated_at=now):
        raise ChangedElsewhere(Plan.objects.get(pk=plan.pk))
    plan.refresh_from_db(fields=["title", "horizon_months", "version", "updated_at"])
    return plan


@transaction.atomic
def add_focus(*, plan: Plan, competency_id: str, why_now: str = "") -> Focus:
    _editable(plan)
    try:
        current_framework().competency(competency_id)
    except KeyError:
        raise PlanError("Choose one of the framework's competencies.") from None
    focuses = list(Plan.objects.select_for_update().get(pk=plan.pk).focuses.all())
    if any(f.competency_id == competency_id for f in focuses):
        raise PlanError("That competency is already a focus of this plan.")
    if len(focuses) >= MAX_FOCUSES:
        raise PlanError(f"A plan can have at most {MAX_FOCUSES} focuses; the guide suggests two or three.")
    return Focus.objects.create(
        plan=plan, competency_id=competency_id, why_now=why_now.strip(), position=len(focuses)
    )


@transaction.atomic
def update_focus(*, focus: Focus, why_now: str, version: int | None = None) -> Focus:
    """Say why the focus matters now; guarded by `version` like update_plan."""
    _editable(focus.plan)
    why_now = _text(why_now, TEXT_MAX, "reason")
    rows = Focus.objects.filter(pk=focus.pk)
    if version is not None:
        rows = rows.filter(version=version)
    if not rows.update(why_now=why_now, version=F("version") + 1):
        raise ChangedElsewhere(Focus.objects.get(pk=focus.pk))
    focus.refresh_from_db(fields=["why_now", "version"])
    return focus


@transaction.atomic
def remove_focus(*, focus: Focus):
    _editable(focus.plan)
    name = current_framework().competency(focus.competency_id).name
    return trash.delete(focus, owner=focus.plan.owner, label=name, kind="plan focus")


@transaction.atomic
def add_resource(
    *, focus: Focus, source: str, resource_id: str = "", title: str = "", url: str = ""
) -> FocusResource:
    _editable(focus.plan)
    if source == ResourceSource.FRAMEWORK:
        resource = next((r for r in current_framework().resources if r.id == resource_id), None)
        if resource is None:
            raise PlanError("Choose one of the framework's resources.")
        title, url = resource.title, resource.url
    elif source in (ResourceSource.ORGANISATION, ResourceSource.OWN):
        title, url = _text(title, 300, "name"), _web_address(url)
        if not title:
            raise PlanError("Give the resource a name.")
    else:
        raise PlanError("Say where the resource comes from.")
    return FocusResource.objects.create(
        focus=focus, source=source, resource_id=resource_id, title=title.strip(), url=url
    )


@transaction.atomic
def add_person(*, focus: Focus, name: str = "", user=None, note: str = "") -> FocusPerson:
    _editable(focus.plan)
    if user is not None:
        name = user.full_name
    name, note = _text(name, 200, "name"), _text(note, 300, "note")
    if not name:
        raise PlanError("Name the person you want to learn from.")
    return FocusPerson.objects.create(focus=focus, name=name.strip(), user=user, note=note.strip())


def remove_item(*, focus: Focus, model, pk: int):
    _editable(focus.plan)
    item = model.objects.filter(focus=focus, pk=pk).first()
    kind = {FocusResource: "resource", FocusPerson: "person to learn from", NextStep: "next step"}
    return item and trash.delete(item, owner=focus.plan.owner, label=str(item), kind=kind.get(model, ""))


@transaction.atomic
def add_step(*, focus: Focus, text: str, due_on: date | None) -> NextStep:
    _editable(focus.plan)
    text = _text(text, 500, "step")
    if not text:
        raise PlanError("Describe the next step.")
    return NextStep.objects.create(focus=focus, text=text, due_on=due_on)


@transaction.atomic
def set_step_status(*, step: NextStep, status: str, reason: str = "") -> NextStep:
    _editable(step.focus.plan)
    if status not in StepStatus.values:
        raise PlanError("Choose planned, doing, done or dropped.")
    reason = _text(reason, 500, "reason")
    if status == StepStatus.DROPPED and not reason:
        raise PlanError("Say briefly why you are dropping this step: it helps at your next check-in.")
    step.status = status
    step.dropped_reason = reason.strip() if status == StepStatus.DROPPED else ""
    step.save(update_fields=["status", "dropped_reason"])
    return step


@transaction.atomic
def link_evidence(*, focus: Focus, entry) -> FocusEvidence:
    _editable(focus.plan)
    if entry.owner_id != focus.plan.owner_id:
        raise PlanError("Only your own journal entries can be evidence for your plan.")
    evidence, _ = FocusEvidence.objects.get_or_create(focus=focus, entry=entry)
    return evidence


def _record_latest_scores(plan: Plan, focuses: list[Focus], score: str, source: str) -> None:
    """Keep each focus's latest score (in the field `score`) and the assessment it came from
    (`source`), as the owner sees them: others see a score only while that assessment is shared."""
    latest = scores.latest_scores(plan.owner, [f.competency_id for f in focuses], viewer=plan.owner)
    for focus in focuses:
        found = latest.get(focus.competency_id)
        setattr(focus, score, found.score if found else None)
        setattr(focus, f"{source}_id", found.assessment_id if found else None)
        focus.save(update_fields=[score, source])


@transaction.atomic
def activate(*, plan: Plan) -> Plan:
    if plan.status != PlanStatus.DRAFT:
        return plan
    focuses = list(plan.focuses.all())
    if not focuses:
        raise PlanError("Choose at least one competency to focus on before starting the plan.")
    _record_latest_scores(plan, focuses, "score_at_start", "start_assessment")
    plan.status = PlanStatus.ACTIVE
    plan.activated_at = timezone.now()
    plan.next_check_in_on = timezone.localdate() + CHECK_IN_INTERVAL
    plan.save(update_fields=["status", "activated_at", "next_check_in_on", "updated_at"])
    return plan


@transaction.atomic
def complete(*, plan: Plan) -> Plan:
    """Complete the plan and keep a snapshot of the focus competencies' latest scores."""
    if plan.status == PlanStatus.COMPLETED:
        return plan
    focuses = list(plan.focuses.all())
    _record_latest_scores(plan, focuses, "score_at_completion", "completion_assessment")
    plan.status = PlanStatus.COMPLETED
    plan.completed_at = timezone.now()
    plan.next_check_in_on = None
    plan.save(update_fields=["status", "completed_at", "next_check_in_on", "updated_at"])
    return plan


@transaction.atomic
def check_in(*, plan: Plan, held_on: date, notes: dict[int, str], next_on: date | None = None) -> CheckIn:
    """A dated reflection on progress per focus; the next check-in defaults to three months on."""
    if plan.status != PlanStatus.ACTIVE:
        raise PlanError("Check-ins are for active plans. Start the plan first.")
    if held_on > timezone.localdate():
        raise PlanError("A check-in cannot be dated in the future.")
    next_on = next_on or held_on + CHECK_IN_INTERVAL
    if next_on <= held_on:
        raise PlanError("The next check-in must come after this one.")
    focuses = {f.pk: f for f in plan.focuses.all()}
    if not any(text.strip() for text in notes.values()):
        raise PlanError("Write a few words about at least one focus.")
    check = CheckIn.objects.create(plan=plan, held_on=held_on, next_check_in_on=next_on)
    for focus_id, text in notes.items():
        if focus_id in focuses and text.strip():
            CheckInNote.objects.create(
                check_in=check, focus=focuses[focus_id], text=_text(text, TEXT_MAX, "note")
            )
    plan.next_check_in_on = next_on
    plan.save(update_fields=["next_check_in_on", "updated_at"])
    return check


def add_comment(*, plan: Plan, author, text: str, check_in: CheckIn | None = None) -> Comment:
    """Authors are the owner or a supervisor the plan is shared with (the view enforces who sees it)."""
    text = _text(text, TEXT_MAX, "comment")
    if not text:
        raise PlanError("Write a comment first.")
    if check_in is not None and check_in.plan_id != plan.pk:
        raise PlanError("That check-in belongs to another plan.")
    return Comment.objects.create(plan=plan, author=author, text=text, check_in=check_in)


def mark_comments_seen(*, plan: Plan) -> None:
    """The owner has read the comments (a POST from the plan page: reading the page writes nothing)."""
    Plan.objects.filter(pk=plan.pk).update(owner_seen_comments_at=timezone.now())


def _restorable_focus(focus: Focus) -> None:
    """A removed focus comes back only to a plan that can still change and has room for it."""
    plan = _editable(Plan.objects.get(pk=focus.plan_id))
    if plan.focuses.filter(competency_id=focus.competency_id).exists():
        raise PlanError("The plan has a focus on this competency again, so the old one cannot come back.")
    if plan.focuses.count() >= MAX_FOCUSES:
        raise PlanError(f"The plan already has {MAX_FOCUSES} focuses. Remove one before restoring this one.")


def _restorable_item(item) -> None:
    plan = Plan.objects.filter(focuses=item.focus_id).first()  # None while its focus comes back with it
    if plan is not None:
        _editable(plan)


trash.when_restoring(Focus, _restorable_focus)
for _model in (FocusResource, FocusPerson, NextStep):
    trash.when_restoring(_model, _restorable_item)
