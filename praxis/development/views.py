from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from praxis.accounts import selectors as accounts_selectors
from praxis.accounts.policy import organisations_for
from praxis.accounts.services import AccountsError
from praxis.accounts.sharing import share_from_post
from praxis.assessments.models import Kind
from praxis.assessments.selectors import assessment_for_editing, latest_submitted
from praxis.core import trash
from praxis.core.frameworks import current_framework
from praxis.core.pdf import pdf_response
from praxis.journal.selectors import entry_for_editing

from . import policy, selectors, services
from .forms import (
    AddAreasForm,
    AddFocusForm,
    CheckInForm,
    CommentForm,
    EvidenceForm,
    FocusForm,
    FrameworkResourceForm,
    MentorForm,
    MentorsAskedForm,
    NewPlanForm,
    OwnResourceForm,
    PersonForm,
    PlanForm,
    StepForm,
    StepStatusForm,
)
from .models import Focus, FocusPerson, FocusResource, NextStep, PlanStatus, ResourceSource, StepStatus

# The parts of a focus that change in place (htmx swaps only that part; without JavaScript the
# same POST redirects back to the plan): the template of each, by name.
BLOCKS = {"steps", "resources", "people"}


@login_required
def index(request):

    latest = latest_submitted(request.user, Kind.FULL) or latest_submitted(request.user, Kind.QUICK)
    context = {
        "plans": selectors.own_plans(request.user),
        "latest": latest,
        "open_plan": selectors.open_plan(request.user),  # one plan per cycle: new ideas go into it
    }
    return render(request, "development/index.html", context)


@login_required
@require_POST
def new(request):

    form = NewPlanForm(request.POST)
    if not form.is_valid():
        raise Http404("No such assessment")
    source = form.cleaned_data["from_assessment"]
    assessment = assessment_for_editing(request.user, source) if source else None
    if assessment is not None and assessment.is_draft:
        raise Http404("Plans start from submitted assessments")
    plan, created = services.plan_open_or_start(owner=request.user, from_assessment=assessment)
    if created:
        messages.success(
            request, "Your plan is started as a draft. Add why each focus matters and your next steps."
        )
        return redirect("development:detail", pk=plan.pk)
    messages.info(
        request,
        f"You already have a {plan.get_status_display().lower()} plan: here it is, rather than a second one.",
    )
    if assessment is None:
        return redirect("development:detail", pk=plan.pk)
    return redirect(f"{plan.get_absolute_url()}?add_from={assessment.pk}#add-areas")


@login_required
def detail(request, pk):
    """The plan page. Reading it writes nothing: the owner marks new comments read with a button.
    `?add_from=<assessment>` offers that assessment's development areas not yet in the plan;
    `?mentors=<focus>` lists the colleagues who offered to mentor in that focus's competency
    (asked for, not computed on every view: under htmx only that focus's people are sent)."""
    plan = selectors.plan_page(request.user, pk)
    mentors_for = _mentors_asked(request, plan)
    if mentors_for is not None and request.htmx:
        response = _block(request, plan, mentors_for, "people", show_mentors=True)
    else:
        response = _plan_page(request, plan, loaded=True, mentors_for=mentors_for)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _mentors_asked(request, plan):
    """The focus named by `?mentors=`, if the viewer may change the plan and it is one of its own."""
    form = MentorsAskedForm(request.GET)
    if not form.is_valid() or not form.cleaned_data["mentors"]:
        return None
    if not policy.is_owner(request.user, plan) or plan.status == PlanStatus.COMPLETED:
        return None
    return next((f for f in plan.focuses.all() if f.pk == form.cleaned_data["mentors"]), None)


def _offer(request, plan, focuses, framework):
    """The development areas of the assessment named by `?add_from=` (or by the form posted)
    that are not yet focuses: None unless it is the owner's own submitted assessment."""
    source = request.POST.get("from_assessment") if request.method == "POST" else request.GET.get("add_from")
    form = NewPlanForm({"from_assessment": source})
    if not source or not form.is_valid() or not form.cleaned_data["from_assessment"]:
        return None
    assessment = selectors.own_submitted_assessment(request.user, form.cleaned_data["from_assessment"])
    if assessment is None:
        return None
    chosen = {f.competency_id for f in focuses}
    areas = [cid for cid in services.development_area_ids(assessment) if cid not in chosen]
    return {"assessment": assessment, "areas": [framework.competency(cid) for cid in areas]}


