"""Writes about people and organisations: one function per use case, each transactional."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from praxis.core.errors import PraxisError

from . import outgoing
from .models import Invitation, Membership, Organisation, Role, SupervisionLink, User


class AccountsError(PraxisError):
    """A request that cannot be carried out; the message is written for the person asking."""


# -- people -----------------------------------------------------------------------------------


def sign_up(*, email: str, full_name: str, password: str) -> User:
    """A new account, unconfirmed: it is e-mailed a link to confirm its address (see outgoing)."""
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email, password=password, full_name=full_name.strip(), email_verified_at=None
            )
    except IntegrityError:
        raise AccountsError("An account with this e-mail address already exists. Try signing in.") from None
    transaction.on_commit(lambda: _send_verification(user))
    return user


# -- confirming an e-mail address ---------------------------------------------------------------
# The link carries the account and its address, signed and dated (django.core.signing): it stops
# working after PRAXIS_EMAIL_VERIFICATION_DAYS, or as soon as the address changes.

VERIFICATION_SALT = "praxis.accounts.email-verification"
BAD_VERIFICATION_LINK = (
    "This confirmation link does not work. Sign in and ask for a new one from your profile."
)


def _send_verification(user: User) -> None:
    token = signing.dumps({"user": user.pk, "email": user.email}, salt=VERIFICATION_SALT)
    context = {
        "link": settings.SITE_URL + reverse("accounts:email_verify", args=[token]),
        "days": settings.PRAXIS_EMAIL_VERIFICATION_DAYS,
    }
    send_mail(
        subject="Confirm your e-mail address for Praxis",
        message=render_to_string("accounts/email/verify_email.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


def email_verification_send(user: User, *, address: str | None = None) -> None:
    """Send the confirmation link again, within the hourly limit."""
    if user.email_verified:
        raise AccountsError("Your e-mail address is already confirmed.")
    if refused := outgoing.refusal(outgoing.VERIFICATION, user=user, address=address):
        raise AccountsError(refused)
    _send_verification(user)


def email_verification_confirm(token: str) -> User:
    """Confirm the address a link was sent to. Using it twice is harmless."""
    if not token or len(token) > 300:
        raise AccountsError(BAD_VERIFICATION_LINK)
    try:
        data = signing.loads(
            token, salt=VERIFICATION_SALT, max_age=timedelta(days=settings.PRAXIS_EMAIL_VERIFICATION_DAYS)
        )
    except signing.SignatureExpired:
        raise AccountsError(
            "This confirmation link has expired. Sign in and ask for a new one from your profile."
        ) from None
    except signing.BadSignature:
        raise AccountsError(BAD_VERIFICATION_LINK) from None
    if not isinstance(data, dict):
        raise AccountsError(BAD_VERIFICATION_LINK)
    user = User.objects.filter(pk=data.get("user"), email=data.get("email"), is_active=True).first()
    if user is None:
        raise AccountsError(BAD_VERIFICATION_LINK)
    _mark_verified(user)
    return user


def _mark_verified(user: User) -> None:
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])


def update_profile(user: User, *, full_name: str, job_title: str, role_title: str) -> User:
    user.full_name = full_name.strip()
    user.job_title = job_title.strip()
    user.role_title = role_title.strip()
    user.save(update_fields=["full_name", "job_title", "role_title"])
    return user


# -- organisations ----------------------------------------------------------------------------


def _unique_slug(name: str) -> str:
    base = slugify(name)[:60] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_organisation(*, creator: User, name: str) -> Organisation:
    organisation = Organisation.objects.create(name=name.strip(), slug=_unique_slug(name))
    Membership.objects.create(user=creator, organisation=organisation, role=Role.LEAD)
    return organisation


@transaction.atomic
def leave_organisation(*, user: User, organisation: Organisation) -> None:
    membership = Membership.objects.select_for_update().filter(user=user, organisation=organisation).first()
    if membership is None:
        raise AccountsError("You are not a member of this organisation.")
    others = Membership.objects.filter(organisation=organisation).exclude(user=user)
    if membership.role == Role.LEAD and others.exists() and not others.filter(role=Role.LEAD).exists():
        raise AccountsError("You are its only lead. Make someone else a lead before you leave.")
    SupervisionLink.objects.filter(organisation=organisation, supervisor=user).delete()
    SupervisionLink.objects.filter(organisation=organisation, supervisee=user).delete()
    membership.delete()


@transaction.atomic
def change_role(*, organisation: Organisation, membership: Membership, role: str) -> Membership:
    if membership.organisation_id != organisation.pk:
        raise AccountsError("That person is not a member of this organisation.")
    if (
        membership.role == Role.LEAD
        and role != Role.LEAD
        and (
            not Membership.objects.filter(organisation=organisation, role=Role.LEAD)
            .exclude(pk=membership.pk)
            .exists()
        )
    ):
        raise AccountsError("An organisation needs at least one lead.")
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def link_supervisor(*, organisation: Organisation, supervisor: User, supervisee: User) -> SupervisionLink:
    if supervisor == supervisee:
        raise AccountsError("Someone cannot supervise themselves.")
    members = set(
        Membership.objects.filter(organisation=organisation, user__in=[supervisor, supervisee]).values_list(
            "user_id", "role"
        )
    )  # roles here only: someone may be a practitioner elsewhere and a supervisor in this organisation
    if {user_id for user_id, _ in members} != {supervisor.pk, supervisee.pk}:
        raise AccountsError("Both people must be members of this organisation.")
    if (supervisor.pk, Role.PRACTITIONER) in members:
        raise AccountsError(f"{supervisor} is a practitioner here. Make them a supervisor or lead first.")
    link, _ = SupervisionLink.objects.get_or_create(
        organisation=organisation, supervisor=supervisor, supervisee=supervisee
    )
    return link


def unlink_supervisor(*, organisation: Organisation, link_id: int) -> None:
    SupervisionLink.objects.filter(organisation=organisation, pk=link_id).delete()


# -- invitations ------------------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invite(
    *, organisation: Organisation, invited_by: User, email: str, role: str, address: str | None = None
) -> tuple[Invitation, str]:
    """Create an invitation and e-mail its link. Returns the invitation and the raw token.
    `address` is the client address asking, for the per-address limit (see outgoing)."""
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise AccountsError(f"{email} is already a member of {organisation}.")
    if role not in Role.values:
        raise AccountsError("Choose a role for them.")
    if refused := outgoing.refusal(outgoing.INVITATION, user=invited_by, address=address):
        raise AccountsError(refused)
    token = secrets.token_urlsafe(32)  # 256 random bits; only its hash is stored
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=hash_token(token),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=settings.PRAXIS_INVITATION_DAYS),
    )
    link = f"{settings.SITE_URL}/invitations/{token}/"
    context = {"invitation": invitation, "link": link, "days": settings.PRAXIS_INVITATION_DAYS}
    transaction.on_commit(
        lambda: send_mail(
            subject=f"{invited_by} invites you to join {organisation} on Praxis",
            message=render_to_string("accounts/email/invitation.txt", context),
            from_email=None,
            recipient_list=[email],
        )
    )
    return invitation, token


def find_invitation(token: str) -> Invitation | None:
    """The invitation a token opens, if it is still usable; None for anything else."""
    if not token or len(token) > 100:
        return None
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=hash_token(token))
        .first()
    )
    return invitation if invitation and invitation.is_usable else None


@transaction.atomic
def accept_invitation(*, token: str, user: User) -> Membership:
    found = find_invitation(token)
    invitation = Invitation.objects.select_for_update().filter(pk=found.pk).first() if found else None
    if invitation is None or not invitation.is_usable:
        raise AccountsError("This invitation link has expired or has already been used.")
    if invitation.email.lower() != user.email.lower():
        raise AccountsError(
            f"This invitation was sent to {invitation.email}, but you are signed in as {user.email}. "
            "Sign out and sign in (or sign up) with the invited address."
        )
    _mark_verified(user)  # the link came to this address: it is theirs
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def set_peer_mentor(*, user: User, organisation: Organisation, willing: bool) -> None:
    """Opt in (or out) of being suggested to colleagues as someone to learn from."""
    updated = Membership.objects.filter(user=user, organisation=organisation).update(peer_mentor=willing)
    if not updated:
        raise AccountsError("You are not a member of this organisation.")


def set_min_group_size(*, organisation: Organisation, size: int) -> Organisation:
    """The fewest responses shown together in feedback; never below 2. New rounds use it."""
    if not 2 <= size <= 10:
        raise AccountsError("Choose a minimum group size from 2 to 10.")
    organisation.min_group_size = size
    organisation.save(update_fields=["min_group_size"])
    return organisation
