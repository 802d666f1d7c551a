from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from praxis.accounts.policy import organisations_for
from praxis.accounts.selectors import shared_audiences
from praxis.accounts.services import AccountsError
from praxis.accounts.sharing import share_from_post
from praxis.core.client import client_address
from praxis.core.inputs import InvalidInput, TextField, has_nul, iso_date, object_id, parse
from praxis.core.pdf import pdf_response
from praxis.development import selectors as plan_selectors
from praxis.development import services as plans
from praxis.scoring import disclosure

from . import policy, selectors, services
from .forms import RaterForm, RaterListForm, RoundForm
from .instrument import (
    AGREEMENT_SCALE,
    CANNOT_SAY,
    NOT_OBSERVED,
    TRUST_IDS,
    TRUST_ITEMS,
    framework_of,
    rater_scale,
)
from .ratelimit import too_many_lookups, too_many_saves


@login_required
def index(request):
    return render(
        request,
        "feedback/index.html",
        {
            "rounds": selectors.rounds_for(request.user),
            "to_approve": selectors.rounds_to_approve(request.user),
        },
    )


def _plan_focuses(request):
    """The plan whose focuses a new round asks about first: the one named by ?plan= (the owner's
    own, else 404), or else the owner's active plan; and its focuses' competency ids."""
    if "plan" in request.GET:
        plan = plan_selectors.plan_for_editing(request.user, object_id(request.GET, "plan"))
    else:
        plan = plan_selectors.own_plans(request.user).filter(status="active").first()
    if plan is None:
        return None, []
    return plan, list(plan.focuses.order_by("position", "pk").values_list("competency_id", flat=True))


@login_required
def new(request):
    plan, focus_ids = _plan_focuses(request)
    form = RoundForm(request.POST or None, chosen=focus_ids)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.create_round(
                owner=request.user,
                title=form.cleaned_data["title"],
                message=form.cleaned_data["message"],
                closes_on=form.cleaned_data["closes_on"],
                competency_ids=form.cleaned_data["competencies"],
                include_relationship=form.cleaned_data["include_relationship"],
            )
        except services.FeedbackError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your round is ready. Add the people you would like to hear from.")
            return redirect("feedback:round", pk=round_.pk)
    return render(request, "feedback/new.html", {"form": form, "plan": plan if focus_ids else None})


@login_required
def round_page(request, pk):
    round_ = selectors.round_for_owner(request.user, pk)
    list_form = RaterListForm()
    if request.method == "POST" and request.POST.get("action") == "add_raters":
        list_form = RaterListForm(request.POST)
        if list_form.is_valid():
            try:
                added = services.raters_add_many(
                    round_=round_, people=list_form.cleaned_data["people"], address=client_address(request)
                )
            except services.RaterListError as error:
                for problem in error.problems:
                    list_form.add_error("people", problem)
            else:
                _report_list_sending(request, round_, added)
                return redirect("feedback:round", pk=pk)
    elif request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "add_rater":
                form = RaterForm(request.POST)
                if not form.is_valid():
                    raise services.FeedbackError(
                        "Enter a valid e-mail address and say how they know your work."
                    )
                rater, _ = services.add_rater(
                    round_=round_, address=client_address(request), **form.cleaned_data
                )
                _report_sending(request, rater)
            elif action == "revoke":
                services.revoke_rater(round_=round_, rater_id=object_id(request.POST, "rater"))
                messages.success(request, "That link no longer works.")
            elif action == "resend":
                rater_id = object_id(request.POST, "rater")
                services.resend_rater(round_=round_, rater_id=rater_id, address=client_address(request))
                _report_sending(request, round_.raters.get(pk=rater_id))
            elif action == "close":
                services.close_round(round_=round_)
                messages.success(request, "The round is closed. Your report is ready.")
            elif action == "extend":
                new_date = iso_date(request.POST.get("closes_on", ""))
                if new_date is None:
                    raise services.FeedbackError("Enter the new closing date.")
                services.extend_round(round_=round_, closes_on=new_date)
                messages.success(request, f"The round now closes on {new_date:%-d %B %Y}.")
            else:
                raise Http404("Unknown action")
        except services.FeedbackError as error:
            messages.error(request, str(error))
        return redirect("feedback:round", pk=pk)
    framework = framework_of(round_)
    return render(
        request,
        "feedback/round.html",
        {
            "round": round_,
            "threshold": disclosure.threshold(round_.min_group_size),
            "approval": selectors.approval_state(round_),
            "counts": selectors.response_counts(round_),
            "raters": selectors.invited_raters(round_),
            "form": RaterForm(),
            "list_form": list_form,
            "competencies": [framework.competency(c) for c in round_.competency_ids],
        },
    )


