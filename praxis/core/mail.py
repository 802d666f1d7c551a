"""E-mail written from a text template, for links sent once a change has committed (invitations)."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.template.loader import render_to_string

log = logging.getLogger(__name__)


def mail_sent(*, to: str, subject: str, template: str, context: dict, about: str) -> bool:
    """Send one e-mail, its text from `template`, to one address; whether it went. Any failure (the
    mail server, a header the library refuses) is logged with `about` (what was being sent) and
    answers False, so the caller leaves it marked unsent and it can be sent again."""
    try:
        send_mail(
            subject=subject,
            message=render_to_string(template, context),
            from_email=None,
            recipient_list=[to],
        )
    except Exception:  # any mail failure: whoever sent it may send it again
        log.exception("%s: the e-mail failed", about)
        return False
    return True
