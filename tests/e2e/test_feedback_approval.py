"""A supervisor approves a supervisee's rater list in the browser; the lead's settings survive a
concurrent save. Both pages pass the accessibility check."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from praxis.accounts import services as accounts
from praxis.feedback import services

from .helpers import assert_no_serious_violations, expect_message, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_supervisor_approves_the_rater_list_and_the_invitations_go_out(
    page, alice, carol, northside, screenshot
):
    accounts.organisation_settings_update(
        organisation=northside, version=0, min_group_size=3, rater_list_approval=True
    )
    round_ = services.create_round(
        owner=alice,
        title="Autumn feedback",
        message="",
        closes_on=timezone.localdate() + timedelta(days=10),
        competency_ids=["co-learning"],
        include_relationship=False,
    )
    for n in range(3):
        services.add_rater(round_=round_, email=f"peer{n}@example.net", name="", relationship="peer")
    assert mail.outbox == []
    sign_in(page, "alice@example.org", go_to=f"/feedback/{round_.pk}/")
    expect(page.locator("section[aria-labelledby='approval-heading']")).to_contain_text(
        "Waiting for approval"
    )
    assert_no_serious_violations(page)
    page.context.clear_cookies()

    sign_in(page, "carol@example.org", go_to="/feedback/")
    page.get_by_role("link", name="Alice: Autumn feedback").click()
    expect(page).to_have_url(re.compile(rf"/feedback/{round_.pk}/approve/$"))
    expect(page.locator("tbody tr")).to_have_count(3)
    assert_no_serious_violations(page)
    screenshot(page, "feedback-approve")
    page.get_by_role("button", name="Approve the list and send the invitations").click()
    expect_message(page, "Approved: 3 invitations sent.")
    assert sorted(m.to[0] for m in mail.outbox) == [f"peer{n}@example.net" for n in range(3)]


def test_a_stale_settings_save_keeps_what_was_typed(page, lena, northside, screenshot):
    sign_in(page, "lena@example.org", go_to=reverse("accounts:organisation", args=[northside.slug]))
    field = page.get_by_label("Show a group’s feedback only from this many responses")
    field.fill("6")
    accounts.organisation_settings_update(  # someone else saves meanwhile
        organisation=northside, version=0, min_group_size=5, rater_list_approval=True
    )
    page.get_by_role("button", name="Save").last.click()
    expect(page.locator("main")).to_contain_text("Someone else saved these settings")
    expect(page.get_by_label("Show a group’s feedback only from this many responses")).to_have_value("6")
    expect(page.locator("#saved-min_group_size")).to_contain_text("5")
    assert_no_serious_violations(page)
    screenshot(page, "organisation-settings-stale")