def _report_sending(request, rater) -> None:
    """Say whether the e-mail went (it is sent once the rater is saved; a failure can be retried)."""
    rater.refresh_from_db(fields=["email_sent_at"])
    if rater.waiting_for_approval:
        messages.success(
            request, f"{rater.email} is on your list. The invitation goes out once a supervisor approves it."
        )
    elif rater.email_sent_at:
        messages.success(request, f"Invitation sent to {rater.email}.")
    else:
        messages.warning(
            request,
            f"{rater.email} is on your list, but the e-mail could not be sent. Use “Send again” "
            "in a few minutes.",
        )


def _report_list_sending(request, round_, added) -> None:
    """Say what happened to a pasted list: how many are on it, and whose e-mail did not go."""
    people = f"{len(added)} {'person is' if len(added) == 1 else 'people are'}"
    if round_.approval_required:
        messages.success(
            request, f"{people} on your list. Their invitations go out once a supervisor approves it."
        )
        return
    ids = [rater.pk for rater in added]
    unsent = list(
        round_.raters.filter(pk__in=ids, email_sent_at__isnull=True).values_list("email", flat=True)
    )
    if unsent:
        messages.warning(
            request,
            f"{people} on your list, but the e-mail to {', '.join(unsent)} could not be sent. "
            "Use “Send again” in a few minutes.",
        )
    else:
        messages.success(
            request, f"Invitations sent to {len(added)} {'person' if len(added) == 1 else 'people'}."
        )


@login_required
def report(request, pk):
    round_ = selectors.round_for_owner(request.user, pk)
    if not policy.report_readable(round_):
        messages.info(
            request,
            "The report opens when the round closes, so no one's answers can be picked out as they arrive.",
        )
        return redirect("feedback:round", pk=pk)
    shared = shared_audiences(round_)
    return render(
        request,
        "feedback/report.html",
        _report_context(request, round_)
        | {
            "organisations": [(o, o.pk in shared) for o in organisations_for(request.user)],
        },
    )


def _report_context(request, round_) -> dict:
    return {"r": selectors.report_for(round_, viewer=request.user), "scale": rater_scale(round_)}


@login_required
@require_GET
def report_pdf(request, pk):
    """The report page as a PDF (praxis.core.pdf): the owner's alone, once the round has closed;
    every figure is the page's, so it has passed the same disclosure rules."""
    round_ = selectors.round_for_owner(request.user, pk)
    if not policy.report_readable(round_):
        raise Http404("The report opens when the round closes")
    return pdf_response(
        request,
        "pdf/feedback_report.html",
        _report_context(request, round_),
        filename=f"praxis-feedback-{round_.title}",
        title=f"Feedback report: {round_.title}",
        about=round_.owner.full_name,
    )


@login_required
@require_POST
def sharing(request, pk):
    """The owner shares a closed round's report with their supervisors in an organisation, or stops."""
    round_ = selectors.round_for_owner(request.user, pk)
    try:
        messages.success(request, share_from_post(request, round_))
    except AccountsError as error:
        messages.error(request, str(error))
    return redirect("feedback:report", pk=pk)


