"""Who may read or change which journal entries, built on praxis.accounts.policy.

An entry is private to its owner. The owner may share one with their supervisors in an
organisation (confirmed links only); leads never read journals: reflection stays between a
practitioner and their supervisor (`Entry.share_audiences`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from praxis.accounts.policy import Reach, authenticated, confirmed_supervision, owned_by, owned_or_shared

from .models import Entry, EntryTag


def viewable_entries(
    user,
    *,
    owner_id: int | None = None,
    owner_ids: Iterable[int] | None = None,
    pk: int | None = None,
    reach: Reach | None = None,
) -> QuerySet[Entry]:
    if not authenticated(user):
        return Entry.objects.none()
    return Entry.objects.filter(
        owned_or_shared(user, Entry, owner_id=owner_id, owner_ids=owner_ids, pk=pk, reach=reach)
    )


def shared_entries(viewer) -> QuerySet[Entry]:
    """Others' entries a share lets `viewer` read (their supervisors, by a confirmed link)."""
    if not authenticated(viewer):
        return Entry.objects.none()
    return Entry.objects.filter(owned_or_shared(viewer, Entry)).exclude(owner=viewer)


def supervises_anyone(viewer) -> bool:
    """Whether anyone could share an entry with `viewer` (entries go to supervisors only)."""
    return confirmed_supervision(viewer).exists()


def own_entries(user) -> QuerySet[Entry]:
    return Entry.objects.filter(owned_by(user)) if authenticated(user) else Entry.objects.none()


def own_tags(user) -> QuerySet[EntryTag]:
    # a join on the entry's owner (indexed), not a subquery over every entry
    return EntryTag.objects.filter(entry__owner=user) if authenticated(user) else EntryTag.objects.none()


def is_owner(user, entry: Entry) -> bool:
    return authenticated(user) and entry.owner_id == user.pk
