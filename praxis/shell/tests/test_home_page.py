"""The signed-out home page says what an account gives each kind of user; signed in, it is the
dashboard."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def headings(html: str, level: int) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", html, re.S)
    ]


def test_the_home_page_says_what_an_account_gives_a_practitioner_a_supervisor_and_an_organisation(client):
    html = client.get(reverse("shell:home")).content.decode()
    assert "What an account gives you" in headings(html, 2)
    assert headings(html, 3)[:3] == [
        "If you support implementation",
        "If you supervise or coach",
        "For an organisation",
    ]
    assert f'href="{reverse("accounts:signup")}"' in html and f'href="{reverse("accounts:login")}"' in html


def test_signed_in_the_home_page_is_the_dashboard(client, alice):
    client.force_login(alice)
    response = client.get(reverse("shell:home"))
    assert response.status_code == 302 and response.url == reverse("shell:dashboard")
