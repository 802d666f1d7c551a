"""A rater answers on a phone: each answer saves as it is chosen, the page shows how far they have
got and folds the questions into one section per competency, and a reload keeps every answer.

Lean on purpose: the round and the rater's link are made through the services (the owner's side has
its own journey in test_feedback_journey.py); the browser does only what a rater does."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from praxis.feedback import services
from praxis.feedback.models import Rater, Rating

from .conftest import DESKTOP
from .helpers import FRAMEWORK, NARROW, assert_no_serious_violations, name_of, sideways_overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ASKED = [c.id for c in FRAMEWORK.competencies]  # all fifteen, the longest form there is
TOTAL = len(ASKED) + 5  # and the five questions about the working relationship
# With every question open, this form was 14,739 px tall at 390 px; folded, 3,719 px.
MAX_PHONE_HEIGHT = 4_500


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def section(page, competency_id: str):
    return page.locator(f"details#section-{competency_id}")


def test_a_rater_answers_on_a_phone_reloads_and_finds_every_answer_kept(tabs, screenshot, alice):
    round_ = services.create_round(
        owner=alice,
        title="How my support lands",
        message="",
        closes_on=timezone.localdate() + timedelta(days=14),
        competency_ids=ASKED,
        include_relationship=True,
    )
    _, token = services.add_rater(
        round_=round_, email="pia@example.net", name="Pia", relationship="peer", notify=False
    )
    page = tabs.open(viewport=NARROW)
    try:
        page.goto(f"/feedback/r/{token}/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Feedback for Alice")

        # A page of its own: no site menu, no search, no sign-in or sign-up.
        expect(page.get_by_role("navigation")).to_have_count(0)
        expect(page.get_by_role("search")).to_have_count(0)
        expect(page.get_by_text("Create an account")).to_have_count(0)

        # Progress, and one section open at a time: the first; the rest folded.
        expect(page.get_by_text(f"0 of {TOTAL} answered")).to_be_visible()
        expect(page.locator("details.rater-section[open]")).to_have_count(1)
        expect(section(page, "co-learning")).to_have_attribute("open", "")
        # Written for someone watching the practitioner work, not for the practitioner.
        expect(section(page, "co-learning").locator("p.details")).to_contain_text(re.compile(r"^They "))
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height <= MAX_PHONE_HEIGHT, f"the rater form is {height}px tall at {NARROW['width']}px"
        assert sideways_overflow(page) <= 0
        assert_no_serious_violations(page)
        screenshot(page, f"rater-form-{NARROW['width']}")

        # One tap an answer: it saves, the heading says what was chosen, the next section opens.
        page.locator("label[for='r-co-learning-4']").click()
        expect(section(page, "co-learning").locator(".save-status")).to_have_text("Saved")
        expect(page.get_by_text(f"1 of {TOTAL} answered")).to_be_visible()
        expect(page.locator("#state-co-learning")).to_have_text("Answered: Proficient")
        expect(section(page, "brokering")).to_have_attribute("open", "")
        page.locator("label[for='r-brokering-none']").click()
        expect(section(page, "brokering").locator(".save-status")).to_have_text("Saved")
        expect(page.locator("#state-brokering")).to_have_text("Answered: Not observed")
        page.get_by_label("Anything else you would like to say?").fill("Brings the research along.")
        expect(page.locator("textarea#comment + .save-status")).to_have_text("Saved")
        expect(page.get_by_text(f"2 of {TOTAL} answered")).to_be_visible()

        # Saved means saved: the database holds it before any button is pressed.
        rater = Rater.objects.get()
        assert dict(Rating.objects.filter(rater=rater).values_list("item_id", "value")) == {
            "co-learning": 4,
            "brokering": None,
        }
        assert rater.comment == "Brings the research along." and rater.submitted_at is None

        # A reload (a lost tab, a phone that ran out of battery) keeps everything.
        page.reload()
        expect(page.get_by_text(f"2 of {TOTAL} answered")).to_be_visible()
        expect(page.locator("#state-co-learning")).to_have_text("Answered: Proficient")
        expect(page.locator("input#r-co-learning-4")).to_be_checked()
        expect(page.locator("input#r-brokering-none")).to_be_checked()
        expect(page.get_by_label("Anything else you would like to say?")).to_have_value(
            "Brings the research along."
        )
        third = ASKED[2]
        expect(section(page, third)).to_have_attribute("open", "")  # where they left off
        expect(section(page, "co-learning")).not_to_have_attribute("open", "")
        assert name_of(third) in section(page, third).locator("summary").inner_text()

        # The same page on a desktop screen.
        page.set_viewport_size(DESKTOP)
        assert sideways_overflow(page) <= 0
        screenshot(page, "rater-form-desktop")
    finally:
        tabs.done(page)
