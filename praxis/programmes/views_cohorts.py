"""Cohort pages: thin views over `cohorts` (writes), `cohort_selectors` and `report` (reads);
who may see what is `cohort_policy`'s."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from praxis.core import jobs
from praxis.core.client import client_address
from praxis.core.frameworks import current_framework
from praxis.surveys.selectors import reliability_report

from . import cohort_policy, cohort_selectors, cohorts
from .forms_cohorts import CohortForm, ConsentsForm, InviteListForm, JoinLinkForm, WindowForm
from .models import Phase
from .policy import can_edit_programme, programmes_visible_to
from .report import cohort_report, cohort_report_pdf, report_table


def _staff_cohort(request, pk):
    return get_object_or_404(cohort_policy.cohorts_visible_to(request.user), pk=pk)


def _managed_cohort(request, pk):
    cohort = _staff_cohort(request, pk)
    if not cohort_policy.can_manage_cohort(request.user, cohort):
        raise PermissionDenied
    return cohort


def _enrolment(request, pk):
    return get_object_or_404(cohort_policy.enrolments_of(request.user), cohort_id=pk)


@login_required
def index(request):
    """The cohorts I learn in, and those I run."""
    return render(
        request,
        "programmes/cohorts/index.html",
        {
            "enrolments": cohort_policy.enrolments_of(request.user).order_by("-cohort__starts_on"),
            "staffed": cohort_policy.cohorts_visible_to(request.user).order_by(
                "programme__name", "-starts_on"
            ),
        },
    )


@login_required
def programme_cohorts(request, programme_id):
    """A programme's cohorts, and (for its leads) a form to create one."""
    programme = get_object_or_404(programmes_visible_to(request.user), pk=programme_id)
    may_edit = can_edit_programme(request.user, programme)
    form = CohortForm(request.POST or None)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                cohort = cohorts.cohort_create(programme=programme, **form.cleaned_data)
            except cohorts.CohortError as error:
                form.add_error("name", str(error))
            else:
                messages.success(request, f"{cohort} is ready. Open its windows and invite the learners.")
                return redirect("cohorts:detail", pk=cohort.pk)
    return render(
        request,
        "programmes/cohorts/programme.html",
        {"programme": programme, "cohorts": programme.cohorts.all(), "form": form if may_edit else None},
    )


def _detail_context(request, cohort, **forms):
    may_manage = cohort_policy.can_manage_cohort(request.user, cohort)
    windows = {w.phase: w for w in cohort.windows.all()}
    window_forms = {}
    if may_manage:
        for phase in Phase.values:
            window = windows.get(phase)
            initial = (
                {
                    "kind": window.kind,
                    "opens_on": window.opens_on,
                    "closes_on": window.closes_on,
                    "then_rating": window.then_rating,
                }
                if window
                else {"kind": "quick"}
            )
            window_forms[phase] = forms.get(f"window_{phase}") or WindowForm(initial=initial, prefix=phase)
    link = None
    if may_manage and cohort.join_link_open:
        link = request.build_absolute_uri(reverse("cohorts:join", args=[cohorts.join_link_token(cohort)]))
    return {
        "cohort": cohort,
        "programme": cohort.programme,
        "may_manage": may_manage,
        "roster": cohort_selectors.roster(cohort),
        "invitations": cohort_selectors.pending_invitations(cohort) if may_manage else [],
        "windows": [windows.get(Phase.PRE), windows.get(Phase.POST)],
        "window_forms": [(phase, label, window_forms.get(phase)) for phase, label in Phase.choices],
        "invite_form": forms.get("invite") or InviteListForm(),
        "link": link,
        "today": timezone.localdate(),
    }


@login_required
def detail(request, pk):
    cohort = _staff_cohort(request, pk)
    return render(request, "programmes/cohorts/detail.html", _detail_context(request, cohort))


@login_required
@require_POST
def window(request, pk, phase):
    cohort = _managed_cohort(request, pk)
    if phase not in Phase.values:
        raise Http404("No such window")
    form = WindowForm(request.POST, prefix=phase)
    if form.is_valid():
        try:
            cohorts.window_set(cohort=cohort, phase=phase, **form.cleaned_data)
        except cohorts.CohortError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The {Phase(phase).label.lower()} window is saved.")
            return redirect("cohorts:detail", pk=pk)
    context = _detail_context(request, cohort, **{f"window_{phase}": form})
    return render(request, "programmes/cohorts/detail.html", context, status=400)


@login_required
@require_POST
def invite(request, pk):
    cohort = _managed_cohort(request, pk)
    form = InviteListForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            result = cohorts.cohort_invite_list(
                cohort=cohort,
                by=request.user,
                addresses=form.cleaned_data["listed"],
                address=client_address(request),
            )
        except cohorts.CohortError as error:
            form.add_error("file" if request.FILES else "addresses", str(error))
        else:
            words = f"Invited {len(result.invited)} learner{'s' if len(result.invited) != 1 else ''}."
            if result.already:
                words += (
                    f" {len(result.already)} already joined or had an invitation, and were not sent another."
                )
            messages.success(request, words)
            return redirect("cohorts:detail", pk=pk)
    return render(
        request, "programmes/cohorts/detail.html", _detail_context(request, cohort, invite=form), status=400
    )


