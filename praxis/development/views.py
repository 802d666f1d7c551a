from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from praxis.accounts import selectors as accounts_selectors
from praxis.accounts import services as accounts
from praxis.accounts.models import ShareAudience
from praxis.accounts.policy import organisations_for
from praxis.core.frameworks import current_framework
from praxis.core.http import posted_id

from . import policy, selectors, services
from .models import Focus, FocusPerson, FocusResource, NextStep, PlanStatus, ResourceSource, StepStatus


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise services.PlanError("Enter dates as day, month and year.") from None


@login_required
def index(request):
    from praxis.assessments.models import Kind
    from praxis.assessments.selectors import latest_submitted

    latest = latest_submitted(request.user, Kind.FULL) or latest_submitted(request.user, Kind.QUICK)
    return render(
        request, "development/index.html", {"plans": selectors.own_plans(request.user), "latest": latest}
    )


@login_required
@require_POST
def new(request):
    from praxis.assessments.selectors import assessment_for_editing

    source = request.POST.get("from_assessment")
    assessment = assessment_for_editing(request.user, int(source)) if source and source.isdigit() else None
    if assessment is not None and assessment.is_draft:
        raise Http404("Plans start from submitted assessments")
    plan = services.create_plan(owner=request.user, from_assessment=assessment)
    messages.success(
        request, "Your plan is started as a draft. Add why each focus matters and your next steps."
    )
    return redirect("development:detail", pk=plan.pk)


@login_required
def detail(request, pk):
    plan = selectors.plan_detail(selectors.plan_for_viewing(request.user, pk))
    is_owner = policy.is_owner(request.user, plan)
    framework = current_framework()
    focuses = list(plan.focuses.all())
    context = {
        "plan": plan,
        "is_owner": is_owner,
        "framework": framework,
        "focuses": [(f, framework.competency(f.competency_id)) for f in focuses],
        "scores": selectors.scores_for(plan, request.user),
        "check_ins": list(plan.check_ins.all()),
        "comments": [c for c in plan.comments.all() if c.check_in_id is None],
        "check_in_comments": _by_check_in(plan.comments.all()),
        "editable": is_owner and plan.status != PlanStatus.COMPLETED,
        # a shared plan does not share its evidence: others see only entries shared with them too
        "readable_entries": None if is_owner else policy.readable_evidence_ids(request.user, plan),
    }
    if is_owner:
        if plan.comments.all():
            services.mark_comments_seen(plan=plan)
        chosen = {f.competency_id for f in focuses}
        shared = accounts_selectors.shared_audiences(plan)
        context |= {
            "available_competencies": [c for c in framework.competencies if c.id not in chosen],
            "mentors": _mentors_by_focus(request.user, focuses),
            "organisations": [(o, o.pk in shared) for o in organisations_for(request.user)],
            "resource_sources": ResourceSource.choices,
            "step_statuses": StepStatus.choices,
            "too_many": len(focuses) > 3,
        }
    return render(request, "development/detail.html", context)


def _mentors_by_focus(user, focuses) -> dict:
    by_competency = selectors.peer_mentors_for(user, [f.competency_id for f in focuses])
    return {f.pk: by_competency[f.competency_id] for f in focuses}


def _by_check_in(comments):
    grouped = {}
    for comment in comments:
        if comment.check_in_id:
            grouped.setdefault(comment.check_in_id, []).append(comment)
    return grouped


def _focus(plan, request) -> Focus:
    return get_object_or_404(Focus, plan=plan, pk=posted_id(request, "focus"))


