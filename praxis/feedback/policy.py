"""Who may approve a feedback round's rater list: the one place that decides it.

Today: anyone with a supervision link to the round's owner in the round's organisation. When
supervision links gain a confirmation step, only ``supervises`` changes.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from praxis.accounts.models import SupervisionLink

from .models import Round


def _links():
    return SupervisionLink.objects.all()


def supervises(organisation_id, supervisor, supervisee_id) -> bool:
    return (
        _links()
        .filter(organisation_id=organisation_id, supervisor=supervisor, supervisee_id=supervisee_id)
        .exists()
    )


def may_approve(user, round_: Round) -> bool:
    return bool(
        user.is_authenticated
        and round_.approval_required
        and round_.organisation_id
        and user.pk != round_.owner_id
        and supervises(round_.organisation_id, user, round_.owner_id)
    )


def rounds_to_approve(user) -> QuerySet[Round]:
    """Rounds whose rater list this user may approve (open or not; the page says which)."""
    if not user.is_authenticated:
        return Round.objects.none()
    link = _links().filter(
        organisation=OuterRef("organisation"), supervisor=user, supervisee=OuterRef("owner")
    )
    return (
        Round.objects.filter(approval_required=True, organisation__isnull=False)
        .exclude(owner=user)
        .filter(Exists(link))
        .select_related("owner")
    )


def has_approver(round_: Round) -> bool:
    return (
        bool(round_.organisation_id)
        and _links().filter(organisation_id=round_.organisation_id, supervisee_id=round_.owner_id).exists()
    )
