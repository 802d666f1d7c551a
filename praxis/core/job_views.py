"""A job's page and its download: the owner's only (anyone else gets 404, like any private object)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render

from . import jobs


def _job(request, pk):
    return get_object_or_404(jobs.jobs_of(request.user), pk=pk)


@login_required
def job(request, pk):
    """Progress while it runs (htmx asks again every 2 s; without JavaScript, a refresh link), then
    the download link, or why it failed, or that its result expired."""
    found = _job(request, pk)
    context = {"job": found, "downloadable": jobs.result_path(found) is not None}
    if request.htmx:
        return render(request, "jobs/_status.html", context)
    return render(request, "jobs/job.html", context)


@login_required
def download(request, pk):
    found = _job(request, pk)
    path = jobs.result_path(found)
    if path is None:  # not ready, failed, or expired (refused from then on, even before the purge)
        return render(request, "jobs/job.html", {"job": found, "downloadable": False}, status=410)
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=found.filename, content_type=jobs.content_type(found)
    )
