"""Who may see or change what in supervision, built on praxis.accounts.policy.

- A supervisee's conversation page, and writing notes or agreed actions there, is for a
  supervisor of theirs through a link they CONFIRMED (`accounts.policy.supervisees_of`), in any
  organisation. Anyone else (a pending supervisor, another supervisor, a lead, a colleague, the
  practitioner themself) finds nothing: 404. When the link ends, so does the page.
- What the page shows of the practitioner is only what they shared, through each app's own policy
  (assessments, plans, journal entries); nothing here widens it.
- A private note is seen by its author alone, never by the practitioner; a shared note by its
  author (while they supervise the person) and by the practitioner, always.
- Agreed actions are the practitioner's: they see all of theirs, and only they accept or decline.
  The supervisor who proposed one sees its answer while they supervise the person.
"""

from __future__ import annotations

from django.db.models import QuerySet

from praxis.accounts.models import User
from praxis.accounts.policy import authenticated, supervisees_of

from .models import AgreedAction, SupervisionNote, Visibility


def supervisees(viewer) -> QuerySet[User]:
    """People whose conversation page `viewer` may open: those they supervise (confirmed link)."""
    return supervisees_of(viewer)


def notes_written_by(viewer, supervisee) -> QuerySet[SupervisionNote]:
    """The notes `viewer` wrote about `supervisee`, private and shared (the caller has checked
    that they supervise them)."""
    if not authenticated(viewer):
        return SupervisionNote.objects.none()
    return SupervisionNote.objects.filter(author=viewer, supervisee=supervisee)


def notes_for_practitioner(user) -> QuerySet[SupervisionNote]:
    """Notes a supervisor shared with `user`: never a private one."""
    if not authenticated(user):
        return SupervisionNote.objects.none()
    return SupervisionNote.objects.filter(supervisee=user, visibility=Visibility.SHARED)


def actions_proposed_by(viewer, supervisee) -> QuerySet[AgreedAction]:
    if not authenticated(viewer):
        return AgreedAction.objects.none()
    return AgreedAction.objects.filter(proposed_by=viewer, supervisee=supervisee)


def actions_for_practitioner(user) -> QuerySet[AgreedAction]:
    """Agreed actions proposed to `user`: theirs to accept or decline."""
    if not authenticated(user):
        return AgreedAction.objects.none()
    return AgreedAction.objects.filter(supervisee=user)
