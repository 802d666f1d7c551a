from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from praxis.accounts import selectors as accounts_selectors
from praxis.accounts.policy import organisations_for
from praxis.accounts.services import AccountsError
from praxis.accounts.sharing import share_from_post
from praxis.assessments.models import Kind
from praxis.assessments.selectors import assessment_for_editing, latest_submitted
from praxis.core import trash
from praxis.core.frameworks import current_framework
from praxis.journal.selectors import entry_for_editing

from . import policy, selectors, services
from .forms import (
    AddFocusForm,
    CheckInForm,
    CommentForm,
    EvidenceForm,
    FocusForm,
    FrameworkResourceForm,
    MentorForm,
    NewPlanForm,
    OwnResourceForm,
    PersonForm,
    PlanForm,
    StepForm,
    StepStatusForm,
)
from .models import Focus, FocusPerson, FocusResource, NextStep, PlanStatus, ResourceSource, StepStatus


@login_required
def index(request):

    latest = latest_submitted(request.user, Kind.FULL) or latest_submitted(request.user, Kind.QUICK)
    return render(
        request, "development/index.html", {"plans": selectors.own_plans(request.user), "latest": latest}
    )


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
    plan = services.create_plan(owner=request.user, from_assessment=assessment)
    messages.success(
        request, "Your plan is started as a draft. Add why each focus matters and your next steps."
    )
    return redirect("development:detail", pk=plan.pk)


@login_required
def detail(request, pk):
    """The plan page. Reading it writes nothing: the owner marks new comments read with a button."""
    return _plan_page(request, selectors.plan_for_viewing(request.user, pk))


def _plan_page(request, plan, bound=None, status=200):
    """The plan page; `bound` is the form that could not be saved, shown with what was typed:
    (kind, target id, form), where kind names the form on the page and target its focus or step."""
    plan = selectors.plan_detail(plan)
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
    if is_owner:
        chosen = {f.competency_id for f in focuses}
        shared = accounts_selectors.shared_audiences(plan)
        seen = plan.owner_seen_comments_at
        context |= {
            "available_competencies": [c for c in framework.competencies if c.id not in chosen],
            "mentors": _mentors_by_focus(request.user, focuses),
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
    return render(request, "development/detail.html", context, status=status)


def _mentors_by_focus(user, focuses) -> dict:
    by_competency = selectors.peer_mentors_for(user, [f.competency_id for f in focuses])
    return {f.pk: by_competency[f.competency_id] for f in focuses}


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
    """A change the service refused for a reason that is no one field's (a completed plan...)."""
    messages.error(request, str(error))
    return redirect(f"{plan.get_absolute_url()}{anchor}")


def _again(request, plan, kind, target, form, error=None):
    """Show the plan again with the form as typed and its errors beside the fields."""
    if error is not None:
        form.add_error(None, str(error))
    return _plan_page(request, plan, bound=(kind, target, form), status=422)


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
    try:
        focus = services.add_focus(
            plan=plan, competency_id=form.cleaned_data["competency"], why_now=form.cleaned_data["why_now"]
        )
    except services.PlanError as error:
        return _again(request, plan, "add_focus", plan.pk, form, error)
    name = current_framework().competency(focus.competency_id).name
    return _done(request, plan, f"{name} is now a focus of your plan.", f"#focus-{focus.pk}")


def _focus_form(request, plan, focus, form, kind, save, message):
    """The pattern every change to one focus follows: errors beside the field with what was typed
    kept, a refusal from the service shown the same way, and back to the focus when saved."""
    if not form.is_valid():
        return _again(request, plan, kind, focus.pk, form)
    try:
        save(form.cleaned_data)
    except services.ChangedElsewhere as error:
        form.saved = error.current
        return _again(request, plan, kind, focus.pk, form, error)
    except services.PlanError as error:
        return _again(request, plan, kind, focus.pk, form, error)
    return _done(request, plan, message, f"#focus-{focus.pk}")


def _focus_item_removed(request, pk, focus, item, model):
    plan, focus = _editing(request, pk, focus)
    try:
        deleted = services.remove_item(focus=focus, model=model, pk=item)
    except services.PlanError as error:
        return _refused(request, plan, error)
    if deleted:
        trash.announce(request, deleted, "Removed.")
    return redirect(f"{plan.get_absolute_url()}#focus-{focus.pk}")


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
    )


@login_required
@require_POST
def resource_remove(request, pk, focus, item):
    return _focus_item_removed(request, pk, focus, item, FocusResource)


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
    if mentor is None:
        return _refused(request, plan, "That person is not available as a peer mentor.", f"#focus-{focus.pk}")
    try:
        services.add_person(focus=focus, user=mentor)
    except services.PlanError as error:
        return _refused(request, plan, error, f"#focus-{focus.pk}")
    return _done(request, plan, "Added.", f"#focus-{focus.pk}")


@login_required
@require_POST
def person_remove(request, pk, focus, item):
    return _focus_item_removed(request, pk, focus, item, FocusPerson)


@login_required
@require_POST
def step_remove(request, pk, focus, item):
    return _focus_item_removed(request, pk, focus, item, NextStep)


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
        lambda data: services.add_step(focus=focus, **data),
        "Next step added.",
    )


@login_required
@require_POST
def step_status(request, pk, step):
    plan = _editing(request, pk)
    step = get_object_or_404(NextStep.objects.select_related("focus__plan"), focus__plan=plan, pk=step)
    form = StepStatusForm(request.POST)
    if not form.is_valid():
        return _again(request, plan, "step_status", step.pk, form)
    try:
        services.set_step_status(step=step, **form.cleaned_data)
    except services.PlanError as error:
        return _again(request, plan, "step_status", step.pk, form, error)
    return _done(request, plan, "Step updated.", f"#focus-{step.focus_id}")


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
