"""The team pages: teams (leads), each member's team choices, the named heat map (leads and
supervisors), team statistics and team growth (leads). Thin: access is policy's, reads are the
selectors', writes the services'. An organisation the visitor is not in answers 404; a page their
role here does not open answers 403."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from praxis.accounts import policy
from praxis.accounts.models import Membership, Organisation
from praxis.accounts.services import AccountsError, consents_set
from praxis.core import jobs
from praxis.core.frameworks import current_framework
from praxis.core.inputs import whole_number
from praxis.core.spreadsheet import Table, requested_format
from praxis.scoring.disclosure import threshold

from . import reports, selectors, services
from .forms import ROLE_CHOICES, ConsentForm, FilterForm, GrowthForm, PlaceForm, TeamForm


def _organisation(request, slug) -> Organisation:
    return get_object_or_404(policy.organisations_for(request.user), slug=slug)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _team(organisation, team_id):
    team = selectors.team_in(organisation, team_id)
    if team is None:
        raise Http404("No such team")
    return team


def _filters(request, organisation):
    """Team and role from the query string; anything that does not parse is ignored."""
    form = FilterForm(request.GET)
    form.is_valid()
    data = form.cleaned_data
    return selectors.team_in(organisation, data.get("team")), data.get("role") or None


def _page_number(request) -> int:
    return whole_number(request.GET.get("page", ""), low=1, high=10**6) or 1


# -- teams ------------------------------------------------------------------------------------


@login_required
def index(request, slug):
    organisation = _organisation(request, slug)
    is_lead = policy.can_manage_teams(request.user, organisation)
    context = {
        "organisation": organisation,
        "is_lead": is_lead,
        "can_view_team_pages": policy.can_view_team_pages(request.user, organisation),
        "can_view_statistics": policy.can_view_team_statistics(request.user, organisation),
        "teams": selectors.teams_of(organisation),
        "sizes": selectors.team_sizes(organisation),
        "form": TeamForm() if is_lead else None,
    }
    return render(request, "teams/index.html", context)


@login_required
@require_POST
def create(request, slug):
    organisation = _organisation(request, slug)
    _require(policy.can_manage_teams(request.user, organisation), "Only leads can create teams.")
    form = TeamForm(request.POST)
    if form.is_valid():
        try:
            team = services.team_create(organisation=organisation, by=request.user, **form.cleaned_data)
        except services.TeamsError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, f"Team “{team.name}” created. Now place its members in it.")
            return redirect("teams:team", slug=slug, team_id=team.pk)
    context = {
        "organisation": organisation,
        "is_lead": True,
        "can_view_team_pages": True,
        "can_view_statistics": True,
        "teams": selectors.teams_of(organisation),
        "sizes": selectors.team_sizes(organisation),
        "form": form,
    }
    return render(request, "teams/index.html", context, status=422)


MEMBERS_PER_PAGE = 50


def _team_page(request, organisation, team, form=None, status=200):
    query = (request.GET.get("q", "") or "").replace("\x00", "").strip()[:100]
    candidates = selectors.members_not_in(team)
    if query:
        candidates = candidates.filter(user__full_name__icontains=query)
    context = {
        "organisation": organisation,
        "team": team,
        "members": Paginator(selectors.team_members(team), MEMBERS_PER_PAGE).get_page(_page_number(request)),
        "candidates": candidates[:MEMBERS_PER_PAGE],
        "query": query,
        "form": form or TeamForm(initial={"name": team.name, "description": team.description}),
    }
    return render(request, "teams/team.html", context, status=status)


@login_required
def team(request, slug, team_id):
    organisation = _organisation(request, slug)
    _require(policy.can_manage_teams(request.user, organisation), "Only leads can manage teams.")
    found = _team(organisation, team_id)
    if request.method == "POST":
        form = TeamForm(request.POST)
        if form.is_valid():
            try:
                services.team_update(team=found, by=request.user, **form.cleaned_data)
            except services.TeamsError as error:
                form.add_error("name", str(error))
            else:
                messages.success(request, "Team saved.")
                return redirect("teams:team", slug=slug, team_id=found.pk)
        found.refresh_from_db()
        return _team_page(request, organisation, found, form, status=422)
    return _team_page(request, organisation, found)


@login_required
@require_POST
def team_delete(request, slug, team_id):
    organisation = _organisation(request, slug)
    _require(policy.can_manage_teams(request.user, organisation), "Only leads can delete teams.")
    found = _team(organisation, team_id)
    services.team_delete(team=found, by=request.user)
    messages.success(request, f"Team “{found.name}” deleted. Its members are still in {organisation}.")
    return redirect("teams:index", slug=slug)


def _posted_membership(request, organisation) -> Membership:
    form = PlaceForm(request.POST)
    if not form.is_valid() or form.cleaned_data["membership"] is None:
        raise Http404("No such member")
    return get_object_or_404(Membership, organisation=organisation, pk=form.cleaned_data["membership"])


@login_required
@require_POST
def team_place(request, slug, team_id):
    organisation = _organisation(request, slug)
    _require(policy.can_manage_teams(request.user, organisation), "Only leads can place members in teams.")
    found = _team(organisation, team_id)
    membership = _posted_membership(request, organisation)
    services.team_member_add(team=found, by=request.user, membership=membership)
    messages.success(request, f"{membership.user.full_name} is now in {found.name}.")
    return redirect("teams:team", slug=slug, team_id=found.pk)


@login_required
@require_POST
def team_unplace(request, slug, team_id):
    organisation = _organisation(request, slug)
    _require(policy.can_manage_teams(request.user, organisation), "Only leads can change teams.")
    found = _team(organisation, team_id)
    membership = _posted_membership(request, organisation)
    services.team_member_remove(team=found, by=request.user, membership=membership)
    messages.success(request, f"{membership.user.full_name} is no longer in {found.name}.")
    return redirect("teams:team", slug=slug, team_id=found.pk)


# -- a member's choices --------------------------------------------------------------------------


@login_required
def consent(request, slug):
    organisation = _organisation(request, slug)
    membership = get_object_or_404(Membership, organisation=organisation, user=request.user)
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if form.is_valid():
            try:
                consents_set(user=request.user, organisation=organisation, **form.cleaned_data)
            except AccountsError as error:
                raise Http404(str(error)) from None
            messages.success(request, "Your choices are saved. They apply from now on.")
            return redirect("teams:consent", slug=slug)
        context = {
            "organisation": organisation,
            "membership": membership,
            "threshold": _threshold(organisation),
            "error": "Tick a box or leave it empty, then save again.",
        }
        return render(request, "teams/consent.html", context, status=422)
    context = {
        "organisation": organisation,
        "membership": membership,
        "threshold": _threshold(organisation),
    }
    return render(request, "teams/consent.html", context)


def _threshold(organisation) -> int:
    return threshold(organisation.min_group_size)


# -- the heat map ----------------------------------------------------------------------------------


def _heat_map(request, slug):
    organisation = _organisation(request, slug)
    _require(
        policy.can_view_team_pages(request.user, organisation),
        "The heat map is for the organisation's leads and for supervisors.",
    )
    team, role = _filters(request, organisation)
    sort = request.GET.get("sort") or None
    data = selectors.heat_map(
        request.user, organisation, team=team, role=role, sort=sort, page_number=_page_number(request)
    )
    return organisation, data


def _kept(data, **extra) -> str:
    kept = {"team": data.team.pk if data.team else "", "role": data.role or "", "sort": data.sort or ""}
    return urlencode({k: v for k, v in (kept | extra).items() if v})


@login_required
def heat_map(request, slug):
    organisation, data = _heat_map(request, slug)
    context = {
        "organisation": organisation,
        "map": data,
        "teams": selectors.teams_of(organisation),
        "role_choices": ROLE_CHOICES,
        "kept": _kept(data),
        "kept_svg": _kept(data, page=data.page.number if data.page.number > 1 else ""),
        "kept_export": _kept(data, format="xlsx"),
        "kept_csv": _kept(data, format="csv"),
        "is_lead": policy.can_manage_organisation(request.user, organisation),
    }
    return render(request, "teams/heat_map.html", context)


@login_required
def heat_map_svg(request, slug):
    organisation, data = _heat_map(request, slug)
    return HttpResponse(reports.heat_map_svg(organisation, data), content_type="image/svg+xml; charset=utf-8")


EXPORT_ALL = 10**6  # a download holds every person the filters choose, not one page


@login_required
def heat_map_export(request, slug):
    """The heat map as CSV or XLSX: the same people, access and filters as the page (all pages)."""
    file_format = requested_format(request.GET.get("format"))
    organisation = _organisation(request, slug)
    _require(
        policy.can_view_team_pages(request.user, organisation),
        "The heat map is for the organisation's leads and for supervisors.",
    )
    team, role = _filters(request, organisation)
    data = selectors.heat_map(
        request.user,
        organisation,
        team=team,
        role=role,
        sort=request.GET.get("sort") or None,
        per_page=EXPORT_ALL,
    )
    header = ["Name", "Role", "Latest assessment"] + [c.name for c in data.competencies]
    rows = [
        [row.name, row.role, row.submitted_at.date() if row.submitted_at else None]
        + [cell.text for cell in row.cells]
        for row in data.rows
    ]
    return Table(f"heat-map-{organisation.slug}", header, rows).response(file_format)


@login_required
def heat_map_competency(request, slug, competency_id):
    organisation = _organisation(request, slug)
    _require(
        policy.can_view_team_pages(request.user, organisation),
        "The heat map is for the organisation's leads and for supervisors.",
    )
    competency = next((c for c in current_framework().competencies if c.id == competency_id), None)
    if competency is None:
        raise Http404("No such competency")
    team, role = _filters(request, organisation)
    page, rows = selectors.competency_activities(
        request.user, organisation, competency, team=team, role=role, page_number=_page_number(request)
    )
    kept = urlencode({k: v for k, v in {"team": team.pk if team else "", "role": role or ""}.items() if v})
    context = {
        "organisation": organisation,
        "competency": competency,
        "page": page,
        "rows": rows,
        "kept": kept,
        "team": team,
        "role": role,
    }
    return render(request, "teams/heat_map_competency.html", context)


# -- statistics and growth -----------------------------------------------------------------------


@login_required
def team_statistics(request, slug):
    organisation = _organisation(request, slug)
    _require(policy.can_view_team_statistics(request.user, organisation), "Team statistics are for leads.")
    team, _ = _filters(request, organisation)
    stats = selectors.team_statistics(organisation, team=team)
    return render(
        request,
        "teams/statistics.html",
        {"organisation": organisation, "stats": stats},
    )


@login_required
@require_POST
def report_pdf(request, slug):
    """The team report (heat map and statistics) as a PDF, made by a background job."""
    organisation = _organisation(request, slug)
    _require(reports.may_read(request.user, organisation), "The team report is for leads.")
    form = FilterForm(request.POST)
    form.is_valid()
    team = selectors.team_in(organisation, form.cleaned_data.get("team"))
    if request.POST.get("team") and team is None:
        raise Http404("No such team")  # a report of the whole organisation was not asked for
    job = jobs.start(
        request.user,
        reports.JOB_KIND,
        reports.team_report_pdf,
        back=(
            reverse("teams:statistics", args=[organisation.slug]) + (f"?team={team.pk}" if team else ""),
            "the team statistics",
        ),
        organisation_id=organisation.pk,
        team_id=team.pk if team else None,
    )
    return redirect(job)


@login_required
def team_growth(request, slug):
    organisation = _organisation(request, slug)
    _require(policy.can_view_team_statistics(request.user, organisation), "Team growth is for leads.")
    team, _ = _filters(request, organisation)
    form = GrowthForm(request.GET)
    form.is_valid()
    growth = selectors.team_growth(
        organisation, first=form.cleaned_data.get("first"), second=form.cleaned_data.get("second"), team=team
    )
    rows = []
    if growth.first and growth.second:
        rows = list(zip(growth.first.competencies, growth.second.competencies, strict=True))
    return render(
        request,
        "teams/growth.html",
        {
            "organisation": organisation,
            "growth": growth,
            "rows": rows,
            "first": growth.first_end,
            "second": growth.second_end,
        },
    )