def _plan_page(request, plan, bound=None, status=200, loaded=False, mentors_for=None):
    """The plan page; `bound` is the form that could not be saved, shown with what was typed:
    (kind, target id, form), where kind names the form on the page and target its focus or step."""
    context = _plan_context(request, plan, bound=bound, loaded=loaded, mentors_for=mentors_for)
    return render(request, "development/detail.html", context, status=status)


@login_required
@require_GET
def plan_pdf(request, pk):
    """The plan page as a PDF (praxis.core.pdf), for whoever may read the page; without its forms."""
    plan = selectors.plan_page(request.user, pk)
    context = _plan_context(request, plan, loaded=True) | {"editable": False, "offer": None}
    return pdf_response(
        request,
        "pdf/plan.html",
        context,
        filename=f"praxis-plan-{plan.title}",
        title=f"Development plan: {plan.title}",
        about=plan.owner.full_name,
    )


def _plan_context(request, plan, bound=None, loaded=False, mentors_for=None) -> dict:
    plan = plan if loaded else selectors.plan_detail(plan)
    is_owner = policy.is_owner(request.user, plan)
    framework = current_framework()
    focuses = list(plan.focuses.all())
    comments = list(plan.comments.all())
    context = {
        "plan": plan,
        "is_owner": is_owner,
        "framework": framework,
        "focuses": [(f, framework.competency(f.competency_id)) for f in focuses],
        "scores": selectors.scores_for(plan, request.user),
        "check_ins": list(plan.check_ins.all()),
        "comments": [c for c in comments if c.check_in_id is None],
        "check_in_comments": _by_check_in(comments),
        "editable": is_owner and plan.status != PlanStatus.COMPLETED,
        "bound": {"kind": bound[0], "target": bound[1], "form": bound[2]} if bound else None,
        # a shared plan does not share its evidence: others see only entries shared with them too
        "readable_entries": None if is_owner else policy.readable_evidence_ids(request.user, plan),
    }
    if is_owner and context["editable"]:
        context["offer"] = _offer(request, plan, focuses, framework)
    if is_owner:
        chosen = {f.competency_id for f in focuses}
        shared = accounts_selectors.shared_audiences(plan)
        seen = plan.owner_seen_comments_at
        context |= {
            "available_competencies": [(c.id, c.name) for c in framework.competencies if c.id not in chosen],
            "framework_resources": _resource_choices(framework),
            "mentors": {mentors_for.pk: _mentors(request.user, mentors_for)} if mentors_for else {},
            "organisations": [(o, o.pk in shared) for o in organisations_for(request.user)],
            "resource_sources": ResourceSource.choices,
            "step_statuses": StepStatus.choices,
            "too_many": len(focuses) > 3,
            "unread_comments": sum(
                1
                for c in comments
                if c.author_id != request.user.pk and (seen is None or c.created_at > seen)
            ),
        }
    return context


def _mentors(user, focus) -> list[tuple[int, str]]:
    """(user id, "name, job title") of each colleague who offered to mentor in the focus."""
    people = selectors.peer_mentors(user, focus.competency_id)
    return [(u.pk, f"{u.full_name}, {u.job_title}" if u.job_title else u.full_name) for u in people]


def _resource_choices(framework) -> list[tuple[str, str]]:
    return [(r.id, r.title) for r in framework.resources]


def _by_check_in(comments):
    grouped = {}
    for comment in comments:
        if comment.check_in_id:
            grouped.setdefault(comment.check_in_id, []).append(comment)
    return grouped


def _editing(request, pk, focus=None):
    """The plan the user may edit (404 otherwise), and one of its focuses when the URL names one."""
    plan = selectors.plan_for_editing(request.user, pk)
    return (plan, get_object_or_404(Focus, plan=plan, pk=focus)) if focus is not None else plan


def _done(request, plan, message, anchor=""):
    messages.success(request, message)
    return redirect(f"{plan.get_absolute_url()}{anchor}")


def _refused(request, plan, error, anchor=""):
    """A change the service refused for a reason that is no one field's (a completed plan...).
    Under htmx the whole page is loaded again (not swapped into the part that was changing)."""
    messages.error(request, str(error))
    if request.htmx:
        return HttpResponseClientRedirect(f"{plan.get_absolute_url()}{anchor}")
    return redirect(f"{plan.get_absolute_url()}{anchor}")