@login_required
@require_POST
def join_link(request, pk):
    cohort = _managed_cohort(request, pk)
    form = JoinLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose what to do with the link.")
        return redirect("cohorts:detail", pk=pk)
    cohorts.cohort_join_link_set(cohort=cohort, action=form.cleaned_data["action"])
    messages.success(
        request,
        {
            "renew": "A new link is ready; the old one no longer works.",
            "close": "Nobody can join by the link now.",
            "open": "The link works again.",
        }[form.cleaned_data["action"]],
    )
    return redirect("cohorts:detail", pk=pk)


@login_required
def report(request, pk):
    cohort = _staff_cohort(request, pk)
    built = cohort_report(cohort)
    file_format = request.GET.get("format", "")
    if file_format:
        return report_table(built).response(file_format)
    return render(request, "programmes/cohorts/report.html", {"r": built, "cohort": cohort})


@login_required
def reliability(request, pk):
    """Alpha, omega and item-rest correlations of the cohort's counted learners' full assessments."""
    cohort = get_object_or_404(cohort_policy.reliability_cohorts(request.user), pk=pk)
    report = reliability_report(
        cohort_policy.reliability_assessments(cohort),
        current_framework(),
        cohort.programme.organisation.min_group_size,
    )
    context = {"cohort": cohort, "report": report, "full_windows": cohort_selectors.has_full_window(cohort)}
    return render(request, "programmes/cohorts/reliability.html", context)


@login_required
@require_POST
def report_pdf(request, pk):
    """The cohort report as a PDF, made by a background job; whoever may read the report may start it."""
    cohort = _staff_cohort(request, pk)
    back = (reverse("cohorts:report", args=[cohort.pk]), "the cohort report")
    return redirect(
        jobs.start(request.user, "cohort report (PDF)", cohort_report_pdf, back=back, cohort_id=cohort.pk)
    )


# -- learners ---------------------------------------------------------------------------------


def join(request, token):
    joining = cohorts.find_joining(token)
    if joining is None:
        return render(request, "programmes/cohorts/join_invalid.html", status=404)
    form = ConsentsForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and request.user.is_authenticated and form.is_valid():
        try:
            enrolment = cohorts.cohort_join(token=token, learner=request.user, **form.cleaned_data)
        except cohorts.CohortError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"You have joined {enrolment.cohort.programme}: {enrolment.cohort}.")
            return redirect("cohorts:mine", pk=enrolment.cohort_id)
    return render(
        request,
        "programmes/cohorts/join.html",
        {"joining": joining, "cohort": joining.cohort, "form": form, "token": token},
        status=400 if form.errors else 200,
    )


@login_required
def mine(request, pk):
    enrolment = _enrolment(request, pk)
    today = timezone.localdate()
    rows, assessments = cohort_selectors.own_change(enrolment)
    windows = cohort_selectors.windows_of(enrolment, today)
    post = next((w for w in windows if w.window.phase == Phase.POST), None)
    return render(
        request,
        "programmes/cohorts/mine.html",
        {
            "enrolment": enrolment,
            "cohort": enrolment.cohort,
            "rows": rows,
            "windows": windows,
            "assessments": assessments,
            "asks_then": bool(post and post.window.then_rating and post.assessment and post.open),
            "has_change": any(r.change is not None for r in rows),
            "today": today,
            "consents": ConsentsForm(
                initial={
                    "counted_in_statistics": enrolment.counted_in_statistics,
                    "named_to_staff": enrolment.named_to_staff,
                }
            ),
        },
    )


@login_required
@require_POST
def consents(request, pk):
    enrolment = _enrolment(request, pk)
    form = ConsentsForm(request.POST)
    if form.is_valid():
        cohorts.enrolment_consents_set(enrolment=enrolment, **form.cleaned_data)
        messages.success(request, "Your choices are saved and apply from now on.")
    else:
        messages.error(request, "Your choices were not saved: tick each box or leave it empty.")
    return redirect("cohorts:mine", pk=pk)


@login_required
@require_POST
def start(request, pk, phase):
    enrolment = _enrolment(request, pk)
    found = enrolment.cohort.windows.filter(phase=phase).first()
    if found is None:
        raise Http404("No such window")
    try:
        assessment = cohorts.window_assessment_start(
            enrolment=enrolment, window=found, today=timezone.localdate()
        )
    except cohorts.CohortError as error:
        messages.error(request, str(error))
        return redirect("cohorts:mine", pk=pk)
    if cohorts.submitted(assessment):
        return redirect("assessments:results", pk=assessment.pk)
    return redirect("assessments:resume", pk=assessment.pk)


@login_required
def then(request, pk):
    enrolment = _enrolment(request, pk)
    link = cohort_selectors.post_link_of(enrolment)
    if link is None or not link.window.then_rating:
        raise Http404("No retrospective rating here")
    competencies, levels = cohorts.then_scale(link)
    error = ""
    values = cohort_selectors.then_values(link)
    if request.method == "POST":
        posted = {c.id: request.POST.get(c.id, "") for c in competencies}
        try:
            saved = cohorts.then_ratings_save(link=link, posted=posted, today=timezone.localdate())
        except cohorts.CohortError as problem:
            error = str(problem)
            values = {**values, **{k: v for k, v in posted.items() if v and "\x00" not in v}}
        else:
            messages.success(request, f"Saved {saved} retrospective rating{'s' if saved != 1 else ''}.")
            return redirect("cohorts:mine", pk=pk)
    return render(
        request,
        "programmes/cohorts/then.html",
        {
            "enrolment": enrolment,
            "cohort": enrolment.cohort,
            "competencies": competencies,
            "levels": levels,
            "values": values,
            "error": error,
            "open": link.window.is_open(timezone.localdate()),
        },
        status=400 if error else 200,
    )
