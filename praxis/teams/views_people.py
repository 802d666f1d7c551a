"""Pages for where the team is thin, learning from colleagues, and the support offer (issue 11.4-6).

Thin views: typed input through forms, reads through gaps / matches / offer, writes through their
services, access through praxis.accounts.policy. An organisation the visitor does not belong to is
404; a page of it their role does not open is 403; the public offer page is for anyone, published
statements only.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from praxis.accounts import policy
from praxis.accounts.models import Organisation
from praxis.core import ratelimit
from praxis.core.client import client_address
from praxis.core.pdf import pdf_response

from . import gaps, matches, offer
from .forms_people import (
    IntroductionForm,
    OfferEditForm,
    StartForm,
    TeamFilterForm,
    VersionNumberForm,
    WishForm,
)
from .models import Team

# Anyone may download a published offer as a PDF, and each one is rendered afresh: a few a minute
# from one address is plenty for a reader, and keeps the renderer from being kept busy by a script.
PUBLIC_PDFS_PER_MINUTE = 10


def _organisation(request, slug) -> Organisation:
    return get_object_or_404(policy.organisations_for(request.user), slug=slug)


def _lead_only(request, organisation: Organisation) -> None:
    if not policy.can_manage_teams(request.user, organisation):
        raise PermissionDenied("Only the organisation's leads can open this page.")


def _team(organisation: Organisation, team_id) -> Team | None:
    if team_id is None:
        return None
    return get_object_or_404(Team.objects.filter(organisation=organisation), pk=team_id)


# -- gaps --------------------------------------------------------------------------------------


@login_required
@require_GET
def gaps_page(request, slug):
    organisation = _organisation(request, slug)
    if not policy.can_view_team_pages(request.user, organisation):
        raise PermissionDenied("Leads and supervisors see where the team is thin.")
    form = TeamFilterForm(request.GET)
    if not form.is_valid():
        raise Http404("No such team.")
    page = gaps.gaps_page(request.user, organisation, _team(organisation, form.cleaned_data["team"]))
    return render(request, "teams/people/gaps.html", {"organisation": organisation, "page": page})


# -- learning matches --------------------------------------------------------------------------


@login_required
@require_GET
def learning(request, slug):
    """The member's own suggestions, and their "I'd like to learn this from a colleague" wishes."""
    organisation = _organisation(request, slug)
    return _learning_page(request, organisation, WishForm())


def _learning_page(request, organisation, form, status=200):
    suggestions = matches.own_suggestions(request.user, organisation)
    wished = {s.competency.id for s in suggestions if s.wish}
    form.fields["competency"].choices = [c for c in form.fields["competency"].choices if c[0] not in wished]
    context = {
        "organisation": organisation,
        "suggestions": suggestions,
        "form": form,
        "is_lead": policy.can_manage_teams(request.user, organisation),
    }
    return render(request, "teams/people/learning.html", context, status=status)


@login_required
@require_POST
def wish_add(request, slug):
    organisation = _organisation(request, slug)
    form = WishForm(request.POST)
    if not form.is_valid():
        return _learning_page(request, organisation, form, status=422)
    try:
        wish = matches.learning_wish_add(
            user=request.user, organisation=organisation, competency_id=form.cleaned_data["competency"]
        )
    except matches.MatchError as error:
        form.add_error("competency", str(error))
        return _learning_page(request, organisation, form, status=422)
    messages.success(
        request,
        "Noted. Colleagues who offer peer mentoring here are suggested below, and the organisation's "
        "leads may introduce you.",
    )
    return redirect(reverse("teams_people:learning", args=[slug]) + f"#wish-{wish.competency_id}")


@login_required
@require_POST
def wish_remove(request, slug):
    organisation = _organisation(request, slug)
    form = WishForm(request.POST)
    if not form.is_valid():
        raise Http404("No such wish.")
    matches.learning_wish_remove(
        user=request.user, organisation=organisation, competency_id=form.cleaned_data["competency"]
    )
    messages.success(request, "Wish removed: leads no longer see it.")
    return redirect("teams_people:learning", slug=slug)


@login_required
@require_GET
def matches_page(request, slug):
    organisation = _organisation(request, slug)
    _lead_only(request, organisation)
    found = matches.lead_matches(request.user, organisation)
    context = {
        "organisation": organisation,
        "groups": matches.matches_by_competency(found),
        "count": len(found),
        "days": matches.INTRODUCTION_DAYS,
    }
    return render(request, "teams/people/matches.html", context)


@login_required
@require_POST
def introduce(request, slug):
    organisation = _organisation(request, slug)
    _lead_only(request, organisation)
    form = IntroductionForm(request.POST)
    if not form.is_valid():
        raise Http404("No such match.")
    try:
        sent = matches.introduction_send(
            organisation=organisation,
            by=request.user,
            learner_id=form.cleaned_data["learner"],
            mentor_id=form.cleaned_data["mentor"],
            competency_id=form.cleaned_data["competency"],
            address=client_address(request),
        )
    except matches.MatchError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Introduction sent to {sent.learner} and {sent.mentor}.")
    return redirect("teams_people:matches", slug=slug)


# -- the offer ---------------------------------------------------------------------------------


@login_required
@require_GET
def offers(request, slug):
    organisation = _organisation(request, slug)
    _lead_only(request, organisation)
    statements = list(offer.statements_of(organisation))
    started = {s.team_id for s in statements}
    context = {
        "organisation": organisation,
        "statements": statements,
        "org_started": None in started,
        "teams": [t for t in Team.objects.filter(organisation=organisation) if t.pk not in started],
    }
    return render(request, "teams/offer/index.html", context)