def _again(request, plan, kind, target, form, error=None, block=None, focus=None):
    """Show the form again as typed with its errors beside the fields: the whole plan page, or
    under htmx only the part of the focus (`block`) the form belongs to."""
    if error is not None:
        form.add_error(
            getattr(error, "field", None) if getattr(error, "field", None) in form.fields else None,
            str(error),
        )
    if block and request.htmx:
        return _block(request, plan, focus, block, bound=(kind, target, form), status=422)
    return _plan_page(request, plan, bound=(kind, target, form), status=422)


def _block(request, plan, focus, block, bound=None, status=200, message="", show_mentors=False):
    """One part of a focus (its steps, resources or people), as htmx swaps it in place."""
    assert block in BLOCKS
    focus = selectors.focus_block(focus, block)
    context = {
        "plan": plan,
        "focus": focus,
        "is_owner": True,
        "editable": plan.status != PlanStatus.COMPLETED,
        "framework": current_framework(),
        "step_statuses": StepStatus.choices,
        "bound": {"kind": bound[0], "target": bound[1], "form": bound[2]} if bound else None,
        "refocus": bound is None,  # saved: the form is empty again and keeps the keyboard focus
        "saved_message": message,
    }
    if block == "people":
        show_mentors = show_mentors or (bound is not None and bound[0] == "mentor")
        context["suggestions"] = _mentors(request.user, focus) if show_mentors else None
    if block == "resources":
        context["framework_resources"] = _resource_choices(context["framework"])
    return render(request, f"development/_{block}.html", context, status=status)


def _saved(request, plan, focus, block, message):
    """After a change to one part of a focus: that part again (htmx), else back to the focus."""
    if request.htmx:
        return _block(request, plan, focus, block, message=message)
    return _done(request, plan, message, f"#focus-{focus.pk}")


@login_required
@require_POST
def plan_update(request, pk):
    plan = _editing(request, pk)
    form = PlanForm(request.POST)
    if not form.is_valid():
        return _again(request, plan, "plan", plan.pk, form)
    data = form.cleaned_data
    try:
        services.update_plan(
            plan=plan, title=data["title"], horizon_months=data["horizon"], version=data["version"]
        )
    except services.ChangedElsewhere as error:
        form.saved = error.current
        return _again(request, plan, "plan", plan.pk, form, error)
    except services.PlanError as error:
        return _again(request, plan, "plan", plan.pk, form, error)
    return _done(request, plan, "The plan is saved.")


@login_required
@require_POST
def focus_add(request, pk):
    plan = _editing(request, pk)
    form = AddFocusForm(request.POST, framework=current_framework())
    if not form.is_valid():
        return _again(request, plan, "add_focus", plan.pk, form)
    data = form.cleaned_data
    try:
        focus = services.add_focus(
            plan=plan,
            competency_id=data["competency"],
            why_now=data["why_now"],
            first_step=data["text"],
            first_step_due=data["due_on"],
        )
    except services.PlanError as error:
        return _again(request, plan, "add_focus", plan.pk, form, error)
    name = current_framework().competency(focus.competency_id).name
    return _done(request, plan, f"{name} is now a focus of your plan.", f"#focus-{focus.pk}")


@login_required
@require_POST
def focuses_add_from(request, pk):
    """The development areas of a newer assessment, added to the plan already open."""
    plan = _editing(request, pk)
    form = AddAreasForm(request.POST, framework=current_framework())
    if "from_assessment" in form.errors:
        raise Http404("No such assessment")
    if not form.is_valid():
        return _again(request, plan, "add_areas", plan.pk, form)
    assessment = selectors.own_submitted_assessment(request.user, form.cleaned_data["from_assessment"])
    if assessment is None:
        raise Http404("No such assessment")
    try:
        added = services.focuses_add(plan=plan, competency_ids=form.cleaned_data["competency"])
    except services.PlanError as error:
        return _again(request, plan, "add_areas", plan.pk, form, error)
    return _done(
        request, plan, f"Added {len(added)} focus{'es' if len(added) != 1 else ''} to your plan.", "#focuses"
    )


def _focus_form(request, plan, focus, form, kind, save, message, block=None):
    """The pattern every change to one focus follows: errors beside the field with what was typed
    kept, a refusal from the service shown the same way, and back to the focus when saved (under
    htmx, only the `block` of the focus the form belongs to, if it names one)."""
    if not form.is_valid():
        return _again(request, plan, kind, focus.pk, form, block=block, focus=focus)
    try:
        save(form.cleaned_data)
    except services.ChangedElsewhere as error:
        form.saved = error.current
        return _again(request, plan, kind, focus.pk, form, error)
    except services.PlanError as error:
        return _again(request, plan, kind, focus.pk, form, error, block=block, focus=focus)
    if block:
        return _saved(request, plan, focus, block, message)
    return _done(request, plan, message, f"#focus-{focus.pk}")


