import json
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from praxis.accounts import selectors as accounts_selectors
from praxis.accounts.services import AccountsError
from praxis.accounts.sharing import share_from_post
from praxis.core import trash
from praxis.core.inputs import has_nul, whole_number
from praxis.core.spreadsheet import Table
from praxis.core.text import typed

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
        assessment, resumed = services.assessment_start_or_resume(
            owner=request.user, kind=kind, start_from=start_from
        )
        if resumed:
            messages.info(
                request,
                f"You already have a {Kind(kind).label.lower()} assessment in progress, "
                "so here it is, just as you left it.",
            )
            return redirect("assessments:resume", pk=assessment.pk)
        return redirect(_page_url(assessment, 1))
    return render(
        request, "assessments/new.html", {"previous": previous, "drafts": selectors.drafts_of(request.user)}
    )


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
        context["domain_names"] = {d.id: d.name for d in framework.domains}
    elif current.kind == "review":
        context["by_competency"] = selectors.unanswered_by_competency(framework, context["progress"])
        context["scorable"] = selectors.scorable_count(assessment)
        context["nothing_to_score"] = services.NOTHING_TO_SCORE
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
    """htmx: save one answer, note or principle reflection as soon as it changes.

    Only a 2xx answer means saved, and only then does the page say so (static/js/autosave.js
    retries anything else). The page sends the value it last saw saved ("initial-…"): when
    another tab has saved something different since, nothing is written and the answer is 409
    with both values, so the person chooses which to keep.
    """
    assessment = selectors.assessment_for_editing(request.user, pk)
    framework, questionnaire = selectors.framework_and_questionnaire(assessment)
    post = request.POST
    try:
        if has_nul(post):
            raise services.AssessmentError("Remove the invisible NUL character from what you typed.")
        if "item" in post:
            item = post["item"]
            what, fields, initials = "item", [f"answer-{item}"], [f"initial-{item}"]
            yours = [post.get(fields[0], "")]
            answer = services.save_answer(
                assessment=assessment, item_id=item, raw=yours[0], expected=post.get(initials[0])
            )
            saved = [services.NOT_APPLICABLE if answer.not_applicable else str(answer.level)]
        elif "note" in post:
            competency_id = post["note"]
            what, fields = "note", [f"note-{competency_id}"]
            initials = [f"initial-note-{competency_id}"]
            yours = [post.get(fields[0], "")]
            services.save_note(
                assessment=assessment,
                competency_id=competency_id,
                text=yours[0],
                expected=post.get(initials[0]),
            )
            saved = [typed(yours[0])]
        elif "principle" in post:
            pid = post["principle"]
            what, fields = "principle", [f"strength-{pid}", f"example-{pid}"]
            initials = [f"initial-{name}" for name in fields]
            yours = [post.get(name, "") for name in fields]
            expected = tuple(post.get(name, "") for name in initials) if initials[0] in post else None
            services.save_principle_reflection(
                assessment=assessment,
                principle_id=pid,
                strength=yours[0],
                example=yours[1],
                expected=expected,
            )
            saved = [yours[0], typed(yours[1])]
        else:
            raise services.AssessmentError("Nothing to save.")
    except services.AnswerChanged as changed:
        stored = list(changed.stored) if isinstance(changed.stored, tuple) else [changed.stored]
        conflict = {
            "theirs": _autosaved_value_label(framework, what, stored),
            "yours": _autosaved_value_label(framework, what, yours),
            "data": json.dumps(
                {
                    "fields": dict(zip(fields, stored, strict=True)),
                    "initial": dict(zip(initials, stored, strict=True)),
                }
            ),
        }
        return render(request, "assessments/_saved.html", {"conflict": conflict}, status=409)
    except services.AssessmentError as error:
        return render(request, "assessments/_saved.html", {"error": str(error)}, status=422)
    answered = dict.fromkeys(assessment.answers.values_list("item_id", flat=True), True)  # one query
    return render(
        request,
        "assessments/_saved.html",
        {
            "error": "",
            "assessment": assessment,
            "progress": selectors.progress(questionnaire, answered),
            "questionnaire": questionnaire,  # the step counts in the page's progress nav follow
            "saved": json.dumps(dict(zip(initials, saved, strict=True))),
        },
    )


