"""Cohorts with learners and their submitted pre/post assessments, built quickly in bulk (the
same rows the services write: an ordinary submitted assessment, its stored results, the link)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from praxis.accounts.models import User
from praxis.assessments.models import Answer, Assessment, CompetencyResult, Kind, Status
from praxis.assessments.scores import questionnaire_of, results_to_store
from praxis.core.frameworks import current_framework, current_framework_version
from praxis.programmes.models import (
    AssessmentWindow,
    Cohort,
    CohortAssessment,
    Enrolment,
    Phase,
    Programme,
    ProgrammeStaff,
    StaffRole,
    ThenRating,
)


def programme_led_by(organisation, lead: User, *tutors: User, name="Certificate") -> Programme:
    """A programme of `organisation` with `lead` as its programme lead and `tutors` as tutors."""
    programme = Programme.objects.create(organisation=organisation, name=name)
    ProgrammeStaff.objects.create(programme=programme, user=lead, role=StaffRole.LEAD)
    for tutor in tutors:
        ProgrammeStaff.objects.create(programme=programme, user=tutor, role=StaffRole.TUTOR)
    return programme


def cohort_with_windows(
    programme: Programme, *, name="Spring", then_rating=True, today=None, kind=Kind.QUICK
) -> Cohort:
    today = today or timezone.localdate()
    cohort = Cohort.objects.create(
        programme=programme,
        name=name,
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=5),
    )
    AssessmentWindow.objects.create(
        cohort=cohort,
        phase=Phase.PRE,
        kind=kind,
        opens_on=today - timedelta(days=60),
        closes_on=today - timedelta(days=50),
    )
    AssessmentWindow.objects.create(
        cohort=cohort,
        phase=Phase.POST,
        kind=kind,
        opens_on=today - timedelta(days=2),
        closes_on=today + timedelta(days=5),
        then_rating=then_rating,
    )
    return cohort


def learners(count: int, prefix: str = "learner") -> list[User]:
    users = [
        User(email=f"{prefix}{i}@example.org", full_name=f"{prefix.title()} {i}", password="!")
        for i in range(count)
    ]
    return User.objects.bulk_create(users)


def enrol(cohort: Cohort, users, *, counted=True, named=False) -> list[Enrolment]:
    return Enrolment.objects.bulk_create(
        Enrolment(cohort=cohort, learner=u, counted_in_statistics=counted, named_to_staff=named)
        for u in users
    )


def take(
    enrolments: list[Enrolment],
    phase: str,
    levels,
    *,
    then_levels=None,
) -> None:
    """Each learner submits a quick assessment for the cohort's `phase` window; `levels(i, cid)` gives
    learner i's level in a competency (None: not applicable). With `then_levels`, then ratings too."""
    if not enrolments:
        return
    cohort_id = enrolments[0].cohort_id
    window = AssessmentWindow.objects.get(cohort_id=cohort_id, phase=phase)
    version = current_framework_version()
    now = timezone.now()
    made = Assessment.objects.bulk_create(
        Assessment(
            owner_id=e.learner_id,
            kind=window.kind,
            framework_version=version,
            status=Status.SUBMITTED,
            submitted_at=now,
        )
        for e in enrolments
    )
    structure = questionnaire_of(made[0]).structure
    results, answers = [], []
    for i, assessment in enumerate(made):
        given = []
        for cid, items in structure.items():
            level = levels(i, cid)
            for item in items:
                given.append(
                    Answer(assessment=assessment, item_id=item, level=level, not_applicable=level is None)
                )
        answers += given
        results += results_to_store(assessment, given)
    Answer.objects.bulk_create(answers)
    CompetencyResult.objects.bulk_create(results)
    links = CohortAssessment.objects.bulk_create(
        CohortAssessment(enrolment=e, window=window, assessment=a)
        for e, a in zip(enrolments, made, strict=True)
    )
    if then_levels is not None:
        ThenRating.objects.bulk_create(
            ThenRating(
                post=link,
                competency_id=cid,
                level=then_levels(i, cid),
                not_applicable=then_levels(i, cid) is None,
            )
            for i, link in enumerate(links)
            for cid in structure
        )


def full_cohort(
    programme: Programme, count: int, *, seed: int = 1, name="Spring", prefix="learner", kind=Kind.QUICK
) -> Cohort:
    """A cohort of `count` counted learners, each with a pre, a post and then ratings."""
    rng = random.Random(seed)
    cohort = cohort_with_windows(programme, name=name, kind=kind)
    enrolments = enrol(cohort, learners(count, prefix))
    pre = {(i, c): rng.randint(1, 3) for i in range(count) for c in _competencies()}
    take(enrolments, Phase.PRE, lambda i, c: pre[(i, c)])
    take(
        enrolments,
        Phase.POST,
        lambda i, c: min(4, pre[(i, c)] + rng.choice([0, 1, 1, 2])),
        then_levels=lambda i, c: max(1, pre[(i, c)] - (i + len(c)) % 2),
    )
    return cohort


def _competencies() -> list[str]:
    return [c.id for c in current_framework().competencies]
