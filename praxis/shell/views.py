from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from praxis.assessments import charts as assessment_charts
from praxis.assessments import policy as assessment_policy
from praxis.assessments import selectors as assessment_selectors
from praxis.core.frameworks import current_framework
from praxis.core.inputs import whole_number
from praxis.core.text import typed

from . import personal_data, services
from .forms import AccountDeleteForm
from .results import results_context
from .selectors import dashboard_for


def home(request):
    if request.user.is_authenticated:
        return redirect("shell:dashboard")
    framework = current_framework()
    return render(request, "shell/home.html", {"definitions": {d.id: d for d in framework.definitions}})


@login_required
def dashboard(request):
    name = typed(request.GET.get("supervisee", "").replace("\x00", ""))[:100]
    page = whole_number(request.GET.get("people", ""), low=1, high=10**6) or 1
    d = dashboard_for(request.user, supervisee_name=name, supervisee_page=page)
    query = urlencode({"supervisee": name}) if name else ""
    return render(request, "shell/dashboard.html", {"d": d, "today": timezone.localdate(), "query": query})


@login_required
@require_GET
def personal_data_download(request):
    """Everything the person owns, as a zip. Reads only."""
    response = HttpResponse(personal_data.archive(request.user), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{personal_data.archive_name(request.user)}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def account_delete(request):
    form = AccountDeleteForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_delete(user=request.user)
        except services.AccountError as error:
            form.add_error(None, str(error))
        else:
            logout(request)
            messages.success(
                request, "Your account and everything in it have been deleted. Thank you for using Praxis."
            )
            return redirect("shell:home")
    return render(request, "shell/account_delete.html", {"form": form})


def not_found(request, exception=None):
    return render(request, "shell/404.html", status=404)


def forbidden(request, exception=None):
    return render(request, "shell/403.html", status=403)


@login_required
def assessment_results(request, pk):
    """A submitted self-assessment's results, each score beside its evidence, others' rating and
    the plan (praxis.shell.results): the assessments app alone cannot reach those."""
    assessment = assessment_selectors.assessment_for_viewing(request.user, pk)
    if assessment.is_draft:
        return redirect("assessments:resume", pk=pk)
    result = assessment_selectors.results_for(assessment, request.user)
    return render(
        request,
        "assessments/results.html",
        {
            "r": result,
            "is_owner": assessment_policy.is_owner(request.user, assessment),
            "chart": assessment_charts.radar_for(result),
            "beside": results_context(
                assessment, request.user, [c.competency.id for c in result.competencies]
            ),
        },
    )
