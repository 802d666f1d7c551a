"""Deleting asks once and can be undone, in a real browser with JavaScript switched off: remove a
plan focus, confirm, undo from the message and see it back with its step; delete a journal entry
and restore it from Recently deleted."""

import os
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from praxis.development import services as plans
from praxis.journal import services as journal

from .conftest import DESKTOP
from .helpers import NARROW, assert_no_serious_violations, expect_message, name_of, sideways_overflow, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STEP = "Shadow a co-design workshop"
TITLE = "Steering group on the intake form"


@pytest.fixture
def no_script_page(tabs):
    return tabs.open(javascript=False)


def test_remove_a_focus_then_undo_and_delete_an_entry_then_restore_it(no_script_page, alice):
    page = no_script_page
    plan = plans.create_plan(owner=alice)
    focus = plans.add_focus(plan=plan, competency_id="co-design")
    plans.step_add(focus=focus, text=STEP, due_on=None)
    entry = journal.create_entry(
        owner=alice, kind="reflection", fields={"occurred_on": date.today(), "title": TITLE}
    )
    sign_in(page, alice.email)

    # A focus: one click opens the question, the second removes it; Undo is in the message.
    page.goto(plan.get_absolute_url())
    section = page.locator(f"#focus-{focus.pk}")
    section.locator("summary", has_text="Remove this focus").click()
    expect(section.get_by_text("Its reasons, next steps, resources, people")).to_be_visible()
    section.get_by_role("button", name="Yes, remove this focus").click()
    expect_message(page, "The focus is removed.")
    expect(page.locator(f"#focus-{focus.pk}")).to_have_count(0)
    page.locator(".messages").get_by_role("button", name="Undo").click()
    expect_message(page, f"“{name_of('co-design')}” is back.")
    expect(page.locator(f"#focus-{focus.pk}")).to_contain_text(STEP)

    # An entry: deleted, then restored from Recently deleted (linked from the profile page).
    page.goto(f"/journal/{entry.pk}/")
    page.locator("summary", has_text="Delete").click()
    page.get_by_role("button", name="Yes, delete this entry").click()
    expect_message(page, "The entry is deleted.")
    page.goto("/accounts/profile/")
    page.get_by_role("link", name="Recently deleted").click()
    item = page.locator(".deleted-item").filter(has_text=TITLE)
    expect(item).to_contain_text("(journal entry)")
    item.get_by_role("button", name=re.compile(r"^Restore")).click()
    expect(page).to_have_url(re.compile(rf"/journal/{entry.pk}/$"))
    expect_message(page, f"“{TITLE}” is back.")


def test_the_question_the_message_and_the_list_are_accessible_and_fit_a_phone(page, alice, screenshot):
    """axe once per page (it needs JavaScript); screenshots at 1280 and 390 px with PRAXIS_SCREENSHOTS=1."""
    plan = plans.create_plan(owner=alice)
    focus = plans.add_focus(plan=plan, competency_id="co-design")
    plans.add_focus(plan=plan, competency_id="communication")
    for title in (TITLE, "A very long title: " + "interdisciplinaryco-designworkshops" * 3):
        journal.delete_entry(
            entry=journal.create_entry(
                owner=alice, kind="reflection", fields={"occurred_on": date.today(), "title": title}
            )
        )
    sign_in(page, alice.email, go_to=plan.get_absolute_url())
    section = page.locator(f"#focus-{focus.pk}")
    section.locator("summary", has_text="Remove this focus").click()
    section.get_by_role("button", name="Yes, remove this focus").click()
    expect_message(page, "The focus is removed.")
    page.locator("summary", has_text="Remove this focus").click()  # the other focus's question, open
    assert_no_serious_violations(page)
    look(page, screenshot, "undo-message-and-question")
    page.goto("/deleted/")
    expect(page.locator(".deleted-item")).to_have_count(3)
    assert_no_serious_violations(page)
    look(page, screenshot, "recently-deleted")


def look(page, screenshot, name):
    """The phone width never scrolls sideways; screenshots at both widths when asked for."""
    page.set_viewport_size(NARROW)
    assert sideways_overflow(page) <= 0
    if os.environ.get("PRAXIS_SCREENSHOTS") == "1":
        screenshot(page, f"{name}-390")
        page.set_viewport_size(DESKTOP)
        screenshot(page, f"{name}-1280")
    page.set_viewport_size(DESKTOP)
