"""Who may see or change which self-assessments, built on the relationships in praxis.accounts.policy.

- The owner sees and changes their own (answers only while a draft; sharing at any time).
- Others see a submitted assessment only through a share: its owner's confirmed supervisors in
  that organisation, and the organisation's leads when it is shared "with my organisation".
Each is a queryset, so what a person may not see is simply not found.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from praxis.accounts.policy import (
    Reach,
    authenticated,
    organisations_for,
    owned_by,
    owned_or_shared,
    reach,
    supervisees_of,
)

from .models import Assessment, Status

__all__ = [
    "is_owner",
    "organisations_for",
    "own_assessments",
    "reach",
    "supervisees_of",
    "viewable_assessment",
    "viewable_assessment_reached",
    "viewable_assessments",
]


def viewable_assessments(
    user,
    *,
    owner_id: int | None = None,
    owner_ids: Iterable[int] | None = None,
    pk: int | None = None,
    reach: Reach | None = None,
) -> QuerySet[Assessment]:
    """Assessments `user` may read: their own, and submitted ones shared with them (narrowed to
    some owners' or one assessment when the page is about that: the same rule, found faster)."""
    if not authenticated(user):
        return Assessment.objects.none()
    # own or shared (one indexed lookup), and then a draft only if it is one's own
    return Assessment.objects.filter(
        owned_or_shared(user, Assessment, owner_id=owner_id, owner_ids=owner_ids, pk=pk, reach=reach)
    ).filter(owned_by(user) | Q(status=Status.SUBMITTED))


def viewable_assessment(user, pk: int) -> Assessment | None:
    """The assessment `pk` if `user` may read it."""
    found = viewable_assessment_reached(user, pk)
    return found[0] if found else None


def viewable_assessment_reached(user, pk: int) -> tuple[Assessment, Reach] | None:
    """The assessment `pk` if `user` may read it, with the user's reach to its owner for the page's
    later reads of the owner's things. Found by its key (one query: one's own is then found);
    anyone else's only if `viewable_assessments`, narrowed by that reach, has it too."""
    if not authenticated(user):
        return None
    found = Assessment.objects.select_related("owner").filter(pk=pk).first()
    if found is None:
        return None
    owner_reach = reach(user, [found.owner_id])
    if found.owner_id != user.pk and not viewable_assessments(user, reach=owner_reach, pk=pk).exists():
        return None
    return found, owner_reach


def own_assessments(user) -> QuerySet[Assessment]:
    """Assessments `user` may change (answers while a draft; sharing at any time)."""
    if not authenticated(user):
        return Assessment.objects.none()
    return Assessment.objects.filter(owned_by(user))


def is_owner(user, assessment: Assessment) -> bool:
    """For showing the owner's buttons on a page the viewer may already see."""
    return authenticated(user) and assessment.owner_id == user.pk
