"""The supervision conversation: the supervisor's page for one supervisee, and the practitioner's
page of what their supervisors shared with them. Reading either page writes nothing: the
supervisor marks a page seen with a button (a POST), so "new since your last visit" means since
they last said they had gone through it, not since they last happened to open it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from praxis.core.errors import PraxisError
from praxis.core.frameworks import current_framework
from praxis.core.pdf import pdf_response

from . import selectors, services
from .forms import AcceptForm, ActionForm, NoteForm


def _page_url(supervisee, anchor="") -> str:
    return reverse("supervision:supervisee", args=[supervisee.pk]) + anchor


def _page(request, supervisee, *, note_form=None, action_form=None, status=200):
    c = selectors.conversation_for(request.user, supervisee)
    focus_ids = {f.focus.competency_id for f in c.focuses}
    return render(
        request,
        "supervision/supervisee.html",
        {
            "c": c,
            "scale": current_framework().scale,
            "note_form": note_form or NoteForm(),
            "action_form": action_form or ActionForm(competencies=c.competencies, focus_ids=focus_ids),
        },
        status=status,
    )


@login_required
def conversation(request, pk):
    return _page(request, selectors.supervisee_for(request.user, pk))


@login_required
@require_GET
def supervisee_pdf(request, pk):
    """The supervision page as a PDF (praxis.core.pdf), for a confirmed supervisor only; without its forms."""
    supervisee = selectors.supervisee_for(request.user, pk)
    context = {"c": selectors.conversation_for(request.user, supervisee), "scale": current_framework().scale}
    return pdf_response(
        request,
        "pdf/supervisee.html",
        context,
        filename=f"praxis-supervision-{supervisee.full_name}",
        title=f"Supervision with {supervisee.full_name}",
        about=supervisee.full_name,
    )


@login_required
@require_POST
def note_add(request, pk):
    supervisee = selectors.supervisee_for(request.user, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            note = services.note_add(
                author=request.user, supervisee=supervisee, text=data["text"], visibility=data["visibility"]
            )
        except services.SupervisionError as error:
            form.add_error("text", str(error))
        else:
            shared = note.is_shared
            messages.success(
                request,
                f"Note saved{f': {supervisee.full_name} can read it' if shared else ', for you only'}.",
            )
            return redirect(_page_url(supervisee, "#notes"))
    return _page(request, supervisee, note_form=form, status=422)


@login_required
@require_POST
def action_propose(request, pk):
    supervisee = selectors.supervisee_for(request.user, pk)
    framework = current_framework()
    form = ActionForm(request.POST, competencies=framework.competencies)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.action_propose(
                proposed_by=request.user,
                supervisee=supervisee,
                text=data["text"],
                due_on=data["due_on"],
                competency_id=data["competency"] or "",
            )
        except services.SupervisionError as error:
            form.add_error("text", str(error))
        else:
            messages.success(
                request, f"Action written down. It joins {supervisee.full_name}’s plan when they accept it."
            )
            return redirect(_page_url(supervisee, "#actions"))
    return _page(request, supervisee, action_form=form, status=422)


@login_required
@require_POST
def mark_seen(request, pk):
    supervisee = selectors.supervisee_for(request.user, pk)
    services.visit_mark_seen(supervisor=request.user, supervisee=supervisee)
    messages.success(request, "Marked as seen. Anything shared from now on will show as new.")
    return redirect(_page_url(supervisee))


# -- the practitioner's side ----------------------------------------------------------------------


@login_required
def mine(request):
    names = {c.id: c.name for c in current_framework().competencies}
    return render(
        request, "supervision/mine.html", {"s": selectors.for_practitioner(request.user), "names": names}
    )


@login_required
@require_POST
def action_accept(request, pk):
    action = selectors.action_for_practitioner(request.user, pk)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of your plan’s focuses.")
        return redirect(reverse("supervision:mine") + "#waiting")
    focus_id = form.cleaned_data["focus"]
    focus = selectors.focus_for_practitioner(request.user, focus_id) if focus_id else None
    try:
        step = services.action_accept(action=action, by=request.user, focus=focus)
    except PraxisError as error:  # supervision's own refusals and the plan's (a full plan...)
        messages.error(request, str(error))
        return redirect(reverse("supervision:mine") + "#waiting")
    messages.success(request, "Accepted: it is now a next step in your plan.")
    return redirect(step.focus.plan.get_absolute_url() + f"#focus-{step.focus_id}")


@login_required
@require_POST
def action_decline(request, pk):
    action = selectors.action_for_practitioner(request.user, pk)
    try:
        services.action_decline(action=action, by=request.user)
    except services.SupervisionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Declined. Nothing was added to your plan.")
    return redirect(reverse("supervision:mine") + "#waiting")
