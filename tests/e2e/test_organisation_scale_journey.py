"""A lead of an organisation of sixty finds people a page at a time and chooses a supervisor by
type-ahead; a supervisor of many sees a page of supervisees. Wide and narrow, with axe."""

from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from playwright.sync_api import expect

from praxis.accounts.models import Membership, Role, ShareAudience, SupervisionLink, User
from praxis.accounts.services import share_set
from praxis.assessments.models import Assessment

from .conftest import DESKTOP
from .helpers import NARROW, assert_no_serious_violations, sideways_overflow, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def big_northside(northside, lena, carol, alice, bob, make_assessment):
    """Sixty more practitioners, each supervised by carol and each with two assessments shared with her."""
    template = make_assessment(alice)
    password = make_password(None)
    people = User.objects.bulk_create(
        User(
            email=f"person{i:02}@example.org",
            full_name=f"{name} {surname}",
            job_title="Implementation specialist" if i % 3 else "",
            password=password,
        )
        for i, (name, surname) in enumerate(
            (n, s)
            for n in ("Amara", "Ben", "Chidi", "Dana", "Eero", "Fatima", "Gus", "Hana", "Ivo", "Jun")
            for s in ("Okafor", "Lindqvist", "Moreno", "Nakamura", "Osei", "Petrova")
        )
    )
    Membership.objects.bulk_create(
        Membership(user=p, organisation=northside, role=Role.PRACTITIONER) for p in people
    )
    SupervisionLink.objects.bulk_create(
        SupervisionLink(organisation=northside, supervisor=carol, supervisee=p, confirmed_at=timezone.now())
        for p in people
    )
    start = timezone.now() - timedelta(days=40)
    copies = Assessment.objects.bulk_create(
        Assessment(
            owner=p,
            kind=template.kind,
            status=template.status,
            framework_version=template.framework_version,
            submitted_at=start + timedelta(days=day, hours=i),
        )
        for i, p in enumerate(people)
        for day in (1, 9, 20)
    )
    for copy in copies:
        share_set(owner=copy.owner, obj=copy, organisation=northside, audience=ShareAudience.SUPERVISORS)
    return people


def test_a_lead_pages_searches_and_chooses_a_supervisor_by_type_ahead(page, big_northside, carol, screenshot):
    sign_in(page, "lena@example.org", go_to="/organisations/northside/")
    expect(page.get_by_role("heading", name="Members (64)")).to_be_visible()
    expect(page.get_by_text("Page 1 of 3").first).to_be_visible()  # 25 members a page
    assert_no_serious_violations(page)
    screenshot(page, "organisation-lead-60-wide")

    page.get_by_label("Find a member").fill("Okafor")
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_role("heading", name="Members matching “Okafor” (10)")).to_be_visible()

    supervisor = page.get_by_label("Supervisor", exact=True)
    supervisor.press_sequentially("caro")
    expect(page.locator("#id_supervisor_options option")).to_have_count(1)
    assert page.locator("#id_supervisor_options option").get_attribute("value") == "carol@example.org"
    supervisor.fill("carol@example.org")  # what choosing the suggestion puts in the field
    supervisee = page.get_by_label("Supervises", exact=True)
    supervisee.press_sequentially("bob")
    expect(page.locator("#id_supervisee_options option")).to_have_count(1)
    supervisee.fill("bob@example.org")
    page.get_by_role("button", name="Link supervisor").click()
    expect(page.locator(".messages[role='status']")).to_contain_text("Bob is asked to confirm Carol")

    page.get_by_label("Supervisor", exact=True).fill("nobody@example.org")
    page.get_by_label("Supervises", exact=True).fill("bob@example.org")
    page.get_by_role("button", name="Link supervisor").click()
    expect(page.locator("#id_supervisor_error")).to_contain_text(
        "Nobody with that e-mail address can supervise here"
    )
    expect(page.get_by_label("Supervisor", exact=True)).to_have_value("nobody@example.org")
    assert_no_serious_violations(page)

    page.set_viewport_size(NARROW)
    page.goto("/organisations/northside/")
    screenshot(page, "organisation-lead-60-narrow")
    assert sideways_overflow(page) <= 0
    assert_no_serious_violations(page)
    page.set_viewport_size(DESKTOP)


def test_a_supervisor_of_sixty_sees_a_page_of_them(page, big_northside, screenshot):
    sign_in(page, "carol@example.org")
    section = page.get_by_role("region", name="People you supervise (61)")
    expect(section).to_be_visible()
    expect(section.get_by_text("and 1 earlier assessment")).to_have_count(24)  # alice shared nothing
    assert_no_serious_violations(page)
    screenshot(page, "dashboard-supervisor-60-wide")
    section.get_by_label("Find a person you supervise").fill("Nakamura")
    section.get_by_role("button", name="Find").click()
    expect(page.get_by_role("region", name="People you supervise (10 matching “Nakamura”)")).to_be_visible()
    page.set_viewport_size(NARROW)
    page.goto("/dashboard/")
    screenshot(page, "dashboard-supervisor-60-narrow")
    assert sideways_overflow(page) <= 0
    assert_no_serious_violations(page)
