from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from praxis.accounts import selectors as accounts_selectors
from praxis.accounts import services as accounts
from praxis.accounts.models import ShareAudience
from praxis.core.inputs import has_nul, whole_number

from . import charts, policy, selectors, services
from .models import Assessment, Kind
from .structure import PRINCIPLE_STRENGTHS


def _page_url(assessment, number: int) -> str:
    return reverse("assessments:page", args=[assessment.pk, number])


@login_required
def new(request):
    previous = {kind: selectors.latest_submitted(request.user, kind) for kind in (Kind.QUICK, Kind.FULL)}
    if request.method == "POST":
        kind = request.POST.get("kind")
        if kind not in Kind.values:
            messages.error(request, "Choose a quick or a full assessment.")
            return redirect("assessments:new")
        start_from = previous[kind] if request.POST.get("start_from") == "previous" else None
        assessment = services.start_assessment(owner=request.user, kind=kind, start_from=start_from)
        return redirect(_page_url(assessment, 1))
    return render(request, "assessments/new.html", {"previous": previous})


@login_required
def resume(request, pk):
    assessment = selectors.assessment_for_viewing(request.user, pk)
    if not assessment.is_draft or not policy.is_owner(request.user, assessment):
        return redirect("assessments:results", pk=pk)
    _, questionnaire = selectors.framework_and_questionnaire(assessment)
    answered = {a.item_id: True for a in assessment.answers.all()}
    page = selectors.progress(questionnaire, answered).resume_page or questionnaire.principles_page.number
    return redirect(_page_url(assessment, page))


def _next_url(request, assessment, questionnaire, number):
    go = request.POST.get("go", "next")
    if go == "previous":
        return _page_url(assessment, max(1, number - 1))
    if go == "dashboard":
        return reverse("shell:dashboard")
    if go.startswith("page-") and whole_number(go[5:]) is not None:
        return _page_url(assessment, min(len(questionnaire.pages), max(1, whole_number(go[5:]))))
    return _page_url(assessment, min(len(questionnaire.pages), number + 1))


@login_required
def page(request, pk, number):
    assessment = selectors.assessment_for_editing(request.user, pk)
    if not assessment.is_draft:
        messages.info(request, "This assessment is submitted, so it can no longer be changed.")
        return redirect("assessments:results", pk=pk)
    framework, questionnaire = selectors.framework_and_questionnaire(assessment)
    try:
        current = questionnaire.page(number)
    except KeyError:
        raise Http404("No such page") from None

    if request.method == "POST":
        try:
            if has_nul(request.POST):
                raise services.AssessmentError("Remove the invisible NUL character from what you typed.")
            with transaction.atomic():  # a page saves whole or not at all
                _save_page(request, assessment, current)
        except services.AssessmentError as error:
            messages.error(request, str(error))
            return redirect(_page_url(assessment, number))
        return redirect(_next_url(request, assessment, questionnaire, number))

    answers = {a.item_id: a for a in assessment.answers.all()}
    context = {
        "assessment": assessment,
        "framework": framework,
        "questionnaire": questionnaire,
        "page": current,
        "progress": selectors.progress(questionnaire, answers),
        "answers": {item_id: ("na" if a.not_applicable else str(a.level)) for item_id, a in answers.items()},
    }
    if current.kind == "items":
        context["notes"] = {n.competency_id: n.text for n in assessment.notes.all()}
    elif current.kind == "principles":
        context["reflections"] = {r.principle_id: r for r in assessment.principle_reflections.all()}
        context["strengths"] = PRINCIPLE_STRENGTHS
    return render(request, f"assessments/page_{current.kind}.html", context)


def _save_page(request, assessment, current):
    post = request.POST
    if current.kind == "items":
        posted = {i.id: post[f"answer-{i.id}"] for i in current.items if f"answer-{i.id}" in post}
        initial = {i.id: post.get(f"initial-{i.id}", "") for i in current.items}
        services.save_changed_answers(assessment=assessment, posted=posted, initial=initial)
        for competency in current.competencies:
            key = f"note-{competency.id}"
            if key in post and post[key] != post.get(f"initial-{key}", ""):
                services.save_note(assessment=assessment, competency_id=competency.id, text=post[key])
    elif current.kind == "principles":
        framework, _ = selectors.framework_and_questionnaire(assessment)
        for principle in framework.principles:
            strength = post.get(f"strength-{principle.id}", "")
            example = post.get(f"example-{principle.id}", "")
            if strength or example:
                services.save_principle_reflection(
                    assessment=assessment, principle_id=principle.id, strength=strength, example=example
                )


