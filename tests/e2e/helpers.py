"""What the browser journeys share: signing in, accessibility checks, and small look-ups."""

import re

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from praxis.framework import bundled_framework

NARROW = {"width": 390, "height": 844}  # a common phone width
PASSWORD = "a-long-test-password"  # the root conftest's test users
FRAMEWORK = bundled_framework()


def name_of(competency_id: str) -> str:
    return FRAMEWORK.competency(competency_id).name


def assert_no_serious_violations(page):
    """axe-core finds no serious or critical accessibility violations on the page."""
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in serious]


def sign_in(page, email: str, password: str = PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def expect_message(page, text: str):
    expect(page.locator(".messages[role='status']")).to_contain_text(text)


def field_label(text: str):
    """A form field's label exactly (with or without a trailing colon)."""
    return re.compile(rf"^{re.escape(text)}:?$")


def sideways_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
