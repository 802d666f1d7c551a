"""Who may see or change a programme: built on the relationships in `praxis.accounts.policy`.

Rules:
- A programme belongs to an organisation. Its staff are recorded per programme
  (`ProgrammeStaff`): programme leads change its modules, mapping and staff; tutors read it.
  A staff role counts only while the person is still a member of the programme's organisation.
- The organisation's leads may see and change every programme of their organisation, and create
  programmes there; so may a programme lead of any of the organisation's programmes (the role
  the organisation gave them). Whoever creates a programme becomes its programme lead.
- Everyone else (practitioners, learners, other organisations' members) does not find a programme
  at all (404): the policy answers as querysets, so what may not be seen is simply not found.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from praxis.accounts.models import Organisation
from praxis.accounts.policy import authenticated, led_organisations, organisations_for

from .models import Programme, ProgrammeStaff, StaffRole


def _staff_rows(viewer) -> QuerySet[ProgrammeStaff]:
    """The viewer's staff roles, only where they are still a member of the programme's organisation."""
    return ProgrammeStaff.objects.filter(user=viewer, programme__organisation__memberships__user=viewer)


def programmes_visible_to(viewer) -> QuerySet[Programme]:
    """Programmes the viewer is staff of (lead or tutor), and every programme of the
    organisations they lead."""
    if not authenticated(viewer):
        return Programme.objects.none()
    return Programme.objects.filter(
        Q(pk__in=_staff_rows(viewer).values("programme"))
        | Q(organisation__in=led_organisations(viewer).values("pk"))
    ).select_related("organisation")


def programmes_editable_by(viewer) -> QuerySet[Programme]:
    if not authenticated(viewer):
        return Programme.objects.none()
    return Programme.objects.filter(
        Q(pk__in=_staff_rows(viewer).filter(role=StaffRole.LEAD).values("programme"))
        | Q(organisation__in=led_organisations(viewer).values("pk"))
    ).select_related("organisation")


def can_edit_programme(viewer, programme: Programme) -> bool:
    """Change modules, mapping, scale and staff: the programme's leads and the organisation's leads."""
    return programmes_editable_by(viewer).filter(pk=programme.pk).exists()


def is_programme_staff(viewer, programme: Programme) -> bool:
    """Read the programme (modules, mapping, coverage): its leads and tutors, and the organisation's leads."""
    return programmes_visible_to(viewer).filter(pk=programme.pk).exists()


def staff_role(viewer, programme: Programme) -> str | None:
    """ "lead" (programme or organisation lead), "tutor", or None."""
    if can_edit_programme(viewer, programme):
        return StaffRole.LEAD
    if is_programme_staff(viewer, programme):
        return StaffRole.TUTOR
    return None


def organisations_for_new_programmes(viewer) -> QuerySet[Organisation]:
    """Where the viewer may create a programme: organisations they lead, or where they already lead
    a programme."""
    if not authenticated(viewer):
        return Organisation.objects.none()
    led_programmes = _staff_rows(viewer).filter(role=StaffRole.LEAD).values("programme__organisation")
    return (
        organisations_for(viewer)
        .filter(Q(pk__in=led_organisations(viewer).values("pk")) | Q(pk__in=led_programmes))
        .distinct()
    )


def can_create_programme(viewer, organisation: Organisation) -> bool:
    return organisations_for_new_programmes(viewer).filter(pk=organisation.pk).exists()
