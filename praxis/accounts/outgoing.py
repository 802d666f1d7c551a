"""What Praxis e-mails because someone asked it to, and how much: decided here, once.

Praxis sends e-mail of its own wording, carrying words a person typed (an organisation's name, a
round's message), to addresses that person chooses. So:

- It sends on a person's behalf (invitations to an organisation, feedback requests to raters) only
  once they have shown the e-mail address of their account is theirs (`may_send_on_behalf`).
- Each kind of e-mail is limited per account and per client address, in a window of the clock;
  password resets, asked for without an account, per client address and per address asked about
  (whether or not it has an account, so a refusal tells nothing about who has one).

`refusal(...)` counts one e-mail and returns None, or returns why it may not be sent, having
counted nothing; the caller raises it as its own app's error, so nothing is sent or changed.
The numbers are settings (PRAXIS_LIMIT_*); counting is `praxis.core.ratelimit`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from praxis.core import ratelimit

from .models import normalise_email

HOUR = 60 * 60
DAY = 24 * HOUR


@dataclass(frozen=True)
class Kind:
    name: str
    setting: str  # the name of the setting holding the limit
    seconds: int
    on_behalf: bool  # sent for a person: only from a confirmed address
    too_many: str  # said when a limit is reached; {limit} is filled in

    @property
    def limit(self) -> int:
        return getattr(settings, self.setting)


INVITATION = Kind(
    "invitation",
    "PRAXIS_LIMIT_INVITATIONS_PER_DAY",
    DAY,
    on_behalf=True,
    too_many="Praxis sends at most {limit} invitations a day from one account or one network, "
    "and that many have been sent today. Nothing was sent: please try again tomorrow.",
)
RATER_EMAIL = Kind(
    "rater-email",
    "PRAXIS_LIMIT_RATER_EMAILS_PER_DAY",
    DAY,
    on_behalf=True,
    too_many="Praxis sends at most {limit} feedback requests a day from one account or one network, "
    "and that many have been sent today. Nobody was added: please try again tomorrow.",
)
PASSWORD_RESET = Kind(
    "password-reset",
    "PRAXIS_LIMIT_PASSWORD_RESETS_PER_HOUR",
    HOUR,
    on_behalf=False,
    too_many="Praxis sends at most {limit} password reset links an hour for one e-mail address or "
    "to one network, and that many have been asked for. Nothing was sent: please try again in an hour.",
)
VERIFICATION = Kind(
    "verification",
    "PRAXIS_LIMIT_VERIFICATION_EMAILS_PER_HOUR",
    HOUR,
    on_behalf=False,
    too_many="Praxis sends at most {limit} confirmation links an hour. Nothing was sent: the last link "
    "still works, or try again in an hour.",
)
DIGEST = Kind(  # the weekly digest a person switched on for themself (praxis.shell.digest)
    "digest",
    "PRAXIS_LIMIT_DIGESTS_PER_DAY",
    DAY,
    on_behalf=True,  # only to an address its owner has confirmed
    too_many="Praxis sends at most {limit} digests a day to one account.",
)


def may_send_on_behalf(user) -> bool:
    """Praxis e-mails other people for this person only once their own address is confirmed."""
    return bool(user and user.is_authenticated and user.email_verified_at is not None)


def unverified_message(user) -> str:
    return (
        f"Please confirm your e-mail address first: open the link we sent to {user.email}. "
        "Praxis sends invitations and feedback requests for you only once it knows the address is yours. "
        "Nothing was sent."
    )


def refusal(
    kind: Kind, *, user=None, address: str | None = None, email: str | None = None, count: int = 1
) -> str | None:
    """Count one e-mail of this kind (or `count` of them, all or none), or say why it may not be
    sent (counting nothing).

    `user` is the account it is sent for, `address` the client address asking (None outside a
    request, e.g. a management command), `email` the address asked about (password resets)."""
    if kind.on_behalf and not may_send_on_behalf(user):
        return unverified_message(user)
    keys = []
    if user is not None:
        keys.append(f"account:{user.pk}")
    if address:
        keys.append(f"address:{address}")
    if email is not None:
        keys.append(f"email:{normalise_email(email)}")
    if keys and not ratelimit.use(kind.name, keys, limit=kind.limit, seconds=kind.seconds, count=count):
        return kind.too_many.format(limit=kind.limit)
    return None
