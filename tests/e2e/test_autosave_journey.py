"""Autosave in a real browser when things go wrong: the page never says "Saved" for a save that
did not happen, retries by itself, and shows both answers when another tab changed the same one."""

import pytest
from playwright.sync_api import expect

from .helpers import scripts_ready, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RETRYING = "Not saved — retrying"
OFFLINE = "Not saved — check your connection; your answer is kept on this page"


@pytest.fixture
def draft(alice):
    from praxis.assessments import services

    return services.start_assessment(owner=alice, kind="quick")


def stored(draft, item_id):
    answer = draft.answers.filter(item_id=item_id).first()
    return None if answer is None else answer.level


def status_of(page, item_id):
    return page.locator(f"fieldset.item[id='{item_id}'] .save-status")


def choose(page, item_id, value):
    scripts_ready(page)
    page.locator(f"label[for='a-{item_id}-{value}']").click()


def test_a_server_error_shows_not_saved_and_the_retry_saves(page, draft):
    sign_in(page, "alice@example.org")
    failures = []

    def fail_once(route):
        if not failures:
            failures.append(route.request.url)
            route.fulfill(status=500, body="Server Error (500)")
        else:
            route.continue_()

    page.route("**/autosave/", fail_once)
    page.goto(f"/assessments/{draft.pk}/page/1/")
    choose(page, "co-learning", "3")
    expect(status_of(page, "co-learning")).to_have_text(RETRYING)
    expect(status_of(page, "co-learning")).to_have_text("Saved", timeout=10_000)
    assert failures and stored(draft, "co-learning") == 3


def test_a_lost_connection_keeps_the_answer_and_saves_when_it_returns(page, draft, screenshot):
    sign_in(page, "alice@example.org", go_to=f"/assessments/{draft.pk}/page/1/")
    page.context.set_offline(True)
    choose(page, "brokering", "4")
    expect(status_of(page, "brokering")).to_have_text(RETRYING)
    # After a few failed attempts (1 s, 2 s, 4 s apart) the page says so more plainly.
    expect(status_of(page, "brokering")).to_have_text(OFFLINE, timeout=15_000)
    screenshot(page, "autosave-offline")
    expect(page.locator("input[id='a-brokering-4']")).to_be_checked()
    assert stored(draft, "brokering") is None
    page.context.set_offline(False)  # the browser says it is online again: the page retries at once
    expect(status_of(page, "brokering")).to_have_text("Saved", timeout=3_000)
    assert stored(draft, "brokering") == 4


def test_two_tabs_changing_one_answer_see_both_and_choose(page, draft, screenshot):
    first = page
    sign_in(first, "alice@example.org")
    second = page.context.new_page()  # closed when the context is wiped for the next test
    url = f"/assessments/{draft.pk}/page/1/"
    first.goto(url)
    second.goto(url)

    choose(second, "co-learning", "4")
    expect(status_of(second, "co-learning")).to_have_text("Saved")

    # The first tab still shows co-learning unanswered: its change does not silently win.
    choose(first, "co-learning", "2")
    expect(status_of(first, "co-learning")).to_have_text(
        "Changed in another tab: Proficient. Yours: Emerging. Keep yours Use the other tab’s"
    )
    assert stored(draft, "co-learning") == 4
    status_of(first, "co-learning").scroll_into_view_if_needed()
    screenshot(first, "autosave-conflict")
    status_of(first, "co-learning").get_by_role("button", name="Keep yours").click()
    expect(status_of(first, "co-learning")).to_have_text("Saved")
    assert stored(draft, "co-learning") == 2

    # Now the second tab is the stale one; it takes the other tab's answer instead.
    choose(second, "co-learning", "5")
    expect(status_of(second, "co-learning")).to_contain_text(
        "Changed in another tab: Emerging. Yours: Advanced."
    )
    status_of(second, "co-learning").get_by_role("button", name="Use the other tab’s").click()
    expect(second.locator("input[id='a-co-learning-2']")).to_be_checked()
    expect(status_of(second, "co-learning")).to_have_text("Showing the answer saved in the other tab.")
    assert stored(draft, "co-learning") == 2
    # From here on the second tab knows the stored answer, so its next change simply saves.
    choose(second, "co-learning", "3")
    expect(status_of(second, "co-learning")).to_have_text("Saved")
    assert stored(draft, "co-learning") == 3
