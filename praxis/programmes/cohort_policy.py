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
- The reliability of a cohort's full assessments (`reliability_cohorts`) is for the same staff
  who see its report; it uses only the learners who chose `counted_in_statistics`, each with their
  latest submitted full assessment taken in one of the cohort's windows
  (`reliability_assessments`), and its figures are withheld below the organisation's minimum.
- Everyone else finds nothing (404).
"""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery

from praxis.accounts.policy import authenticated
from praxis.assessments.models import Assessment, Kind, Status

from .models import Cohort, CohortAssessment, Enrolment
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


def reliability_cohorts(viewer) -> QuerySet[Cohort]:
    """Cohorts whose assessments' reliability `viewer` may see: the cohort's staff, those who see
    its report."""
    return cohorts_visible_to(viewer)


def reliability_assessments(cohort: Cohort) -> QuerySet[Assessment]:
    """The latest submitted full window assessment of each learner who lets theirs count."""
    learners = counted(cohort.enrolments.all()).values("learner_id")
    latest = (
        CohortAssessment.objects.filter(
            enrolment__cohort=cohort,
            enrolment__learner=OuterRef("owner"),
            window__kind=Kind.FULL,
            assessment__kind=Kind.FULL,
            assessment__status=Status.SUBMITTED,
        )
        .order_by("-assessment__submitted_at", "-assessment_id")
        .values("assessment_id")[:1]
    )
    return Assessment.objects.filter(
        owner__in=learners, kind=Kind.FULL, status=Status.SUBMITTED, pk=Subquery(latest)
    )
