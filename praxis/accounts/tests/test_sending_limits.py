"""Limits on what Praxis e-mails for someone: invitations and feedback requests, per account and
per client address. A reached limit sends nothing and changes nothing."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from praxis.accounts import services
from praxis.accounts.models import Invitation
from praxis.feedback import services as feedback
from praxis.feedback.models import Rater

pytestmark = pytest.mark.django_db


def new_round(owner):
    return feedback.create_round(
        owner=owner,
        title="Feedback",
        message="",
        closes_on=timezone.localdate() + timedelta(days=7),
        competency_ids=["co-learning"],
        include_relationship=False,
    )


def test_the_fifty_first_invitation_of_the_day_is_refused(
    lena, northside, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(50):
            services.invite(
                organisation=northside, invited_by=lena, email=f"p{n}@example.org", role="practitioner"
            )
        with pytest.raises(services.AccountsError, match="at most 50 invitations a day"):
            services.invite(
                organisation=northside, invited_by=lena, email="one-more@example.org", role="practitioner"
            )
    assert Invitation.objects.count() == 50 and len(mail.outbox) == 50
    assert not Invitation.objects.filter(email="one-more@example.org").exists()


def test_invitations_from_one_address_are_limited_across_accounts(settings, lena, dave, northside, southside):
    settings.PRAXIS_LIMIT_INVITATIONS_PER_DAY = 3
    for n in range(3):
        services.invite(
            organisation=northside,
            invited_by=lena,
            email=f"p{n}@example.org",
            role="practitioner",
            address="198.51.100.7",
        )
    with pytest.raises(services.AccountsError, match="one network"):
        services.invite(
            organisation=southside,
            invited_by=dave,
            email="x@example.org",
            role="practitioner",
            address="198.51.100.7",
        )
    services.invite(
        organisation=southside,
        invited_by=dave,
        email="x@example.org",
        role="practitioner",
        address="203.0.113.5",
    )
    assert Invitation.objects.count() == 4


def test_the_invitation_page_says_when_the_limit_is_reached(settings, client, lena, northside):
    settings.PRAXIS_LIMIT_INVITATIONS_PER_DAY = 1
    client.force_login(lena)
    url = reverse("accounts:organisation_invite", args=["northside"])
    client.post(url, {"email": "a@example.org", "role": "practitioner"})
    response = client.post(url, {"email": "b@example.org", "role": "practitioner"}, follow=True)
    assert "at most 1 invitations a day" in response.content.decode()
    assert list(Invitation.objects.values_list("email", flat=True)) == ["a@example.org"]


def test_eighty_rater_emails_from_one_confirmed_account_stop_at_fifty(
    alice, django_capture_on_commit_callbacks
):
    rounds = [new_round(alice), new_round(alice)]  # a round holds 40 raters at most
    refused = 0
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(80):
            try:
                feedback.add_rater(
                    round_=rounds[n % 2],
                    email=f"r{n}@example.org",
                    name="",
                    relationship="peer",
                    address="198.51.100.7",
                )
            except feedback.FeedbackError as error:
                assert "at most 50 feedback requests a day" in str(error)
                refused += 1
    assert refused == 30
    assert Rater.objects.count() == 50 and len(mail.outbox) == 50


def test_rater_emails_from_one_address_are_limited_across_accounts(settings, alice, bob):
    settings.PRAXIS_LIMIT_RATER_EMAILS_PER_DAY = 2
    for n in range(2):
        feedback.add_rater(
            round_=new_round(alice),
            email=f"r{n}@example.org",
            name="",
            relationship="peer",
            address="198.51.100.7",
        )
    with pytest.raises(feedback.FeedbackError, match="one network"):
        feedback.add_rater(
            round_=new_round(bob), email="r@example.org", name="", relationship="peer", address="198.51.100.7"
        )
    assert not Rater.objects.filter(round__owner=bob).exists()


def test_raters_added_without_an_email_are_not_counted(settings, alice):
    settings.PRAXIS_LIMIT_RATER_EMAILS_PER_DAY = 1
    round_ = new_round(alice)
    for n in range(3):  # as the demo data does
        feedback.add_rater(
            round_=round_, email=f"r{n}@example.org", name="", relationship="peer", notify=False
        )
    feedback.add_rater(round_=round_, email="sent@example.org", name="", relationship="peer")
    assert round_.raters.count() == 4


def test_the_round_page_says_when_the_rater_limit_is_reached(settings, client, alice):
    settings.PRAXIS_LIMIT_RATER_EMAILS_PER_DAY = 1
    round_ = new_round(alice)
    client.force_login(alice)
    url = reverse("feedback:round", args=[round_.pk])
    client.post(url, {"action": "add_rater", "email": "a@example.org", "name": "", "relationship": "peer"})
    response = client.post(
        url,
        {"action": "add_rater", "email": "b@example.org", "name": "", "relationship": "peer"},
        follow=True,
    )
    assert "at most 1 feedback requests a day" in response.content.decode()
    assert list(round_.raters.values_list("email", flat=True)) == ["a@example.org"]
