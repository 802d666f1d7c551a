from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, PasswordChangeView, PasswordResetView
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from praxis.core.client import client_address
from praxis.core.inputs import object_id, whole_number
from praxis.core.text import typed

from . import outgoing, policy, selectors, services
from .forms import (
    InvitationForm,
    OrganisationForm,
    OrganisationSettingsForm,
    PasswordChange,
    PasswordReset,
    ProfileForm,
    ResearchConsentForm,
    RoleForm,
    SignInForm,
    SignUpForm,
    SupervisionForm,
)
from .models import Membership, Organisation


def _safe_next(request, default="shell:dashboard"):
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


class SignInView(LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def sign_up(request):
    if request.user.is_authenticated:
        return redirect("shell:dashboard")
    form = SignUpForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.sign_up(**form.cleaned_data)
        except services.AccountsError as error:
            form.add_error("email", str(error))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                f"Welcome to Praxis, {user.get_short_name()}. We have sent a link to {user.email}: "
                "open it to confirm the address is yours.",
            )
            return redirect(_safe_next(request))
    return render(request, "accounts/signup.html", {"form": form, "next": _safe_next(request, "")})


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_profile(request.user, **form.cleaned_data)
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


# -- passwords and confirming an e-mail address -------------------------------------------------


class ChangePasswordView(PasswordChangeView):
    """The current password, then the new one; the person stays signed in here (Django keeps the
    session) and is signed out everywhere else."""

    form_class = PasswordChange
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password is changed. Use the new one next time you sign in.")
        return response


class ResetPasswordView(PasswordResetView):
    """Django's reset by e-mail, limited per client address and per address asked about. The page
    is the same whether or not the address has an account, when refused as when sent."""

    form_class = PasswordReset
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        refused = outgoing.refusal(
            outgoing.PASSWORD_RESET, address=client_address(self.request), email=form.cleaned_data["email"]
        )
        if refused:
            form.add_error(None, refused)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


@login_required
def email_verification(request):
    """Whether one's address is confirmed; POST sends the link again."""
    if request.method == "POST":
        try:
            services.email_verification_send(request.user, address=client_address(request))
        except services.AccountsError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"A new link is on its way to {request.user.email}.")
        return redirect("accounts:email_verification")
    return render(request, "accounts/email_verification.html")


def email_verify(request, token):
    """The link from the e-mail: GET shows a button, POST confirms (so a mail scanner opening the link
    changes nothing)."""
    if request.method == "POST":
        try:
            user = services.email_verification_confirm(token)
        except services.AccountsError as error:
            return render(request, "accounts/email_verify.html", {"error": str(error)}, status=404)
        messages.success(request, f"Thank you: {user.email} is confirmed.")
        return redirect("shell:dashboard" if request.user.is_authenticated else "accounts:login")
    return render(request, "accounts/email_verify.html", {"token": token})


# -- organisations ----------------------------------------------------------------------------


