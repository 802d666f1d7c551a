"""The team report PDF (the heat map as SVG and the team statistics) as a background job
(praxis.core.jobs), and the heat map SVG both the page's image and the report use."""

from __future__ import annotations

from praxis.accounts import policy
from praxis.accounts.models import User
from praxis.charts import Column, HeatCell, heat_map_chart
from praxis.core import jobs
from praxis.core.frameworks import current_framework
from praxis.core.models import Job
from praxis.core.pdf import pdf_filename, render_pdf

from . import selectors

JOB_KIND = "team report (PDF)"
EVERYONE = 10**6  # the report holds every person the filters choose, not one page


def heat_map_svg(organisation, data) -> str:
    """The heat map `data` (selectors.heat_map) as an SVG chart."""
    columns = [Column(c.id, c.name, d.name) for d, cs in data.domains for c in cs]
    rows = [
        (
            row.name,
            [
                HeatCell(
                    cell.text,
                    cell.level,
                    "na" if cell.css == "heat-na" else ("none" if cell.level is None else ""),
                )
                for cell in row.cells
            ],
        )
        for row in data.rows
    ]
    return heat_map_chart(
        columns,
        rows,
        title=f"Heat map of {organisation.name}",
        description=(
            f"{len(rows)} people by name, page {data.page.number} of {data.page.paginator.num_pages}: "
            "the level of each competency in their latest submitted assessment shown to you."
        ),
    )


def may_read(viewer, organisation) -> bool:
    """The report shows the heat map and the statistics: whoever may see both (the leads)."""
    statistics = policy.can_view_team_statistics(viewer, organisation)
    return statistics and policy.can_view_team_pages(viewer, organisation)


@jobs.task()
def team_report_pdf(job_id: int, *, organisation_id: int, team_id: int | None = None) -> None:
    """Reads again, as the job's owner and through the pages' own policy and selectors."""
    owner = User.objects.get(pk=Job.objects.values_list("owner_id", flat=True).get(pk=job_id))
    organisation = policy.organisations_for(owner).filter(pk=organisation_id).first()
    if organisation is None or not may_read(owner, organisation):
        raise jobs.JobError("You can no longer see this organisation's team pages, so no report was made.")
    team = selectors.team_in(organisation, team_id) if team_id else None
    jobs.progress(job_id, 20, "Reading the heat map")
    data = selectors.heat_map(owner, organisation, team=team, per_page=EVERYONE)
    jobs.progress(job_id, 50, "Counting the team statistics")
    stats = selectors.team_statistics(organisation, team=team)
    jobs.progress(job_id, 70, "Making the PDF")
    about = f"{team.name}, {organisation.name}" if team else organisation.name
    context = {
        "organisation": organisation,
        "map": data,
        "stats": stats,
        "framework": current_framework(),
    }
    pdf = render_pdf("pdf/team_report.html", context, title=f"Team report of {about}", about=about)
    jobs.finish(job_id, pdf_filename(f"praxis-team-report-{about}", "a4"), pdf)