def _act(request, plan, action):
    post = request.POST
    if action == "update":
        services.update_plan(
            plan=plan, title=post.get("title", ""), horizon_months=int(post.get("horizon") or 0)
        )
        return "The plan is saved."
    if action == "add_focus":
        focus = services.add_focus(
            plan=plan, competency_id=post.get("competency", ""), why_now=post.get("why_now", "")
        )
        name = current_framework().competency(focus.competency_id).name
        return f"{name} is now a focus of your plan."
    if action == "update_focus":
        services.update_focus(focus=_focus(plan, request), why_now=post.get("why_now", ""))
        return "Saved."
    if action == "remove_focus":
        services.remove_focus(focus=_focus(plan, request))
        return "The focus is removed."
    if action == "add_resource":
        services.add_resource(
            focus=_focus(plan, request),
            source=post.get("source", ""),
            resource_id=post.get("resource_id", ""),
            title=post.get("title", ""),
            url=post.get("url", ""),
        )
        return "Resource added."
    if action == "add_person":
        mentor = None
        if post.get("mentor"):
            focus = _focus(plan, request)
            mentor = next(
                (
                    u
                    for u in selectors.peer_mentors(request.user, focus.competency_id)
                    if str(u.pk) == post["mentor"]
                ),
                None,
            )
            if mentor is None:
                raise services.PlanError("That person is not available as a peer mentor.")
        services.add_person(
            focus=_focus(plan, request), name=post.get("name", ""), user=mentor, note=post.get("note", "")
        )
        return "Added."
    if action == "remove_resource":
        services.remove_item(focus=_focus(plan, request), model=FocusResource, pk=posted_id(request, "item"))
        return "Removed."
    if action == "remove_person":
        services.remove_item(focus=_focus(plan, request), model=FocusPerson, pk=posted_id(request, "item"))
        return "Removed."
    if action == "add_step":
        services.add_step(
            focus=_focus(plan, request), text=post.get("text", ""), due_on=_date(post.get("due_on", ""))
        )
        return "Next step added."
    if action == "step_status":
        step = get_object_or_404(NextStep, focus__plan=plan, pk=posted_id(request, "step"))
        services.set_step_status(step=step, status=post.get("status", ""), reason=post.get("reason", ""))
        return "Step updated."
    if action == "activate":
        services.activate(plan=plan)
        return "Your plan is active. Your first check-in is in about three months."
    if action == "complete":
        services.complete(plan=plan)
        return "Plan completed. Your latest scores for its focuses are kept with it."
    if action == "sharing":
        organisation = organisations_for(request.user).filter(pk=posted_id(request, "organisation")).first()
        if organisation is None:
            raise services.PlanError("Choose one of your organisations.")
        shared = post.get("shared") == "yes"
        try:
            accounts.share_set(
                owner=request.user,
                obj=plan,
                organisation=organisation,
                audience=ShareAudience.SUPERVISORS if shared else None,
            )
        except accounts.AccountsError as error:
            raise services.PlanError(str(error)) from None
        return f"Your supervisors in {organisation} can now see this plan." if shared else "No longer shared."
    raise Http404("Unknown action")


@login_required
@require_POST
def act(request, pk, action):
    plan = selectors.plan_for_editing(request.user, pk)
    try:
        messages.success(request, _act(request, plan, action))
    except services.PlanError as error:
        messages.error(request, str(error))
    anchor = f"#focus-{request.POST['focus']}" if request.POST.get("focus", "").isdigit() else ""
    return redirect(f"{plan.get_absolute_url()}{anchor}")


@login_required
@require_POST
def comment(request, pk):
    plan = selectors.plan_for_viewing(request.user, pk)
    check_in = None
    if request.POST.get("check_in"):
        check_in = get_object_or_404(plan.check_ins, pk=posted_id(request, "check_in"))
    try:
        services.add_comment(
            plan=plan, author=request.user, text=request.POST.get("text", ""), check_in=check_in
        )
        messages.success(request, "Comment added.")
    except services.PlanError as error:
        messages.error(request, str(error))
    return redirect(plan.get_absolute_url() + ("#check-ins" if check_in else "#comments"))


@login_required
def check_in(request, pk):
    plan = selectors.plan_detail(selectors.plan_for_editing(request.user, pk))
    framework = current_framework()
    focuses = [(f, framework.competency(f.competency_id)) for f in plan.focuses.all()]
    notes = {f.pk: request.POST.get(f"note-{f.pk}", "") for f, _ in focuses}
    if request.method == "POST":
        try:
            services.check_in(
                plan=plan,
                held_on=_date(request.POST.get("held_on", "")) or timezone.localdate(),
                notes=notes,
                next_on=_date(request.POST.get("next_on", "")),
            )
        except services.PlanError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Check-in saved. Well done for taking the time.")
            return redirect(plan.get_absolute_url() + "#check-ins")
    return render(
        request,
        "development/check_in.html",
        {
            "plan": plan,
            "focuses": focuses,
            "today": timezone.localdate(),
            "notes": notes,
            "posted": request.POST,
        },
    )


@login_required
@require_POST
def link_evidence(request):
    from praxis.journal.selectors import entry_for_editing

    focus = get_object_or_404(
        policy.own_focuses(request.user).select_related("plan"), pk=posted_id(request, "focus")
    )
    entry = entry_for_editing(request.user, posted_id(request, "entry"))
    try:
        services.link_evidence(focus=focus, entry=entry)
        messages.success(request, "Linked as evidence for your plan.")
    except services.PlanError as error:
        messages.error(request, str(error))
    return redirect(f"{focus.plan.get_absolute_url()}#focus-{focus.pk}")
