"""The practitioner's week: Alice opens her dashboard and sees what is overdue and due, her
supervisor's new comment and a nudge for a focus gone quiet; she logs a line for that focus in
place (htmx) and, in a browser without JavaScript, for another; she switches the weekly digest on
in her profile and stops it again from the link in the e-mail, without signing in.

Interactions counted (clicks and fields filled, signing in not counted): logging evidence for a
focus takes 2 (type a line, press "Log it"); switching the digest on 2 (tick, save); stopping it
from the e-mail 1 (the button; a mail client's one-click needs none)."""

import os
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from praxis.development import services as plans
from praxis.development.models import FocusEvidence, Plan
from praxis.journal import services as journal
from praxis.shell.digest import digests_send
from praxis.shell.models import DigestPreference

from .conftest import DESKTOP
from .helpers import NARROW, assert_no_serious_violations, sideways_overflow, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("PRAXIS_SCREENSHOTS") == "1"


def _week(alice, carol):
    """An active plan started two months ago: Co-design with an overdue and a due step and
    evidence from today, Brokering with nothing logged (quiet); a comment from carol."""
    plan = plans.create_plan(owner=alice)
    co_design = plans.add_focus(plan=plan, competency_id="co-design")
    brokering = plans.add_focus(plan=plan, competency_id="brokering")
    today = timezone.localdate()
    plans.step_add(focus=co_design, text="Call the site lead", due_on=today - timedelta(days=2))
    plans.step_add(focus=co_design, text="Draft the workshop agenda", due_on=today + timedelta(days=3))
    plans.activate(plan=plan)
    Plan.objects.filter(pk=plan.pk).update(activated_at=timezone.now() - timedelta(days=60))
    plans.add_comment(plan=plan, author=carol, text="How did the first workshop go?")
    entry = journal.create_entry(
        owner=alice, kind="support", fields={"occurred_on": today, "title": "Site visit"}
    )
    plans.link_evidence(focus=co_design, entry=entry)
    return co_design, brokering


def test_the_week_on_the_dashboard_and_logging_evidence_in_place(page, alice, carol, screenshot):
    co_design, brokering = _week(alice, carol)
    sign_in(page, alice.email)
    week = page.locator("#week")
    expect(week).to_contain_text("Call the site lead")
    expect(week).to_contain_text("Draft the workshop agenda")
    expect(week).to_contain_text("How did the first workshop go?")
    expect(
        page.get_by_role("heading", name="A while since you logged anything for Brokering")
    ).to_be_visible()
    assert_no_serious_violations(page)
    if SHOTS:
        screenshot(page, "weekly-loop-dashboard-1280")
        page.set_viewport_size(NARROW)
        screenshot(page, "weekly-loop-dashboard-390")
        page.set_viewport_size(DESKTOP)
    page.set_viewport_size(NARROW)
    assert sideways_overflow(page) <= 0
    page.set_viewport_size(DESKTOP)

    url = page.url
    page.get_by_label("Log something for Brokering").fill("Introduced the clinic to the county data team")
    page.get_by_role("button", name="Log it for Brokering").click()
    line = page.locator(f"#focus-week-{brokering.pk}")
    expect(line).to_contain_text("Logged “Introduced the clinic to the county data team” as evidence")
    expect(line).to_contain_text("1 piece of evidence this month")
    assert page.url == url  # in place: no new page
    assert FocusEvidence.objects.filter(focus=brokering, entry__title__startswith="Introduced").exists()

    page.get_by_role("button", name="Log it for Co-design").click()  # nothing typed
    expect(page.locator(f"#focus-week-{co_design.pk}")).to_contain_text("Write a line about what you did")
    expect(page.get_by_label("Log something for Co-design")).to_be_focused()

    page.goto("/accounts/profile/")
    page.get_by_label("Send me a weekly digest by e-mail").check()
    page.get_by_role("button", name="Save digest choice").click()
    expect(page.locator(".messages")).to_contain_text("You will get a weekly digest")
    assert DigestPreference.objects.get(user=alice).weekly
    assert_no_serious_violations(page)

    assert digests_send().sent == 1
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    page.context.clear_cookies()  # the link works without signing in
    page.goto("/digest/" + link.split("/digest/", 1)[1])
    expect(page.get_by_role("heading", name="Stop the weekly digest?")).to_be_visible()
    assert DigestPreference.objects.get(user=alice).weekly  # opening it changed nothing
    assert_no_serious_violations(page)
    page.get_by_role("button", name="Stop the weekly digest").click()
    expect(page.get_by_role("heading", name="Weekly digest stopped")).to_be_visible()
    assert not DigestPreference.objects.get(user=alice).weekly
    if SHOTS:
        screenshot(page, "weekly-loop-unsubscribed-1280")


def test_without_javascript_a_line_is_logged_with_a_page_load(tabs, alice, carol):
    co_design, _ = _week(alice, carol)
    page = tabs.open(javascript=False)
    try:
        sign_in(page, alice.email)
        page.get_by_label("Log something for Co-design").fill("Ran the workshop with the site team")
        page.get_by_role("button", name="Log it for Co-design").click()
        expect(page).to_have_url(re.compile(rf"/dashboard/#focus-week-{co_design.pk}$"))
        expect(page.locator(".messages")).to_contain_text("Logged “Ran the workshop with the site team”")
        expect(page.locator(f"#focus-week-{co_design.pk}")).to_contain_text("2 pieces of evidence this month")
    finally:
        tabs.done(page)