def _removed(request, plan, focus, remove):
    """A remove button: one service call for one kind of thing, then the plan with an Undo."""
    try:
        deleted = remove()
    except services.PlanError as error:
        return _refused(request, plan, error, f"#focus-{focus.pk}")
    # the whole page again, for the message with its Undo (a removal asks first, so is never in place)
    trash.announce(request, deleted, "Removed.")
    anchor = f"{plan.get_absolute_url()}#focus-{focus.pk}"
    return HttpResponseClientRedirect(anchor) if request.htmx else redirect(anchor)


@login_required
@require_POST
def focus_update(request, pk, focus):
    plan, focus = _editing(request, pk, focus)
    return _focus_form(
        request,
        plan,
        focus,
        FocusForm(request.POST),
        "focus",
        lambda data: services.update_focus(focus=focus, why_now=data["why_now"], version=data["version"]),
        "Saved.",
    )


@login_required
@require_POST
def focus_remove(request, pk, focus):
    plan, focus = _editing(request, pk, focus)
    try:
        deleted = services.remove_focus(focus=focus)
    except services.PlanError as error:
        return _refused(request, plan, error)
    trash.announce(request, deleted, "The focus is removed.")
    return redirect(plan.get_absolute_url())


@login_required
@require_POST
def resource_add(request, pk, focus):
    plan, focus = _editing(request, pk, focus)
    if request.POST.get("source") == ResourceSource.FRAMEWORK:
        form = FrameworkResourceForm(request.POST, framework=current_framework())
        kind = "framework_resource"
    else:
        form = OwnResourceForm(request.POST)
        kind = "resource"
    return _focus_form(
        request,
        plan,
        focus,
        form,
        kind,
        lambda data: services.add_resource(
            focus=focus,
            source=data.get("source", ResourceSource.FRAMEWORK),
            resource_id=data.get("resource_id", ""),
            title=data.get("title", ""),
            url=data.get("url", ""),
        ),
        "Resource added.",
        block="resources",
    )


@login_required
@require_POST
def resource_remove(request, pk, focus, item):
    plan, focus = _editing(request, pk, focus)
    resource = get_object_or_404(FocusResource, focus=focus, pk=item)
    return _removed(request, plan, focus, lambda: services.remove_resource(resource=resource))


@login_required
@require_POST
def person_add(request, pk, focus):
    plan, focus = _editing(request, pk, focus)
    return _focus_form(
        request,
        plan,
        focus,
        PersonForm(request.POST),
        "person",
        lambda data: services.add_person(focus=focus, **data),
        "Added.",
        block="people",
    )


@login_required
@require_POST
def mentor_add(request, pk, focus):
    """A colleague who offered to be a peer mentor for this focus's competency."""
    plan, focus = _editing(request, pk, focus)
    form = MentorForm(request.POST)
    mentor = None
    if form.is_valid():
        mentor = next(
            (
                u
                for u in selectors.peer_mentors(request.user, focus.competency_id)
                if u.pk == form.cleaned_data["mentor"]
            ),
            None,
        )
    try:
        if mentor is None:
            raise services.PlanError("That person is not available as a peer mentor.")
        services.add_person(focus=focus, user=mentor)
    except services.PlanError as error:
        if request.htmx:
            return _again(request, plan, "mentor", focus.pk, form, error, "people", focus)
        return _refused(request, plan, error, f"#focus-{focus.pk}")
    if request.htmx:
        return _block(request, plan, focus, "people", message="Added.", show_mentors=True)
    return _done(request, plan, "Added.", f"#focus-{focus.pk}")


@login_required
@require_POST
def person_remove(request, pk, focus, item):
    plan, focus = _editing(request, pk, focus)
    person = get_object_or_404(FocusPerson, focus=focus, pk=item)
    return _removed(request, plan, focus, lambda: services.remove_person(person=person))


@login_required
@require_POST
def step_remove(request, pk, step):
    plan = _editing(request, pk)
    step = get_object_or_404(NextStep.objects.select_related("focus__plan"), focus__plan=plan, pk=step)
    return _removed(request, plan, step.focus, lambda: services.remove_step(step=step))


