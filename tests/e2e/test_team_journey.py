"""A lead makes a team and places members; each member makes their own two choices; the heat map
names only those who chose it; team statistics appear only once enough people are counted."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from conftest import _member, _person
from praxis.accounts.services import consents_set
from praxis.assessments.models import Assessment

from .conftest import DESKTOP
from .helpers import NARROW, assert_no_serious_violations, expect_message, sideways_overflow, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _both_widths(page, screenshot, name):
    """Screenshots at 1280 and 390 px (only under PRAXIS_SCREENSHOTS=1); nothing spills sideways
    on a phone except inside the heat map's own scrolling region."""
    screenshot(page, f"{name}-1280")
    page.set_viewport_size(NARROW)
    assert sideways_overflow(page) <= 1, name
    screenshot(page, f"{name}-390")
    page.set_viewport_size(DESKTOP)


def _choose(browser, live_server, email, label):
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    try:
        member = context.new_page()
        sign_in(member, email)
        member.goto("/organisations/northside/my-team-choices/")
        member.get_by_label(label).check()
        member.get_by_role("button", name="Save my choices").click()
        expect_message(member, "Your choices are saved")
        return member.content()
    finally:
        context.close()


def test_lead_builds_a_team_and_sees_named_members_and_statistics_above_the_threshold(
    page, browser, live_server, screenshot, northside, alice, bob, lena, make_assessment, all_quick_answers
):
    make_assessment(alice, answers=all_quick_answers("4", co_learning="na"))
    make_assessment(bob, answers=all_quick_answers("2"))

    # Alice: shown by name to the leads. Bob: counted without his name. Each chooses for themself.
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    member = context.new_page()
    sign_in(member, alice.email)
    member.goto("/organisations/northside/")
    member.get_by_role("link", name="Teams, your team choices and the team view").click()
    member.get_by_role("link", name="See and change your team choices").click()
    expect(member.get_by_label(re.compile("with my name"))).not_to_be_checked()
    expect(member.get_by_label(re.compile("Count my latest assessment, without my name"))).not_to_be_checked()
    assert_no_serious_violations(member)
    _both_widths(member, screenshot, "team-choices")
    member.get_by_label(re.compile("with my name")).check()
    member.get_by_role("button", name="Save my choices").click()
    expect_message(member, "Your choices are saved")
    context.close()
    _choose(browser, live_server, bob.email, re.compile("Count my latest assessment, without my name"))

    # Lena creates a team and places both.
    sign_in(page, lena.email)
    page.goto("/organisations/northside/teams/")
    page.get_by_label("Team name").fill("Coaching")
    page.get_by_role("button", name="Create team").click()
    expect_message(page, "Team “Coaching” created")
    for person in ("Alice", "Bob"):
        page.get_by_role("button", name=f"Add {person} to Coaching").click()
        expect_message(page, f"{person} is now in Coaching")
    assert_no_serious_violations(page)
    _both_widths(page, screenshot, "team-page")

    # The heat map names Alice (who chose it) and never Bob.
    page.get_by_role("link", name="Teams in Northside").click()
    page.get_by_role("link", name="Heat map").click()
    table = page.get_by_role("table")
    expect(table.get_by_role("rowheader")).to_have_count(1)
    expect(table.get_by_role("rowheader")).to_contain_text("Alice")
    expect(page.locator("main")).not_to_contain_text("Bob")
    expect(table.locator("td.heat-na").first).to_have_text("N/A")
    expect(table.locator("td.heat-4").first).to_have_text("Proficient")
    page.get_by_label("Team", exact=True).select_option(label="Coaching")
    page.get_by_label("Sort by").select_option(label="Brokering, highest first")
    page.get_by_role("button", name="Show").click()
    expect(table.get_by_role("rowheader")).to_contain_text("Alice")
    assert_no_serious_violations(page)
    _both_widths(page, screenshot, "team-heat-map")

    # The heat map as a spreadsheet: the same people (with the page's filters), and it opens.
    with page.expect_download() as download:
        page.get_by_role("link", name="spreadsheet (XLSX)").click()
    assert download.value.suggested_filename == "heat-map-northside.xlsx"
    with open(download.value.path(), "rb") as xlsx:  # saved without the .xlsx openpyxl looks for
        rows = list(load_workbook(xlsx).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Name", "Role", "Latest assessment")
    assert [row[0] for row in rows[1:]] == ["Alice"]

    # Statistics: Bob alone is too few to show anything; with two more counted colleagues, they appear
    # (as at the end of the month in which they had assessed).
    page.get_by_role("link", name="Team statistics").click()
    expect(page.locator("main")).to_contain_text("Nothing to show for this group yet")
    expect(page.locator("table")).to_have_count(0)
    for name in ("cai", "dee"):
        person = _member(_person(name), northside, "practitioner")
        make_assessment(person, answers=all_quick_answers("5"))
        consents_set(user=person, organisation=northside, named_to_leads=False, counted_in_statistics=True)
    Assessment.objects.update(submitted_at=timezone.now() - timedelta(days=40))
    page.reload()
    stats = page.get_by_role("table")
    expect(stats).to_contain_text("3 people counted in Northside")
    expect(page.locator("main")).not_to_contain_text("Bob")
    assert_no_serious_violations(page)
    _both_widths(page, screenshot, "team-statistics")

    # Growth: month ends to choose from, never a day; the same month twice shows its figures twice.
    page.get_by_role("link", name="Team growth").click()
    expect(page.get_by_label("First month end")).to_be_visible()
    expect(page.get_by_label("Second month end")).to_be_visible()
    expect(page.locator("main")).to_contain_text("3 people counted on")
    assert_no_serious_violations(page)
    _both_widths(page, screenshot, "team-growth")
