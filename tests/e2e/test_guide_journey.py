"""A newcomer finds their way around the framework guide in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from praxis.framework import bundled_framework

from .conftest import DESKTOP, PHONE
from .helpers import serious_violations, sideways_overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FRAMEWORK = bundled_framework()
GUIDE_PAGES = {
    "home": "/",
    "map": "/guide/",
    "competency": "/guide/competencies/facilitation/",
    "competency-with-children": "/guide/competencies/communication/",
    "domain": "/guide/domains/ongoing-improvement/",
    "principles": "/guide/principles/",
    "principle": "/guide/principles/advance-equity/",
    "dilemmas": "/guide/dilemmas/",
    "questions": "/guide/reflective-questions/",
    "resources": "/guide/resources/",
    "about": "/guide/about/",
    "search": "/guide/search/?q=trust",
    "not-found": "/guide/competencies/no-such-thing/",
}


def test_reach_a_competency_through_the_map(page, screenshot):
    page.goto("/")
    page.get_by_role("link", name="See the whole framework").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The framework at a glance")
    page.get_by_role("link", name="Brokering", exact=True).click()
    expect(page).to_have_url(re.compile(r"/guide/competencies/brokering/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Brokering")
    expect(page.locator(".key-activities > li")).to_have_count(7)
    screenshot(page, "journey-map-to-brokering")


def test_reach_a_key_activity_through_search(page, screenshot):
    page.goto("/guide/")
    search = page.get_by_role("searchbox", name="Search the framework")
    search.fill("go-between")
    search.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search the framework")
    result = page.locator(".results li").first
    expect(result.locator("mark").first).to_be_visible()
    screenshot(page, "journey-search-results")
    result.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/guide/competencies/brokering/#brokering\.act-as-bridge$"))
    expect(page.locator("[id='brokering.act-as-bridge']")).to_be_in_viewport()


def test_keyboard_user_can_skip_to_content(page):
    page.goto("/guide/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()


def test_guide_pages_have_no_serious_accessibility_violations_and_fit_a_phone_screen(page, screenshot):
    found = {}  # page: its problems, for the pages that have any
    for name, url in GUIDE_PAGES.items():
        page.set_viewport_size(DESKTOP)
        page.goto(url)
        problems = serious_violations(page)
        screenshot(page, f"desktop-{name}")
        page.set_viewport_size(PHONE)  # the same page laid out again at a phone's width
        overflow = sideways_overflow(page)
        if overflow > 0:
            problems.append(f"scrolls sideways by {overflow}px at {PHONE['width']}px wide")
        if problems:
            found[name] = problems
    assert not found
