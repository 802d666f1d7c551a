"""A practitioner takes, resumes, repeats and shares a self-assessment in a real browser.

The journey test follows one person from sign-up to a supervisor reading what was shared with
them. The accessibility and screen-size tests build the same kind of state through the services
(quicker, and independent of the journey) and look at each page on its own.
"""

import re

import pytest
from playwright.sync_api import expect

from praxis.accounts.services import share_set
from praxis.framework import bundled_framework

from .helpers import (
    NARROW,
    PASSWORD,
    name_of,
    scripts_ready,
    serious_violations,
    sign_in,
    sign_in_with_form,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FRAMEWORK = bundled_framework()
PRACTITIONER = {"name": "Priya Shah", "email": "priya@example.org"}
SUPERVISOR = {"name": "Sam Okafor", "email": "sam@example.org"}
ORGANISATION = "Northside Support Hub"

# The first quick assessment, domain by domain (the order of the bundled framework, all on one page).
FIRST_PAGE = {
    "co-learning": "na",
    "brokering": "4",
    "addressing-power-differentials": "3",
    "co-design": "2",
    "tailoring-support": "5",
}
SECOND_PAGE_BEFORE_LEAVING = {
    "assessing-needs-and-assets": "3",
    "understanding-context": "4",
    "applying-frameworks-and-strategies": "3",
}
SECOND_PAGE_AFTER_RETURNING = {
    "facilitation": "4",
    "communication": "5",
    "conducting-improvement-cycles": "2",
}
THIRD_PAGE = {
    "growing-relationships": "4",
    "developing-teams": "3",
    "building-capacity": "4",
    "cultivating-leaders-and-champions": "2",
}
# The second quick assessment starts from the first and moves two ratings up.
RAISED = {"co-design": ("4", "+2.0"), "conducting-improvement-cycles": ("3", "+1.0")}


# -- helpers ------------------------------------------------------------------------------------


def rate(page, item_id: str, value: str):
    """Click a level's label and wait for htmx to autosave it."""
    item = page.locator(f"fieldset.item[id='{item_id}']")
    scripts_ready(page)
    with page.expect_response(lambda r: r.url.endswith("/autosave/") and r.request.method == "POST") as saved:
        item.locator(f"label[for='a-{item_id}-{value}']").click()
    assert saved.value.status == 200, f"autosave of {item_id}={value} answered {saved.value.status}"
    expect(item.locator(".save-status")).to_have_text("Saved")
    expect(page.locator(f"input[id='a-{item_id}-{value}']")).to_be_checked()


def expect_answers(page, answers: dict[str, str]):
    for item_id, value in answers.items():
        expect(page.locator(f"input[id='a-{item_id}-{value}']")).to_be_checked()


def expect_unanswered(page, item_ids):
    for item_id in item_ids:
        expect(page.locator(f"input[name='answer-{item_id}']:checked")).to_have_count(0)


def assessment_pk(page) -> int:
    match = re.search(r"/assessments/(\d+)/", page.url)
    assert match, page.url
    return int(match.group(1))


def competency_row(page, competency_id: str):
    table = page.locator("section[aria-labelledby='table-heading'] table")
    return table.locator("tbody tr").filter(
        has=page.get_by_role("link", name=name_of(competency_id), exact=True)
    )


def listed_competencies(page, heading_id: str):
    return page.locator(f"section[aria-labelledby='{heading_id}'] .score-list > li > a:first-of-type")


def link_supervisor_in_organisation(practitioner_email: str):
    """An organisation (with its own lead) where a supervisor is linked to the practitioner."""
    from praxis.accounts import services as accounts
    from praxis.accounts.models import Membership, Role, User

    practitioner = User.objects.get(email=practitioner_email)
    lead = accounts.sign_up(email="lena@example.org", full_name="Lena Lead", password=PASSWORD)
    organisation = accounts.create_organisation(creator=lead, name=ORGANISATION)
    supervisor = accounts.sign_up(email=SUPERVISOR["email"], full_name=SUPERVISOR["name"], password=PASSWORD)
    Membership.objects.create(user=supervisor, organisation=organisation, role=Role.SUPERVISOR)
    Membership.objects.create(user=practitioner, organisation=organisation, role=Role.PRACTITIONER)
    link = accounts.link_supervisor(
        organisation=organisation, by=lead, supervisor=supervisor, supervisee=practitioner
    )
    accounts.supervision_confirm(supervisee=practitioner, link_id=link.pk)
    return organisation


# -- the journey --------------------------------------------------------------------------------


def test_take_resume_repeat_and_share_a_quick_assessment(page, tabs):
    # Sign up; it signs you in and lands on the dashboard.
    page.goto("/accounts/signup/")
    page.get_by_label("Your name").fill(PRACTITIONER["name"])
    page.get_by_label("E-mail address").fill(PRACTITIONER["email"])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Priya")

    # Start a quick assessment: nothing to start from yet.
    page.get_by_role("link", name="Start a new self-assessment").click()
    expect(page).to_have_url(re.compile(r"/assessments/new/$"))
    expect(page.get_by_role("radio", name=re.compile(r"^Quick"))).to_be_checked()
    expect(page.get_by_label("Start from my previous answers of the same kind")).to_have_count(0)
    page.get_by_role("button", name="Begin").click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+/page/1/$"))
    first_pk = assessment_pk(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Rate your practice")
    expect(page.locator("fieldset.item")).to_have_count(15)  # every competency on one page
    expect(page.get_by_role("heading", level=2, name="Co-creation and engagement")).to_be_visible()

    # The first domain: one competency is not part of the role, the rest are rated. Each click autosaves.
    for item_id, value in FIRST_PAGE.items():
        rate(page, item_id, value)
    page.reload()  # the autosaves alone kept the answers
    expect_answers(page, FIRST_PAGE)
    expect(page.get_by_text("5 of 15 answered")).to_be_visible()
    page.locator("fieldset.item[id='tailoring-support'] ~ details.note-details > summary").click()
    page.get_by_label("An example from your practice: Tailoring support").fill(
        "Adapted the coaching plan for a rural site."
    )

    # Half of the second domain, then leave.
    for item_id, value in SECOND_PAGE_BEFORE_LEAVING.items():
        rate(page, item_id, value)
    page.get_by_role("button", name="Save and leave for now").click()

    # The dashboard offers to carry on; resuming lands on the page with something unanswered.
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", name="Carry on where you left off")).to_be_visible()
    draft = page.get_by_role("link", name=re.compile(r"^Quick\b.*, started "))
    expect(draft).to_have_count(1)
    expect(page.get_by_text("8 of 15 answered (53%)")).to_be_visible()
    draft.click()
    expect(page).to_have_url(re.compile(rf"/assessments/{first_pk}/page/1/$"))
    expect(page.get_by_text("8 of 15 answered")).to_be_visible()
    steps = page.get_by_role("navigation", name="Assessment steps")
    expect(steps.get_by_role("button", name="1. Rate your practice (8/15)")).to_have_attribute(
        "aria-current", "step"
    )
    expect_answers(page, FIRST_PAGE)
    expect_answers(page, SECOND_PAGE_BEFORE_LEAVING)
    expect_unanswered(page, SECOND_PAGE_AFTER_RETURNING)

    # Finish: the rest of the items (the step count follows), a principle, then review and submit.
    for item_id, value in SECOND_PAGE_AFTER_RETURNING.items():
        rate(page, item_id, value)
    for item_id, value in THIRD_PAGE.items():
        rate(page, item_id, value)
    expect(steps.get_by_role("button", name="1. Rate your practice (15/15)")).to_be_visible()
    page.get_by_role("button", name="Save and continue →").click()
    expect(page).to_have_url(re.compile(rf"/assessments/{first_pk}/page/2/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Principles in your practice")
    scripts_ready(page)
    with page.expect_response(lambda r: r.url.endswith("/autosave/")) as saved:
        page.locator("label[for='s-be-curious-3']").click()
    assert saved.value.status == 200
    page.get_by_role("button", name="Save and continue →").click()
    expect(page).to_have_url(re.compile(rf"/assessments/{first_pk}/page/3/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Review and submit")
    expect(page.get_by_text("Every item is answered.")).to_be_visible()
    page.get_by_role("button", name="Submit my assessment").click()

    # Results: the radar, strengths, areas to develop, the N/A competency left out.
    expect(page).to_have_url(re.compile(rf"/assessments/{first_pk}/results/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your competency profile")
    expect(page.locator("figure.chart svg[role='img']")).to_be_visible()
    strengths = ["tailoring-support", "communication", "brokering"]
    expect(listed_competencies(page, "strengths-heading")).to_have_text([name_of(c) for c in strengths])
    for index, competency_id in enumerate(strengths):
        expect(listed_competencies(page, "strengths-heading").nth(index)).to_have_attribute(
            "href", f"/guide/competencies/{competency_id}/"
        )
    expect(page.locator("section[aria-labelledby='strengths-heading']")).to_contain_text(
        "Adapted the coaching plan for a rural site."
    )
    development = ["co-design", "conducting-improvement-cycles", "cultivating-leaders-and-champions"]
    expect(listed_competencies(page, "development-heading")).to_have_text([name_of(c) for c in development])
    co_learning = competency_row(page, "co-learning").locator("td")
    expect(co_learning.nth(0)).to_have_text("Not applicable to this role")
    # one rated item: the level's name, not a falsely precise "5.0"
    expect(competency_row(page, "tailoring-support").locator("td").nth(0)).to_have_text("Advanced")
    expect(competency_row(page, "co-design").locator("td").nth(1)).to_have_text("—")  # nothing to compare yet
    principles = page.locator("section[aria-labelledby='principles-heading'] tbody tr")
    expect(principles.filter(has_text="Be curious").locator("td").first).to_have_text("Often")

    # A second quick assessment, starting from the first, with two ratings raised.
    page.get_by_role("link", name="Your dashboard").click()
    expect(page.get_by_role("heading", name="Carry on where you left off")).to_have_count(0)
    expect(page.get_by_role("heading", name="Your submitted assessments")).to_be_visible()
    page.get_by_role("link", name="Start a new self-assessment").click()
    page.get_by_label("Start from my previous answers of the same kind").check()
    page.get_by_role("button", name="Begin").click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+/page/1/$"))
    second_pk = assessment_pk(page)
    assert second_pk != first_pk
    expect(page.get_by_text("15 of 15 answered")).to_be_visible()
    expect_answers(page, FIRST_PAGE)
    rate(page, "co-design", RAISED["co-design"][0])
    expect_answers(page, {**SECOND_PAGE_BEFORE_LEAVING, **SECOND_PAGE_AFTER_RETURNING})
    rate(page, "conducting-improvement-cycles", RAISED["conducting-improvement-cycles"][0])
    steps = page.get_by_role("navigation", name="Assessment steps")
    steps.get_by_role("button", name=re.compile(r"^3\. Review and submit")).click()
    expect(page).to_have_url(re.compile(rf"/assessments/{second_pk}/page/3/$"))
    expect(page.get_by_text("Every item is answered.")).to_be_visible()
    page.get_by_role("button", name="Submit my assessment").click()

    # The results show what moved.
    expect(page).to_have_url(re.compile(rf"/assessments/{second_pk}/results/$"))
    expect(page.locator("p.lead")).to_contain_text(
        re.compile(r"Changes compare with the quick\b.* assessment of \d{1,2} \w+ \d{4}\.")
    )
    for competency_id, (_, change) in RAISED.items():
        expect(competency_row(page, competency_id).locator("td").nth(1)).to_have_text(change)
    expect(competency_row(page, "brokering").locator("td").nth(1)).to_have_text("no change")
    expect(competency_row(page, "co-learning").locator("td").nth(1)).to_have_text("—")
    expect(competency_row(page, "co-design").locator("td").nth(1)).to_have_class(re.compile(r"\bup\b"))
    expect(page.locator("section[aria-labelledby='development-heading']")).not_to_contain_text(
        name_of("co-design")
    )

    # Growth over time lists both assessments.
    page.get_by_role("link", name="Growth over time").click()
    expect(page).to_have_url(re.compile(r"/assessments/history/quick/$"))
    co_design = page.locator("tbody tr").filter(
        has=page.get_by_role("rowheader", name="Co-design", exact=True)
    )
    expect(co_design.locator("td")).to_have_text(["2.0", "4.0"])

    # Share the second one with supervisors.
    link_supervisor_in_organisation(PRACTITIONER["email"])
    page.goto(f"/assessments/{second_pk}/results/")
    page.get_by_role("link", name="Sharing: private").click()
    expect(page).to_have_url(re.compile(rf"/assessments/{second_pk}/sharing/$"))
    audience = page.get_by_label(f"Who in {ORGANISATION} can see it")
    expect(audience).to_have_value("")
    audience.select_option(label="My supervisors")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text(f"Shared with {ORGANISATION}: my supervisors.")
    expect(page.get_by_label(f"Who in {ORGANISATION} can see it")).to_have_value("supervisors")
    page.get_by_role("link", name="Back to the results").click()
    expect(page.get_by_role("link", name="Sharing: shared")).to_be_visible()
    page.goto(f"/assessments/{first_pk}/results/")
    expect(page.get_by_role("link", name="Sharing: private")).to_be_visible()

    # The supervisor sees the shared one, and nothing of the other.
    supervisor = tabs.open()
    try:
        sign_in_with_form(supervisor, SUPERVISOR["email"])  # the one journey through the sign-in form
        supervised = supervisor.locator("section[aria-labelledby='supervisees-heading']")
        expect(supervised.get_by_role("heading", name="People you supervise")).to_be_visible()
        expect(supervised).to_contain_text(PRACTITIONER["name"])
        shared = supervised.get_by_role("link", name=re.compile(r"^Quick\b"))
        expect(shared).to_have_count(1)
        expect(shared).to_have_attribute("href", f"/assessments/{second_pk}/results/")
        shared.click()
        expect(supervisor).to_have_url(re.compile(rf"/assessments/{second_pk}/results/$"))
        expect(supervisor.get_by_role("heading", level=1)).to_have_text(
            f"{PRACTITIONER['name']}’s competency profile"
        )
        expect(supervisor.locator("figure.chart svg[role='img']")).to_be_visible()
        expect(supervisor.get_by_role("link", name=re.compile(r"^Sharing:"))).to_have_count(0)
        response = supervisor.goto(f"/assessments/{first_pk}/results/")
        assert response.status == 404, f"unshared results answered {response.status} to the supervisor"
        response = supervisor.goto(f"/assessments/{second_pk}/sharing/")
        assert response.status == 404, f"someone else's sharing page answered {response.status}"
    finally:
        tabs.done(supervisor)


# -- accessibility and screen sizes -------------------------------------------------------------


@pytest.fixture
def alice_assessments(northside, alice, carol, make_assessment, all_quick_answers):
    """Alice (supervised by Carol in Northside): two submitted quick assessments, the second
    shared with her supervisors, and a half-done draft."""
    from types import SimpleNamespace

    from praxis.accounts.models import ShareAudience

    first = make_assessment(alice, answers=all_quick_answers("3", co_learning="na", co_design="2"))
    second = make_assessment(
        alice, answers=all_quick_answers("4", co_learning="na", co_design="3", brokering="5")
    )
    share_set(owner=second.owner, obj=second, organisation=northside, audience=ShareAudience.SUPERVISORS)
    half = {c.id: "3" for c in FRAMEWORK.domains[0].competencies}
    draft = make_assessment(alice, answers={**half, "co-learning": "na"}, submit=False)
    return SimpleNamespace(first=first, second=second, draft=draft)


PAGES = {
    # name: (who signs in, url with placeholders for the fixture's assessments)
    "signup": (None, "/accounts/signup/"),
    "dashboard": ("alice", "/dashboard/"),
    "supervisor-dashboard": ("carol", "/dashboard/"),
    "new": ("alice", "/assessments/new/"),
    "assessment-page": ("alice", "/assessments/{draft}/page/1/"),
    "principles": ("alice", "/assessments/{draft}/page/2/"),
    "review": ("alice", "/assessments/{draft}/page/3/"),
    "results": ("alice", "/assessments/{second}/results/"),
    "supervisor-results": ("carol", "/assessments/{second}/results/"),
    "sharing": ("alice", "/assessments/{second}/sharing/"),
    "history": ("alice", "/assessments/history/quick/"),
}


def open_as(page, who, url, assessments):
    url = url.format(draft=assessments.draft.pk, second=assessments.second.pk)
    if who is None:
        page.context.clear_cookies()
    response = sign_in(page, f"{who}@example.org", go_to=url) if who else page.goto(url)
    assert response.status == 200, f"{url} answered {response.status}"


def test_assessment_pages_have_no_serious_accessibility_violations(page, alice_assessments):
    found = {}  # page: its violations, for the pages that have any
    for name, (who, url) in PAGES.items():
        open_as(page, who, url, alice_assessments)
        if violations := serious_violations(page):
            found[name] = violations
    assert not found


SCREENS = {
    "dashboard": "/dashboard/",
    "page": "/assessments/{draft}/page/1/",
    "results": "/assessments/{second}/results/",
}


@pytest.mark.parametrize("name", SCREENS, ids=list(SCREENS))
def test_assessment_screens_at_desktop_and_phone_width(page, screenshot, alice_assessments, name):
    if screenshot.wanted:  # the desktop width is only looked at
        open_as(page, "alice", SCREENS[name], alice_assessments)
        screenshot(page, f"assessment-{name}-desktop")
        page.set_viewport_size(NARROW)
        page.reload()
    else:
        page.set_viewport_size(NARROW)
        open_as(page, "alice", SCREENS[name], alice_assessments)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    screenshot(page, f"assessment-{name}-{NARROW['width']}")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {NARROW['width']}px wide"
