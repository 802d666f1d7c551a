"""Planning without friction, in a real browser: a whole plan in few interactions, edits in place
(htmx) that keep what was typed, one plan however often "Plan from these development areas" is
clicked, and the same edits with JavaScript off.

Interactions are counted by a small helper: a click, a fill, a choice in a select and a key press
each count one; opening a page by its address counts one too."""

import os
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from praxis.development import services as plans
from praxis.development.models import NextStep, Plan, PlanStatus

from .conftest import DESKTOP
from .helpers import NARROW, assert_no_serious_violations, expect_message, name_of, sideways_overflow, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MAX_INTERACTIONS = 25  # issue 10: a 3-focus plan with 2 steps each
FOCUSES = {
    "co-design": ["Run a co-design session on the intake form", "Ask two families to review the prototype"],
    "facilitation": ["Co-facilitate the next team meeting", "Ask for feedback on my facilitation"],
    "brokering": ["Map who knows whom across the two sites", "Introduce the clinic lead to the data team"],
}
LOW = {"co_design": "2", "communication": "2", "brokering": "3"}


class Interactions:
    """Does what a person does in the browser, counting each action."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def goto(self, url):
        self.count += 1
        self.page.goto(url)

    def click(self, locator):
        self.count += 1
        locator.click()

    def fill(self, locator, text):
        self.count += 1
        locator.fill(text)

    def select(self, locator, **option):
        self.count += 1
        locator.select_option(**option)

    def press(self, locator, key):
        self.count += 1
        locator.press(key)


def settled(page):
    """htmx has swapped and settled the last response (new content gets its triggers on settling)."""
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)


def focus_section(page, competency_id: str):
    return page.locator("section[id^='focus-']").filter(
        has=page.get_by_role("heading", level=2, name=name_of(competency_id), exact=True)
    )


def look(page, screenshot, name):
    """Screenshots at 1280 and 390 px, only when PRAXIS_SCREENSHOTS=1 (people look at them)."""
    if not os.environ.get("PRAXIS_SCREENSHOTS"):
        return
    size = page.viewport_size
    for label, viewport in (("1280", DESKTOP), ("390", NARROW)):
        page.set_viewport_size(viewport)
        path = screenshot(page, f"{name}-{label}")
        page.locator("section[id^='focus-']").first.screenshot(path=str(path).replace(".png", "-focus.png"))
    page.set_viewport_size(size)


def test_a_three_focus_plan_with_two_steps_each_in_at_most_25_interactions(page, alice, screenshot):
    sign_in(page, "alice@example.org")
    you = Interactions(page)
    you.goto("/plans/")
    you.click(page.get_by_role("button", name="Start a blank plan"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^Development plan started \d+ \w+ \d{4}$")
    )

    # Each focus and its first step from one form.
    for competency_id, (first, _) in FOCUSES.items():
        add = page.locator("section[aria-labelledby='add-focus']")
        you.select(add.get_by_label("Competency", exact=True), value=competency_id)
        you.fill(add.get_by_label("A first next step (optional)"), first)
        you.click(add.get_by_role("button", name="Add focus"))
        expect_message(page, f"{name_of(competency_id)} is now a focus of your plan.")

    # The second step of each: type, press Enter; the list updates in place, the box is empty
    # again and keeps the keyboard, ready for the next step.
    page.wait_for_load_state()  # htmx takes over the forms once the page has loaded
    page.evaluate("window.notReloaded = true")
    for competency_id, (_, second) in FOCUSES.items():
        settled(page)
        section = focus_section(page, competency_id)
        box = section.get_by_label("A next step", exact=True)
        you.fill(box, second)
        you.press(box, "Enter")
        expect(section.locator(".step-list > li")).to_have_count(2)
        expect(section.get_by_label("A next step", exact=True)).to_be_focused()
        expect(section.get_by_label("A next step", exact=True)).to_have_value("")
    assert page.evaluate("window.notReloaded") is True, "adding a step reloaded the page"

    you.click(page.get_by_role("button", name="Start this plan"))
    expect_message(page, "Your plan is active.")

    plan = Plan.objects.get(owner=alice)
    assert plan.status == PlanStatus.ACTIVE
    assert {f.competency_id: [s.text for s in f.steps.order_by("pk")] for f in plan.focuses.all()} == FOCUSES
    print(f"\n3-focus plan with 2 steps each: {you.count} interactions (at most {MAX_INTERACTIONS})")
    assert you.count <= MAX_INTERACTIONS

    assert_no_serious_violations(page)
    look(page, screenshot, "plan-three-focuses")
    page.set_viewport_size(NARROW)
    assert sideways_overflow(page) <= 0
    assert_no_serious_violations(page)


def test_edits_happen_in_place_and_keep_what_was_typed(page, alice):
    plan = plans.create_plan(owner=alice)
    focus = plans.add_focus(plan=plan, competency_id="co-design")
    plans.step_add(focus=focus, text="Read the co-design chapter")
    sign_in(page, "alice@example.org", go_to=f"/plans/{plan.pk}/")
    page.evaluate("window.notReloaded = true")
    section = focus_section(page, "co-design")

    # A status chosen is saved at once; dropping asks why, beside the reason box.
    status = section.get_by_label("Status of “Read the co-design chapter”")
    status.select_option("done")
    expect(section.locator(".step-list .badge")).to_have_text("Done")
    settled(page)  # the swapped-in select listens once htmx has processed it
    section.get_by_label("Status of “Read the co-design chapter”").select_option("dropped")
    reason_error = section.locator(".step-list .error-text")
    expect(reason_error).to_contain_text("Say briefly why you are dropping this step")
    settled(page)
    section.get_by_label("Reason, if dropped").fill("Covered by the team course")
    section.get_by_label("Reason, if dropped").press("Enter")
    expect(section.locator(".step-list")).to_contain_text("(Covered by the team course)")
    assert NextStep.objects.get().status == "dropped"

    # A resource with a bad link: the error beside the link, the name kept.
    section.locator("summary", has_text="Add a resource").click()
    section.get_by_label("Name", exact=True).fill("Our co-design toolkit")
    section.get_by_label("Link (optional)").fill("toolkit on the shared drive")
    section.get_by_role("button", name="Add", exact=True).last.click()
    link = section.get_by_label("Link (optional)")
    expect(link).to_have_attribute("aria-invalid", "true")
    expect(section.locator(f"#ru-error-{focus.pk}")).to_contain_text(
        "Enter a web address starting with https://"
    )
    expect(section.get_by_label("Name", exact=True)).to_have_value("Our co-design toolkit")
    settled(page)  # the form swapped in with its error is sent by htmx once processed
    link.fill("https://example.org/toolkit")
    section.get_by_role("button", name="Add", exact=True).last.click()
    expect(section.get_by_role("link", name="Our co-design toolkit")).to_be_visible()
    settled(page)

    # Someone to learn from, added in place.
    section.locator("summary", has_text="Add someone to learn from").click()
    section.get_by_label("Name, and how you know them").fill("Priya, our family liaison")
    section.get_by_role("button", name="Add person").click()
    expect(section.locator(f"#people-{focus.pk} li")).to_have_text(re.compile("Priya, our family liaison"))
    assert page.evaluate("window.notReloaded") is True, "an edit reloaded the page"
    assert_no_serious_violations(page)

    # Removing asks once, then loads the plan again with Undo in the message.
    people = section.locator(f"#people-{focus.pk}")
    people.locator("summary", has_text="Remove").click()
    people.get_by_role("button", name="Yes, remove this person").click()
    expect_message(page, "Removed.")
    expect(focus_section(page, "co-design").locator(f"#people-{focus.pk}")).to_contain_text("No one yet.")


def test_plan_from_these_development_areas_twice_opens_one_plan_and_offers_new_areas(
    page, alice, make_assessment, all_quick_answers, screenshot
):
    assessment = make_assessment(alice, answers=all_quick_answers("4", **LOW))
    sign_in(page, "alice@example.org")
    today = timezone.localdate()
    for _ in range(2):
        page.goto(f"/assessments/{assessment.pk}/results/")
        page.get_by_role("button", name="Plan from these development areas").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Development plan from {today.day} {today:%B %Y} assessment"
        )
    expect_message(page, "You already have a draft plan: here it is, rather than a second one.")
    expect(page.locator("#add-areas")).to_contain_text("Every development area of that assessment is already")
    assert Plan.objects.filter(owner=alice).count() == 1

    # A later assessment: its new areas are offered to the same plan, already ticked.
    later = make_assessment(alice, answers=all_quick_answers("4", co_design="2", facilitation="1"))
    page.goto(f"/assessments/{later.pk}/results/")
    page.get_by_role("button", name="Plan from these development areas").click()
    offer = page.locator("#add-areas")
    expect(offer.get_by_role("checkbox", name=name_of("facilitation"))).to_be_checked()
    expect(offer.get_by_role("checkbox", name=name_of("co-design"))).to_have_count(0)  # already a focus
    assert_no_serious_violations(page)
    look(page, screenshot, "plan-add-areas")
    offer.get_by_role("button", name="Add to this plan").click()
    expect_message(page, "Added 1 focus to your plan.")
    expect(focus_section(page, "facilitation")).to_be_visible()
    assert Plan.objects.filter(owner=alice).count() == 1


def test_with_javascript_off_the_same_edits_work_by_reloading_the_page(tabs, alice):
    plan = plans.create_plan(owner=alice)
    plans.add_focus(plan=plan, competency_id="co-design")
    page = tabs.open(javascript=False)
    try:
        sign_in(page, "alice@example.org", go_to=f"/plans/{plan.pk}/")
        section = focus_section(page, "co-design")
        section.get_by_label("A next step", exact=True).fill("Shadow a co-design session")
        section.get_by_label("Due by (optional)").fill("2030-01-31")
        section.get_by_role("button", name="Add step").click()
        expect_message(page, "Next step added.")
        section = focus_section(page, "co-design")
        section.get_by_label("Status of “Shadow a co-design session”").select_option("doing")
        section.get_by_role("button", name="Update “Shadow a co-design session”").click()
        expect_message(page, "Step updated.")
        expect(focus_section(page, "co-design").locator(".step-list .badge")).to_have_text("Doing")
        steps = focus_section(page, "co-design").locator(".step-list")
        steps.locator("summary", has_text="Remove").click()
        steps.get_by_role("button", name="Yes, remove this step").click()
        expect_message(page, "Removed.")
        assert not NextStep.objects.exists()
    finally:
        tabs.done(page)
