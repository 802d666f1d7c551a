"""Changing one's password, and the limits on password reset e-mails."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"
NEW = "a-brand-new-passphrase"


def change(client, old, new1, new2=None):
    return client.post(
        reverse("accounts:password_change"),
        {"old_password": old, "new_password1": new1, "new_password2": new2 or new1},
    )


def test_the_profile_links_to_the_change_password_page(client, alice):
    client.force_login(alice)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("accounts:password_change") in html
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert "Your current password" in page and "The new password again" in page


def test_changing_the_password_keeps_you_signed_in_and_the_old_one_stops_working(client, alice):
    client.force_login(alice)
    response = change(client, PASSWORD, NEW)
    assert response.status_code == 302 and response.url == reverse("accounts:profile")
    assert client.get(reverse("shell:dashboard")).status_code == 200  # still signed in here
    alice.refresh_from_db()
    assert alice.check_password(NEW) and not alice.check_password(PASSWORD)


def test_a_wrong_current_password_is_explained_next_to_the_field_and_changes_nothing(client, alice):
    client.force_login(alice)
    response = change(client, "not-my-password", NEW)
    assert response.status_code == 200
    assert "That is not your current password" in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_new_passwords_that_differ_or_are_weak_are_refused(client, alice):
    client.force_login(alice)
    assert "Type the same one twice" in change(client, PASSWORD, NEW, NEW + "x").content.decode()
    assert "entirely numeric" in change(client, PASSWORD, "12345678901").content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_changing_the_password_needs_signing_in(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def reset(client, email, address="198.51.100.7"):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_the_sixth_reset_for_one_account_in_an_hour_is_refused_without_sending(alice):
    for n in range(5):  # five different places, so only the per-account limit applies
        assert reset(Client(), "alice@example.org", address=f"198.51.100.{n}").status_code == 302
    assert len(mail.outbox) == 5
    response = reset(Client(), "Alice@Example.org", address="198.51.100.99")
    assert response.status_code == 429
    assert "try again in an hour" in response.content.decode()
    assert len(mail.outbox) == 5


def test_a_refused_reset_looks_the_same_whether_or_not_the_account_exists(alice):
    pages = {}
    for email in ("alice@example.org", "nobody@example.org"):
        for _ in range(5):
            reset(Client(), email, address=f"198.51.100.{len(email)}")
        response = reset(Client(), email, address="203.0.113.5")
        assert response.status_code == 429
        page = re.sub(r"[A-Za-z0-9]{64}", "TOKEN", response.content.decode())  # CSRF tokens differ
        pages[email] = page.replace(email, "EMAIL")
    assert pages["alice@example.org"] == pages["nobody@example.org"]


def test_resets_from_one_address_are_limited_across_accounts(alice, bob):
    client = Client()
    for n in range(5):
        reset(client, f"someone{n}@example.org")
    response = reset(client, "alice@example.org")
    assert response.status_code == 429
    assert mail.outbox == []
    assert reset(Client(), "alice@example.org", address="203.0.113.5").status_code == 302  # elsewhere: fine
    assert len(mail.outbox) == 1