@login_required
@require_POST
def step_add(request, pk, focus):
    plan, focus = _editing(request, pk, focus)
    return _focus_form(
        request,
        plan,
        focus,
        StepForm(request.POST),
        "step",
        lambda data: services.step_add(focus=focus, by=request.user, **data),
        "Next step added.",
        block="steps",
    )


@login_required
@require_POST
def step_status(request, pk, step):
    plan = _editing(request, pk)
    step = get_object_or_404(NextStep.objects.select_related("focus__plan"), focus__plan=plan, pk=step)
    form = StepStatusForm(request.POST)
    if not form.is_valid():
        return _again(request, plan, "step_status", step.pk, form, block="steps", focus=step.focus)
    try:
        services.set_step_status(step=step, **form.cleaned_data)
    except services.PlanError as error:
        return _again(request, plan, "step_status", step.pk, form, error, "steps", step.focus)
    return _saved(request, plan, step.focus, "steps", "Step updated.")


@login_required
@require_POST
def activate(request, pk):
    plan = _editing(request, pk)
    try:
        services.activate(plan=plan)
    except services.PlanError as error:
        return _refused(request, plan, error)
    return _done(request, plan, "Your plan is active. Your first check-in is in about three months.")


@login_required
@require_POST
def complete(request, pk):
    plan = _editing(request, pk)
    services.complete(plan=plan)
    return _done(request, plan, "Plan completed. Your latest scores for its focuses are kept with it.")


@login_required
@require_POST
def sharing(request, pk):
    plan = _editing(request, pk)
    try:
        return _done(request, plan, share_from_post(request, plan), "#plan-status")
    except AccountsError as error:
        return _refused(request, plan, error, "#plan-status")


@login_required
@require_POST
def comments_read(request, pk):
    """The owner marks the comments on their plan read (the dashboard counts the unread ones)."""
    plan = selectors.plan_for_editing(request.user, pk)
    services.mark_comments_seen(plan=plan)
    return _done(request, plan, "Comments marked as read.", "#comments")


@login_required
@require_POST
def comment(request, pk):
    plan = selectors.plan_for_viewing(request.user, pk)
    form = CommentForm(request.POST)
    if "check_in" in form.errors:
        raise Http404("No such check-in")
    check_in = None
    if form.is_valid() and form.cleaned_data["check_in"]:
        check_in = get_object_or_404(plan.check_ins, pk=form.cleaned_data["check_in"])
    anchor = "#check-ins" if check_in else "#comments"
    if not form.is_valid():
        return _again(request, plan, "comment", check_in.pk if check_in else 0, form)
    try:
        services.add_comment(
            plan=plan, author=request.user, text=form.cleaned_data["text"], check_in=check_in
        )
    except services.PlanError as error:
        return _again(request, plan, "comment", check_in.pk if check_in else 0, form, error)
    return _done(request, plan, "Comment added.", anchor)


@login_required
def check_in(request, pk):
    plan = selectors.plan_detail(selectors.plan_for_editing(request.user, pk))
    framework = current_framework()
    focuses = [(f, framework.competency(f.competency_id)) for f in plan.focuses.all()]
    form = CheckInForm(request.POST or None, focuses=[f for f, _ in focuses])
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.check_in(
                    plan=plan,
                    held_on=form.cleaned_data["held_on"] or timezone.localdate(),
                    notes=form.notes(),
                    next_on=form.cleaned_data["next_on"],
                )
            except services.PlanError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Check-in saved. Well done for taking the time.")
                return redirect(plan.get_absolute_url() + "#check-ins")
        status = 422
    notes = {f.pk: request.POST.get(f"note-{f.pk}", "") for f, _ in focuses}  # as typed, shown again
    return render(
        request,
        "development/check_in.html",
        {
            "plan": plan,
            "focuses": focuses,
            "today": timezone.localdate(),
            "notes": notes,
            "posted": request.POST,
            "form": form,
            "note_errors": form.note_errors() if form.is_bound else {},
        },
        status=status,
    )


@login_required
@require_POST
def link_evidence(request):

    form = EvidenceForm(request.POST)
    if not form.is_valid():
        raise Http404("No such focus or entry")
    focus = get_object_or_404(
        policy.own_focuses(request.user).select_related("plan"), pk=form.cleaned_data["focus"]
    )
    entry = entry_for_editing(request.user, form.cleaned_data["entry"])
    try:
        services.link_evidence(focus=focus, entry=entry)
        messages.success(request, "Linked as evidence for your plan.")
    except services.PlanError as error:
        messages.error(request, str(error))
    return redirect(f"{focus.plan.get_absolute_url()}#focus-{focus.pk}")
