"""The one read of assessment scores. Every page, plan, report and suggestion takes its scores here.

Three questions, each answered against the framework version the assessment used:

- `scores_of` / `scores_of_many`: the scores of these assessments. Submitted assessments are read
  from their stored `CompetencyResult` rows (written once when submitted, rebuilt by
  `praxis scores rebuild`); drafts are scored live from their answers.
- `previous_comparable`: the owner's last submitted assessment of the same kind before this one
  *that this viewer may see* — so a change shown to a supervisor is never a difference with an
  assessment the owner kept private.
- `latest_scores`: for each competency, the score in the owner's latest submitted assessment that
  scores it *and that the viewer may see*, with which assessment it came from.

Who may see an assessment is `praxis.assessments.policy.viewable_assessments`; nothing here decides
it. The arithmetic is `praxis.scoring`'s; nothing here computes a score another way. The framework
is looked up by `framework_version_id`, so no query ever carries a version's JSON.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, OuterRef, QuerySet, Subquery

from praxis.accounts.policy import Reach
from praxis.core.frameworks import framework_for_version
from praxis.framework import Framework
from praxis.scoring import CompetencyScore, Status, score_competencies

from . import policy
from .models import Answer, Assessment, CompetencyResult
from .models import Status as AssessmentStatus
from .structure import Questionnaire, questionnaire_for

Scores = dict[str, CompetencyScore]  # competency id → score, in the framework version's order


def framework_of(assessment: Assessment) -> Framework:
    return framework_for_version(assessment.framework_version_id)


def questionnaire_of(assessment: Assessment) -> Questionnaire:
    return questionnaire_for(framework_of(assessment), assessment.kind)


def score_answers(assessment: Assessment, answers: Iterable[Answer]) -> Scores:
    """Score answers live (drafts, and what is stored at submission or rebuilt)."""
    values = {a.item_id: a.value for a in answers}
    return score_competencies(questionnaire_of(assessment).structure, values)


def nearest_level(framework: Framework, score: float | None) -> int | None:
    """The scale level a score is nearest to (ties go up), e.g. 3.6 → 4."""
    if score is None:
        return None
    return min(framework.scale.levels, key=lambda level: (abs(level.value - score), -level.value)).value


def is_proficient(framework: Framework, score: float | None) -> bool:
    """At or above the lowest level the framework's scale counts as proficient."""
    levels = [level.value for level in framework.scale.proficient_levels]
    return score is not None and bool(levels) and score >= min(levels)


def results_to_store(assessment: Assessment, answers: Iterable[Answer]) -> list[CompetencyResult]:
    """The rows that record a submitted assessment's scores (not saved)."""
    framework = framework_of(assessment)
    return [
        CompetencyResult(
            assessment_id=assessment.pk,
            owner_id=assessment.owner_id,
            competency_id=cid,
            score=s.score,
            status=s.status.value,
            items=s.items,
            rated=s.rated,
            not_applicable=s.not_applicable,
            level=nearest_level(framework, s.score),
            proficient=is_proficient(framework, s.score),
        )
        for cid, s in score_answers(assessment, answers).items()
    ]


_STATUS = {status.value: status for status in Status}  # Status(value) costs a lookup each time
# A stored result's score, read as plain values (at thousands of rows, building models is most of the time)
_SCORE_FIELDS = ("competency_id", "score", "status", "items", "rated", "not_applicable")


def _stored_score(competency_id, score, status, items, rated, not_applicable) -> CompetencyScore:
    """The score a stored `CompetencyResult` records (its `_SCORE_FIELDS`, in that order)."""
    return CompetencyScore(competency_id, score, _STATUS[status], items, rated, not_applicable)


def scores_of_many(assessments: Iterable[Assessment]) -> dict[int, Scores]:
    """Scores of each assessment by pk: at most one query for the submitted, one for the drafts."""
    assessments = list(assessments)
    submitted = [a for a in assessments if not a.is_draft]
    drafts = [a for a in assessments if a.is_draft]
    stored: dict[int, dict[str, CompetencyScore]] = {a.pk: {} for a in submitted}
    if submitted:
        rows = CompetencyResult.objects.filter(assessment__in=[a.pk for a in submitted]).order_by()
        for assessment_id, *fields in rows.values_list("assessment_id", *_SCORE_FIELDS):
            stored[assessment_id][fields[0]] = _stored_score(*fields)
    answers: dict[int, list[Answer]] = {a.pk: [] for a in drafts}
    # A submitted assessment with nothing stored (written before stored scores existed, or by
    # hand) is scored live, so a missing row never shows as "not enough answers".
    missing = [a for a in submitted if not stored[a.pk]]
    if drafts or missing:
        answers |= {a.pk: [] for a in missing}
        for answer in Answer.objects.filter(assessment__in=[a.pk for a in drafts + missing]):
            answers[answer.assessment_id].append(answer)
    result = {}
    for assessment in assessments:
        if assessment.pk in answers:
            result[assessment.pk] = score_answers(assessment, answers[assessment.pk])
        else:
            order = questionnaire_of(assessment).structure
            result[assessment.pk] = {
                cid: stored[assessment.pk][cid] for cid in order if cid in stored[assessment.pk]
            }
    return result


