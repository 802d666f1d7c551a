from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from praxis.accounts import policy
from praxis.core import jobs
from praxis.scoring.disclosure import threshold

from . import export
from .forms import ExportForm
from .tasks import research_export

JOB_KIND = "research export"


def _organisation_for_export(request, slug):
    organisation = get_object_or_404(policy.organisations_for(request.user), slug=slug)
    if not policy.may_export_research(request.user, organisation):
        raise PermissionDenied("Only the organisation's leads can run research exports.")
    return organisation


@login_required
def export_page(request, slug):
    """Choose what to export; POST starts the job and goes to its page."""
    organisation = _organisation_for_export(request, slug)
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        if export.may_export(organisation, kind):
            job = jobs.start(
                request.user,
                JOB_KIND,
                research_export,
                back=(request.path, "the research export"),
                organisation_id=organisation.pk,
                kind=kind,
                free_text=form.cleaned_data["free_text"],
            )
            return redirect(job)
        form.add_error("kind", export.too_few_message(threshold(organisation.min_group_size), kind))
    context = {
        "organisation": organisation,
        "form": form,
        "threshold": threshold(organisation.min_group_size),
        "enough": {kind: export.may_export(organisation, kind) for kind in export.KINDS},
        "recent": jobs.recent(request.user, JOB_KIND),
    }
    return render(request, "research/export.html", context)
