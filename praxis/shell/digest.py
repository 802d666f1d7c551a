"""The weekly e-mail digest: off until a person switches it on in their profile, sent by
`praxis send_digests` (run it from cron, say every Monday morning), at most once a week.

- It goes only to active people whose e-mail address is confirmed, and within the limits of
  `praxis.accounts.outgoing` (kind DIGEST), like everything else Praxis e-mails.
- It says what the dashboard's "This week" says (`selectors.week_for`), and is not sent at all
  when there is nothing to say.
- Running the command twice in a week sends once: the week is recorded (`DigestPreference.sent_week`)
  by a conditional update before the e-mail goes, and given back if sending fails.
- Every e-mail carries a one-click unsubscribe link: a signed token naming the person, which works
  without signing in. A mail client may POST to it (RFC 8058, `List-Unsubscribe-Post`); a person who
  opens it sees a page with one button. Opening the page (GET) changes nothing.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from praxis.accounts import outgoing
from praxis.accounts.models import User

from .models import DigestPreference
from .selectors import week_for

log = logging.getLogger(__name__)

SALT = "praxis.shell.digest.unsubscribe"


def week_of(day: date) -> date:
    """The Monday of the (ISO) week `day` falls in."""
    return day - timedelta(days=day.weekday())


# -- preference ------------------------------------------------------------------------------------


def is_weekly(user) -> bool:
    return DigestPreference.objects.filter(user=user, weekly=True).exists()


@transaction.atomic
def digest_preference_set(*, user, weekly: bool) -> DigestPreference:
    preference, _ = DigestPreference.objects.update_or_create(user=user, defaults={"weekly": weekly})
    return preference


# -- unsubscribe links -------------------------------------------------------------------------------


def _address_mark(email: str) -> str:
    """A short fingerprint of the address, so a link stops working if the account's address
    changes (or its id is ever reused) without putting the address itself in the link."""
    return hashlib.sha256(email.lower().encode()).hexdigest()[:16]


def unsubscribe_token(user) -> str:
    return signing.dumps([user.pk, _address_mark(user.email)], salt=SALT, compress=False)


def person_for_token(token: str) -> User | None:
    """The person an unsubscribe link was made for, or None for a forged, damaged or stale link."""
    try:
        pk, mark = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(pk, int) or not isinstance(mark, str):
        return None
    user = User.objects.filter(pk=pk).first()
    if user is None or _address_mark(user.email) != mark:
        return None
    return user


def unsubscribe(*, user) -> bool:
    """Switch the weekly digest off; whether it was on. Writes nothing when it was already off."""
    return DigestPreference.objects.filter(user=user, weekly=True).update(weekly=False) > 0


def unsubscribe_url(user) -> str:
    return settings.SITE_URL + reverse("shell:digest_unsubscribe", args=[unsubscribe_token(user)])


# -- sending -----------------------------------------------------------------------------------------


@dataclass
class DigestRun:
    week: date
    sent: int = 0
    quiet: int = 0  # nothing to say this week
    unconfirmed: int = 0  # address not confirmed, or over the limit: not sent
    already: int = 0  # sent earlier this week

    def __str__(self) -> str:
        return (
            f"Week of {self.week:%d %B %Y}: {self.sent} digest{'s' if self.sent != 1 else ''} sent, "
            f"{self.quiet} with nothing to say, {self.unconfirmed} not sent (address not confirmed or "
            f"limit reached), {self.already} already sent this week."
        )


def digest_message(user, week, today: date) -> EmailMessage:
    url = unsubscribe_url(user)
    context = {"user": user, "w": week, "today": today, "site": settings.SITE_URL, "unsubscribe": url}
    subject = render_to_string("shell/email/digest_subject.txt", context).strip()
    body = render_to_string("shell/email/digest.txt", context)
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


def digests_send(today: date | None = None) -> DigestRun:
    """Send this week's digest to everyone who switched it on and has not had it this week."""
    today = today or timezone.localdate()
    monday = week_of(today)
    run = DigestRun(week=monday)
    wanted = DigestPreference.objects.filter(weekly=True, user__is_active=True)
    run.already = wanted.filter(sent_week__gte=monday).count()
    due = wanted.filter(Q(sent_week__isnull=True) | Q(sent_week__lt=monday)).select_related("user")
    for preference in due.order_by("pk").iterator():
        user = preference.user
        if not outgoing.may_send_on_behalf(user):
            run.unconfirmed += 1
            continue
        week = week_for(user, today)
        if not week.has_news:
            run.quiet += 1
            continue
        claimed = (
            DigestPreference.objects.filter(pk=preference.pk, weekly=True)
            .filter(Q(sent_week__isnull=True) | Q(sent_week__lt=monday))
            .update(sent_week=monday)
        )
        if not claimed:  # another run got there first
            run.already += 1
            continue
        if outgoing.refusal(outgoing.DIGEST, user=user) is not None:
            DigestPreference.objects.filter(pk=preference.pk).update(sent_week=preference.sent_week)
            run.unconfirmed += 1
            continue
        try:
            digest_message(user, week, today).send()
        except Exception:
            DigestPreference.objects.filter(pk=preference.pk).update(sent_week=preference.sent_week)
            log.exception("The weekly digest to user %s could not be sent; it will be tried again", user.pk)
            continue
        run.sent += 1
    return run
