"""Two tabs edit why a focus matters: the second save is refused, shows the saved version beside
what was typed (kept), and saving again keeps the second tab's text."""

import pytest
from playwright.sync_api import expect

from praxis.development import services
from praxis.development.models import Focus

from .helpers import assert_no_serious_violations, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_stale_save_in_a_second_tab_keeps_the_typed_text(tabs, page, alice, screenshot):
    plan = services.create_plan(owner=alice)
    focus = services.add_focus(plan=plan, competency_id="co-design", why_now="First thoughts")
    other = tabs.open()
    try:
        for tab in (page, other):
            sign_in(tab, alice.email, go_to=f"/plans/{plan.pk}/")
        page.locator(f"#why-{focus.pk}").fill("Our sites ask for it")
        page.locator(f"#focus-{focus.pk}").get_by_role("button", name="Save").first.click()
        expect(page.locator(".messages[role='status']")).to_contain_text("Saved.")

        other.locator(f"#why-{focus.pk}").fill("My supervisor suggested it")
        other.locator(f"#focus-{focus.pk}").get_by_role("button", name="Save").first.click()
        section = other.locator(f"#focus-{focus.pk}")
        expect(section).to_contain_text("Changed elsewhere since you opened it")
        expect(section.locator(f"#why-saved-{focus.pk}")).to_contain_text("Our sites ask for it")
        expect(other.locator(f"#why-{focus.pk}")).to_have_value("My supervisor suggested it")
        assert Focus.objects.get(pk=focus.pk).why_now == "Our sites ask for it"
        assert_no_serious_violations(other)
        screenshot(other, "plan-stale-focus-save")

        other.locator(f"#focus-{focus.pk}").get_by_role("button", name="Save").first.click()
        expect(other.locator(".messages[role='status']")).to_contain_text("Saved.")
        assert Focus.objects.get(pk=focus.pk).why_now == "My supervisor suggested it"
    finally:
        tabs.done(other)
