"""E-mail goes out after the transaction commits, and a failed send leaves a state that can be
retried: the rater or invitation is saved with `email_sent_at` empty, "Send again" works, and
adding the same rater again resends instead of answering "already invited"."""

from datetime import date, timedelta
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from praxis.accounts.models import Invitation
from praxis.feedback import services as feedback
from praxis.feedback.models import Rater

pytestmark = pytest.mark.django_db


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise SMTPException("mail server down")


FAILING = f"{__name__}.FailingBackend"


@pytest.fixture
def round_(alice):
    return feedback.create_round(
        owner=alice,
        title="Round",
        message="",
        closes_on=date.today() + timedelta(days=10),
        competency_ids=["co-design"],
        include_relationship=False,
    )


def test_a_rater_e_mail_is_sent_only_after_commit_and_stamped(round_, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rater, _ = feedback.add_rater(round_=round_, email="sam@example.org", name="Sam", relationship="peer")
        assert len(mail.outbox) == 0  # nothing is sent before the commit
    assert len(callbacks) == 1 and len(mail.outbox) == 1
    assert Rater.objects.get(pk=rater.pk).email_sent_at is not None


def test_a_failed_rater_e_mail_can_be_sent_again(
    client, alice, round_, settings, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    url = reverse("feedback:round", args=[round_.pk])
    posted = {"action": "add_rater", "email": "sam@example.org", "name": "Sam", "relationship": "peer"}
    settings.EMAIL_BACKEND = FAILING
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, posted).status_code == 302  # no 500: the rater is saved, unsent
    rater = Rater.objects.get(email="sam@example.org")
    assert rater.email_sent_at is None
    assert "Send again" in client.get(url).content.decode()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, posted)  # adding them again resends, not "already invited"
    assert Rater.objects.filter(email="sam@example.org").count() == 1
    assert Rater.objects.get(pk=rater.pk).email_sent_at is not None
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]
    # the link in the e-mail works (a fresh one: only a hash of the old one was kept)
    token = mail.outbox[0].body.split("/feedback/r/")[1].split("/")[0]
    assert feedback.find_rater(token).pk == rater.pk


def test_the_send_again_button_resends_a_failed_rater_e_mail(
    client, alice, round_, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING
    with django_capture_on_commit_callbacks(execute=True):
        rater, _ = feedback.add_rater(round_=round_, email="sam@example.org", name="", relationship="peer")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("feedback:round", args=[round_.pk]), {"action": "resend", "rater": rater.pk})
    assert len(mail.outbox) == 1
    assert Rater.objects.get(pk=rater.pk).email_sent_at is not None


def test_a_failed_invitation_e_mail_can_be_sent_again_by_the_lead(
    client, lena, northside, settings, django_capture_on_commit_callbacks
):
    client.force_login(lena)
    url = reverse("accounts:organisation_invite", args=[northside.slug])
    settings.EMAIL_BACKEND = FAILING
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"email": "new@example.org", "role": "practitioner"}).status_code == 302
    invitation = Invitation.objects.get(email="new@example.org")
    assert invitation.email_sent_at is None
    page = client.get(reverse("accounts:organisation", args=[northside.slug])).content.decode()
    assert "Send again" in page
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"resend": invitation.pk})
    assert Invitation.objects.get(pk=invitation.pk).email_sent_at is not None
    assert [m.to for m in mail.outbox] == [["new@example.org"]]