def _autosaved_value_label(framework, what: str, values: list[str]) -> str:
    """An autosaved value as the page shows it: a level's label, a note's text."""
    if what == "note":
        return typed(values[0]) or "nothing"
    if what == "item":
        labels = {str(level.value): level.label for level in framework.scale.levels}
        labels[services.NOT_APPLICABLE] = framework.scale.not_applicable.label
        return labels.get(values[0], "no answer")
    strength = {str(value): label for value, label, _ in PRINCIPLE_STRENGTHS}.get(values[0], "no choice")
    example = typed(values[1])
    return f"{strength}; {example}" if example else strength


@login_required
@require_POST
def submit(request, pk):
    assessment = selectors.assessment_for_editing(request.user, pk)
    try:
        services.submit(assessment=assessment)
    except services.AssessmentError as error:
        messages.error(request, str(error))
        _, questionnaire = selectors.framework_and_questionnaire(assessment)
        return redirect(_page_url(assessment, len(questionnaire.pages)))  # the review page
    messages.success(request, "Your assessment is submitted. Here is what it shows.")
    return redirect("assessments:results", pk=pk)


@login_required
@require_POST
def discard(request, pk):
    assessment = selectors.assessment_for_editing(request.user, pk)
    try:
        deleted = services.discard_draft(assessment=assessment)
    except services.AssessmentError as error:
        messages.error(request, str(error))
        return redirect("assessments:results", pk=pk)
    trash.announce(request, deleted, "The draft assessment is deleted.")
    return redirect("shell:dashboard")


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
@require_GET
def history_export(request, kind):
    """The table of the growth page (every competency across the owner's submitted assessments of
    a kind) as CSV, or as XLSX with ?format=xlsx, through the one table writer."""
    if kind not in Kind.values:
        raise Http404("No such kind of assessment")
    assessments, rows = selectors.history_for(request.user, kind)
    return history_table(kind, assessments, rows).response(request.GET.get("format"))


def history_table(kind, assessments, rows) -> Table:
    """Competency, then its score in each assessment, oldest first, to one decimal as on the page;
    an empty cell where there is no score (not enough answers, or not applicable)."""
    header = ["Competency", *(f"{timezone.localtime(a.submitted_at):%Y-%m-%d %H:%M}" for a in assessments)]
    body = [[row.competency.name, *(_one_decimal(score) for score in row.scores)] for row in rows]
    return Table(f"praxis-{kind}-assessment-history", header, body)


def _one_decimal(score):
    if score is None:
        return None
    return Decimal(str(score)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@login_required
def sharing(request, pk):
    assessment = selectors.assessment_for_editing(request.user, pk)
    organisations = list(policy.organisations_for(request.user).order_by("name"))
    if request.method == "POST":
        try:
            messages.success(request, share_from_post(request, assessment))
        except AccountsError as error:
            messages.error(request, str(error))
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


SHARED_PER_PAGE = 50
NAME_QUERY_MAX = 100


@login_required
def shared(request, slug):
    """What members of one organisation chose to share with the viewer there: a page at a time,
    searchable by name, so an organisation of thousands stays one quick page."""
    organisation = get_object_or_404(policy.organisations_for(request.user), slug=slug)
    name = typed(request.GET.get("name", ""))[:NAME_QUERY_MAX]
    page = Paginator(selectors.shared_with_organisation(request.user, organisation, name), SHARED_PER_PAGE)
    return render(
        request,
        "assessments/shared.html",
        {
            "organisation": organisation,
            "name": name,
            "page": page.get_page(whole_number(request.GET.get("page", "")) or 1),
            "query": urlencode({"name": name}) if name else "",
        },
    )
