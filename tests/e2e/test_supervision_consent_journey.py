"""A lead proposes a supervisor; the practitioner is told what that person would see, and decides."""

import re

import pytest
from playwright.sync_api import expect

from praxis.accounts import services as accounts
from praxis.accounts.models import Membership, Role, ShareAudience, User

from .helpers import PASSWORD, assert_no_serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def proposed(alice, lena, northside, make_assessment, all_quick_answers):
    """Lena (lead) proposes Sam as Alice's supervisor; Alice shared one assessment with supervisors."""
    sam = User.objects.create_user(email="sam@example.org", password=PASSWORD, full_name="Sam Smith")
    Membership.objects.create(user=sam, organisation=northside, role=Role.SUPERVISOR)
    assessment = make_assessment(alice, answers=all_quick_answers("3"))
    accounts.share_set(
        owner=alice, obj=assessment, organisation=northside, audience=ShareAudience.SUPERVISORS
    )
    accounts.link_supervisor(organisation=northside, by=lena, supervisor=sam, supervisee=alice)
    return sam, assessment


def test_practitioner_confirms_a_proposed_supervisor_from_the_dashboard(page, tabs, proposed, screenshot):
    sam, assessment = proposed
    results = f"/assessments/{assessment.pk}/results/"

    # Before Alice answers, Sam sees nothing of hers.
    other = tabs.open()
    try:
        sign_in(other, sam.email)
        assert other.goto(results).status == 404
    finally:
        tabs.done(other)

    sign_in(page, "alice@example.org")
    notice = page.get_by_role("region", name="Confirm your supervisor in Northside?")
    expect(notice).to_contain_text(
        "Sam Smith was added as your supervisor in Northside. If you confirm, Sam Smith will see "
        "what you share with your supervisors there: 1 item."
    )
    assert_no_serious_violations(page)
    screenshot(page, "supervision-consent-dashboard")
    notice.get_by_role("button", name=re.compile(r"^Confirm")).click()
    expect(page.locator(".messages[role='status']")).to_contain_text("Sam Smith is now your supervisor")
    expect(page.get_by_role("region", name="Confirm your supervisor in Northside?")).to_have_count(0)

    other = tabs.open()
    try:
        sign_in(other, sam.email)
        assert other.goto(results).status == 200
    finally:
        tabs.done(other)
