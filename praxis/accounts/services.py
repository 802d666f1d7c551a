"""Writes about people and organisations: one function per use case, each transactional."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from praxis.core import trash
from praxis.core.errors import PraxisError
from praxis.core.mail import mail_sent
from praxis.core.tokens import hash_token, new_token, reissue

from . import outgoing, policy
from .models import Invitation, Membership, Organisation, Role, Share, ShareAudience, SupervisionLink, User


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
    _end_membership(membership)


@transaction.atomic
def remove_member(*, organisation: Organisation, by: User, membership: Membership) -> None:
    """A lead removes someone from the organisation; it ends what they shared there, as leaving does."""
    if not policy.can_manage_organisation(by, organisation):
        raise AccountsError("Only the organisation's leads can remove members.")
    if membership.organisation_id != organisation.pk:
        raise AccountsError("That person is not a member of this organisation.")
    if membership.user_id == by.pk:
        raise AccountsError("To leave the organisation yourself, use “Leave”.")
    _end_membership(membership)


def _end_membership(membership: Membership) -> None:
    """Leaving (or being removed) ends, for good, what the person shared in the organisation and
    their supervision links there: rejoining later starts from nothing shared and nobody linked."""
    user, organisation = membership.user_id, membership.organisation_id
    Share.objects.filter(organisation_id=organisation, owner_id=user).delete()
    SupervisionLink.objects.filter(organisation_id=organisation, supervisor_id=user).delete()
    SupervisionLink.objects.filter(organisation_id=organisation, supervisee_id=user).delete()
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
    if role == Role.PRACTITIONER:  # a practitioner here supervises nobody here
        SupervisionLink.objects.filter(organisation=organisation, supervisor_id=membership.user_id).delete()
    return membership


@transaction.atomic
def link_supervisor(
    *, organisation: Organisation, by: User, supervisor: User, supervisee: User
) -> SupervisionLink:
    """A lead (`by`) proposes `supervisor` for `supervisee`. The link stays pending, giving access
    to nothing, until the supervisee confirms it (supervision_confirm)."""
    refusal = policy.supervision_refusal(
        organisation=organisation, by=by, supervisor=supervisor, supervisee=supervisee
    )
    if refusal:
        raise AccountsError(refusal)
    link, _ = SupervisionLink.objects.get_or_create(
        organisation=organisation, supervisor=supervisor, supervisee=supervisee
    )
    return link


def unlink_supervisor(*, organisation: Organisation, link_id: int) -> None:
    SupervisionLink.objects.filter(organisation=organisation, pk=link_id).delete()


@transaction.atomic
def supervision_confirm(*, supervisee: User, link_id: int) -> SupervisionLink:
    """The supervisee agrees: from now on the supervisor sees what they share with supervisors."""
    link = policy.supervision_links_to_answer(supervisee).select_for_update().filter(pk=link_id).first()
    if link is None:
        raise AccountsError("That supervision link is no longer waiting for you.")
    link.confirmed_at = timezone.now()
    link.save(update_fields=["confirmed_at"])
    return link


@transaction.atomic
def supervision_decline(*, supervisee: User, link_id: int) -> None:
    """The supervisee says no (or, later, ends a link): the link goes, and with it all access."""
    deleted, _ = (
        policy.supervision_links_to_answer(supervisee, pending_only=False).filter(pk=link_id).delete()
    )
    if not deleted:
        raise AccountsError("That supervision link is no longer there.")


# -- sharing ----------------------------------------------------------------------------------


@transaction.atomic
def share_set(*, owner: User, obj, organisation: Organisation, audience: str | None) -> Share | None:
    """Share `obj` (anything whose model takes part in sharing, see `Share`) with `organisation`'s
    supervisors, or supervisors and leads; `audience` None stops sharing it there.

    Checks, whatever the caller passes: the object is the owner's; the owner belongs to the
    organisation; the object can be shared now (its stored state decides, so a stale copy of a
    draft cannot be shared); the kind allows that audience.
    """
    model = type(obj)
    stored = model._default_manager.select_for_update().filter(pk=obj.pk, owner=owner).first()
    if stored is None:
        raise AccountsError("You can only share what is yours.")
    if not Membership.objects.filter(user=owner, organisation=organisation).exists():
        raise AccountsError("You can only share with organisations you belong to.")
    content_type = ContentType.objects.get_for_model(model)
    found = Share.objects.filter(content_type=content_type, object_id=stored.pk, organisation=organisation)
    if audience is None:
        found.delete()
        return None
    if not stored.shareable:
        raise AccountsError(stored.unshareable_message or "This cannot be shared yet.")
    if audience not in ShareAudience.values or audience not in model.share_audiences:
        raise AccountsError("Choose who in the organisation may see it.")
    share, _ = Share.objects.update_or_create(
        content_type=content_type,
        object_id=stored.pk,
        organisation=organisation,
        defaults={"owner": owner, "audience": audience},
    )
    return share


# -- invitations ------------------------------------------------------------------------------


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
    token, token_hash = new_token()
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=token_hash,
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=settings.PRAXIS_INVITATION_DAYS),
    )
    transaction.on_commit(lambda: _send_invitation(invitation, token))
    return invitation, token


def _send_invitation(invitation: Invitation, token: str) -> bool:
    """E-mail the link once the invitation is committed; whether it went. A failure leaves
    `email_sent_at` empty and the lead can send it again (with a fresh link)."""
    link = f"{settings.SITE_URL}/invitations/{token}/"
    context = {"invitation": invitation, "link": link, "days": settings.PRAXIS_INVITATION_DAYS}
    if not mail_sent(
        to=invitation.email,
        subject=f"{invitation.invited_by} invites you to join {invitation.organisation} on Praxis",
        template="accounts/email/invitation.txt",
        context=context,
        about=f"Invitation {invitation.pk}",
    ):
        return False  # the lead may send it again
    Invitation.objects.filter(pk=invitation.pk).update(email_sent_at=timezone.now())
    return True


@transaction.atomic
def resend_invitation(*, organisation: Organisation, invitation_id: int) -> Invitation:
    """Send a usable invitation again with a fresh link (only the hash is kept, so the old link
    cannot be re-sent; it stops working)."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation", "invited_by")
        .filter(organisation=organisation, pk=invitation_id, accepted_at__isnull=True)
        .first()
    )
    if invitation is None or not invitation.is_usable:
        raise AccountsError("That invitation can no longer be sent. Invite them again.")
    reissue(invitation, _send_invitation)
    return invitation


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


