"""Writes that reach across every app: logging evidence for a plan focus from the dashboard;
deleting a person's account and everything they own."""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from praxis.accounts.models import Invitation, Membership, Organisation, Role, User
from praxis.core.errors import PraxisError
from praxis.development import services as plans
from praxis.development.models import Focus
from praxis.journal import services as journal
from praxis.journal.models import Entry, Kind
from praxis.supervision.services import supervisor_private_notes_delete


class AccountError(PraxisError):
    """The account cannot be deleted yet; the message says what to do first."""


@transaction.atomic
def focus_evidence_log(*, user: User, focus: Focus, text: str, on=None) -> Entry:
    """One line from the dashboard's "log something for this focus": a journal entry dated today
    (a reflection, titled with the line), tagged with the focus's competency and linked to the
    focus as evidence, all or nothing. The person adds details to the entry later if they wish.
    The caller has checked the focus is theirs; the plan's and journal's rules still apply."""
    entry = journal.create_entry(
        owner=user,
        kind=Kind.REFLECTION,
        fields={"occurred_on": on or timezone.localdate(), "title": " ".join(text.split())},
        tags=[focus.competency_id],
    )
    plans.link_evidence(focus=focus, entry=entry)
    return entry


def _leaves_organisation_without_lead(user: User) -> list[Organisation]:
    """Organisations where `user` is the only lead while other people remain members."""
    blocking = []
    for membership in Membership.objects.filter(user=user, role=Role.LEAD).select_related("organisation"):
        others = Membership.objects.filter(organisation=membership.organisation).exclude(user=user)
        if others.exists() and not others.filter(role=Role.LEAD).exists():
            blocking.append(membership.organisation)
    return blocking


def _delete_sessions(user: User) -> None:
    """Every signed-in session of the person, on any device (sessions are not indexed by user,
    so each is decoded; expired ones too, as they still name the user)."""
    user_id = str(user.pk)
    stale = [s.pk for s in Session.objects.iterator() if s.get_decoded().get("_auth_user_id") == user_id]
    Session.objects.filter(pk__in=stale).delete()


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete the person and everything they own, in one transaction. The caller has checked their
    password.

    Goes with them (most through the database's ON DELETE CASCADE from the user): profile,
    memberships and supervision links, assessments with every answer, note, reflection and share,
    plans with everything in them (and others' comments on them), journal entries with tags and
    shares, feedback rounds they asked for with their raters and ratings; organisations where they
    are the only member; invitations addressed to their e-mail address (pending or accepted);
    sign-in logs for their address; their sessions; the admin's history of their account; notes and
    agreed actions from their supervisors, and the notes they kept for themself as a supervisor.

    Stays, because it is part of someone else's record (see the README's privacy section):
    comments they wrote on other people's plans, shown as "A former member"; notes they shared with
    and actions they proposed to a supervisee, shown as from "A former supervisor"; invitations they sent
    for an organisation (the sender is forgotten); a colleague's plan naming them as someone to learn
    from (the name the colleague typed, no longer linked); their answers in other people's feedback
    rounds, which were never linked to their account and only ever appear as anonymous aggregates.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    blocking = _leaves_organisation_without_lead(user)
    if blocking:
        names = ", ".join(o.name for o in blocking)
        raise AccountError(
            f"You are the only lead of {names}. Make someone else a lead there (or leave it) before you "
            "delete your account, so its members are not left without one."
        )
    theirs = Organisation.objects.filter(pk__in=Membership.objects.filter(user=user).values("organisation"))
    alone = theirs.annotate(members=Count("memberships")).filter(members=1).values_list("pk", flat=True)
    Organisation.objects.filter(pk__in=list(alone)).delete()  # nobody else could ever reach them
    Invitation.objects.filter(email__iexact=user.email).delete()
    for log in (AccessAttempt, AccessLog, AccessFailureLog):
        log.objects.filter(username__iexact=user.email).delete()
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).delete()
    _delete_sessions(user)
    supervisor_private_notes_delete(user)  # a private note never outlives its author
    user.delete()