@login_required
@require_POST
def offer_start(request, slug):
    organisation = _organisation(request, slug)
    _lead_only(request, organisation)
    form = StartForm(request.POST)
    if not form.is_valid():
        raise Http404("No such team.")
    statement = offer.statement_start(
        organisation=organisation, by=request.user, team=_team(organisation, form.cleaned_data["team"])
    )
    messages.success(request, "Here is a first draft from your team's profile. Edit it in your own words.")
    return redirect("teams_people:offer_edit", slug=slug, pk=statement.pk)


def _statement(request, slug, pk):
    organisation = _organisation(request, slug)
    _lead_only(request, organisation)
    return organisation, offer.statement_of(organisation, pk)


def _edit_page(request, organisation, statement, form=None, status=200):
    latest = offer.latest_version(statement)
    if form is None:
        form = OfferEditForm(initial={"title": latest.title, "body": latest.body, "based_on": latest.number})
    context = {
        "organisation": organisation,
        "statement": statement,
        "latest": latest,
        "form": form,
        "versions": list(offer.versions_of(statement)),
        "work_missing": offer.WORK_MISSING,
        "public_url": request.build_absolute_uri(reverse("teams_people:offer_public", args=[statement.slug])),
    }
    return render(request, "teams/offer/edit.html", context, status=status)


@login_required
def offer_edit(request, slug, pk):
    organisation, statement = _statement(request, slug, pk)
    if request.method != "POST":
        return _edit_page(request, organisation, statement)
    form = OfferEditForm(request.POST)
    if not form.is_valid():
        return _edit_page(request, organisation, statement, form, status=422)
    try:
        version = offer.version_save(statement=statement, by=request.user, **form.cleaned_data)
    except offer.OfferError as error:
        form.add_error(None, str(error))
        return _edit_page(request, organisation, statement, form, status=409)
    messages.success(request, f"Saved as version {version.number}.")
    return redirect("teams_people:offer_edit", slug=slug, pk=pk)


@login_required
@require_POST
def offer_redraft(request, slug, pk):
    organisation, statement = _statement(request, slug, pk)
    version = offer.statement_redraft(statement=statement, by=request.user)
    messages.success(request, f"Drafted again from today's profile as version {version.number}.")
    return redirect("teams_people:offer_edit", slug=slug, pk=pk)


@login_required
@require_GET
def offer_version(request, slug, pk, number):
    organisation, statement = _statement(request, slug, pk)
    version = offer.version_of(statement, number)
    context = {"organisation": organisation, "statement": statement, "version": version}
    return render(request, "teams/offer/version.html", context)


@login_required
@require_GET
def offer_version_pdf(request, slug, pk, number):
    """One version as its readers would see it, as a PDF (a draft says so): for the leads only."""
    organisation, statement = _statement(request, slug, pk)
    return _offer_pdf(request, statement, offer.version_of(statement, number))


@login_required
@require_POST
def offer_restore(request, slug, pk, number):
    organisation, statement = _statement(request, slug, pk)
    try:
        version = offer.version_restore(statement=statement, by=request.user, number=number)
    except offer.OfferError as error:
        raise Http404(str(error)) from None
    messages.success(request, f"Version {number} is back as the newest draft (version {version.number}).")
    return redirect("teams_people:offer_edit", slug=slug, pk=pk)


@login_required
@require_POST
def offer_publish(request, slug, pk):
    organisation, statement = _statement(request, slug, pk)
    form = VersionNumberForm(request.POST)
    if not form.is_valid():
        raise Http404("No such version.")
    try:
        offer.statement_publish(statement=statement, by=request.user, number=form.cleaned_data["number"])
    except offer.OfferError as error:
        raise Http404(str(error)) from None
    messages.success(
        request, f"Version {form.cleaned_data['number']} is published: anyone with the link can read it."
    )
    return redirect("teams_people:offer_edit", slug=slug, pk=pk)


@login_required
@require_POST
def offer_unpublish(request, slug, pk):
    organisation, statement = _statement(request, slug, pk)
    offer.statement_unpublish(statement=statement, by=request.user)
    messages.success(request, "The public page is withdrawn; the statement and its versions are kept.")
    return redirect("teams_people:offer_edit", slug=slug, pk=pk)


@require_GET
def offer_public(request, slug):
    """The published statement, for anyone, printable."""
    statement = offer.published_statement(slug)
    return render(
        request, "teams/offer/public.html", {"statement": statement, "version": statement.published}
    )


@require_GET
def offer_public_pdf(request, slug):
    """The published statement as a PDF, for anyone (a few a minute from one address)."""
    statement = offer.published_statement(slug)
    address = client_address(request) or "unknown"
    if not ratelimit.use("offer-pdf", [address], limit=PUBLIC_PDFS_PER_MINUTE, seconds=60):
        return HttpResponse(
            "Too many downloads from your address just now: wait a minute and try again.",
            status=429,
            content_type="text/plain; charset=utf-8",
        )
    return _offer_pdf(request, statement, statement.published)


def _offer_pdf(request, statement, version):
    """The statement's page as a PDF (praxis.core.pdf): its title, text and colophon, no one's name."""
    about = statement.organisation.name
    if statement.team:
        about = f"{statement.team.name}, {about}"
    return pdf_response(
        request,
        "pdf/offer.html",
        {"statement": statement, "version": version},
        filename=f"support-offer-{about}",
        title=version.title,
        about=about,
    )
