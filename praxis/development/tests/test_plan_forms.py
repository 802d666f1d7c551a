"""Plan changes through their own URLs and forms: errors beside the field with the text kept,
and a version guard so two tabs (or two people) never silently overwrite each other."""

import pytest
from django.test import Client
from django.urls import reverse

from praxis.development import services
from praxis.development.models import Focus, NextStep, Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(alice):
    return services.create_plan(owner=alice)


@pytest.fixture
def focus(plan):
    return services.add_focus(plan=plan, competency_id="co-design", why_now="First thoughts")


def _tab(user) -> Client:
    tab = Client()
    tab.force_login(user)
    return tab


def test_a_stale_plan_save_changes_nothing_and_shows_both_versions(alice, plan):
    first, second = _tab(alice), _tab(alice)
    url = reverse("development:plan_update", args=[plan.pk])
    opened_at = str(plan.version)  # both tabs opened the page at this version
    assert (
        first.post(url, {"title": "Growing co-design", "horizon": "24", "version": opened_at}).status_code
        == 302
    )
    response = second.post(url, {"title": "My own title", "horizon": "12", "version": opened_at})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Changed elsewhere since you opened it" in html
    assert "Saved version: “Growing co-design”, over 24 months" in html  # what the other tab saved
    assert 'value="My own title"' in html  # what this tab typed, kept
    saved = Plan.objects.get(pk=plan.pk)
    assert (saved.title, saved.horizon_months, saved.version) == ("Growing co-design", 24, plan.version + 1)
    # saving again from the page shown (which now carries the saved version) keeps this tab's text
    assert f'name="version" value="{saved.version}"' in html
    second.post(url, {"title": "My own title", "horizon": "12", "version": str(saved.version)})
    assert Plan.objects.get(pk=plan.pk).title == "My own title"


def test_a_stale_focus_save_keeps_the_typed_text_beside_the_saved_one(alice, plan, focus):
    first, second = _tab(alice), _tab(alice)
    url = reverse("development:focus_update", args=[plan.pk, focus.pk])
    opened_at = str(focus.version)
    first.post(url, {"why_now": "Our sites ask for it", "version": opened_at})
    response = second.post(url, {"why_now": "My supervisor suggested it", "version": opened_at})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Changed elsewhere since you opened it" in html
    assert "Our sites ask for it" in html and "My supervisor suggested it" in html
    assert Focus.objects.get(pk=focus.pk).why_now == "Our sites ask for it"


def test_a_wrong_field_shows_the_plan_again_with_the_error_beside_it_and_the_text_kept(alice, plan, focus):
    tab = _tab(alice)
    response = tab.post(
        reverse("development:step_add", args=[plan.pk, focus.pk]),
        {"text": "Shadow a co-design session", "due_on": "31/01/2027"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Enter a date as day, month and year." in html
    assert 'value="Shadow a co-design session"' in html
    assert not NextStep.objects.exists()


@pytest.mark.parametrize("horizon", ["twelve", "²", "٣", "36", ""])
def test_a_horizon_that_is_not_12_or_24_is_refused_without_a_500(alice, plan, horizon):
    response = _tab(alice).post(
        reverse("development:plan_update", args=[plan.pk]),
        {"title": "Mine", "horizon": horizon, "version": str(plan.version)},
    )
    assert response.status_code == 422
    assert Plan.objects.get(pk=plan.pk).title == "My development plan"


def test_a_person_s_name_must_fit_on_one_line(alice, plan, focus):
    response = _tab(alice).post(
        reverse("development:person_add", args=[plan.pk, focus.pk]), {"name": "Ann\nBcc: someone"}
    )
    assert response.status_code == 422
    assert "Write the name on one line" in response.content.decode()
    assert not focus.people.exists()


def test_someone_else_s_plan_answers_404_on_every_change(bob, plan, focus):
    tab = _tab(bob)
    for name, args in [
        ("plan_update", [plan.pk]),
        ("focus_update", [plan.pk, focus.pk]),
        ("focus_remove", [plan.pk, focus.pk]),
        ("comments_read", [plan.pk]),
    ]:
        assert tab.post(reverse(f"development:{name}", args=args), {"version": "1"}).status_code == 404
    assert Focus.objects.filter(pk=focus.pk).exists()
