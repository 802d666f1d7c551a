"""A lead sees where the team is thin (a single point of failure), a learning match, drafts the
support offer from the team's profile, edits and publishes it; an anonymous visitor reads it.

Seeded through the services (consents, assessments, a wish): the browser adds nothing there. One
sign-in, axe once per distinct page, screenshots only under PRAXIS_SCREENSHOTS=1 (1280 and 390 px).
"""

import re

import pytest
from playwright.sync_api import expect

from praxis.accounts import services as accounts
from praxis.accounts.models import Membership, Role, ShareAudience, User
from praxis.assessments import services as assessments
from praxis.framework import bundled_framework
from praxis.teams import matches

from .conftest import DESKTOP
from .helpers import (
    NARROW,
    PASSWORD,
    assert_no_serious_violations,
    expect_message,
    sideways_overflow,
    sign_in,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COMPETENCIES = [c.id for c in bundled_framework().competencies]
PEOPLE = {  # name → competencies they are proficient in
    "Ama Mensah": {"co-design", "brokering"},
    "Ben Okoro": {"co-design"},
    "Cleo Park": {"co-design"},
}


def _member(name, organisation):
    user = User.objects.create_user(
        email=f"{name.split()[0].lower()}@example.org", password=PASSWORD, full_name=name, role_title="coach"
    )
    Membership.objects.create(user=user, organisation=organisation, role=Role.PRACTITIONER)
    return user


@pytest.fixture
def team(northside, lena, alice):
    people = []
    for name, proficient in PEOPLE.items():
        user = _member(name, northside)
        made = assessments.start_assessment(owner=user, kind="quick")
        for cid in COMPETENCIES:
            assessments.save_answer(assessment=made, item_id=cid, raw="4" if cid in proficient else "2")
        made = assessments.submit(assessment=made)
        accounts.share_set(owner=user, obj=made, organisation=northside, audience=ShareAudience.ORGANISATION)
        accounts.consents_set(
            user=user, organisation=northside, named_to_leads=True, counted_in_statistics=True
        )
        people.append(user)
    Membership.objects.filter(user=people[0], organisation=northside).update(peer_mentor=True)
    matches.learning_wish_add(user=alice, organisation=northside, competency_id="brokering")
    return people


def _look(page, screenshot, name):
    """Screenshots at 1280 and 390 px (under PRAXIS_SCREENSHOTS=1); nothing wider than a phone."""
    screenshot(page, f"{name}-1280")
    page.set_viewport_size(NARROW)
    assert sideways_overflow(page) <= 0, name
    screenshot(page, f"{name}-390")
    page.set_viewport_size(DESKTOP)


def test_lead_finds_a_single_point_of_failure_a_match_and_publishes_the_offer(
    page, browser, live_server, team, northside, screenshot
):
    sign_in(page, "lena@example.org")

    page.goto(f"/organisations/{northside.slug}/gaps/")
    thin = page.get_by_role("region", name="Most urgent first")
    single = thin.locator(".gap-group").filter(
        has=page.get_by_role("heading", name=re.compile("^One person"))
    )
    expect(single.get_by_role("link")).to_have_text(["Brokering"])
    expect(single).to_contain_text("A single point of failure: if this person leaves")
    expect(page.get_by_role("row", name=re.compile(r"^Co-design"))).to_contain_text("Three or more")
    assert_no_serious_violations(page)
    _look(page, screenshot, "team-gaps")

    page.goto(f"/organisations/{northside.slug}/matches/")
    match = page.get_by_role("region", name="Brokering").get_by_role("row").filter(has_text="Alice")
    expect(match).to_contain_text("Ama Mensah")
    assert_no_serious_violations(page)
    _look(page, screenshot, "team-matches")

    page.goto(f"/organisations/{northside.slug}/offer/")
    page.get_by_role("button", name="Draft from our team’s profile").click()
    expect_message(page, "Here is a first draft")
    statement = page.get_by_role("textbox", name="Statement")
    expect(statement).to_have_value(re.compile(r"### Co-design"))
    expect(page.get_by_role("region", name="Preview of version 1")).to_contain_text("3 coaches")
    assert_no_serious_violations(page)
    _look(page, screenshot, "team-offer-edit")

    draft = statement.input_value()
    assert not any(name.split()[0] in draft for name in PEOPLE)
    statement.fill(
        draft.replace("## Working with us", "## Working with us\n\nWe answer within two working days.")
    )
    page.get_by_role("button", name="Save as a new version").click()
    expect_message(page, "Saved as version 2")
    page.get_by_role("button", name="Publish version 2").click()
    expect_message(page, "Version 2 is published")

    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    try:
        visitor = context.new_page()
        visitor.goto(f"/offer/{northside.slug}/")
        expect(visitor.get_by_role("heading", level=1)).to_have_text(
            "Implementation support offer: Northside"
        )
        expect(visitor.get_by_role("main")).to_contain_text("We answer within two working days.")
        expect(visitor.get_by_role("heading", name="Co-design")).to_be_visible()
        main = visitor.get_by_role("main").inner_text()
        assert not any(part in main for name in PEOPLE for part in name.split())
        assert "Lena" not in main
        assert_no_serious_violations(visitor)
        _look(visitor, screenshot, "team-offer-public")
    finally:
        context.close()