@login_required
def organisation_new(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(creator=request.user, name=form.cleaned_data["name"])
        messages.success(request, f"{organisation} is ready. Invite your colleagues next.")
        return redirect("accounts:organisation", slug=organisation.slug)
    return render(request, "accounts/organisation_new.html", {"form": form})


def _organisation(request, slug) -> Organisation:
    return get_object_or_404(policy.organisations_for(request.user), slug=slug)


def _lead_only(request, organisation):
    if not policy.can_manage_organisation(request.user, organisation):
        raise PermissionDenied("Only the organisation's leads can do this.")


MEMBERS_PER_PAGE = 25  # a screenful; search finds anyone else
LINKS_PER_PAGE = 25
QUERY_MAX = 100  # characters of a search or type-ahead query


def _query(request, name: str) -> str:
    """A search typed in a URL: trimmed, at most QUERY_MAX characters, without NUL (which
    PostgreSQL refuses in a query's text)."""
    return typed(request.GET.get(name, "").replace("\x00", ""))[:QUERY_MAX]


def _page_number(request, name: str) -> int:
    return whole_number(request.GET.get(name, ""), low=1, high=10**6) or 1


@login_required
def organisation(request, slug):
    return _organisation_page(request, _organisation(request, slug))


def _organisation_page(request, organisation, supervision_form=None):
    """The organisation's page: members and supervision links a page at a time, searchable by name
    (and, for a lead, by e-mail address) through ?member=, so thousands of members stay one quick page."""
    is_lead = policy.can_manage_organisation(request.user, organisation)
    query = _query(request, "member")
    members = Paginator(selectors.members_of(organisation, query, by_email=is_lead), MEMBERS_PER_PAGE)
    links = Paginator(selectors.supervision_links_in(organisation, query, by_email=is_lead), LINKS_PER_PAGE)
    if is_lead and supervision_form is None:
        supervision_form = SupervisionForm(organisation=organisation, by=request.user)
    member_page, links_page = _page_number(request, "page"), _page_number(request, "links")
    kept = {"member": query} if query else {}
    context = {
        "organisation": organisation,
        "members_query": urlencode(kept | ({"links": links_page} if links_page > 1 else {})),
        "links_query": urlencode(kept | ({"page": member_page} if member_page > 1 else {})),
        "my_membership": organisation.memberships.filter(user=request.user).first(),
        "is_lead": is_lead,
        "query": query,
        "members": members.get_page(member_page),
        # who supervises whom is visible to the members; what is shared is not
        "links": links.get_page(links_page),
        "my_supervisors": selectors.supervision_of(request.user, organisation),
        "invitations": organisation.invitations.filter(accepted_at__isnull=True) if is_lead else [],
        "invite_form": InvitationForm() if is_lead else None,
        "supervision_form": supervision_form,
        "settings_form": OrganisationSettingsForm.for_organisation(organisation) if is_lead else None,
        "roles": RoleForm.base_fields["role"].choices,
        "may_export_research": is_lead,  # = policy.may_export_research, without asking the role again
    }
    return render(request, "accounts/organisation.html", context)


@login_required
def organisation_people(request, slug):
    """The type-ahead of the supervision form: <option> elements for a <datalist>, at most 20
    people of this organisation whose name or e-mail address contains ?q= (or the field's own
    name, as htmx sends it). Leads only."""
    organisation = _organisation(request, slug)
    _lead_only(request, organisation)
    role = "supervisor" if request.GET.get("role") == "supervisor" else "supervisee"
    query = _query(request, "q") or _query(request, role)
    people = selectors.people_to_choose(organisation, request.user, query, role) if query else []
    return render(request, "accounts/_people_options.html", {"people": people})


@login_required
@require_POST
def organisation_invite(request, slug):
    organisation = _organisation(request, slug)
    _lead_only(request, organisation)
    form = InvitationForm(request.POST)
    if "resend" in request.POST:
        try:
            invitation = services.resend_invitation(
                organisation=organisation, invitation_id=object_id(request.POST, "resend")
            )
        except services.AccountsError as error:
            messages.error(request, str(error))
        else:
            _report_sending(request, invitation)
    elif form.is_valid():
        try:
            invitation, _ = services.invite(
                organisation=organisation,
                invited_by=request.user,
                address=client_address(request),
                **form.cleaned_data,
            )
        except services.AccountsError as error:
            messages.error(request, str(error))
        else:
            _report_sending(request, invitation)
    else:
        messages.error(request, "Enter a valid e-mail address and choose a role.")
    return redirect("accounts:organisation", slug=slug)


def _report_sending(request, invitation) -> None:
    """Say whether the e-mail went (sent once the invitation is saved; a failure can be retried)."""
    invitation.refresh_from_db(fields=["email_sent_at"])
    if invitation.email_sent_at:
        messages.success(
            request, f"Invitation sent to {invitation.email}. The link works for a limited time."
        )
    else:
        messages.warning(
            request,
            f"The invitation for {invitation.email} is saved, but the e-mail could not be sent. "
            "Use “Send again” in a few minutes.",
        )


@login_required
@require_POST
def organisation_role(request, slug, membership_id):
    organisation = _organisation(request, slug)
    _lead_only(request, organisation)
    membership = get_object_or_404(Membership, organisation=organisation, pk=membership_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.change_role(
                organisation=organisation, membership=membership, role=form.cleaned_data["role"]
            )
            messages.success(request, f"{membership.user} is now: {membership.get_role_display()}.")
        except services.AccountsError as error:
            messages.error(request, str(error))
    return redirect("accounts:organisation", slug=slug)


@login_required
@require_POST
def organisation_remove(request, slug, membership_id):
    organisation = _organisation(request, slug)
    _lead_only(request, organisation)
    membership = get_object_or_404(organisation.memberships.select_related("user"), pk=membership_id)
    try:
        services.remove_member(organisation=organisation, by=request.user, membership=membership)
    except services.AccountsError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"{membership.user} is no longer a member of {organisation}. "
            "Nothing they shared here is visible any more.",
        )
    return redirect("accounts:organisation", slug=slug)


@login_required
@require_POST
def organisation_supervision(request, slug):
    organisation = _organisation(request, slug)
    _lead_only(request, organisation)
    if "unlink" in request.POST:
        services.unlink_supervisor(organisation=organisation, link_id=object_id(request.POST, "unlink"))
        messages.success(request, "Supervision link removed.")
        return redirect("accounts:organisation", slug=slug)
    form = SupervisionForm(request.POST, organisation=organisation, by=request.user)
    if not form.is_valid():
        return _organisation_page(request, organisation, supervision_form=form)
    try:
        link = services.link_supervisor(organisation=organisation, by=request.user, **form.cleaned_data)
    except services.AccountsError as error:
        messages.error(request, str(error))
    else:
        if link.is_confirmed:
            messages.success(request, f"{link.supervisor} already supervises {link.supervisee}.")
        else:
            messages.success(
                request,
                f"{link.supervisee} is asked to confirm {link.supervisor} as their supervisor. "
                "Until they do, nothing is shared through this link.",
            )
    return redirect("accounts:organisation", slug=slug)


@login_required
@require_POST
def supervision_confirm(request, pk):
    get_object_or_404(policy.supervision_links_to_answer(request.user), pk=pk)
    try:
        link = services.supervision_confirm(supervisee=request.user, link_id=pk)
    except services.AccountsError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"{link.supervisor} is now your supervisor in {link.organisation}. They see what you share "
            "with your supervisors there.",
        )
    return redirect(_safe_next(request))


