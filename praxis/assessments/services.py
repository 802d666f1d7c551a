"""Writes for self-assessments: one function per use case, each transactional.

Answers are written one item at a time (update_or_create on the item's row), never by
replacing a whole form, so two tabs saving the same assessment cannot wipe each other's
answers. Nothing changes once an assessment is submitted.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from praxis.core import trash
from praxis.core.errors import PraxisError
from praxis.core.frameworks import current_framework_version, framework_for_version
from praxis.core.inputs import whole_number
from praxis.core.limits import TEXT_MAX
from praxis.core.text import typed

from .models import (
    PRINCIPLE_STRENGTH_MAX,
    PRINCIPLE_STRENGTH_MIN,
    Answer,
    Assessment,
    CompetencyNote,
    CompetencyResult,
    PrincipleReflection,
    Status,
)
from .scores import results_to_store
from .structure import questionnaire_for

NOT_APPLICABLE = "na"
NOTE_MAX_LENGTH = TEXT_MAX


class AssessmentError(PraxisError):
    """A change that cannot be made; the message is written for the person making it."""


class AnswerChanged(AssessmentError):
    """Another tab or device saved a different value since this page last saw it.

    `stored` is what is saved now ("" for nothing): an item's "na" or level, a note's text, or a
    principle's (strength, example)."""

    def __init__(self, stored):
        super().__init__("This was changed in another tab since this page loaded it.")
        self.stored = stored


def _unless_changed_elsewhere(stored, expected, new) -> None:
    """A save that names the value its page last saw (`expected`) may not silently replace a
    different value another tab saved since; saving what is already stored is never a conflict."""
    if expected is not None and stored not in (expected, new):
        raise AnswerChanged(stored)


def _locked_draft(assessment: Assessment) -> Assessment:
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status != Status.DRAFT:
        raise AssessmentError("This assessment has been submitted, so its answers can no longer change.")
    return locked


def start_assessment(*, owner, kind: str, start_from: Assessment | None = None) -> Assessment:
    """The person's draft of this kind: the one in progress if there is one, else a new one."""
    return assessment_start_or_resume(owner=owner, kind=kind, start_from=start_from)[0]


@transaction.atomic
def assessment_start_or_resume(
    *, owner, kind: str, start_from: Assessment | None = None
) -> tuple[Assessment, bool]:
    """(draft, resumed): the draft of this kind already in progress (resumed, its answers left as
    they are, `start_from` ignored), or a new draft on the framework in use, optionally carrying
    over an earlier one's answers.

    One draft per person and kind is a database constraint, so two tabs starting at once get the
    same draft: the second insert fails inside its savepoint and finds the first."""
    if start_from is not None and (start_from.owner_id != owner.pk or start_from.kind != kind):
        raise AssessmentError("You can only start from one of your own assessments of the same kind.")
    existing = Assessment.objects.filter(owner=owner, kind=kind, status=Status.DRAFT).first()
    if existing is not None:
        return existing, True
    version = current_framework_version()
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                owner=owner, kind=kind, framework_version=version, started_from=start_from
            )
    except IntegrityError:
        return Assessment.objects.get(owner=owner, kind=kind, status=Status.DRAFT), True
    if start_from is not None:
        questionnaire = questionnaire_for(framework_for_version(version), kind)
        Answer.objects.bulk_create(
            Answer(assessment=assessment, item_id=a.item_id, level=a.level, not_applicable=a.not_applicable)
            for a in start_from.answers.all()
            if a.item_id in questionnaire.items  # items a changed framework no longer has are left behind
        )
        CompetencyNote.objects.bulk_create(
            CompetencyNote(assessment=assessment, competency_id=n.competency_id, text=n.text)
            for n in start_from.notes.all()
            if n.competency_id in questionnaire.structure
        )
    return assessment, False


def parse_answer(assessment: Assessment, item_id: str, raw: str) -> tuple[int | None, bool]:
    """(level, not_applicable) for a submitted value, or AssessmentError saying what is wrong."""
    framework = framework_for_version(assessment.framework_version_id)
    if item_id not in questionnaire_for(framework, assessment.kind).items:
        raise AssessmentError("That question is not part of this assessment.")
    if raw == NOT_APPLICABLE:
        return None, True
    scale = framework.scale
    try:
        level = whole_number(raw)  # ASCII digits only: int() would read '٣' as 3
    except (TypeError, ValueError):
        level = None
    if level not in {lvl.value for lvl in scale.levels}:
        raise AssessmentError(
            f"Choose a level from {scale.levels[0].label} to {scale.levels[-1].label}, "
            f"or “{scale.not_applicable.label}”."
        )
    return level, False


@transaction.atomic
def save_answer(*, assessment: Assessment, item_id: str, raw: str, expected: str | None = None) -> Answer:
    assessment = _locked_draft(assessment)
    level, not_applicable = parse_answer(assessment, item_id, raw)
    if expected is not None:
        current = Answer.objects.filter(assessment=assessment, item_id=item_id).first()
        stored = "" if current is None else NOT_APPLICABLE if current.not_applicable else str(current.level)
        _unless_changed_elsewhere(stored, expected, NOT_APPLICABLE if not_applicable else str(level))
    answer, _ = Answer.objects.update_or_create(
        assessment=assessment, item_id=item_id, defaults={"level": level, "not_applicable": not_applicable}
    )
    Assessment.objects.filter(pk=assessment.pk).update(updated_at=timezone.now())
    return answer


