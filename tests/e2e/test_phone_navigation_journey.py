"""The site on a phone: a main menu that folds away, a short header, no sideways scrolling, long
words that wrap, and scores readable at 390 px (labelled bars instead of the radar).

One signed-in walk through the main pages at 390 px measures and checks each page (axe once per
page, with the menu open so the menu is checked too); the same pages at 1280 px show the menu
open without a click. Screenshots of both widths are taken with PRAXIS_SCREENSHOTS=1.
"""

import os
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from praxis.development import services as plans
from praxis.feedback import services as feedback
from praxis.journal import services as journal

from .conftest import DESKTOP
from .helpers import FRAMEWORK, NARROW, assert_no_serious_violations, sideways_overflow, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("PRAXIS_SCREENSHOTS") == "1"
HEADER_MAX = 120  # px, at 390 px wide
LABEL_MIN = 12  # px: the smallest text a score may be shown in
# Longer than a phone is wide at any font size: it must wrap, not widen the page.
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2

# name: (url, the main menu's link for it, its aria-current)
PAGES = {
    "dashboard": ("/dashboard/", "Your dashboard", "page"),
    "assessments": ("/assessments/new/", "Assessments", "page"),
    "results": ("/assessments/{results}/results/", "Assessments", "true"),
    "plans": ("/plans/", "Plans", "page"),
    "plan": ("/plans/{plan}/", "Plans", "true"),
    "journal": ("/journal/", "Journal", "page"),
    "feedback": ("/feedback/", "Feedback", "page"),
    "guide": ("/guide/", "The framework", "page"),
}


@pytest.fixture
def practice(alice, make_assessment, all_quick_answers):
    """Alice with two quick assessments (so results show changes), a plan from the second, a
    journal entry and a feedback round whose titles hold a very long word."""
    make_assessment(alice, answers=all_quick_answers("3", co_learning="na"))
    results = make_assessment(alice, answers=all_quick_answers("4", co_learning="na", co_design="2"))
    plan = plans.create_plan(owner=alice, from_assessment=results)
    journal.create_entry(
        owner=alice,
        kind="reflection",
        fields={"occurred_on": timezone.localdate(), "title": f"On {LONG_WORD}", "body": LONG_WORD},
        tags=["co-design"],
    )
    feedback.create_round(
        owner=alice,
        title=f"Feedback on {LONG_WORD}",
        message="Thank you for taking the time.",
        closes_on=timezone.localdate() + timedelta(days=14),
        competency_ids=[c.id for c in FRAMEWORK.competencies],
        include_relationship=False,
    )
    return SimpleNamespace(results=results.pk, plan=plan.pk)


def header_height(page) -> float:
    return page.locator(".site-header").bounding_box()["height"]


def menu_parts(page):
    menu = page.locator("details.site-menu")
    return menu, menu.locator("summary"), page.get_by_role("navigation", name="Main")


