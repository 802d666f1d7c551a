"""Writes for supervision: one function per use case, each transactional.

Every write checks who makes it (a confirmed supervisor for notes and proposals, the practitioner
for answers) even though the views only reach objects through the policy: a service called from
anywhere else cannot be talked into more.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from praxis.core.errors import PraxisError
from praxis.core.frameworks import current_framework
from praxis.core.limits import TEXT_MAX
from praxis.core.text import typed
from praxis.development import policy as plan_policy
from praxis.development import services as plans
from praxis.development.models import Focus, NextStep, PlanStatus

from . import policy
from .models import STEP_TEXT_MAX, ActionStatus, AgreedAction, SupervisionNote, SupervisionVisit, Visibility


class SupervisionError(PraxisError):
    """A change that cannot be made; the message is written for the person making it."""


def _supervising(supervisor, supervisee) -> None:
    if not policy.supervisees(supervisor).filter(pk=supervisee.pk).exists():
        raise SupervisionError("You can only write about people you supervise.")


def _text(value: str, limit: int, what: str) -> str:
    value = typed(value)
    if not value:
        raise SupervisionError(f"Write the {what} first.")
    if len(value) > limit:
        raise SupervisionError(f"Keep the {what} under {limit:,} characters.")
    return value


@transaction.atomic
def note_add(*, author, supervisee, text: str, visibility: str) -> SupervisionNote:
    """A note about the conversation: for the supervisor alone, or shared with the practitioner."""
    _supervising(author, supervisee)
    if visibility not in Visibility.values:
        raise SupervisionError("Choose who may read the note.")
    return SupervisionNote.objects.create(
        author=author, supervisee=supervisee, visibility=visibility, text=_text(text, TEXT_MAX, "note")
    )


@transaction.atomic
def action_propose(
    *, proposed_by, supervisee, text: str, due_on: date | None = None, competency_id: str = ""
) -> AgreedAction:
    """Write down an action agreed in the conversation. It waits for the practitioner, who
    decides whether it becomes a next step in their plan."""
    _supervising(proposed_by, supervisee)
    if competency_id:
        try:
            current_framework().competency(competency_id)
        except KeyError:
            raise SupervisionError("Choose one of the framework's competencies, or none.") from None
    return AgreedAction.objects.create(
        proposed_by=proposed_by,
        supervisee=supervisee,
        text=_text(text, STEP_TEXT_MAX, "action"),
        due_on=due_on,
        competency_id=competency_id,
    )


def focus_for_action(owner, competency_id: str) -> Focus | None:
    """The focus an action about `competency_id` lands in: that competency's focus in the owner's
    newest unfinished plan that has it, or None."""
    if not competency_id:
        return None
    return (
        plan_policy.own_focuses(owner)
        .exclude(plan__status=PlanStatus.COMPLETED)
        .filter(competency_id=competency_id)
        .select_related("plan")
        .order_by("-plan__created_at", "-pk")
        .first()
    )


@transaction.atomic
def action_accept(*, action: AgreedAction, by, focus: Focus | None = None) -> NextStep:
    """The practitioner accepts: the action becomes a next step in `focus` (one of their own
    unfinished plans' focuses), or, with no focus chosen, in the focus of the competency it names
    (added to their current plan, or a new draft plan, when they have none for it).

    Once only, whatever the number of tabs or clicks: the first thing done is one UPDATE that only
    a still-proposed action matches, so a second request finds nothing to claim (on PostgreSQL it
    waits for the first to commit and then matches no row). If the step cannot be made, the whole
    transaction rolls back and the action is still waiting."""
    if action.supervisee_id != getattr(by, "pk", None):
        raise SupervisionError("Only the person it was agreed with can accept it.")
    now = timezone.now()
    claimed = AgreedAction.objects.filter(pk=action.pk, status=ActionStatus.PROPOSED).update(
        status=ActionStatus.ACCEPTED, answered_at=now
    )
    if not claimed:
        raise SupervisionError("You have already answered this action.")
    if focus is None:
        focus = focus_for_action(by, action.competency_id)
        if focus is None and action.competency_id:
            plan = plans.focus_add_to_current_plan(owner=by, competency_id=action.competency_id)
            focus = plan.focuses.get(competency_id=action.competency_id)
    if focus is None:
        raise SupervisionError("Choose the focus of your plan this step belongs to.")
    focus = Focus.objects.select_related("plan").get(pk=focus.pk)  # the plan as it is now, not as loaded
    if focus.plan.owner_id != by.pk:
        raise SupervisionError("Choose one of your own plan's focuses.")
    step = plans.step_add(focus=focus, text=action.text, due_on=action.due_on, by=by)
    AgreedAction.objects.filter(pk=action.pk).update(step=step)
    action.status, action.answered_at, action.step = ActionStatus.ACCEPTED, now, step
    return step


@transaction.atomic
def action_decline(*, action: AgreedAction, by) -> AgreedAction:
    """The practitioner declines: nothing is added to their plan; the supervisor sees the answer."""
    if action.supervisee_id != getattr(by, "pk", None):
        raise SupervisionError("Only the person it was agreed with can decline it.")
    now = timezone.now()
    if not AgreedAction.objects.filter(pk=action.pk, status=ActionStatus.PROPOSED).update(
        status=ActionStatus.DECLINED, answered_at=now
    ):
        raise SupervisionError("You have already answered this action.")
    action.status, action.answered_at = ActionStatus.DECLINED, now
    return action


@transaction.atomic
def visit_mark_seen(*, supervisor, supervisee, at=None) -> SupervisionVisit:
    """The supervisor has gone through the page: what is "new" starts from now. A POST from the
    page's button, never a side effect of reading it."""
    _supervising(supervisor, supervisee)
    visit, _ = SupervisionVisit.objects.update_or_create(
        supervisor=supervisor, supervisee=supervisee, defaults={"seen_at": at or timezone.now()}
    )
    return visit


def supervisor_private_notes_delete(user) -> None:
    """With the supervisor's account go their private notes (their own record). Shared notes and
    actions they proposed stay with the practitioner, without an author."""
    SupervisionNote.objects.filter(author=user, visibility=Visibility.PRIVATE).delete()