@login_required
def approve(request, pk):
    """A supervisor sees who a supervisee asks (addresses and relationships) and approves the list;
    anyone else gets 404."""
    round_ = selectors.round_to_approve(request.user, pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "withdraw":
                services.revoke_rater(round_=round_, rater_id=object_id(request.POST, "rater"))
                messages.success(request, "That person is off the list; no invitation goes to them.")
            else:
                sent = services.rater_list_approve(round_=round_, approver=request.user)
                messages.success(request, f"Approved: {sent} invitation{'s' if sent != 1 else ''} sent.")
        except services.FeedbackError as error:
            messages.error(request, str(error))
        return redirect("feedback:approve", pk=pk)
    return render(
        request,
        "feedback/approve.html",
        {"round": round_, "raters": selectors.invited_raters(round_), "threshold": round_.min_group_size},
    )


@login_required
@require_POST
def add_focus(request, pk):
    """Add a competency from the report to the practitioner's unfinished plan (or a new one)."""

    round_ = selectors.round_for_owner(request.user, pk)
    competency_id = request.POST.get("competency", "")
    if competency_id not in round_.competency_ids:
        raise Http404("Not part of this round")
    try:
        plan = plans.focus_add_to_current_plan(
            owner=request.user,
            competency_id=competency_id,
            why_now=f"Feedback from “{round_.title}” suggested this is worth developing.",
        )
    except plans.PlanError as error:
        messages.error(request, str(error))
        return redirect("feedback:report", pk=round_.pk)
    messages.success(request, "Added to your development plan.")
    return redirect(plan.get_absolute_url())


def rater(request, token):
    """The rater's form: no account, a private link. Bad links get one page that reveals nothing."""
    if too_many_lookups(request):
        return render(request, "feedback/rater_invalid.html", {"limited": True}, status=429)
    found = services.find_rater(token)
    if found is None:
        return render(request, "feedback/rater_invalid.html", status=404)
    if request.method == "POST":
        submit = "submit" in request.POST
        try:
            if has_nul(request.POST):
                raise services.FeedbackError("Remove the invisible NUL character from what you typed.")
            try:
                comment = parse(request.POST, comment=TextField(required=False))["comment"]
            except InvalidInput as error:
                raise services.FeedbackError(error.message) from None
            services.save_response(
                token=token,
                posted=dict(request.POST.items()),
                comment=comment,
                identifiable=request.POST.get("identifiable") == "yes",
                submit=submit,
            )
        except services.FeedbackError as error:
            messages.error(request, str(error))
            return _rater_form(
                request, token, found, _posted_ratings(request.POST), request.POST.get("comment", "")
            )
        if submit:
            return render(request, "feedback/rater_thanks.html", {"owner": found.round.owner})
        messages.success(request, "Saved. You can come back to this link until the closing date.")
        return redirect("feedback:rater", token=token)
    return _rater_form(
        request, token, found, {r.item_id: r.value for r in found.ratings.all()}, found.comment
    )


def _posted_ratings(post) -> dict:
    """What the rater chose on a form that could not be saved, so nothing they chose is lost."""
    return {
        key: (None if value == "none" else int(value))
        for key, value in post.items()
        if value == "none" or (value.isascii() and value.isdigit() and len(value) < 3)
    }


def _rater_form(request, token: str, found, ratings: dict, comment: str):
    """The form in sections, one per competency (and one for the working relationship), each
    folded away once answered: on a phone the page shows the next question, not all twenty."""
    round_ = found.round
    framework = framework_of(round_)
    scale = rater_scale(round_)
    competencies = [framework.competency(c) for c in round_.competency_ids]
    trust_items = TRUST_ITEMS if round_.include_relationship else ()
    sections = [_Section(c.id, c, (c.id,), _answer_label(c.id, ratings, scale)) for c in competencies]
    if trust_items:
        trust_ids = tuple(item.id for item in trust_items)
        sections.append(_Section("trust", None, trust_ids, _trust_label(ratings)))
    first_open = next((s.id for s in sections if not all(i in ratings for i in s.item_ids)), None)
    return render(
        request,
        "feedback/rater_form.html",
        {
            "rater": found,
            "token": token,
            "round": round_,
            "threshold": disclosure.threshold(round_.min_group_size),
            "sections": sections,
            "first_open": first_open,
            "trust_items": trust_items,
            "ratings": ratings,
            "comment": comment,
            "progress": selectors.rater_progress(round_, ratings),
            "scale": scale,
            "agreement": AGREEMENT_SCALE,
            "not_observed": NOT_OBSERVED,
            "cannot_say": CANNOT_SAY,
        },
    )


@dataclass(frozen=True)
class _Section:
    id: str
    competency: object  # a framework Competency, or None for the working-relationship questions
    item_ids: tuple[str, ...]
    state: str  # what its heading says: the answer chosen, or how many are answered


def _answer_label(item_id: str, ratings: dict, scale) -> str:
    if item_id not in ratings:
        return "Not answered yet"
    value = ratings[item_id]
    label = NOT_OBSERVED if value is None else next((lv.label for lv in scale if lv.value == value), "")
    return f"Answered: {label}"


def _trust_label(ratings: dict) -> str:
    answered = sum(item.id in ratings for item in TRUST_ITEMS)
    return f"{answered} of {len(TRUST_ITEMS)} answered" if answered else "Not answered yet"


@require_POST
def rater_autosave(request, token):
    """htmx: save one answer (or the comment) of a rater's form as soon as it changes.

    The rater has no account: the link's token is the only key, so a token that does not open a
    form answers 404, and saves are limited per client address and per link (429, which the page
    retries). Only a 2xx answer means saved, and only then does the page say so
    (static/js/autosave.js). CSRF applies as everywhere: the page carries the token for htmx."""
    if too_many_saves(request, token):
        return render(request, "feedback/_saved.html", {"error": "Too many saves at once."}, status=429)
    found = services.find_rater(token)
    if found is None:
        return render(
            request, "feedback/_saved.html", {"error": "This link can no longer be used."}, status=404
        )
    post = request.POST
    what = post.get("save", "")
    context = {"error": ""}
    try:
        if has_nul(post):
            raise services.FeedbackError("Remove the invisible NUL character from what you typed.")
        if what == "comment":
            services.comment_autosave(token=token, comment=post.get("comment", ""))
        else:
            services.rating_autosave(token=token, item_id=what, raw=post.get(what, ""))
            ratings = dict(found.ratings.values_list("item_id", "value"))
            context["progress"] = selectors.rater_progress(found.round, ratings)
            if what in TRUST_IDS:
                context["state"] = ("trust", _trust_label(ratings))
            else:
                context["state"] = (what, _answer_label(what, ratings, rater_scale(found.round)))
    except services.RaterLinkGone as gone:
        return render(request, "feedback/_saved.html", {"error": str(gone)}, status=404)
    except services.FeedbackError as error:
        return render(request, "feedback/_saved.html", {"error": str(error)}, status=422)
    return render(request, "feedback/_saved.html", context)
