"""The supervision conversation: the supervisor opens a supervisee's page from the dashboard, sees
what is new since they marked it seen, writes a shared and a private note and an agreed action;
the practitioner sees the shared note (never the private one) and accepts the action into their
plan. Data the browser adds nothing to is seeded through the services."""

import os
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from praxis.accounts import services as accounts
from praxis.accounts.models import ShareAudience
from praxis.development import services as plans
from praxis.feedback import services as feedback
from praxis.journal import services as journal
from praxis.supervision.tests.conftest import feedback_round

from .conftest import DESKTOP
from .helpers import NARROW, assert_no_serious_violations, sideways_overflow, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("PRAXIS_SCREENSHOTS") == "1"


def _share(owner, obj, organisation):
    accounts.share_set(owner=owner, obj=obj, organisation=organisation, audience=ShareAudience.SUPERVISORS)


def _entry(owner, title, organisation):
    entry = journal.create_entry(
        owner=owner, kind="reflection", fields={"occurred_on": date(2026, 11, 2), "title": title}
    )
    _share(owner, entry, organisation)
    return entry


@pytest.fixture
def shared(alice, carol, northside, make_assessment, all_quick_answers):
    _share(alice, make_assessment(alice, answers=all_quick_answers("2")), northside)
    _share(alice, make_assessment(alice, answers=all_quick_answers("3")), northside)
    plan = plans.create_plan(owner=alice)
    focus = plans.add_focus(plan=plan, competency_id="co-design")
    plans.step_add(focus=focus, text="Plan a workshop with families", due_on=None)
    plans.link_evidence(focus=focus, entry=_entry(alice, "First family meeting", northside))
    _share(alice, plan, northside)
    _share(alice, feedback.close_round(round_=feedback_round(alice, 3)), northside)
    return plan


def _look(page, screenshot, name):
    """Screenshots at 1280 and 390 px when PRAXIS_SCREENSHOTS=1; the page never scrolls sideways."""
    page.set_viewport_size(NARROW)
    assert sideways_overflow(page) <= 0, name
    if SHOTS:
        screenshot(page, f"{name}-390")
    page.set_viewport_size(DESKTOP)
    if SHOTS:
        screenshot(page, f"{name}-1280")


def test_supervisor_runs_the_conversation_and_the_practitioner_accepts_the_action(
    page, tabs, alice, northside, shared, screenshot
):
    sign_in(page, "carol@example.org")
    page.get_by_role("link", name="Alice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Supervision with Alice")
    expect(page.get_by_role("region", name="Conversation guide")).to_contain_text("Reflective question 9")
    expect(page.get_by_role("region", name="Feedback from others")).to_contain_text("Listens well")
    page.get_by_role("button", name="Mark everything as seen").click()
    expect(page.locator("#since")).to_contain_text("Nothing new since")

    _entry(alice, "A hard conversation with the board", northside)  # alice writes between visits
    page.reload()
    expect(page.locator("#since")).to_contain_text("1 new thing")
    journal_list = page.get_by_role("region", name=re.compile("^Journal entries shared with you"))
    expect(journal_list.get_by_role("listitem").filter(has_text="A hard conversation")).to_contain_text("New")
    expect(journal_list.get_by_role("listitem").filter(has_text="First family meeting")).not_to_contain_text(
        "New"
    )
    assert_no_serious_violations(page)
    _look(page, screenshot, "supervision-conversation")

    notes = page.get_by_role("region", name="Notes")
    notes.get_by_label("Note").fill("You handled the board with real care.")
    notes.get_by_label("Me and the practitioner").check()
    notes.get_by_role("button", name="Save the note").click()
    expect(page.locator(".messages[role='status']")).to_contain_text("Alice can read it")
    notes.get_by_label("Note").fill("Check in about workload next time.")
    notes.get_by_role("button", name="Save the note").click()  # "Only me" is the default
    actions = page.get_by_role("region", name="Agreed actions")
    actions.get_by_label("Agreed action").fill("Co-design the next session agenda with two parents")
    actions.get_by_label("Competency it develops (optional)").select_option("co-design")
    actions.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("region", name="Agreed actions")).to_contain_text("Waiting for Alice")

    mine = tabs.open()
    try:
        sign_in(mine, "alice@example.org")
        mine.get_by_role("link", name="From your supervisors").click()
        expect(mine.get_by_role("region", name=re.compile("^Notes shared with you"))).to_contain_text(
            "You handled the board with real care."
        )
        expect(mine.locator("main")).not_to_contain_text("workload")
        waiting = mine.get_by_role("region", name=re.compile("^Agreed actions waiting"))
        expect(waiting.get_by_label("Add it as a next step to")).to_have_value(
            str(shared.focuses.get().pk)  # the action's competency is a focus of her plan: chosen for her
        )
        assert_no_serious_violations(mine)
        _look(mine, screenshot, "supervision-mine")
        waiting.get_by_role("button", name=re.compile("^Accept")).click()
        expect(mine.locator(".messages[role='status']")).to_contain_text("now a next step in your plan")
        expect(mine.locator(f"#focus-{shared.focuses.get().pk}")).to_contain_text(
            "Co-design the next session agenda with two parents"
        )
    finally:
        tabs.done(mine)

    page.reload()
    expect(page.get_by_role("region", name="Agreed actions").get_by_role("listitem")).to_contain_text(
        "Accepted"
    )
