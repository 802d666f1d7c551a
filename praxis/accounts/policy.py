"""Who may see or change what: the one place Praxis decides access.

Views never decide access themselves. They fetch objects through the querysets below, so an
object a person may not see is simply not found (404), never "forbidden": a forged or guessed
id tells nothing about what exists. Actions inside a visible organisation that need a role
(inviting, linking supervisors) answer 403, since the person can already see the organisation.

Rules:
- A practitioner's assessment is private to them until they share it with an organisation.
- Shared "with my supervisors": the supervisors linked to them in that organisation see it.
- Shared "with my organisation": those supervisors and the organisation's leads see it.
- Sharing only counts while the owner is still a member of that organisation.
- Only the owner edits a draft, and only the owner sees it: others see submitted assessments only.
  Submitted assessments are read-only for everyone.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import Membership, Organisation, Role, SupervisionLink, User


def _authenticated(user) -> bool:
    return bool(user and user.is_authenticated)


# -- organisations ----------------------------------------------------------------------------


def organisations_for(user) -> QuerySet[Organisation]:
    if not _authenticated(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user)


def role_in(user, organisation: Organisation) -> str | None:
    if not _authenticated(user):
        return None
    return (
        Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True).first()
    )


def can_manage_organisation(user, organisation: Organisation) -> bool:
    """Invite people, change roles, link supervisors: organisation leads only."""
    return role_in(user, organisation) == Role.LEAD


# -- assessments --------------------------------------------------------------------------------


def _shared_with(user) -> Exists:
    """An Exists() true for assessments some share lets `user` see."""
    from praxis.assessments.models import AssessmentShare, ShareAudience

    owner_still_member = Membership.objects.filter(
        organisation=OuterRef("organisation"), user=OuterRef("assessment__owner")
    )
    viewer_supervises_owner = SupervisionLink.objects.filter(
        organisation=OuterRef("organisation"), supervisor=user, supervisee=OuterRef("assessment__owner")
    )
    viewer_leads = Membership.objects.filter(organisation=OuterRef("organisation"), user=user, role=Role.LEAD)
    shares = AssessmentShare.objects.filter(assessment=OuterRef("pk")).filter(
        Exists(owner_still_member),
        Exists(viewer_supervises_owner) | Q(Exists(viewer_leads), audience=ShareAudience.ORGANISATION),
    )
    return Exists(shares)


def viewable_assessments(user) -> QuerySet:
    """Assessments `user` may read: their own, and those shared with them."""
    from praxis.assessments.models import Assessment

    if not _authenticated(user):
        return Assessment.objects.none()
    return Assessment.objects.filter(Q(owner=user) | Q(_shared_with(user), status="submitted"))


def own_assessments(user) -> QuerySet:
    """Assessments `user` may change (answers while a draft; sharing at any time)."""
    from praxis.assessments.models import Assessment

    if not _authenticated(user):
        return Assessment.objects.none()
    return Assessment.objects.filter(owner=user)


def supervisees_of(user) -> QuerySet[User]:
    """People `user` supervises in any organisation (leaving one removes its links)."""
    if not _authenticated(user):
        return User.objects.none()
    return User.objects.filter(supervisor_links__supervisor=user).distinct().order_by("full_name")


# -- journal entries and development plans ----------------------------------------------------
# Both are private; the owner may share one with their supervisors in an organisation. Leads do
# not see journals or plans: reflection stays between a practitioner and their supervisor.


def _shared_with_supervisor(share_model, field: str, user) -> Exists:
    """True where a `share_model` row for the object lets `user`, a supervisor of its owner, see it."""
    owner = OuterRef(f"{field}__owner")
    owner_still_member = Membership.objects.filter(organisation=OuterRef("organisation"), user=owner)
    viewer_supervises_owner = SupervisionLink.objects.filter(
        organisation=OuterRef("organisation"), supervisor=user, supervisee=owner
    )
    return Exists(
        share_model.objects.filter(**{field: OuterRef("pk")}).filter(
            Exists(owner_still_member), Exists(viewer_supervises_owner)
        )
    )


def viewable_entries(user) -> QuerySet:
    from praxis.journal.models import Entry, EntryShare

    if not _authenticated(user):
        return Entry.objects.none()
    return Entry.objects.filter(Q(owner=user) | _shared_with_supervisor(EntryShare, "entry", user))


def own_entries(user) -> QuerySet:
    from praxis.journal.models import Entry

    return Entry.objects.filter(owner=user) if _authenticated(user) else Entry.objects.none()


def viewable_plans(user) -> QuerySet:
    """Plans `user` may read and, unless they own it, comment on."""
    from praxis.development.models import Plan, PlanShare

    if not _authenticated(user):
        return Plan.objects.none()
    return Plan.objects.filter(Q(owner=user) | _shared_with_supervisor(PlanShare, "plan", user))


def own_plans(user) -> QuerySet:
    from praxis.development.models import Plan

    return Plan.objects.filter(owner=user) if _authenticated(user) else Plan.objects.none()
