"""Signing in: e-mail addresses in any case, and the throttle counting the real client behind a proxy."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"
PROXY = "10.0.0.2"


def sign_in(client, email, password, **extra):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, **extra)


def test_sign_in_ignores_the_case_of_the_email_address(client, alice):
    response = sign_in(client, "  Alice@EXAMPLE.org ", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_case_variants_share_one_failure_counter(client, alice):
    for variant in ["alice@example.org", "Alice@example.org", "ALICE@example.org", "alice@Example.org"]:
        sign_in(client, variant, "wrong")
    response = sign_in(client, "aLiCe@example.org", "wrong")
    assert response.status_code == 429
    assert sign_in(client, "alice@example.org", PASSWORD).status_code == 429  # locked, whatever the case


def test_behind_a_proxy_one_client_locked_out_does_not_lock_out_another(settings, alice):
    settings.PRAXIS_PROXY_COUNT = 1
    attacker, alice_at_home = Client(), Client()
    for _ in range(5):
        response = sign_in(
            attacker, "alice@example.org", "wrong", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66"
        )
    assert response.status_code == 429
    # the attacker cannot dodge the lock-out by forging another address to the left of their own
    forged = sign_in(
        attacker,
        "alice@example.org",
        PASSWORD,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.66",
    )
    assert forged.status_code == 429
    # alice, through the same proxy from her own address, signs in
    response = sign_in(
        alice_at_home, "alice@example.org", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert response.status_code == 302


def test_without_a_proxy_a_forged_forwarded_for_does_not_escape_the_lock_out(settings, alice):
    settings.PRAXIS_PROXY_COUNT = 0
    for n in range(5):
        response = sign_in(
            Client(),
            "alice@example.org",
            "wrong",
            REMOTE_ADDR="198.51.100.7",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
    assert response.status_code == 429
    response = sign_in(
        Client(),
        "alice@example.org",
        PASSWORD,
        REMOTE_ADDR="198.51.100.7",
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    assert response.status_code == 429