def scores_of(assessment: Assessment) -> Scores:
    return scores_of_many([assessment])[assessment.pk]


def _submitted_visible_to(
    viewer, owner_id: int | None = None, reach: Reach | None = None
) -> QuerySet[Assessment]:
    return policy.viewable_assessments(viewer, owner_id=owner_id, reach=reach).filter(
        status=AssessmentStatus.SUBMITTED
    )


def previous_comparable(assessment: Assessment, viewer, reach: Reach | None = None) -> Assessment | None:
    """The owner's last submitted assessment of the same kind before this one that `viewer` may see
    (`reach`: the viewer's reach to the owner, when the page has read it)."""
    earlier = _submitted_visible_to(viewer, assessment.owner_id, reach).filter(kind=assessment.kind)
    if assessment.submitted_at:
        earlier = earlier.filter(submitted_at__lt=assessment.submitted_at)
    return earlier.exclude(pk=assessment.pk).order_by("-submitted_at", "-pk").first()


@dataclass(frozen=True)
class LatestScore:
    score: float
    assessment_id: int  # where it came from, so whoever shows it can check who may see that


def latest_scores(owner, competency_ids: Iterable[str], viewer) -> dict[str, LatestScore]:
    """For each competency, the score in `owner`'s latest submitted assessment that scores it and
    that `viewer` may see (the owner sees all of their own). One query."""
    found: dict[str, LatestScore] = {}
    rows = (
        CompetencyResult.objects.filter(
            owner=owner,
            competency_id__in=list(competency_ids),
            score__isnull=False,
            assessment__in=_submitted_visible_to(viewer, owner.pk),
        )
        .order_by("-assessment__submitted_at", "-assessment_id")
        .values_list("competency_id", "score", "assessment_id")
    )
    for competency_id, score, assessment_id in rows:
        found.setdefault(competency_id, LatestScore(score, assessment_id))
    return found


def visible_assessment_ids(viewer, ids: Iterable[int | None]) -> set[int]:
    """Which of these assessments `viewer` may see (one query; none when there is nothing to ask)."""
    wanted = {pk for pk in ids if pk is not None}
    if not wanted:
        return set()
    return set(policy.viewable_assessments(viewer).filter(pk__in=wanted).values_list("pk", flat=True))


def proficient_in(competency_ids: Iterable[str], assessments: QuerySet) -> QuerySet[CompetencyResult]:
    """Stored results at a proficient level, in these competencies, of these assessments (a
    queryset of assessment ids, kept as a subquery), each with its owner: one indexed query.
    The scores themselves are not loaded."""
    return (
        CompetencyResult.objects.filter(
            proficient=True, competency_id__in=list(competency_ids), assessment__in=assessments
        )
        .select_related("owner")
        .only("competency_id", "owner")
    )


# -- the latest submitted assessment of many people (team pages) --------------------------------


@dataclass(frozen=True)
class StoredResult:
    """One competency of one submitted assessment as stored: the score, and the scale level it is
    nearest to and whether that level is proficient (against the assessment's framework version)."""

    score: CompetencyScore
    level: int | None
    proficient: bool


@dataclass(frozen=True)
class LatestResults:
    """A person's latest submitted assessment (within what was asked) and its stored results."""

    owner_id: int
    assessment_id: int
    kind: str
    submitted_at: datetime
    framework_version_id: int
    results: dict[str, StoredResult]  # competency id → stored result; missing: nothing stored

    @property
    def framework(self) -> Framework:
        return framework_for_version(self.framework_version_id)


def latest_assessments_of(
    owner_ids, *, visible_to=None, submitted_by: datetime | None = None, kind: str | None = None
) -> QuerySet[Assessment]:
    """Each of these people's latest submitted assessment (one row per person who has one).

    `owner_ids` is a queryset of user ids (kept as a subquery) or a list. `visible_to`: only
    assessments that viewer may see count (a supervisor sees what was shared with them);
    None: any submitted assessment counts — the caller has the owner's consent for exactly that
    (`praxis.accounts.policy.members_named_to_leads` / `members_counted_in_statistics`).
    `submitted_by`: only assessments submitted by then (team growth). `kind`: the latest
    assessment of that kind. One query when evaluated.
    """
    candidates = Assessment.objects.filter(status=AssessmentStatus.SUBMITTED)
    if kind is not None:
        candidates = candidates.filter(kind=kind)
    if visible_to is not None:
        candidates = candidates.filter(pk__in=_submitted_visible_to(visible_to).values("pk"))
    if submitted_by is not None:
        candidates = candidates.filter(submitted_at__lte=submitted_by)
    latest = (
        candidates.filter(owner_id=OuterRef("owner_id")).order_by("-submitted_at", "-pk").values("pk")[:1]
    )
    return (
        Assessment.objects.filter(owner_id__in=owner_ids, status=AssessmentStatus.SUBMITTED)
        .filter(pk=Subquery(latest))
        .only("pk", "owner_id", "kind", "submitted_at", "framework_version_id")
    )


