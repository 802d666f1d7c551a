"""Reads of cohorts for staff and learners (access is decided before these are called, in
`cohort_policy`), and the dashboard's notice of an open window (`open_windows_for`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from praxis.assessments.models import Assessment, Kind
from praxis.assessments.models import Status as AssessmentStatus
from praxis.assessments.scores import scores_of_many
from praxis.core.frameworks import current_framework

from .models import AssessmentWindow, Cohort, CohortAssessment, CohortInvitation, Enrolment, Phase, ThenRating
from .selectors import ModuleLevel, modules_by_competency


@dataclass(frozen=True)
class WindowState:
    """A window as one learner sees it."""

    window: AssessmentWindow
    assessment: Assessment | None  # the learner's linked assessment, if they started it
    open: bool

    @property
    def submitted(self) -> bool:
        return self.assessment is not None and self.assessment.status == AssessmentStatus.SUBMITTED

    @property
    def headline(self) -> str:
        return f"Your {self.window.get_phase_display().lower()} assessment is open"


def windows_of(enrolment: Enrolment, today: date) -> list[WindowState]:
    links = {
        link.window_id: link.assessment
        for link in CohortAssessment.objects.filter(enrolment=enrolment).select_related("assessment")
    }
    return [
        WindowState(window, links.get(window.pk), window.is_open(today))
        for window in AssessmentWindow.objects.filter(cohort_id=enrolment.cohort_id).order_by("opens_on")
    ]


def open_windows_for(user, today: date) -> list[tuple[Enrolment, AssessmentWindow]]:
    """Windows open today in the user's cohorts whose assessment they have not submitted: the
    dashboard says "Your pre-programme assessment is open" for each. Three queries at most."""
    if not user.is_authenticated:
        return []
    windows = list(
        AssessmentWindow.objects.filter(
            cohort__enrolments__learner=user, opens_on__lte=today, closes_on__gte=today
        ).select_related("cohort__programme")
    )
    if not windows:
        return []
    done = set(
        CohortAssessment.objects.filter(
            enrolment__learner=user, window__in=windows, assessment__status=AssessmentStatus.SUBMITTED
        ).values_list("window_id", flat=True)
    )
    enrolments = {
        e.cohort_id: e
        for e in Enrolment.objects.filter(learner=user, cohort__in=[w.cohort_id for w in windows])
    }
    return [(enrolments[w.cohort_id], w) for w in windows if w.pk not in done and w.cohort_id in enrolments]


def roster(cohort: Cohort) -> list[Enrolment]:
    return list(cohort.enrolments.select_related("learner").order_by("learner__full_name", "pk"))


def has_full_window(cohort: Cohort) -> bool:
    """Whether any of the cohort's windows asks for a full assessment (key activity by key activity)."""
    return cohort.windows.filter(kind=Kind.FULL).exists()


def pending_invitations(cohort: Cohort) -> list[CohortInvitation]:
    return list(cohort.invitations.filter(accepted_at__isnull=True))


@dataclass(frozen=True)
class OwnCompetency:
    id: str
    name: str
    domain: str
    pre: float | None
    post: float | None
    then: float | None
    modules: list[ModuleLevel]

    @property
    def change(self) -> float | None:
        return None if self.pre is None or self.post is None else self.post - self.pre


def own_change(enrolment: Enrolment) -> tuple[list[OwnCompetency], dict[str, Assessment]]:
    """A learner's own pre → post (and then) per competency, beside the modules that addressed it.
    Theirs alone, so no disclosure rule applies. Also returns their submitted assessments by phase."""
    links = list(
        CohortAssessment.objects.filter(
            enrolment=enrolment, assessment__status=AssessmentStatus.SUBMITTED
        ).select_related("assessment", "window")
    )
    scores = scores_of_many([link.assessment for link in links])
    by_phase = {link.window.phase: scores[link.assessment_id] for link in links}
    post_link = next((link for link in links if link.window.phase == Phase.POST), None)
    then = {r.competency_id: r.value for r in ThenRating.objects.filter(post=post_link)} if post_link else {}
    modules = modules_by_competency(enrolment.cohort.programme)
    rows = []
    framework = current_framework()
    for domain in framework.domains:
        for competency in domain.competencies:

            def score(phase, cid=competency.id):
                found = by_phase.get(phase, {}).get(cid)
                return found.score if found else None

            rows.append(
                OwnCompetency(
                    competency.id,
                    competency.name,
                    domain.name,
                    score(Phase.PRE),
                    score(Phase.POST),
                    then.get(competency.id),
                    modules.get(competency.id, []),
                )
            )
    return rows, {link.window.phase: link.assessment for link in links}


def post_link_of(enrolment: Enrolment) -> CohortAssessment | None:
    return (
        CohortAssessment.objects.filter(enrolment=enrolment, window__phase=Phase.POST)
        .select_related("assessment", "window")
        .first()
    )


def then_values(link: CohortAssessment) -> dict[str, str]:
    return {r.competency_id: ("na" if r.not_applicable else str(r.level)) for r in link.then_ratings.all()}


def export_for(user) -> list[dict]:
    """The user's cohorts for their personal-data export: each enrolment with their two choices,
    which of their assessments they took for which window, and their retrospective ratings.
    (The assessments themselves are in their assessments export.) Three queries."""
    enrolments = list(
        Enrolment.objects.filter(learner=user).select_related("cohort__programme__organisation")
    )
    links = list(
        CohortAssessment.objects.filter(enrolment__in=enrolments).select_related("window").order_by("pk")
    )
    ratings: dict[int, list[dict]] = {}
    for rating in ThenRating.objects.filter(post__in=links).order_by("post_id", "competency_id"):
        ratings.setdefault(rating.post_id, []).append(
            {
                "competency_id": rating.competency_id,
                "level": rating.level,
                "not_applicable": rating.not_applicable,
            }
        )
    return [
        {
            "organisation": e.cohort.programme.organisation.name,
            "programme": e.cohort.programme.name,
            "cohort": e.cohort.name,
            "joined_at": e.joined_at,
            "counted_in_statistics": e.counted_in_statistics,
            "named_to_staff": e.named_to_staff,
            "choices_changed_at": e.consents_changed_at,
            "assessments": [
                {
                    "phase": link.window.phase,
                    "assessment_id": link.assessment_id,
                    "then_ratings": ratings.get(link.pk, []),
                }
                for link in links
                if link.enrolment_id == e.pk
            ],
        }
        for e in enrolments
    ]
