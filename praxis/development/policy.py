"""Who may see, comment on or change which development plans, built on praxis.accounts.policy.

- A plan is private to its owner, who alone changes it.
- The owner may share it with their supervisors in an organisation (confirmed links only); they
  read it and comment on it. Leads never see plans (`Plan.share_audiences`).
- Sharing a plan does not share its evidence: a supervisor reads an evidence entry only if that
  entry is shared with them too (the journal's rule, through the same predicate).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from praxis.accounts.policy import Reach, authenticated, owned_by, owned_or_shared

from .models import Focus, FocusEvidence, Plan

# The journal entry model, reached through the evidence link rather than imported: feature apps
# do not import one another.
_Entry = FocusEvidence._meta.get_field("entry").related_model


def viewable_plans(
    user,
    *,
    owner_id: int | None = None,
    owner_ids: Iterable[int] | None = None,
    pk: int | None = None,
    reach: Reach | None = None,
) -> QuerySet[Plan]:
    """Plans `user` may read and, unless they own it, comment on."""
    if not authenticated(user):
        return Plan.objects.none()
    return Plan.objects.filter(
        owned_or_shared(user, Plan, owner_id=owner_id, owner_ids=owner_ids, pk=pk, reach=reach)
    )


def own_plans(user) -> QuerySet[Plan]:
    return Plan.objects.filter(owned_by(user)) if authenticated(user) else Plan.objects.none()


def own_focuses(user) -> QuerySet[Focus]:
    return Focus.objects.filter(plan__in=own_plans(user))


def readable_evidence_ids(user, plan: Plan) -> set[int]:
    """Ids of the plan's evidence entries `user` may open (every one for the owner)."""
    linked = FocusEvidence.objects.filter(focus__plan=plan).values("entry_id")
    if is_owner(user, plan):
        return set(linked.values_list("entry_id", flat=True))
    return set(
        _Entry.objects.filter(pk__in=linked)
        .filter(owned_or_shared(user, _Entry))
        .values_list("pk", flat=True)
    )


def is_owner(user, plan: Plan) -> bool:
    return authenticated(user) and plan.owner_id == user.pk