@transaction.atomic
def save_changed_answers(*, assessment: Assessment, posted: dict[str, str], initial: dict[str, str]) -> int:
    """Save the answers a page changed since it was loaded; returns how many were written.

    Items the page shows unchanged are left alone, so a stale tab cannot overwrite an answer
    another tab saved in the meantime.
    """
    assessment = _locked_draft(assessment)
    parsed = {
        item_id: parse_answer(assessment, item_id, raw)
        for item_id, raw in posted.items()
        if raw != initial.get(item_id, "")
    }
    for item_id, (level, not_applicable) in parsed.items():
        Answer.objects.update_or_create(
            assessment=assessment,
            item_id=item_id,
            defaults={"level": level, "not_applicable": not_applicable},
        )
    if parsed:
        Assessment.objects.filter(pk=assessment.pk).update(updated_at=timezone.now())
    return len(parsed)


@transaction.atomic
def save_note(*, assessment: Assessment, competency_id: str, text: str, expected: str | None = None) -> None:
    assessment = _locked_draft(assessment)
    framework = framework_for_version(assessment.framework_version_id)
    if competency_id not in questionnaire_for(framework, assessment.kind).structure:
        raise AssessmentError("That competency is not part of this assessment.")
    text = typed(text)
    if len(text) > NOTE_MAX_LENGTH:
        raise AssessmentError(f"Keep the example under {NOTE_MAX_LENGTH} characters.")
    if expected is not None:
        current = CompetencyNote.objects.filter(assessment=assessment, competency_id=competency_id).first()
        _unless_changed_elsewhere("" if current is None else current.text, typed(expected), text)
    if text:
        CompetencyNote.objects.update_or_create(
            assessment=assessment, competency_id=competency_id, defaults={"text": text}
        )
    else:
        CompetencyNote.objects.filter(assessment=assessment, competency_id=competency_id).delete()


@transaction.atomic
def save_principle_reflection(
    *,
    assessment: Assessment,
    principle_id: str,
    strength: str,
    example: str,
    expected: tuple[str, str] | None = None,
) -> None:
    assessment = _locked_draft(assessment)
    framework = framework_for_version(assessment.framework_version_id)
    if principle_id not in {p.id for p in framework.principles}:
        raise AssessmentError("That principle is not part of this framework.")
    value = None
    if strength:
        try:
            value = int(strength)
        except ValueError:
            value = -1
        if not PRINCIPLE_STRENGTH_MIN <= value <= PRINCIPLE_STRENGTH_MAX:
            raise AssessmentError(
                "Choose how strongly the principle guides your practice, from the options shown."
            )
    example = typed(example)
    if len(example) > NOTE_MAX_LENGTH:
        raise AssessmentError(f"Keep the example under {NOTE_MAX_LENGTH} characters.")
    if expected is not None:
        current = PrincipleReflection.objects.filter(assessment=assessment, principle_id=principle_id).first()
        stored = ("", "") if current is None else (str(current.strength or ""), current.example)
        _unless_changed_elsewhere(stored, (expected[0], typed(expected[1])), (str(value or ""), example))
    PrincipleReflection.objects.update_or_create(
        assessment=assessment, principle_id=principle_id, defaults={"strength": value, "example": example}
    )


NOTHING_TO_SCORE = (
    "Nothing here can be scored yet. Answer at least one competency (in the full assessment, at "
    "least half of its key activities) with a level before you submit."
)


def scorable_competencies(results: list[CompetencyResult]) -> int:
    """How many competencies these results give a score."""
    return sum(1 for r in results if r.score is not None)


@transaction.atomic
def submit(*, assessment: Assessment) -> Assessment:
    """Submit a draft. Submitting again (a double click, a second tab) changes nothing.

    A submission must score at least one competency: an assessment with nothing rated (or only
    "not applicable") says nothing to come back to, so it stays a draft."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status == Status.SUBMITTED:
        return locked
    results = results_to_store(locked, locked.answers.all())
    if not scorable_competencies(results):
        raise AssessmentError(NOTHING_TO_SCORE)
    locked.status = Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "submitted_at", "updated_at"])
    CompetencyResult.objects.bulk_create(results)
    return locked


@transaction.atomic
def assessment_results_rebuild(*, assessments) -> int:
    """Write the stored scores of submitted assessments again from their answers (derived data:
    safe to run at any time). Returns how many assessments were rebuilt."""
    count = 0
    for assessment in (
        assessments.filter(status=Status.SUBMITTED).prefetch_related("answers").iterator(chunk_size=200)
    ):
        CompetencyResult.objects.filter(assessment=assessment).delete()
        CompetencyResult.objects.bulk_create(results_to_store(assessment, assessment.answers.all()))
        count += 1
    return count


@transaction.atomic
def discard_draft(*, assessment: Assessment):
    draft = _locked_draft(assessment)
    label = (
        f"{draft.get_kind_display()} self-assessment started {timezone.localtime(draft.created_at):%-d %B %Y}"
    )
    return trash.delete(draft, owner=draft.owner, label=label, kind="self-assessment draft")


def _restorable_draft(assessment: Assessment) -> None:
    """One draft of each kind at a time: a deleted draft comes back only when no other is open."""
    others = Assessment.objects.filter(
        owner_id=assessment.owner_id, kind=assessment.kind, status=Status.DRAFT
    )
    if assessment.status == Status.DRAFT and others.exists():
        raise AssessmentError(
            f"You have started another {assessment.get_kind_display().lower()} self-assessment since. "
            "Submit or delete that one first, then restore this draft."
        )


trash.when_restoring(Assessment, _restorable_draft)