@login_required
@require_POST
def supervision_decline(request, pk):
    link = get_object_or_404(
        policy.supervision_links_to_answer(request.user, pending_only=False).select_related(
            "supervisor", "organisation"
        ),
        pk=pk,
    )
    try:
        services.supervision_decline(supervisee=request.user, link_id=pk)
    except services.AccountsError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"{link.supervisor} is not your supervisor in {link.organisation}. Nothing is shared with them.",
        )
    return redirect(_safe_next(request))


@login_required
@require_POST
def organisation_leave(request, slug):
    organisation = _organisation(request, slug)
    try:
        services.leave_organisation(user=request.user, organisation=organisation)
    except services.AccountsError as error:
        messages.error(request, str(error))
        return redirect("accounts:organisation", slug=slug)
    messages.success(
        request, f"You have left {organisation}. What you shared with it is no longer visible there."
    )
    return redirect("shell:dashboard")


# -- invitations ------------------------------------------------------------------------------


def invitation(request, token):
    found = services.find_invitation(token)
    if found is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            membership = services.accept_invitation(token=token, user=request.user)
        except services.AccountsError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"You have joined {membership.organisation}.")
            return redirect("accounts:organisation", slug=membership.organisation.slug)
    return render(request, "accounts/invitation.html", {"invitation": found, "token": token})


@login_required
@require_POST
def organisation_peer_mentor(request, slug):
    organisation = _organisation(request, slug)
    willing = request.POST.get("willing") == "yes"
    services.set_peer_mentor(user=request.user, organisation=organisation, willing=willing)
    if willing:
        messages.success(
            request,
            "Colleagues planning to grow a competency you are proficient in may be pointed to you. "
            "Your scores are never shown.",
        )
    else:
        messages.success(request, "You will no longer be suggested as a peer mentor.")
    return redirect("accounts:organisation", slug=slug)


@login_required
@require_POST
def organisation_research_consent(request, slug):
    organisation = _organisation(request, slug)
    form = ResearchConsentForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "Your research choice was not saved: tick the boxes you agree to, or leave them empty."
        )
        return redirect("accounts:organisation", slug=slug)
    consent = form.cleaned_data["consent"]
    services.research_consent_set(
        user=request.user,
        organisation=organisation,
        consent=consent,
        free_text=form.cleaned_data["free_text"],
    )
    if consent:
        messages.success(
            request, "Thank you: your de-identified answers may be used for research from now on."
        )
    else:
        messages.success(request, "Your answers will be left out of every research export from now on.")
    return redirect("accounts:organisation", slug=slug)


@login_required
@require_POST
def organisation_privacy(request, slug):
    """The lead's feedback settings, saved only if nobody saved them since the page was loaded."""
    organisation = _organisation(request, slug)
    _lead_only(request, organisation)
    form = OrganisationSettingsForm(request.POST)
    saved = None
    if form.is_valid():
        try:
            services.organisation_settings_update(organisation=organisation, **form.cleaned_data)
        except services.StaleSettings as stale:
            saved = stale.current
            form = OrganisationSettingsForm(request.POST.copy())
            form.data["version"] = str(saved.settings_version)  # saving again replaces what is saved now
            form.is_valid()
            form.add_error(None, str(stale))
        except services.AccountsError as error:
            form.add_error("min_group_size", str(error))
        else:
            messages.success(request, "Feedback settings saved. They apply to rounds started from now on.")
            return redirect("accounts:organisation", slug=slug)
    return render(
        request,
        "accounts/organisation_settings.html",
        {"organisation": organisation, "settings_form": form, "saved": saved},
    )
