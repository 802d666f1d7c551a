"""Who may see, change or approve which feedback rounds, built on praxis.accounts.policy.

- A round, its invitation list, its response counts and its report are its owner's alone.
  Nobody else (not a supervisor, not a lead) finds them: they answer 404. The one exception is
  the owner's choice: the report of a closed round shared with their supervisors
  (`shared_reports`), read on the supervision page (never the invitation list).
- The report opens only once the round is closed, so nobody's answers can be picked out as they
  arrive; every figure in it then passes praxis.scoring.disclosure.
- A rater reaches their own form through the private link alone (no account; the token decides).
- Where the round's organisation asks for it, a supervisor of the owner there (through a link the
  owner confirmed) approves the rater list before any invitation goes out.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from praxis.accounts.models import SupervisionLink
from praxis.accounts.policy import authenticated, owned_by, owned_or_shared

from .models import Round


def own_rounds(user, *, owner_id: int | None = None) -> QuerySet[Round]:
    """`user`'s rounds; `owner_id` narrows them to one person's (a page about that person): none,
    without asking the database, unless that person is `user`."""
    if not authenticated(user) or (owner_id is not None and owner_id != user.pk):
        return Round.objects.none()
    return Round.objects.filter(owned_by(user))


def shared_reports(viewer) -> QuerySet[Round]:
    """Other people's rounds whose report `viewer` may read: shared with them as a supervisor (a
    link the owner confirmed) and closed now (a round extended after sharing is hidden again until
    it closes, like its owner's own report)."""
    if not authenticated(viewer):
        return Round.objects.none()
    closed = Q(closed_at__isnull=False) | Q(closes_on__lt=timezone.localdate())
    return Round.objects.filter(owned_or_shared(viewer, Round)).exclude(owner=viewer).filter(closed)


def report_readable(round_: Round) -> bool:
    """The owner (who alone finds the round) reads its report once it is closed."""
    return not round_.is_open


def _confirmed_links() -> QuerySet[SupervisionLink]:
    return SupervisionLink.objects.filter(confirmed_at__isnull=False)


def supervises(organisation_id, supervisor, supervisee_id) -> bool:
    return (
        _confirmed_links()
        .filter(organisation_id=organisation_id, supervisor=supervisor, supervisee_id=supervisee_id)
        .exists()
    )


def may_approve(user, round_: Round) -> bool:
    return bool(
        authenticated(user)
        and round_.approval_required
        and round_.organisation_id
        and user.pk != round_.owner_id
        and supervises(round_.organisation_id, user, round_.owner_id)
    )


def rounds_to_approve(user) -> QuerySet[Round]:
    """Rounds whose rater list this user may approve (open or not; the page says which)."""
    if not authenticated(user):
        return Round.objects.none()
    link = _confirmed_links().filter(
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
        and _confirmed_links()
        .filter(organisation_id=round_.organisation_id, supervisee_id=round_.owner_id)
        .exists()
    )
