"""Plan edits in place: under htmx each change answers with only the part of the focus it changed
(errors beside the field, what was typed kept); without JavaScript the same POST redirects back."""

import pytest
from django.test import Client
from django.urls import reverse

from praxis.core.models import Deleted
from praxis.development import services
from praxis.development.models import FocusPerson, FocusResource, NextStep

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def plan(alice):
    return services.create_plan(owner=alice)


@pytest.fixture
def focus(plan):
    return services.add_focus(plan=plan, competency_id="co-design")


@pytest.fixture
def tab(alice) -> Client:
    tab = Client()
    tab.force_login(alice)
    return tab


def _url(name, *args):
    return reverse(f"development:{name}", args=args)


def test_adding_a_step_under_htmx_answers_with_the_steps_alone(tab, plan, focus):
    response = tab.post(
        _url("step_add", plan.pk, focus.pk), {"text": "Shadow a session", "due_on": ""}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'<div class="plan-block" id="steps-{focus.pk}">')
    assert "<html" not in html and "Resources" not in html
    assert "Shadow a session" in html
    assert f'id="step-{focus.pk}" name="text" maxlength="500" required value="" autofocus' in html
    assert NextStep.objects.get().text == "Shadow a session"


def test_adding_a_step_without_javascript_redirects_to_the_focus(tab, plan, focus):
    response = tab.post(_url("step_add", plan.pk, focus.pk), {"text": "Shadow a session", "due_on": ""})
    assert response.status_code == 302
    assert response.url == f"{plan.get_absolute_url()}#focus-{focus.pk}"


def test_a_step_with_a_bad_date_keeps_the_text_and_shows_the_error_beside_the_date(tab, plan, focus):
    response = tab.post(
        _url("step_add", plan.pk, focus.pk), {"text": "Shadow a session", "due_on": "31/01/2027"}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert 'value="Shadow a session"' in html
    assert f'<p class="error-text" id="due-error-{focus.pk}">Enter a date as day, month and year.</p>' in html
    assert not NextStep.objects.exists()


@pytest.mark.parametrize("htmx", [HTMX, {}], ids=["htmx", "no-javascript"])
def test_a_resource_with_a_bad_link_keeps_the_name_and_shows_the_error_beside_the_link(
    tab, plan, focus, htmx
):
    response = tab.post(
        _url("resource_add", plan.pk, focus.pk),
        {"source": "own", "title": "Our coaching guide", "url": "javascript:alert(1)"},
        **htmx,
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert 'value="Our coaching guide"' in html and 'value="javascript:alert(1)"' in html
    error = f'<p class="error-text" id="ru-error-{focus.pk}">Enter a web address starting with https://'
    assert error in html
    # beside the link field, not at the top of the form
    link_label = html.index(f'<label for="ru-{focus.pk}">')
    assert link_label < html.index(error) < html.index(f'id="ru-{focus.pk}" name="url"')
    assert 'role="alert"' not in html.split(f'id="resources-{focus.pk}"')[1]
    assert not FocusResource.objects.exists()


def test_changing_a_step_s_status_swaps_the_steps(tab, plan, focus):
    step = services.step_add(focus=focus, text="Read the guide")
    response = tab.post(_url("step_status", plan.pk, step.pk), {"status": "done", "reason": ""}, **HTMX)
    assert response.status_code == 200
    assert '<option value="done" selected>' in response.content.decode()
    step.refresh_from_db()
    assert step.status == "done"


def test_dropping_a_step_without_a_reason_shows_the_error_beside_the_reason(tab, plan, focus):
    step = services.step_add(focus=focus, text="Read the guide")
    response = tab.post(_url("step_status", plan.pk, step.pk), {"status": "dropped", "reason": ""}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 422
    assert '<option value="dropped" selected>' in html  # as chosen, though not saved
    assert f'id="reason-error-{step.pk}">Say briefly why' in html
    step.refresh_from_db()
    assert step.status == "planned"


def test_each_remove_button_reloads_the_plan_for_the_undo_message(tab, plan, focus):
    """A removal asks first and is undone from the message, so it loads the whole page, not a part."""
    step = services.step_add(focus=focus, text="Read the guide")
    resource = services.add_resource(focus=focus, source="own", title="A book")
    person = services.add_person(focus=focus, name="Ann")
    for name, args in [
        ("step_remove", [plan.pk, step.pk]),
        ("resource_remove", [plan.pk, focus.pk, resource.pk]),
        ("person_remove", [plan.pk, focus.pk, person.pk]),
    ]:
        response = tab.post(_url(name, *args), **HTMX)
        assert response.status_code == 200
        assert response["HX-Redirect"] == f"{plan.get_absolute_url()}#focus-{focus.pk}"
    assert not NextStep.objects.exists() and not FocusResource.objects.exists()
    assert not FocusPerson.objects.exists()
    assert sorted(Deleted.objects.values_list("kind", flat=True)) == [
        "next step",
        "person to learn from",
        "resource",
    ]


def test_adding_a_person_under_htmx_swaps_the_people(tab, plan, focus):
    response = tab.post(_url("person_add", plan.pk, focus.pk), {"name": "Ann Smith", "note": ""}, **HTMX)
    assert response.status_code == 200
    assert "Ann Smith" in response.content.decode()


def test_a_focus_and_its_first_step_are_added_from_one_form(tab, plan):
    response = tab.post(
        _url("focus_add", plan.pk),
        {"competency": "facilitation", "why_now": "", "text": "Co-facilitate a team meeting", "due_on": ""},
    )
    assert response.status_code == 302
    focus = plan.focuses.get()
    assert [s.text for s in focus.steps.all()] == ["Co-facilitate a team meeting"]


def test_a_focus_with_a_bad_first_step_date_is_not_added_and_keeps_what_was_typed(tab, plan):
    response = tab.post(
        _url("focus_add", plan.pk),
        {"competency": "facilitation", "why_now": "Teams ask", "text": "Co-facilitate", "due_on": "soon"},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert 'value="Co-facilitate"' in html and "Teams ask" in html
    assert 'id="first-step-due-error">Enter a date' in html
    assert not plan.focuses.exists()


def test_a_step_is_added_only_by_the_plan_s_owner(focus, carol):
    with pytest.raises(services.PlanError, match="owner"):
        services.step_add(focus=focus, text="Agreed in supervision", by=carol)
    assert services.step_add(focus=focus, text="Agreed in supervision", by=focus.plan.owner).pk


def test_someone_else_cannot_remove_a_step(bob, plan, focus):
    step = services.step_add(focus=focus, text="Read the guide")
    other = Client()
    other.force_login(bob)
    assert other.post(_url("step_remove", plan.pk, step.pk), **HTMX).status_code == 404
    assert NextStep.objects.filter(pk=step.pk).exists()


def test_a_refused_change_under_htmx_reloads_the_whole_page_with_the_reason(tab, plan, focus):
    step = services.step_add(focus=focus, text="Read the guide")
    services.complete(plan=services.activate(plan=plan))
    response = tab.post(_url("step_remove", plan.pk, step.pk), **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{plan.get_absolute_url()}#focus-{focus.pk}"
    assert "This plan is completed." in tab.get(plan.get_absolute_url()).content.decode()
    assert NextStep.objects.filter(pk=step.pk).exists()
