"""A practitioner plans from her results, keeps a journal as evidence, checks in, and a supervisor
comments, in a real browser.

The journey test follows Alice from her submitted quick assessment to reading her supervisor's
comment. The accessibility and screen-size tests build the same kind of state through the services
(quicker, and independent of the journey) and look at each page on its own.
"""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from praxis.accounts.services import share_set
from praxis.framework import bundled_framework

from .helpers import (
    NARROW,
    assert_no_serious_violations,
    expect_message,
    field_label,
    name_of,
    scripts_ready,
    serious_violations,
    sideways_overflow,
    sign_in,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FRAMEWORK = bundled_framework()

# Rated 4 everywhere but these: the three lowest become the plan's focuses.
LOW = {"co_design": "2", "communication": "2", "brokering": "3"}
KEPT = ["co-design", "communication"]  # brokering is removed from the plan
REMOVED = "brokering"
STEPS = {
    "co-design": ("Run a co-design session with two families on the intake form", 30),
    "communication": ("Draft a plain-language briefing on the new referral pathway", 60),
}
ENTRY = {
    "title": "Co-design session on the intake form",
    "duration": "90",
    "mode": "Onsite",
    "site": "Northside Family Centre",
    "what_i_did": (
        "Ran a co-design session with parents and teachers to prototype the new intake form "
        "together; families shaped the design and chose the wording."
    ),
}
CHECK_IN_NOTE = "The first co-design session went well; families want a second round in spring."
COMMENT = "Lovely to see families shaping the form. Shall we bring the prototype to our next supervision?"


def long_date(day) -> str:
    """Dates as the pages show them ("j F Y")."""
    return f"{day.day} {day:%B %Y}"


# -- helpers ------------------------------------------------------------------------------------


def focus_section(page, competency_id: str):
    return page.locator("section[id^='focus-']").filter(
        has=page.get_by_role("heading", level=2, name=name_of(competency_id), exact=True)
    )


def plan_pk(page) -> int:
    match = re.search(r"/plans/(\d+)/", page.url)
    assert match, page.url
    return int(match.group(1))


def entry_pk(page) -> int:
    match = re.search(r"/journal/(\d+)/", page.url)
    assert match, page.url
    return int(match.group(1))


def write_support_entry(page, entry: dict = ENTRY, day=None):
    """Fill in the support-activity form and wait for the tag suggestions to arrive."""
    day = day or timezone.localdate()
    page.get_by_label(field_label("Date")).fill(day.isoformat())
    page.get_by_label(field_label("Title")).fill(entry["title"])
    page.get_by_label(field_label("Duration (minutes)")).fill(entry["duration"])
    page.get_by_label(field_label("Mode")).select_option(label=entry["mode"])
    page.get_by_label(field_label("Site or partner")).fill(entry["site"])
    scripts_ready(page)
    with page.expect_response(
        lambda r: r.url.endswith("/journal/suggestions/") and r.request.method == "POST"
    ) as suggested:
        page.get_by_label(field_label("What I did")).fill(entry["what_i_did"])
    assert suggested.value.status == 200, f"suggestions answered {suggested.value.status}"


def suggestion(page, competency_id: str):
    return page.locator("#suggestions").get_by_role(
        "checkbox", name=re.compile(rf"^{re.escape(name_of(competency_id))}\b")
    )


# -- the journey --------------------------------------------------------------------------------


def test_plan_from_results_journal_evidence_check_in_and_supervisor_comment(
    page, tabs, alice, bob, carol, make_assessment, all_quick_answers
):
    assessment = make_assessment(alice, answers=all_quick_answers("4", **LOW))
    today = timezone.localdate()
    sign_in(page, "alice@example.org")

    # From her results, Alice starts a plan: the three areas to develop become its focuses.
    page.goto(f"/assessments/{assessment.pk}/results/")
    page.get_by_role("button", name="Plan from these development areas").click()
    expect(page).to_have_url(re.compile(r"/plans/\d+/$"))
    plan = plan_pk(page)
    expect_message(page, "Your plan is started as a draft.")
    title = f"Development plan from {long_date(today)} assessment"
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("p.muted .badge").first).to_have_text("Draft")
    focuses = page.locator("section[id^='focus-'] > h2")
    expect(focuses).to_have_text([name_of("co-design"), name_of("communication"), name_of(REMOVED)])

    # The guide suggests two or three: she keeps two.
    focus_section(page, REMOVED).locator("summary", has_text="Remove this focus").click()  # asks once
    focus_section(page, REMOVED).get_by_role("button", name="Yes, remove this focus").click()
    expect_message(page, "The focus is removed.")
    expect(focuses).to_have_text([name_of(c) for c in KEPT])

    # A next step with a due date for each focus (the form is open while a focus has no steps).
    for competency_id in KEPT:
        section = focus_section(page, competency_id)
        expect(section.get_by_text("No steps yet.")).to_be_visible()
        text, days = STEPS[competency_id]
        section.get_by_label("A next step").fill(text)
        section.get_by_label("Due by (optional)").fill((today + timedelta(days=days)).isoformat())
        section.get_by_role("button", name="Add step").click()
        expect(section.get_by_role("status")).to_have_text("Next step added.")  # swapped in place
        section = focus_section(page, competency_id)
        step = section.locator("ul.score-list > li").filter(has_text=text)
        expect(step).to_have_count(1)
        expect(step).to_contain_text(f"by {long_date(today + timedelta(days=days))}")
        expect(step.locator(".badge")).to_have_text("Planned")
        expect(section.get_by_label("A next step")).to_have_value("")  # ready for the next one

    # A support activity in the journal; the suggester offers Co-design, accepted with one click.
    page.goto("/journal/new/support/")
    expect(page.get_by_role("heading", level=1)).to_have_text("New support activity")
    write_support_entry(page)
    offered = suggestion(page, "co-design")
    expect(offered).to_be_visible()
    expect(offered).not_to_be_checked()
    expect(page.locator("#suggestions")).to_contain_text("matched:")
    offered.click()
    expect(offered).to_be_checked()
    page.get_by_role("button", name="Save entry").click()
    expect(page).to_have_url(re.compile(r"/journal/\d+/$"))
    entry = entry_pk(page)
    expect_message(page, "Your entry is saved. It is private to you.")
    expect(page.get_by_role("heading", level=1)).to_have_text(ENTRY["title"])
    expect(page.locator("dl.facts")).to_contain_text("1 h 30 min")
    expect(page.locator("dl.facts")).to_contain_text("Onsite")
    expect(page.locator("dl.facts")).to_contain_text(ENTRY["site"])
    expect(page.locator("ul.tags")).to_contain_text(name_of("co-design"))

    # On the entry page she links it as evidence for the Co-design focus.
    evidence = page.locator("section[aria-labelledby='evidence-heading']")
    chooser = evidence.get_by_label("Plan focus")
    option = chooser.locator("option", has_text=name_of("co-design"))
    expect(option).to_have_count(1)
    chooser.select_option(value=option.get_attribute("value"))
    evidence.get_by_role("button", name="Link as evidence").click()
    expect(page).to_have_url(re.compile(rf"/plans/{plan}/#focus-\d+$"))
    expect_message(page, "Linked as evidence for your plan.")
    linked = focus_section(page, "co-design").get_by_role("link", name=ENTRY["title"])
    expect(linked).to_have_attribute("href", f"/journal/{entry}/")
    expect(focus_section(page, "communication")).to_contain_text("None linked yet.")

    # She starts the plan: the first check-in is three months away.
    expect(page.get_by_role("link", name="Do a check-in")).to_have_count(0)  # drafts have none
    page.get_by_role("button", name="Start this plan").click()
    expect_message(page, "Your plan is active.")
    expect(page.locator("p.lead")).to_contain_text(f"Next check-in: {long_date(today + timedelta(days=91))}.")
    expect(page.get_by_role("button", name="Start this plan")).to_have_count(0)

    # A check-in.
    page.get_by_role("link", name="Do a check-in").click()
    expect(page).to_have_url(re.compile(rf"/plans/{plan}/check-in/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check-in")
    expect(page.get_by_label("Date of this check-in")).to_have_value(today.isoformat())
    page.get_by_label(name_of("co-design"), exact=True).fill(CHECK_IN_NOTE)
    page.get_by_role("button", name="Save check-in").click()
    expect(page).to_have_url(re.compile(rf"/plans/{plan}/#check-ins$"))
    expect_message(page, "Check-in saved.")
    check_ins = page.locator("section[aria-labelledby='check-ins'] article")
    expect(check_ins).to_have_count(1)
    expect(check_ins.get_by_role("heading", level=3)).to_have_text(long_date(today))
    expect(check_ins).to_contain_text(f"{name_of('co-design')}: {CHECK_IN_NOTE}")
    next_check_in = long_date(today + timedelta(days=91))
    expect(check_ins).to_contain_text(f"Next check-in set for {next_check_in}.")

    # She shares the plan with her supervisors in Northside.
    page.get_by_role("button", name="Share with my supervisors there").click()
    expect_message(page, "Shared with Northside: my supervisors.")
    expect(page.get_by_text("Shared with your supervisors in Northside.")).to_be_visible()

    # Her dashboard shows the plan and when to check in next; no comments yet.
    page.goto("/dashboard/")
    development = page.locator("section[aria-labelledby='plans-heading']")
    expect(development.get_by_role("link", name=title)).to_have_attribute("href", f"/plans/{plan}/")
    expect(development).to_contain_text(f"Next check-in: {next_check_in}")
    expect(development).not_to_contain_text("new comment")

    # Carol, her supervisor, finds the plan on her dashboard and comments on it.
    supervisor = tabs.open()
    try:
        sign_in(supervisor, "carol@example.org")
        shared = supervisor.locator("section[aria-labelledby='supervisees-heading']")
        expect(shared).to_contain_text("Alice")
        shared.get_by_role("link", name=f"Plan: {title}").click()
        expect(supervisor).to_have_url(re.compile(rf"/plans/{plan}/$"))
        expect(supervisor.get_by_text("Alice’s development plan, shared with you")).to_be_visible()
        expect(supervisor.locator("section[id^='focus-'] > h2")).to_have_text([name_of(c) for c in KEPT])
        expect(supervisor.get_by_role("button", name="Start this plan")).to_have_count(0)
        expect(supervisor.get_by_role("link", name="Do a check-in")).to_have_count(0)
        expect(supervisor.locator("details.confirm-delete")).to_have_count(0)
        # The evidence is counted, but a private entry keeps even its title to itself.
        expect(focus_section(supervisor, "co-design")).to_contain_text("A private journal entry")
        expect(focus_section(supervisor, "co-design")).not_to_contain_text(ENTRY["title"])
        comments = supervisor.locator("section[aria-labelledby='comments']")
        comments.get_by_label("Add a comment").fill(COMMENT)
        comments.get_by_role("button", name="Post comment").click()
        expect(supervisor).to_have_url(re.compile(rf"/plans/{plan}/#comments$"))
        expect_message(supervisor, "Comment added.")
        expect(supervisor.locator("section[aria-labelledby='comments'] ul.comments")).to_contain_text(COMMENT)
        response = supervisor.goto(f"/journal/{entry}/")
        assert response.status == 404, f"an unshared entry answered {response.status} to the supervisor"
    finally:
        tabs.done(supervisor)

    # Alice sees the new comment on her dashboard, then on the plan.
    page.goto("/dashboard/")
    development = page.locator("section[aria-labelledby='plans-heading']")
    expect(development).to_contain_text("1 new comment from your supervisor")
    development.get_by_role("link", name=title).click()
    expect(page).to_have_url(re.compile(rf"/plans/{plan}/$"))
    plan_comments = page.locator("section[aria-labelledby='comments'] ul.comments li")
    expect(plan_comments).to_have_count(1)
    expect(plan_comments).to_contain_text("Carol")
    expect(plan_comments).to_contain_text(COMMENT)
    # reading the page writes nothing; she marks the comment read, and it is no longer new
    page.get_by_role("button", name="Mark as read").click()
    expect_message(page, "Comments marked as read.")
    page.goto("/dashboard/")
    expect(page.locator("section[aria-labelledby='plans-heading']")).not_to_contain_text("new comment")

    # Bob, a colleague in Northside but not her supervisor, sees neither the plan nor the entry.
    colleague = tabs.open()
    try:
        sign_in(colleague, "bob@example.org")
        expect(colleague.locator("section[aria-labelledby='shared-plans-heading']")).to_have_count(0)
        for url in (f"/plans/{plan}/", f"/plans/{plan}/check-in/", f"/journal/{entry}/"):
            response = colleague.goto(url)
            assert response.status == 404, f"{url} answered {response.status} to a colleague"
    finally:
        tabs.done(colleague)


# -- accessibility and screen sizes -------------------------------------------------------------


@pytest.fixture
def alice_practice(northside, alice, carol, make_assessment, all_quick_answers):
    """Alice (supervised by Carol in Northside): an active plan from her quick assessment with two
    focuses, steps, evidence, a check-in and a comment from Carol; three journal entries, two of
    them support activities in different months."""
    from praxis.development import services as plans
    from praxis.journal import services as journal

    today = timezone.localdate()
    assessment = make_assessment(alice, answers=all_quick_answers("4", **LOW))
    plan = plans.create_plan(owner=alice, from_assessment=assessment)
    focuses = {f.competency_id: f for f in plan.focuses.all()}
    plans.remove_focus(focus=focuses.pop(REMOVED))
    for competency_id, (text, days) in STEPS.items():
        plans.step_add(focus=focuses[competency_id], text=text, due_on=today + timedelta(days=days))
    entry = journal.create_entry(
        owner=alice,
        kind="support",
        fields={
            "occurred_on": today,
            "title": ENTRY["title"],
            "duration_minutes": int(ENTRY["duration"]),
            "mode": "onsite",
            "site": ENTRY["site"],
            "what_i_did": ENTRY["what_i_did"],
        },
        tags=["co-design"],
    )
    journal.create_entry(
        owner=alice,
        kind="support",
        fields={
            "occurred_on": today - timedelta(days=40),
            "title": "Briefing for the clinic team",
            "duration_minutes": 45,
            "mode": "virtual",
            "site": "Eastgate Clinic",
            "what_i_did": "Wrote a plain-language briefing and walked the team through it.",
        },
        tags=["communication"],
    )
    journal.create_entry(
        owner=alice,
        kind="reflection",
        fields={
            "occurred_on": today - timedelta(days=3),
            "title": "What families taught me",
            "body": "Listen.",
        },
        tags=["co-design"],
    )
    plans.link_evidence(focus=focuses["co-design"], entry=entry)
    plans.activate(plan=plan)
    check_in = plans.check_in(plan=plan, held_on=today, notes={focuses["co-design"].pk: CHECK_IN_NOTE})
    share_set(owner=plan.owner, obj=plan, organisation=northside, audience="supervisors")
    plans.add_comment(plan=plan, author=carol, text=COMMENT)
    plans.add_comment(plan=plan, author=carol, text="Good start.", check_in=check_in)
    return SimpleNamespace(plan=plan, entry=entry)


PAGES = {
    # name: (who signs in, url with placeholders for the fixture's plan and entry)
    "plans": ("alice", "/plans/"),
    "plan": ("alice", "/plans/{plan}/"),
    "supervisor-plan": ("carol", "/plans/{plan}/"),
    "check-in": ("alice", "/plans/{plan}/check-in/"),
    "journal": ("alice", "/journal/"),
    "new-support-entry": ("alice", "/journal/new/support/"),
    "entry": ("alice", "/journal/{entry}/"),
    "evidence-portfolio": ("alice", "/journal/evidence/"),
    "competency-evidence": ("alice", "/journal/evidence/co-design/"),
    "practice-summary": ("alice", "/journal/summary/"),
}


def open_as(page, who, url, practice):
    url = url.format(plan=practice.plan.pk, entry=practice.entry.pk)
    response = sign_in(page, f"{who}@example.org", go_to=url)
    assert response.status == 200, f"{url} answered {response.status}"


def test_plan_and_journal_pages_have_no_serious_accessibility_violations(page, alice_practice):
    found = {}  # page: its violations, for the pages that have any
    for name, (who, url) in PAGES.items():
        open_as(page, who, url, alice_practice)
        if name == "practice-summary":
            expect(page.locator("figure.chart svg")).to_be_visible()
        if name == "competency-evidence":
            expect(page.get_by_role("status")).to_contain_text("2 entries")
        if violations := serious_violations(page):
            found[name] = violations
    assert not found


def test_new_entry_form_with_suggestions_has_no_serious_accessibility_violations(page, alice_practice):
    open_as(page, "alice", "/journal/new/support/", alice_practice)
    write_support_entry(page)
    suggestion(page, "co-design").click()
    assert_no_serious_violations(page)


SCREENS = {
    "plan": "/plans/{plan}/",
    "new-entry": "/journal/new/support/",
    "journal": "/journal/",
    "summary": "/journal/summary/",
}


@pytest.mark.parametrize("name", SCREENS, ids=list(SCREENS))
def test_plan_and_journal_screens_at_desktop_and_phone_width(page, screenshot, alice_practice, name):
    if not screenshot.wanted:  # the desktop width is only looked at: straight to the phone's
        page.set_viewport_size(NARROW)
    open_as(page, "alice", SCREENS[name], alice_practice)
    if name == "new-entry":  # with suggestions showing, one of them ticked
        write_support_entry(page)
        suggestion(page, "co-design").click()
        expect(suggestion(page, "co-design")).to_be_checked()
    if name == "summary":
        expect(page.locator("figure.chart svg")).to_be_visible()
    if screenshot.wanted:
        screenshot(page, f"plan-journal-{name}-desktop")
        page.set_viewport_size(NARROW)
        if name != "new-entry":  # a reload would lose what was typed
            page.reload()
    overflow = sideways_overflow(page)
    screenshot(page, f"plan-journal-{name}-{NARROW['width']}")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {NARROW['width']}px wide"
