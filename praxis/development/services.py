"""Writes for development plans: one function per use case, each transactional."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from praxis.assessments import scores
from praxis.assessments.selectors import results_for
from praxis.core import trash
from praxis.core.errors import PraxisError
from praxis.core.frameworks import current_framework
from praxis.core.limits import TEXT_MAX
from praxis.core.models import Deleted
from praxis.core.text import typed

from . import selectors
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
    """A change that cannot be made; the message is written for the person making it. `field`
    names the form field it is about, so the page shows it beside that field."""

    def __init__(self, message: str, field: str | None = None):
        self.field = field
        super().__init__(message)


class ChangedElsewhere(PlanError):
    """The record was saved by someone (or another tab) since the form was opened. Nothing is
    changed; `current` is the saved record, to show beside what was typed."""

    def __init__(self, current):
        self.current = current
        super().__init__("Changed elsewhere since you opened it. Your text is kept below the saved version.")


def _text(value: str, limit: int, what: str, field: str | None = None) -> str:
    value = typed(value)
    if len(value) > limit:
        raise PlanError(f"Keep the {what} under {limit:,} characters.", field)
    return value


def _web_address(url: str) -> str:
    """Only http(s) links are kept: a javascript: link would run in whoever opens the plan."""

    url = _text(url, 500, "link", "url")
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise PlanError(
                "Enter a web address starting with https:// (or leave the link empty).", "url"
            ) from None
    return url


def _editable(plan: Plan) -> Plan:
    if plan.status == PlanStatus.COMPLETED:
        raise PlanError("This plan is completed. Start a new plan to keep developing.")
    return plan


AREAS_TAKEN = 3  # development areas an assessment offers a plan (reflective question 7: two or three)


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def default_title(from_assessment=None) -> str:
    """A name that tells plans apart in a list: from which assessment, or from when."""
    if from_assessment is not None and from_assessment.submitted_at:
        return (
            f"Development plan from {_long_date(timezone.localdate(from_assessment.submitted_at))} assessment"
        )
    return f"Development plan started {_long_date(timezone.localdate())}"


@transaction.atomic
def create_plan(*, owner, from_assessment=None, horizon_months: int = 12, title: str = "") -> Plan:
    """A new draft plan, always; from an assessment, its areas to develop become the focuses.
    Pages start plans through plan_open_or_start, which never makes a second draft."""
    if from_assessment is not None and from_assessment.owner_id != owner.pk:
        raise PlanError("You can only plan from your own assessment.")
    plan = Plan.objects.create(
        owner=owner,
        horizon_months=horizon_months,
        from_assessment=from_assessment,
        title=title or Plan._meta.get_field("title").default,
    )
    if from_assessment is not None:
        for competency_id in development_area_ids(from_assessment):
            add_focus(plan=plan, competency_id=competency_id)
    return plan


def development_area_ids(assessment) -> list[str]:
    """The competencies an assessment suggests developing, lowest first (at most AREAS_TAKEN)."""
    areas = results_for(assessment, viewer=assessment.owner).development_areas[:AREAS_TAKEN]
    return [result.competency.id for result in areas]


@transaction.atomic
def plan_open_or_start(*, owner, from_assessment=None) -> tuple[Plan, bool]:
    """One plan per cycle: the owner's open plan (a draft, else the active one) if they have one,
    else a new draft named after the assessment it starts from (or the day), with that
    assessment's development areas as focuses. Returns (plan, created).

    Clicking twice, revisiting, or two tabs posting at once never makes a second plan: the
    owner's row is locked while we look (PostgreSQL; SQLite's IMMEDIATE transactions serialise
    writers anyway), and a unique constraint refuses a second open plan from one assessment."""
    if from_assessment is not None and from_assessment.owner_id != owner.pk:
        raise PlanError("You can only plan from your own assessment.")
    list(get_user_model().objects.select_for_update().filter(pk=owner.pk).values_list("pk", flat=True))
    plan = selectors.open_plan(owner)
    if plan is not None:
        return plan, False
    try:
        with transaction.atomic():
            plan = create_plan(
                owner=owner, from_assessment=from_assessment, title=default_title(from_assessment)
            )
    except IntegrityError:  # another request made it between our look and our insert
        return selectors.open_plan(owner), False
    return plan, True


@transaction.atomic
def focuses_add(*, plan: Plan, competency_ids: list[str]) -> list[Focus]:
    """Add several competencies (an assessment's new development areas) as focuses at once,
    skipping those already there, so a second tab or a double click adds nothing twice."""
    _editable(plan)
    chosen = {f.competency_id for f in plan.focuses.all()}
    new = [cid for cid in dict.fromkeys(competency_ids) if cid not in chosen]
    if not new:
        raise PlanError("Choose at least one area that is not yet a focus.", "competency")
    return [add_focus(plan=plan, competency_id=cid) for cid in new]


@transaction.atomic
def focus_add_to_current_plan(*, owner, competency_id: str, why_now: str = "") -> Plan:
    """Add a focus to the owner's newest unfinished plan, starting a draft plan if they have none:
    one plan per cycle, whichever page the idea came from (results, a feedback report)."""
    plan, _ = plan_open_or_start(owner=owner)
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
def add_focus(
    *,
    plan: Plan,
    competency_id: str,
    why_now: str = "",
    first_step: str = "",
    first_step_due: date | None = None,
) -> Focus:
    """A competency to develop; with `first_step`, its first next step in the same save."""
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
    why_now = _text(why_now, TEXT_MAX, "reason")
    focus = Focus.objects.create(
        plan=plan, competency_id=competency_id, why_now=why_now, position=len(focuses)
    )
    if typed(first_step) or first_step_due is not None:
        step_add(focus=focus, text=first_step, due_on=first_step_due)
    return focus


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
        title, url = _text(title, 300, "name", "title"), _web_address(url)
        if not title:
            raise PlanError("Give the resource a name.", "title")
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
    name, note = _text(name, 200, "name", "name"), _text(note, 300, "note", "note")
    if not name:
        raise PlanError("Name the person you want to learn from.", "name")
    return FocusPerson.objects.create(focus=focus, name=name.strip(), user=user, note=note.strip())


# One function per kind of thing removed, so each remove button calls exactly one of them.


@transaction.atomic
def remove_resource(*, resource: FocusResource) -> Deleted:
    _editable(resource.focus.plan)
    return trash.delete(resource, owner=resource.focus.plan.owner, label=str(resource), kind="resource")


@transaction.atomic
def remove_person(*, person: FocusPerson) -> Deleted:
    _editable(person.focus.plan)
    return trash.delete(person, owner=person.focus.plan.owner, label=str(person), kind="person to learn from")


@transaction.atomic
def remove_step(*, step: NextStep) -> Deleted:
    _editable(step.focus.plan)
    return trash.delete(step, owner=step.focus.plan.owner, label=str(step), kind="next step")


@transaction.atomic
def step_add(*, focus: Focus, text: str, due_on: date | None = None, by=None) -> NextStep:
    """A next step for a focus. `by`, when given, is who adds it and must own the plan (an action
    agreed in supervision lands here only once its practitioner accepts it)."""
    _editable(focus.plan)
    if by is not None and by.pk != focus.plan.owner_id:
        raise PlanError("Only the plan's owner adds steps to it.")
    text = _text(text, 500, "step", "text")
    if not text:
        raise PlanError("Describe the next step.", "text")
    return NextStep.objects.create(focus=focus, text=text, due_on=due_on)


@transaction.atomic
def set_step_status(*, step: NextStep, status: str, reason: str = "") -> NextStep:
    _editable(step.focus.plan)
    if status not in StepStatus.values:
        raise PlanError("Choose planned, doing, done or dropped.")
    reason = _text(reason, 500, "reason", "reason")
    if status == StepStatus.DROPPED and not reason:
        raise PlanError(
            "Say briefly why you are dropping this step: it helps at your next check-in.", "reason"
        )
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