def expect_bars_instead_of_radar(page):
    expect(page.locator("figure.chart")).to_be_hidden()
    bars = page.locator(".score-bars")
    expect(bars).to_be_visible()
    expect(bars.locator("li")).to_have_count(len(FRAMEWORK.competencies))
    # every competency's level is named in words, not shown by colour or length alone
    levels = {level.label for level in FRAMEWORK.scale.levels}
    for text in bars.locator(".score-bar-value").all_inner_texts():
        assert any(label in text for label in levels | {"Not applicable", "Not enough"}), text
    co_design = bars.locator("li").filter(has=page.get_by_role("link", name="Co-design", exact=True))
    expect(co_design.locator(".score-bar-value")).to_have_text(
        "Emerging, −1.0"
    )  # one item: its level, no decimal
    co_learning = bars.locator("li").filter(has=page.get_by_role("link", name="Co-learning", exact=True))
    expect(co_learning.locator(".score-bar-value")).to_have_text("Not applicable to this role")
    sizes = bars.evaluate_all(
        "els => els.flatMap(e => [...e.querySelectorAll('a, .score-bar-value')])"
        ".map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert min(sizes) >= LABEL_MIN, f"score labels as small as {min(sizes)}px"


def test_main_pages_fit_a_phone_and_the_menu_folds_away(page, screenshot, practice):
    page.set_viewport_size(NARROW)
    sign_in(page, "alice@example.org")
    menu, toggle, nav = menu_parts(page)
    heights = {}
    for name, (url, link, current) in PAGES.items():
        response = page.goto(url.format(results=practice.results, plan=practice.plan))
        assert response.status == 200, f"{url} answered {response.status}"
        expect(toggle).to_be_visible()
        expect(nav).to_be_hidden()
        heights[name] = header_height(page)
        assert heights[name] <= HEADER_MAX, f"{name}: the header is {heights[name]}px tall at 390px"
        overflow = sideways_overflow(page)
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {NARROW['width']}px wide"
        if name == "results":
            expect_bars_instead_of_radar(page)
        if SCREENSHOTS:
            screenshot(page, f"phone-navigation-{name}-{NARROW['width']}")
        toggle.click()
        expect(nav).to_be_visible()
        expect(nav.get_by_role("link", name=link, exact=True)).to_have_attribute("aria-current", current)
        expect(nav.locator("[aria-current]")).to_have_count(1)
        assert sideways_overflow(page) <= 0, f"{name} scrolls sideways with the menu open"
        if SCREENSHOTS and name == "dashboard":
            screenshot(page, f"phone-navigation-menu-open-{NARROW['width']}")
        assert_no_serious_violations(page)  # the page and its open menu
    print(f"header heights at 390px: {heights}")

    page.set_viewport_size(DESKTOP)
    for name, (url, link, _) in PAGES.items():
        page.goto(url.format(results=practice.results, plan=practice.plan))
        expect(toggle).to_be_hidden()  # wide enough: the menu is simply there
        expect(nav.get_by_role("link", name=link, exact=True)).to_be_visible()
        if name == "results":
            expect(page.locator("figure.chart svg")).to_be_visible()
            expect(page.locator(".score-bars")).to_be_hidden()
        if SCREENSHOTS:
            screenshot(page, f"phone-navigation-{name}-desktop")
        if not SCREENSHOTS:
            break  # one wide page shows the menu open; the others only matter to look at


def test_the_menu_opens_and_closes_from_the_keyboard(page, practice):
    page.set_viewport_size(NARROW)
    sign_in(page, "alice@example.org")
    menu, toggle, nav = menu_parts(page)
    page.goto("/journal/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("open", "")
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Your dashboard")).to_be_focused()
    for _ in range(3):
        page.keyboard.press("Tab")
    journal_link = nav.get_by_role("link", name="Journal", exact=True)
    expect(journal_link).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # follows "Plans"
    expect(page.get_by_role("heading", level=1)).to_have_text("Your development plans")
    expect(nav).to_be_hidden()  # a new page starts with the menu folded
    toggle.focus()
    page.keyboard.press("Enter")
    expect(nav).to_be_visible()
    page.keyboard.press("Space")
    expect(nav).to_be_hidden()


def test_signed_out_home_on_a_phone_without_javascript(tabs, page, screenshot):
    bare = tabs.open(viewport=NARROW, javascript=False)
    try:
        bare.goto("/")
        menu, toggle, nav = menu_parts(bare)
        assert header_height(bare) <= HEADER_MAX
        assert sideways_overflow(bare) <= 0
        for who in ("If you support implementation", "If you supervise or coach", "For an organisation"):
            expect(bare.get_by_role("heading", level=3, name=who)).to_be_visible()
        if SCREENSHOTS:
            screenshot(bare, f"phone-navigation-home-{NARROW['width']}")
        toggle.click()
        expect(nav.get_by_role("link", name="The framework")).to_be_visible()
        expect(
            bare.get_by_role("navigation", name="Your account").get_by_role("link", name="Sign in")
        ).to_be_visible()
    finally:
        tabs.done(bare)
    # axe needs JavaScript: the same page, menu open, in an ordinary browser
    page.set_viewport_size(NARROW)
    page.goto("/")
    menu_parts(page)[1].click()
    assert_no_serious_violations(page)
    if SCREENSHOTS:
        page.set_viewport_size(DESKTOP)
        screenshot(page, "phone-navigation-home-desktop")
