from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from praxis.accounts import policy as accounts_policy
from praxis.core import jobs, ratelimit
from praxis.core.frameworks import current_framework
from praxis.core.spreadsheet import Table

from . import forms, output, policy, selectors, tasks
from .forms import SurveyUploadForm
from .scoring import score_survey

SCORES_PER_HOUR = 30  # uploads scored per person per hour: each reads up to 100 MB


@login_required
def reliability(request, slug):
    """Alpha, omega and item-rest correlations of the organisation's consenting members' latest
    full assessments, per competency. Leads only."""
    organisation = get_object_or_404(accounts_policy.organisations_for(request.user), slug=slug)
    if not policy.may_see_reliability(request.user, organisation):
        raise PermissionDenied("Only the organisation's leads can see this.")
    framework = current_framework()
    report = selectors.reliability_report(
        policy.counted_assessments(organisation), framework, organisation.min_group_size
    )
    return render(request, "surveys/reliability.html", {"organisation": organisation, "report": report})


@login_required
def score(request):
    """Upload a survey export and a mapping; download the scores and a reliability summary.

    A small file is scored in the request (errors next to the field); a file above
    forms.SURVEY_BACKGROUND_BYTES is stored and scored by a background job, whose page shows the
    progress and then the download, or the same row and column errors. Capped at
    forms.SURVEY_MAX_BYTES.
    """
    if not policy.may_score_surveys(request.user):
        raise PermissionDenied("Scoring survey exports is open to organisation leads.")
    form = SurveyUploadForm(request.POST or None, request.FILES or None)
    problems_more = 0
    if request.method == "POST" and form.is_valid():
        if not ratelimit.use("survey-score", [str(request.user.pk)], limit=SCORES_PER_HOUR, seconds=3600):
            form.add_error(
                "survey", f"You have scored {SCORES_PER_HOUR} files this hour. Try again in a while."
            )
        elif form.cleaned_data["survey"].size > forms.SURVEY_BACKGROUND_BYTES:
            job = jobs.start(
                request.user,
                tasks.JOB_KIND,
                tasks.score_survey_file,
                back=(request.path, "scoring a survey export"),
                survey=tasks.store_upload(form.cleaned_data["survey"]),
                mapping=tasks.store_upload(form.cleaned_data["mapping"]),
                file_format=form.cleaned_data["format"],
            )
            return redirect(job)
        else:
            result = score_survey(form.cleaned_data["survey"], form.cleaned_data["mapping"])
            if result.ok:
                file_format = form.cleaned_data["format"]
                response = HttpResponse(output.zip_bytes(result, file_format), content_type="application/zip")
                response["Content-Disposition"] = 'attachment; filename="praxis-survey-scores.zip"'
                return response
            for problem in result.problems:
                form.add_error(problem.file, str(problem))
            problems_more = result.more_problems
    return render(request, "surveys/score.html", {"form": form, "problems_more": problems_more})


@login_required
def mapping_template(request):
    """A mapping to fill in: every key activity of the framework in use, the column left empty."""
    if not policy.may_score_surveys(request.user):
        raise PermissionDenied("Scoring survey exports is open to organisation leads.")
    framework = current_framework()
    labels = ";".join(f"{level.value}={level.label}" for level in framework.scale.levels)
    rows = [["", a.id, labels, "", a.text] for c in framework.competencies for a in c.key_activities]
    header = ["column", "item", "labels", "not_applicable", "key activity (for your reference)"]
    return Table("praxis-survey-mapping", header, rows).csv()
