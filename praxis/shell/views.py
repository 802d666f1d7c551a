from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praxis.assessments import charts as assessment_charts
from praxis.assessments import policy as assessment_policy
from praxis.assessments import selectors as assessment_selectors
from praxis.core.errors import PraxisError
from praxis.core.frameworks import current_framework
from praxis.core.inputs import whole_number
from praxis.core.pdf import pdf_options, pdf_response
from praxis.core.text import typed

from . import digest, personal_data, selectors, services
from .forms import AccountDeleteForm, DigestPreferenceForm, FocusLogForm
from .results import results_context
from .selectors import dashboard_for


def home(request):
    if request.user.is_authenticated:
        return redirect("shell:dashboard")
    framework = current_framework()
    return render(request, "shell/home.html", {"definitions": {d.id: d for d in framework.definitions}})


def _dashboard_page(request, status=200, **extra):
    name = typed(request.GET.get("supervisee", "").replace("\x00", ""))[:100]
    page = whole_number(request.GET.get("people", ""), low=1, high=10**6) or 1
    d = dashboard_for(request.user, supervisee_name=name, supervisee_page=page)
    query = urlencode({"supervisee": name}) if name else ""
    context = {"d": d, "today": timezone.localdate(), "query": query, **extra}
    return render(request, "shell/dashboard.html", context, status=status)


@login_required
def dashboard(request):
    return _dashboard_page(request)


@login_required
@require_POST
def focus_log(request, pk):
    """ "Log something for this focus": in place with htmx (the focus's line comes back), else a
    redirect to the dashboard; an error comes back next to the field, keeping what was typed."""
    focus = selectors.focus_for_logging(request.user, pk)
    form = FocusLogForm(request.POST)
    error = entry = None
    if form.is_valid():
        try:
            entry = services.focus_evidence_log(
                user=request.user, focus=focus, text=form.cleaned_data["text"]
            )
        except PraxisError as failure:
            error = str(failure)
    else:
        error = form.errors["text"][0]
    if error is None:
        if request.htmx:
            return render(
                request, "shell/_focus_week.html", {"row": selectors.focus_week(focus), "logged": entry}
            )
        messages.success(
            request, f"Logged “{entry.title}” as evidence. You can add details to it in your journal."
        )
        return redirect(reverse("shell:dashboard") + f"#focus-week-{focus.pk}")
    kept = {"log_focus": focus.pk, "log_text": typed(request.POST.get("text", "").replace("\x00", ""))[:2000]}
    if request.htmx:
        context = {"row": selectors.focus_week(focus), "log_error": error, **kept}
        return render(request, "shell/_focus_week.html", context, status=422)
    return _dashboard_page(request, status=400, log_error=error, **kept)


@login_required
@require_POST
def digest_preference(request):
    """The weekly e-mail digest switched on or off, from the profile page."""
    form = DigestPreferenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That did not work: tick the box to get the weekly digest, or clear it.")
    else:
        weekly = form.cleaned_data["weekly"] == "on"
        digest.digest_preference_set(user=request.user, weekly=weekly)
        if not weekly:
            messages.success(request, "You will not get the weekly digest.")
        elif request.user.email_verified_at:
            messages.success(
                request, f"You will get a weekly digest at {request.user.email} when there is news."
            )
        else:
            messages.success(
                request, "The weekly digest is on. It starts once you confirm your e-mail address."
            )
    return redirect(reverse("accounts:profile") + "#digest-heading")


@csrf_exempt  # the signed token in the address is the proof; mail clients post without a form (RFC 8058)
@require_http_methods(["GET", "POST"])
def digest_unsubscribe(request, token):
    """One-click unsubscribe from the weekly digest, without signing in. GET shows a button and
    changes nothing; POST (the button, or a mail client's one-click) switches the digest off."""
    person = digest.person_for_token(token)
    if person is None:
        return render(request, "shell/digest_unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        digest.unsubscribe(user=person)
        return render(request, "shell/digest_unsubscribe.html", {"done": True})
    return render(
        request, "shell/digest_unsubscribe.html", {"token": token, "weekly": digest.is_weekly(person)}
    )


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
    assessment, reach = assessment_selectors.assessment_and_reach(request.user, pk)
    if assessment.is_draft:
        return redirect("assessments:resume", pk=pk)
    return render(request, "assessments/results.html", _results_page(request, assessment, reach))


def _results_page(request, assessment, reach) -> dict:
    # `reach`: the viewer's reach to the owner's shares, read once for the page's several reads
    result = assessment_selectors.results_for(assessment, request.user, reach)
    competency_ids = [c.competency.id for c in result.competencies]
    return {
        "r": result,
        "is_owner": assessment_policy.is_owner(request.user, assessment),
        "chart": assessment_charts.radar_for(result),
        "beside": results_context(assessment, request.user, competency_ids, reach),
    }


@login_required
@require_GET
def assessment_results_pdf(request, pk):
    """The results page as a PDF, read by the same selectors (someone else's is a 404); plan
    focuses and evidence counts only when asked for (`?details=on`)."""
    assessment, reach = assessment_selectors.assessment_and_reach(request.user, pk)
    if assessment.is_draft:
        raise Http404("A draft has no results yet")
    details = pdf_options(request)["details"]
    context = _results_page(request, assessment, reach) | {"hide_details": not details}
    return pdf_response(
        request,
        "pdf/results.html",
        context,
        filename=f"praxis-results-{assessment.submitted_at:%Y-%m-%d}",
        title=f"Self-assessment results: {assessment.owner.full_name}",
        about=assessment.owner.full_name,
    )