@login_required
@require_POST
def autosave(request, pk):
    """htmx: save one answer, note or principle reflection as soon as it changes."""
    assessment = selectors.assessment_for_editing(request.user, pk)
    post = request.POST
    try:
        if has_nul(post):
            raise services.AssessmentError("Remove the invisible NUL character from what you typed.")
        if "item" in post:
            services.save_answer(
                assessment=assessment, item_id=post["item"], raw=post.get(f"answer-{post['item']}", "")
            )
        elif "note" in post:
            services.save_note(
                assessment=assessment, competency_id=post["note"], text=post.get(f"note-{post['note']}", "")
            )
        elif "principle" in post:
            pid = post["principle"]
            services.save_principle_reflection(
                assessment=assessment,
                principle_id=pid,
                strength=post.get(f"strength-{pid}", ""),
                example=post.get(f"example-{pid}", ""),
            )
        else:
            raise services.AssessmentError("Nothing to save.")
    except services.AssessmentError as error:
        return render(request, "assessments/_saved.html", {"error": str(error)}, status=422)
    _, questionnaire = selectors.framework_and_questionnaire(assessment)
    answered = {a.item_id: True for a in assessment.answers.only("item_id")}
    return render(
        request,
        "assessments/_saved.html",
        {"error": "", "assessment": assessment, "progress": selectors.progress(questionnaire, answered)},
    )


@login_required
@require_POST
def submit(request, pk):
    assessment = selectors.assessment_for_editing(request.user, pk)
    services.submit(assessment=assessment)
    messages.success(request, "Your assessment is submitted. Here is what it shows.")
    return redirect("assessments:results", pk=pk)


@login_required
@require_POST
def discard(request, pk):
    assessment = selectors.assessment_for_editing(request.user, pk)
    try:
        services.discard_draft(assessment=assessment)
    except services.AssessmentError as error:
        messages.error(request, str(error))
        return redirect("assessments:results", pk=pk)
    messages.success(request, "The draft assessment is deleted.")
    return redirect("shell:dashboard")


@login_required
def results(request, pk):
    assessment = selectors.assessment_for_viewing(request.user, pk)
    if assessment.is_draft:
        return redirect("assessments:resume", pk=pk)
    result = selectors.results_for(assessment, request.user)
    return render(
        request,
        "assessments/results.html",
        {
            "r": result,
            "is_owner": policy.is_owner(request.user, assessment),
            "chart": charts.radar_for(result),
        },
    )


@login_required
def history(request, kind):
    if kind not in Kind.values:
        raise Http404("No such kind of assessment")
    assessments, rows = selectors.history_for(request.user, kind)
    return render(
        request,
        "assessments/history.html",
        {
            "kind": kind,
            "kind_label": Kind(kind).label,
            "assessments": assessments,
            "rows": rows,
            "charts": charts.growth_charts(assessments, rows),
        },
    )


@login_required
def sharing(request, pk):
    assessment = selectors.assessment_for_editing(request.user, pk)
    organisations = list(policy.organisations_for(request.user).order_by("name"))
    if request.method == "POST":
        organisation = next((o for o in organisations if str(o.pk) == request.POST.get("organisation")), None)
        audience = request.POST.get("audience") or None
        if organisation is None:
            messages.error(request, "Choose one of your organisations.")
        else:
            try:
                accounts.share_set(
                    owner=request.user, obj=assessment, organisation=organisation, audience=audience
                )
            except accounts.AccountsError as error:
                messages.error(request, str(error))
            else:
                if audience:
                    messages.success(
                        request, f"Shared with {organisation}: {ShareAudience(audience).label.lower()}."
                    )
                else:
                    messages.success(request, f"No longer shared with {organisation}.")
        return redirect("assessments:sharing", pk=pk)
    shares = accounts_selectors.shared_audiences(assessment)
    return render(
        request,
        "assessments/sharing.html",
        {
            "assessment": assessment,
            "rows": [(o, shares.get(o.pk, "")) for o in organisations],
            "audiences": [(a.value, a.label) for a in Assessment.share_audiences],
        },
    )
