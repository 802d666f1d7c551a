"""The research export as a background job (praxis.core.jobs)."""

from praxis.accounts.models import Organisation
from praxis.core import jobs

from . import export


@jobs.task()
def research_export(job_id: int, *, organisation_id: int, kind: str, free_text: bool) -> None:
    organisation = Organisation.objects.get(pk=organisation_id)
    made = export.build(
        organisation,
        kind=kind,
        free_text=free_text,
        progress=lambda percent, message: jobs.progress(job_id, percent, message),
    )
    jobs.finish(job_id, made.filename, made.content)
