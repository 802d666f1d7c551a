"""The cohort report: what a cohort's learners gained, per competency and per domain, with honest
statistics. One presenter feeds the page, the CSV/XLSX (`report_table`) and, later, the PDF.

Where the numbers come from, and what guards them:
- Scores are the stored results of each learner's submitted pre and post assessments, read through
  `praxis.assessments.scores.scores_of_many` (against each assessment's own framework version);
  a "then" rating is the learner's retrospective answer for a competency (`ThenRating`).
- Only learners who chose to be counted (`Enrolment.counted_in_statistics`) are in any figure; a
  change of that choice shows on the next request, since nothing is cached.
- A learner is in a competency's change when both assessments score it (listwise: a "not
  applicable" or a missing competency leaves them out of that row only). Learners without both
  assessments are counted, in words, and otherwise not shown.
- The statistics are `praxis.scoring.paired_change`; p-values are Holm-adjusted across the
  competencies (and, separately, across the domains) of one comparison.
- Every figure goes through `praxis.scoring.disclosure`: with the organisation's minimum group size
  `t`, a row's pre/post and then/post figures are released together by `releasable`, so neither is
  shown over fewer than `t` learners nor can the two be subtracted to single out fewer than `t`.
  The counts of learners with and without both assessments go through `partition`.

The number of queries does not depend on the number of learners: one for the enrolments, one for
their links, one for the stored scores, one for the then ratings, one for the windows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import fmean

from praxis import scoring  # its statistics (and scipy) load on first use, not when a worker starts
from praxis.accounts.models import User
from praxis.assessments.models import Status as AssessmentStatus
from praxis.assessments.scores import scores_of_many
from praxis.charts import ChangeRow, change_chart
from praxis.core import jobs
from praxis.core.frameworks import current_framework
from praxis.core.models import Job
from praxis.core.pdf import pdf_filename, render_pdf
from praxis.core.spreadsheet import Table
from praxis.scoring import disclosure

from . import cohort_policy
from .models import AssessmentWindow, Cohort, CohortAssessment, Enrolment, Phase, ThenRating


@dataclass(frozen=True)
class Comparison:
    """One comparison (pre → post, or then → post) in one row, as far as it may be shown."""

    shown: bool
    n: int | None = None  # only when shown
    mean_before: float | None = None
    mean_after: float | None = None
    mean_diff: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    d_z: float | None = None
    p: float | None = None  # paired t-test, unadjusted
    p_holm: float | None = None
    p_wilcoxon: float | None = None


@dataclass(frozen=True)
class Row:
    id: str
    name: str
    domain: bool
    change: Comparison  # pre → post
    then: Comparison | None  # then → post, when the cohort asked for then ratings


@dataclass(frozen=True)
class NamedLearner:
    """A learner who chose to be shown by name to the staff, with their own figures."""

    name: str
    email: str
    pre_submitted: bool
    post_submitted: bool
    scores: dict[str, tuple[float | None, float | None]]  # competency id → (pre, post)
    mean_change: float | None


@dataclass(frozen=True)
class CohortReport:
    cohort: Cohort
    threshold: int
    enrolled: int
    counted: int | None  # learners who chose to be counted (withheld below the threshold)
    with_both: int | None
    without_both: int | None
    kind: str
    then_asked: bool
    rows: list[Row] = field(default_factory=list)
    named: list[NamedLearner] = field(default_factory=list)

    @property
    def domains(self) -> list[Row]:
        return [r for r in self.rows if r.domain]

    @property
    def competency_count(self) -> int:
        return sum(1 for r in self.rows if not r.domain)

    @property
    def any_shown(self) -> bool:
        return any(r.change.shown for r in self.rows)

    @property
    def change_svg(self) -> str:
        return self.chart("change")

    @property
    def then_svg(self) -> str:
        return self.chart("then")

    def chart(self, which: str = "change") -> str:
        """The change chart (pre → post, or then → post) of the rows."""
        rows = []
        for row in self.rows:
            comparison = row.change if which == "change" else row.then
            if comparison is None:
                continue
            if comparison.shown and comparison.mean_diff is not None:
                rows.append(
                    ChangeRow(
                        row.name,
                        comparison.mean_diff,
                        comparison.ci_low,
                        comparison.ci_high,
                        domain=row.domain,
                    )
                )
            else:
                rows.append(ChangeRow(row.name, note=_withheld_words(self.threshold), domain=row.domain))
        before = "pre-programme" if which == "change" else "retrospective “then”"
        return change_chart(
            rows,
            title=f"Mean change from {before} to post-programme self-ratings, with 95% confidence intervals",
            description=(
                "One row per domain (diamond) and competency (dot); the line is the 95% confidence "
                "interval of the mean change; right of the centre line is higher than before. The same "
                "figures are in the table below."
            ),
            id_prefix=f"cohort-{which}",
        )


def _withheld_words(t: int) -> str:
    return f"Withheld: fewer than {t} learners"


def _compare(before: list[float], after: list[float], shown: bool) -> tuple[Comparison, float | None]:
    if not shown:
        return Comparison(shown=False), None
    result = scoring.paired_change(before, after)
    return (
        Comparison(
            shown=True,
            n=result.n,
            mean_before=result.mean_pre,
            mean_after=result.mean_post,
            mean_diff=result.mean_diff,
            ci_low=result.ci_low,
            ci_high=result.ci_high,
            d_z=result.d_z,
            p=result.p_t,
            p_wilcoxon=result.p_wilcoxon,
        ),
        result.p_t,
    )


def cohort_report(cohort: Cohort) -> CohortReport:
    """The report of a cohort the viewer may see (access is decided before this is called)."""
    t = disclosure.threshold(cohort.programme.organisation.min_group_size)
    framework = current_framework()
    windows = {w.phase: w for w in AssessmentWindow.objects.filter(cohort=cohort)}
    then_asked = bool(windows.get(Phase.POST) and windows[Phase.POST].then_rating)
    kind = (windows.get(Phase.PRE) or windows.get(Phase.POST)).kind if windows else ""

    enrolments = {
        e.pk: e
        for e in Enrolment.objects.filter(cohort=cohort)
        .select_related("learner")
        .order_by("learner__full_name", "pk")
    }
    wanted = [pk for pk, e in enrolments.items() if e.counted_in_statistics or e.named_to_staff]
    links = list(
        CohortAssessment.objects.filter(enrolment__in=wanted, assessment__status=AssessmentStatus.SUBMITTED)
        .select_related("assessment", "window")
        .order_by("pk")
    )
    scores = scores_of_many([link.assessment for link in links])
    by_enrolment: dict[int, dict[str, dict]] = defaultdict(dict)  # enrolment → phase → competency → score
    post_links = {}
    for link in links:
        by_enrolment[link.enrolment_id][link.window.phase] = {
            cid: s.score for cid, s in scores[link.assessment_id].items()
        }
        if link.window.phase == Phase.POST:
            post_links[link.pk] = link.enrolment_id
    then: dict[int, dict[str, float | None]] = defaultdict(dict)
    if then_asked and post_links:
        for rating in ThenRating.objects.filter(post__in=list(post_links)):
            then[post_links[rating.post_id]][rating.competency_id] = rating.value

    counted = [pk for pk in wanted if enrolments[pk].counted_in_statistics]
    both = [pk for pk in counted if Phase.PRE in by_enrolment[pk] and Phase.POST in by_enrolment[pk]]
    parts = {"both": len(both), "without": len(counted) - len(both)}
    # A part not shown could hold anyone counted; with both parts shown the rest is provably empty.
    counts = disclosure.partition(parts, t, possible=dict.fromkeys(parts, len(counted)))

    competency_rows = []
    for competency in framework.competencies:
        competency_rows.append((competency.id, competency.name, [competency.id]))
    domain_rows = [(d.id, d.name, [c.id for c in d.competencies]) for d in framework.domains]

    def values(pk: int, phase: str, ids: list[str]) -> float | None:
        source = then[pk] if phase == "then" else by_enrolment[pk].get(phase, {})
        present = [source[c] for c in ids if source.get(c) is not None]
        return fmean(present) if present else None  # a domain: the mean of its scored competencies

    def build(rows_spec, domain: bool) -> list[tuple]:
        built = []
        for row_id, name, ids in rows_spec:
            pairs = {}
            then_pairs = {}
            for pk in both:
                pre, post = values(pk, Phase.PRE, ids), values(pk, Phase.POST, ids)
                if pre is not None and post is not None:
                    pairs[pk] = (pre, post)
                    if then_asked and (before := values(pk, "then", ids)) is not None:
                        then_pairs[pk] = (before, post)
            family = [("change", frozenset(pairs)), ("then", frozenset(then_pairs))]
            released = set(disclosure.releasable(family if then_asked else family[:1], t))
            change, p = _compare(
                [a for a, _ in pairs.values()], [b for _, b in pairs.values()], "change" in released
            )
            then_cmp, then_p = (
                _compare(
                    [a for a, _ in then_pairs.values()],
                    [b for _, b in then_pairs.values()],
                    "then" in released,
                )
                if then_asked
                else (None, None)
            )
            built.append((row_id, name, change, p, then_cmp, then_p))
        adjusted = scoring.holm([b[3] for b in built])
        adjusted_then = scoring.holm([b[5] for b in built])
        return [
            Row(
                row_id,
                name,
                domain,
                _with_holm(change, adjusted[i]),
                _with_holm(then_cmp, adjusted_then[i]) if then_cmp is not None else None,
            )
            for i, (row_id, name, change, _, then_cmp, _) in enumerate(built)
        ]

    domains = build(domain_rows, True)
    competencies = {r.id: r for r in build(competency_rows, False)}
    rows = []
    for domain, row in zip(framework.domains, domains, strict=True):
        rows.append(row)
        rows.extend(competencies[c.id] for c in domain.competencies)

    named = []
    for pk in wanted:
        enrolment = enrolments[pk]
        if not enrolment.named_to_staff:
            continue
        phases = by_enrolment[pk]
        own = {
            c.id: (phases.get(Phase.PRE, {}).get(c.id), phases.get(Phase.POST, {}).get(c.id))
            for c in framework.competencies
        }
        diffs = [post - pre for pre, post in own.values() if pre is not None and post is not None]
        named.append(
            NamedLearner(
                enrolment.learner.full_name,
                enrolment.learner.email,
                Phase.PRE in phases,
                Phase.POST in phases,
                own,
                fmean(diffs) if diffs else None,
            )
        )
    return CohortReport(
        cohort=cohort,
        threshold=t,
        enrolled=len(enrolments),
        counted=counts.total,
        with_both=counts.shown.get("both"),
        without_both=counts.shown.get("without"),
        kind=kind,
        then_asked=then_asked,
        rows=rows,
        named=named,
    )


def _with_holm(comparison: Comparison, p_holm: float | None) -> Comparison:
    if not comparison.shown:
        return comparison
    return Comparison(**{**comparison.__dict__, "p_holm": p_holm})


# -- the same figures as a table, for CSV and XLSX --------------------------------------------

HEADER = [
    "level",
    "id",
    "name",
    "comparison",
    "paired n",
    "mean before",
    "mean post",
    "mean change",
    "95% CI low",
    "95% CI high",
    "d_z",
    "p (paired t)",
    "p (Holm-adjusted)",
    "p (Wilcoxon)",
    "note",
]


def _round(value: float | None, places: int = 3):
    return None if value is None else round(value, places)


def report_table(report: CohortReport) -> Table:
    rows = []
    for row in report.rows:
        comparisons = [("pre → post", row.change)]
        if row.then is not None:
            comparisons.append(("then → post", row.then))
        for label, c in comparisons:
            note = "" if c.shown else _withheld_words(report.threshold)
            rows.append(
                [
                    "domain" if row.domain else "competency",
                    row.id,
                    row.name,
                    label,
                    c.n,
                    _round(c.mean_before),
                    _round(c.mean_after),
                    _round(c.mean_diff),
                    _round(c.ci_low),
                    _round(c.ci_high),
                    _round(c.d_z),
                    _round(c.p, 4),
                    _round(c.p_holm, 4),
                    _round(c.p_wilcoxon, 4),
                    note,
                ]
            )
    return Table(name=f"cohort-report-{report.cohort.pk}", header=HEADER, rows=rows)


@jobs.task()
def cohort_report_pdf(job_id: int, *, cohort_id: int) -> None:
    """The cohort report as a PDF, read again as the job's owner through the page's own policy."""
    owner = User.objects.get(pk=Job.objects.values_list("owner_id", flat=True).get(pk=job_id))
    cohort = cohort_policy.cohorts_visible_to(owner).filter(pk=cohort_id).first()
    if cohort is None:
        raise jobs.JobError("You can no longer see this cohort's report, so no PDF was made.")
    jobs.progress(job_id, 30, "Reading the cohort's assessments")
    built = cohort_report(cohort)
    jobs.progress(job_id, 70, "Making the PDF")
    about = f"{cohort.name}, {cohort.programme.name}"
    context = {"r": built, "cohort": cohort, "framework": current_framework()}
    pdf = render_pdf("pdf/cohort_report.html", context, title=f"Cohort report: {about}", about=about)
    jobs.finish(job_id, pdf_filename(f"praxis-cohort-report-{about}", "a4"), pdf)