def latest_results_of(
    owner_ids, *, visible_to=None, submitted_by: datetime | None = None, competency_ids=None
) -> dict[int, LatestResults]:
    """For each of these people, their latest submitted assessment's stored results, by user id.

    Two queries whatever the number of people: the latest assessments (`latest_assessments_of`,
    same arguments) and their stored `CompetencyResult` rows (only `competency_ids`, when given).
    People with no submitted assessment are absent. Levels are the stored ones, computed against
    each assessment's own framework version.
    """
    latest = latest_assessments_of(owner_ids, visible_to=visible_to, submitted_by=submitted_by).order_by()
    # plain tuples, not model instances: at thousands of people, building models is most of the time
    assessments = {
        row[0]: row
        for row in latest.values_list("pk", "owner_id", "kind", "submitted_at", "framework_version_id")
    }
    if not assessments:
        return {}
    results: dict[int, dict[str, StoredResult]] = {pk: {} for pk in assessments}
    rows = _results_of(latest)
    if competency_ids is not None:
        rows = rows.filter(competency_id__in=list(competency_ids))
    for assessment_id, *fields, level, proficient in rows.values_list(
        "assessment_id", *_SCORE_FIELDS, "level", "proficient"
    ):
        results[assessment_id][fields[0]] = StoredResult(_stored_score(*fields), level, proficient)
    return {
        owner: LatestResults(owner, pk, kind, submitted_at, version, results[pk])
        for pk, owner, kind, submitted_at, version in assessments.values()
    }


def _results_of(assessments: QuerySet[Assessment]) -> QuerySet[CompetencyResult]:
    """The stored results of these assessments, unordered: by subquery, not a list of ids
    (thousands of ids would pass SQLite's parameter limit)."""
    return CompetencyResult.objects.filter(assessment_id__in=assessments.values("pk")).order_by()


def answers_of_many(
    assessment_ids: Iterable[int], item_ids: Iterable[str]
) -> dict[int, dict[str, int | None]]:
    """The answers to these items in these assessments, by assessment id then item id: the level,
    or None for "not applicable" (an item not answered is absent). One query. For the key
    activities of one competency on the team heat map; the caller decides who may see which
    assessment (`latest_results_of` with the same viewer)."""
    wanted = [pk for pk in assessment_ids if pk is not None]
    found: dict[int, dict[str, int | None]] = {pk: {} for pk in wanted}
    if not wanted:
        return found
    rows = Answer.objects.filter(assessment_id__in=wanted, item_id__in=list(item_ids)).values_list(
        "assessment_id", "item_id", "level", "not_applicable"
    )
    for assessment_id, item_id, level, not_applicable in rows:
        found[assessment_id][item_id] = None if not_applicable else level
    return found


def latest_level_counts(owner_ids, *, submitted_by: datetime | None = None) -> dict[str, dict]:
    """Over these people's latest submitted assessments (`latest_assessments_of`), how many stored
    results each competency has at each level (None: N/A or too few answers), and how many are
    proficient, under the key "proficient": {competency id: {level: n, ..., "proficient": n}}.
    One grouped query: the figures only, never anyone's own result. Whoever shows them decides
    first whether they may (praxis.scoring.disclosure)."""
    latest = latest_assessments_of(owner_ids, submitted_by=submitted_by).order_by()
    counts: dict[str, dict] = {}
    rows = _results_of(latest).values_list("competency_id", "level", "proficient").annotate(n=Count("pk"))
    for competency_id, level, proficient, n in rows:
        found = counts.setdefault(competency_id, {"proficient": 0})
        found[level] = found.get(level, 0) + n
        if proficient:
            found["proficient"] += n
    return counts


def submitted_of(owner_ids) -> list[tuple[int, datetime, int]]:
    """Every submitted assessment of these people as (owner id, submitted at, id), each person's in
    the order `latest_assessments_of` ranks them (one query, plain rows): what team statistics
    need to work out each month end's figures without a query per month."""
    return list(
        Assessment.objects.filter(owner_id__in=owner_ids, status=AssessmentStatus.SUBMITTED)
        .order_by("owner_id", "submitted_at", "pk")
        .values_list("owner_id", "submitted_at", "pk")
    )
