"""Who may see or change a cohort, and whose results may be used how: built on `policy.py`.

Rules:
- A cohort is seen by its programme's staff (programme leads and tutors, and the organisation's
  leads: `policy.programmes_visible_to`) and changed (invitations, windows, its link) only by
  those who may edit the programme (`policy.programmes_editable_by`).
- A learner sees only their own enrolments, and the cohort only through them. Joining a cohort
  does not make anyone a member of the organisation, nor a member a learner.
- Each learner makes two choices per cohort, both off by default, with immediate effect:
  `counted_in_statistics` lets their pre/post/then ratings count, without their name, in the
  cohort's figures (which `praxis.scoring.disclosure` still withholds below the organisation's
  minimum group size); `named_to_staff` shows their cohort results by name to the staff. Neither
  implies the other, and nothing else of theirs (other assessments, plans, journal) is shown.
- Everyone else finds nothing (404).
"""

from __future__ import annotations

from django.db.models import QuerySet

from praxis.accounts.policy import authenticated

from .models import Cohort, Enrolment
from .policy import programmes_editable_by, programmes_visible_to


def cohorts_visible_to(viewer) -> QuerySet[Cohort]:
    """Cohorts of the programmes the viewer is staff of (or whose organisation they lead)."""
    return Cohort.objects.filter(programme__in=programmes_visible_to(viewer).values("pk")).select_related(
        "programme__organisation"
    )


def cohorts_editable_by(viewer) -> QuerySet[Cohort]:
    return Cohort.objects.filter(programme__in=programmes_editable_by(viewer).values("pk")).select_related(
        "programme__organisation"
    )


def can_manage_cohort(viewer, cohort: Cohort) -> bool:
    return cohorts_editable_by(viewer).filter(pk=cohort.pk).exists()


def enrolments_of(viewer) -> QuerySet[Enrolment]:
    """The viewer's own enrolments (as a learner)."""
    if not authenticated(viewer):
        return Enrolment.objects.none()
    return Enrolment.objects.filter(learner=viewer).select_related("cohort__programme__organisation")


def counted(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """Learners whose results may count, without their name, in the cohort's figures."""
    return enrolments.filter(counted_in_statistics=True)


def named(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """Learners whose cohort results the staff may see by name."""
    return enrolments.filter(named_to_staff=True)
