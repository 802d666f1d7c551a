"""A practitioner's week in the journal, and her supervisor reading what she shared, in a browser.

Alice logs a support activity (the date is already today's, so the first save succeeds), shares
it with her supervisors, logs an hour and a half of learning, and sees both in her practice-log
summary; a search that finds nothing says so. Carol, her supervisor, finds the shared entry from
her own journal page ("Shared with you"), by practitioner, and reads it. Earlier entries are made
through the services: the browser adds nothing there. Interactions are counted where they are
the point (logging an activity). Screenshots at 1280 and 390 px with PRAXIS_SCREENSHOTS=1.
"""

import os
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from praxis.accounts.services import share_set
from praxis.journal import services as journal

from .conftest import DESKTOP
from .helpers import (
    NARROW,
    assert_no_serious_violations,
    expect_message,
    field_label,
    sideways_overflow,
    sign_in,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Coaching the ward team on huddles"


def look(page, screenshot, name):
    """At 1280 and 390 px: no sideways scrolling on a phone, and a screenshot to look at when
    PRAXIS_SCREENSHOTS=1 is set."""
    take = os.environ.get("PRAXIS_SCREENSHOTS") == "1"
    if take:
        screenshot(page, f"{name}-1280")
    page.set_viewport_size(NARROW)
    page.reload()
    assert sideways_overflow(page) <= 0, name
    if take:
        screenshot(page, f"{name}-390")
    page.set_viewport_size(DESKTOP)


def test_a_practitioner_logs_her_week_and_shares_an_entry(page, alice, carol, northside, screenshot):
    for n in range(3):  # earlier weeks
        journal.create_entry(
            owner=alice,
            kind="support",
            fields={
                "occurred_on": date.today() - timedelta(days=30 + n),
                "title": f"Site visit {n}",
                "duration_minutes": 60,
                "mode": "virtual",
                "site": "Northfield",
            },
            tags=["facilitation"],
        )
    sign_in(page, "alice@example.org")
    clicks = 0
    page.get_by_role("link", name="Journal", exact=True).first.click()
    page.get_by_role("link", name="Write an entry").click()
    page.get_by_role("link", name="A support activity").click()
    clicks += 3
    expect(page.get_by_label(field_label("Date"))).to_have_value(timezone.localdate().isoformat())
    page.get_by_label(field_label("Title")).fill(TITLE)
    page.get_by_label(field_label("Duration (minutes)")).fill("90")
    page.get_by_label(field_label("Mode")).select_option(label="Onsite")
    page.get_by_text("Choose competencies and principles yourself").click()
    page.get_by_role("checkbox", name="Facilitation", exact=True).check()
    clicks += 5
    assert_no_serious_violations(page)
    page.get_by_role("button", name="Save entry").click()
    clicks += 1
    expect_message(page, "Your entry is saved")  # the first save succeeds: the date was today's
    assert clicks == 9  # three to the form, five fields, one save; no date to type
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    page.get_by_role("button", name="Share with my supervisors there").click()
    expect_message(page, "Shared with Northside")

    page.goto("/journal/new/learning/")
    page.get_by_label(field_label("Title")).fill("Reading on facilitation")
    page.get_by_label(field_label("Type of learning")).select_option(label="Reading")
    page.get_by_label(field_label("Hours")).fill("1.5")
    page.get_by_text("Choose competencies and principles yourself").click()
    page.get_by_role("checkbox", name="Facilitation", exact=True).check()
    page.get_by_role("button", name="Save entry").click()
    expect_message(page, "Your entry is saved")

    page.goto("/journal/summary/")
    expect(page.locator(".lead")).to_contain_text("Learning: 1.5 h over 1 entry")
    expect(page.get_by_role("row", name=re.compile(r"^Facilitation 4 h 30 min 1\.5 h$"))).to_be_visible()
    assert_no_serious_violations(page)
    look(page, screenshot, "journal-summary")

    page.goto("/journal/")
    page.get_by_label(field_label("Words")).fill("zebra")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("status")).to_contain_text("No entries match “zebra”")
    assert_no_serious_violations(page)
    look(page, screenshot, "journal-empty-search")


def test_a_supervisor_finds_and_reads_what_was_shared_with_her(
    page, alice, bob, carol, northside, screenshot
):
    for n in range(3):
        entry = journal.create_entry(
            owner=alice,
            kind="learning",
            fields={
                "occurred_on": date.today() - timedelta(days=n),
                "title": f"Course day {n}",
                "learning_type": "course",
                "hours": Decimal(2),
            },
        )
        share_set(owner=alice, obj=entry, organisation=northside, audience="supervisors")
    journal.create_entry(
        owner=alice, kind="reflection", fields={"occurred_on": date.today(), "title": "Kept private"}
    )
    sign_in(page, "carol@example.org")
    page.get_by_role("link", name="Journal", exact=True).first.click()
    page.get_by_role("link", name="Shared with you: 3 entries").click()
    expect(page.get_by_role("heading", name="Shared with you")).to_be_visible()
    assert_no_serious_violations(page)
    look(page, screenshot, "journal-shared-people")
    page.get_by_role("link", name="Alice").click()
    expect(page.get_by_role("heading", name="Alice’s shared entries")).to_be_visible()
    expect(page.locator("ol.entries > li")).to_have_count(3)
    expect(page.get_by_text("Kept private")).to_have_count(0)
    assert_no_serious_violations(page)
    look(page, screenshot, "journal-shared-entries")
    page.get_by_role("link", name="Course day 0").click()
    expect(page.get_by_text("Alice’s entry, shared with you")).to_be_visible()
    expect(page.get_by_role("button", name="Delete")).to_have_count(0)
