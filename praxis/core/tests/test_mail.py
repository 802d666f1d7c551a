"""One e-mail from a template: sent, or a failure logged and answered False (never raised)."""

import logging
from smtplib import SMTPException

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from praxis.core.mail import mail_sent


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise SMTPException("mail server down")


CONTEXT = {"link": "https://praxis.example/confirm/abc/", "days": 3}


def _send():
    return mail_sent(
        to="sam@example.org",
        subject="Confirm",
        template="accounts/email/verify_email.txt",
        context=CONTEXT,
        about="Confirmation 7",
    )


def test_an_e_mail_is_written_from_its_template_and_sent_to_one_address():
    assert _send() is True
    (message,) = mail.outbox
    assert message.to == ["sam@example.org"] and message.subject == "Confirm"
    assert CONTEXT["link"] in message.body


def test_a_failed_e_mail_is_logged_and_answered_false_not_raised(settings, caplog):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    with caplog.at_level(logging.ERROR, logger="praxis.core.mail"):
        assert _send() is False
    assert "Confirmation 7: the e-mail failed" in caplog.text and "mail server down" in caplog.text
    assert not mail.outbox
