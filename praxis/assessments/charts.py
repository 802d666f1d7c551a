"""Results and history as SVG charts (the same markup serves the page and, later, the PDF)."""

from __future__ import annotations

from praxis.charts import Axis, Group, Series, line_chart, radar_chart
from praxis.framework import Framework

from .scores import framework_of


def _scale_labels(framework: Framework):
    return [(level.value, level.label) for level in framework.scale.levels]


def radar_for(results) -> str:
    framework = results.framework
    series = [Series("This assessment", [c.score.score for c in results.competencies], "series-current")]
    if results.previous is not None:
        previous = {
            c.competency.id: c.score.score - c.change for c in results.competencies if c.change is not None
        }
        series.append(
            Series(
                "Previous assessment",
                [previous.get(c.competency.id) for c in results.competencies],
                "series-previous",
            )
        )
    scored = sum(1 for c in results.competencies if c.score.score is not None)
    return radar_chart(
        [Axis(c.competency.id, c.competency.name, c.domain.id) for c in results.competencies],
        series,
        scale_min=framework.scale.levels[0].value,
        scale_max=framework.scale.top.value,
        scale_labels=_scale_labels(framework),
        groups=[Group(d.id, d.name, f"domain-{d.id}") for d in framework.domains],
        title="Competency profile",
        description=(
            f"Radar chart of {scored} scored competencies out of {len(results.competencies)}, "
            "grouped by domain, "
            f"on a scale from {framework.scale.levels[0].label} to {framework.scale.top.label}. "
            "Every value is also in the table of competencies."
        ),
        id_prefix=f"radar-{results.assessment.pk}",
    )


def growth_charts(assessments, rows) -> list[tuple[object, str]]:
    if not assessments:
        return []
    framework = framework_of(assessments[-1])
    labels = [a.submitted_at.strftime("%-d %b %Y") for a in assessments]
    return [
        (
            row,
            line_chart(
                labels,
                [Series(row.competency.name, row.scores, "series-current")],
                y_min=framework.scale.levels[0].value,
                y_max=framework.scale.top.value,
                y_labels=_scale_labels(framework),
                title=f"{row.competency.name} over time",
                description=f"Score in each of {len(labels)} assessments, oldest first; also in the table.",
                id_prefix=f"growth-{row.competency.id}",
                compact=True,
            ),
        )
        for row in rows
    ]