def research_consent_set(
    *, user: User, organisation: Organisation, consent: bool, free_text: bool = False
) -> None:
    """Agree (or no longer agree) that one's de-identified answers in this organisation may be used
    for research, and, as a second choice, what one wrote too. Takes effect at once: exports
    started afterwards leave the member out."""
    updated = Membership.objects.filter(user=user, organisation=organisation).update(
        research_consent=consent,
        research_free_text=consent and free_text,
        consents_changed_at=timezone.now(),
    )
    if not updated:
        raise AccountsError("You are not a member of this organisation.")


MIN_GROUP_SIZE_RANGE = (3, 10)  # 3 is Praxis's floor (praxis.scoring.disclosure.FLOOR)


class StaleSettings(AccountsError):
    """Someone else saved the settings after this page was loaded; nothing was changed."""

    def __init__(self, current: Organisation):
        self.current = current
        super().__init__(
            "Someone else saved these settings while you were editing them, so nothing was changed. "
            "The saved values are shown next to yours: save again to replace them."
        )


@transaction.atomic
def organisation_settings_update(
    *, organisation: Organisation, version: int, min_group_size: int, rater_list_approval: bool
) -> Organisation:
    """Save the organisation's feedback settings, only if nobody saved them since ``version`` was
    read (otherwise StaleSettings, carrying what is saved now). New rounds use them."""
    low, high = MIN_GROUP_SIZE_RANGE
    if not low <= min_group_size <= high:
        raise AccountsError(f"Choose a minimum group size from {low} to {high}.")
    updated = Organisation.objects.filter(pk=organisation.pk, settings_version=version).update(
        min_group_size=min_group_size,
        rater_list_approval=rater_list_approval,
        settings_version=F("settings_version") + 1,
    )
    if not updated:
        raise StaleSettings(Organisation.objects.get(pk=organisation.pk))
    organisation.refresh_from_db(fields=["min_group_size", "rater_list_approval", "settings_version"])
    return organisation


def _share_still_member(share: Share) -> bool:
    """A restored object takes its shares back only where its owner is still a member: leaving an
    organisation ends what was shared there (see `remove_member`)."""
    return Membership.objects.filter(user_id=share.owner_id, organisation_id=share.organisation_id).exists()


trash.when_restoring(Share, _share_still_member)


# -- consents ---------------------------------------------------------------------------------


@transaction.atomic
def consents_set(
    *,
    user: User,
    organisation: Organisation,
    named_to_leads: bool,
    counted_in_statistics: bool,
    support_work_counted: bool = False,
) -> Membership:
    """The member's team choices here, effective at once (every team page reads them live):
    shown by name to the leads, counted without a name in team statistics, and their support
    activities (mode, site, length; never what they wrote) counted without a name in how the team
    works. The research choice (`research_consent`) is set elsewhere and left as it is."""
    membership = Membership.objects.select_for_update().filter(user=user, organisation=organisation).first()
    if membership is None:
        raise AccountsError("You are not a member of this organisation.")
    membership.named_to_leads = bool(named_to_leads)
    membership.counted_in_statistics = bool(counted_in_statistics)
    membership.support_work_counted = bool(support_work_counted)
    membership.consents_changed_at = timezone.now()
    membership.save(
        update_fields=[
            "named_to_leads",
            "counted_in_statistics",
            "support_work_counted",
            "consents_changed_at",
        ]
    )
    return membership
