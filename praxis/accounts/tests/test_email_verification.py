"""Confirming one's e-mail address: sign-up starts unconfirmed, a signed link confirms it, and until
then Praxis sends no e-mail on the person's behalf."""

import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from praxis.accounts import services
from praxis.accounts.models import Invitation, Membership, User
from praxis.feedback.models import Rater
from praxis.feedback.services import create_round

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


@pytest.fixture
def sign_up(django_capture_on_commit_callbacks):
    def sign_up(client, email="nia@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("accounts:signup"), {"full_name": "Nia Jones", "email": email, "password": PASSWORD}
            )
        return User.objects.get(email=email.lower())

    return sign_up


def link_in(message) -> str:
    return re.search(r"http://127\.0\.0\.1:8000(/accounts/verify/\S+/)", message.body).group(1)


def test_sign_up_starts_unconfirmed_and_emails_a_link(sign_up, client):
    user = sign_up(client)
    assert user.email_verified_at is None
    [message] = mail.outbox
    assert message.to == ["nia@example.org"] and "Confirm your e-mail address" in message.subject
    assert "Nia" not in message.body  # nothing a stranger typed travels in Praxis's e-mail
    assert "Please confirm your e-mail address" in client.get(reverse("shell:dashboard")).content.decode()


def test_the_link_asks_for_a_click_then_confirms(sign_up, client):
    user = sign_up(client)
    link = link_in(mail.outbox[0])
    assert "Confirm my e-mail address" in client.get(link).content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None  # opening the link (or a mail scanner doing so) changes nothing
    response = client.post(link)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert "Please confirm your e-mail address" not in client.get(reverse("shell:dashboard")).content.decode()


def test_the_link_works_without_being_signed_in(sign_up, client):
    user = sign_up(client)
    response = Client().post(link_in(mail.outbox[0]))
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    user.refresh_from_db()
    assert user.email_verified


def test_a_tampered_or_foreign_link_is_refused(sign_up, client, alice):
    user = sign_up(client)
    link = link_in(mail.outbox[0])
    assert Client().post(link[:-3] + "xx/").status_code == 404
    forged = signing.dumps({"user": user.pk, "email": user.email}, salt="another-purpose")
    assert Client().post(reverse("accounts:email_verify", args=[forged])).status_code == 404
    assert Client().post(reverse("accounts:email_verify", args=["x" * 400])).status_code == 404
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_an_expired_link_is_refused_with_a_way_forward(sign_up, client, settings):
    user = sign_up(client)
    link = link_in(mail.outbox[0])
    settings.PRAXIS_EMAIL_VERIFICATION_DAYS = 0
    response = Client().post(link)
    assert response.status_code == 404 and "expired" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_a_link_stops_working_when_the_address_changes(sign_up, client):
    user = sign_up(client)
    link = link_in(mail.outbox[0])
    User.objects.filter(pk=user.pk).update(email="other@example.org")
    assert Client().post(link).status_code == 404
    assert not User.objects.get(pk=user.pk).email_verified


def test_sending_the_link_again_is_limited(sign_up, client, settings):
    sign_up(client)
    for _ in range(3):
        client.post(reverse("accounts:email_verification"))
    assert len(mail.outbox) == 4  # the first, then three more
    response = client.post(reverse("accounts:email_verification"), follow=True)
    assert "at most 3 confirmation links an hour" in response.content.decode()
    assert len(mail.outbox) == 4


def test_accepting_an_invitation_by_its_link_confirms_the_address(sign_up, client, lena, northside):
    _, token = services.invite(
        organisation=northside, invited_by=lena, email="nia@example.org", role="practitioner"
    )
    user = sign_up(client)
    client.post(reverse("accounts:invitation", args=[token]))
    user.refresh_from_db()
    assert Membership.objects.filter(user=user, organisation=northside).exists()
    assert user.email_verified


def test_people_who_were_there_before_count_as_confirmed(alice):
    assert alice.email_verified  # created by the manager (admin, commands, tests) like existing people


# -- nothing sent on an unconfirmed person's behalf ---------------------------------------------


def test_an_unconfirmed_lead_cannot_invite_and_is_told_why(sign_up, client, northside):
    user = sign_up(client)
    Membership.objects.create(user=user, organisation=northside, role="lead")
    mail.outbox.clear()
    response = client.post(
        reverse("accounts:organisation_invite", args=["northside"]),
        {"email": "friend@example.org", "role": "practitioner"},
        follow=True,
    )
    html = response.content.decode()
    assert "Please confirm your e-mail address first" in html
    assert "Send the confirmation e-mail again" in html  # the button, on the same page
    assert not Invitation.objects.exists() and mail.outbox == []


def test_eighty_rater_emails_from_an_unconfirmed_account_are_all_refused(
    sign_up, client, django_capture_on_commit_callbacks
):
    user = sign_up(client)
    round_ = create_round(
        owner=user,
        title="Feedback",
        message="Buy cheap watches at example.com",
        closes_on=timezone.localdate() + timedelta(days=7),
        competency_ids=["co-learning"],
        include_relationship=False,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(80):
            response = client.post(
                reverse("feedback:round", args=[round_.pk]),
                {
                    "action": "add_rater",
                    "email": f"target{n}@example.org",
                    "name": "",
                    "relationship": "peer",
                },
            )
    assert response.status_code == 302
    assert mail.outbox == [] and not Rater.objects.exists()
    assert "Please confirm your e-mail address first" in client.get(response.url).content.decode()
