"""Notes and agreed actions: who reads which, and how an action lands in the practitioner's plan."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from praxis.accounts import services as accounts
from praxis.development import services as plans
from praxis.development.models import NextStep, Plan
from praxis.supervision import services
from praxis.supervision.models import AgreedAction, SupervisionNote
from praxis.supervision.selectors import counts_for_practitioner

pytestmark = pytest.mark.django_db


def test_practitioner_sees_shared_notes_and_never_private_ones(client, alice, carol):
    services.note_add(
        author=carol, supervisee=alice, text="Worth celebrating the workshop", visibility="shared"
    )
    services.note_add(author=carol, supervisee=alice, text="Seems tired; ask gently", visibility="private")
    client.force_login(alice)
    html = client.get(reverse("supervision:mine")).content.decode()
    assert "Worth celebrating the workshop" in html
    assert "ask gently" not in html


def test_supervisor_leaves_a_note_from_the_page_and_a_bad_one_keeps_what_was_typed(client, alice, carol):
    client.force_login(carol)
    url = reverse("supervision:note_add", args=[alice.pk])
    response = client.post(url, {"text": "Good session", "visibility": "shared"})
    assert response.status_code == 302
    assert SupervisionNote.objects.get().is_shared
    response = client.post(url, {"text": "Kept text", "visibility": "everyone"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Kept text" in html and "field-error" in html
    assert SupervisionNote.objects.count() == 1


def test_only_a_confirmed_supervisor_writes_notes_or_actions(alice, bob, carol, lena, northside):
    pending = accounts.link_supervisor(organisation=northside, by=lena, supervisor=carol, supervisee=bob)
    assert pending.confirmed_at is None
    for someone, about in ((carol, bob), (lena, alice), (alice, alice)):
        with pytest.raises(services.SupervisionError):
            services.note_add(author=someone, supervisee=about, text="x", visibility="private")
        with pytest.raises(services.SupervisionError):
            services.action_propose(proposed_by=someone, supervisee=about, text="x")
    assert not SupervisionNote.objects.exists() and not AgreedAction.objects.exists()


def test_accepting_an_action_adds_a_step_to_the_focus_once_even_from_two_tabs(client, alice, carol):
    plan = plans.create_plan(owner=alice)
    focus = plans.add_focus(plan=plan, competency_id="co-design")
    action = services.action_propose(
        proposed_by=carol, supervisee=alice, text="Ask the site team", due_on=date(2027, 1, 15)
    )
    client.force_login(alice)
    url = reverse("supervision:action_accept", args=[action.pk])
    first = client.post(url, {"focus": str(focus.pk)})
    second = client.post(url, {"focus": str(focus.pk)})  # the other tab
    assert first.status_code == second.status_code == 302
    step = NextStep.objects.get()
    assert (step.focus, step.text, step.due_on) == (focus, "Ask the site team", date(2027, 1, 15))
    action.refresh_from_db()
    assert action.status == "accepted" and action.step == step
    assert first.url.startswith(plan.get_absolute_url())
    with pytest.raises(services.SupervisionError):  # a stale copy of the action, as a second request holds
        services.action_accept(
            action=AgreedAction(pk=action.pk, supervisee=alice, text="x"), by=alice, focus=focus
        )
    assert NextStep.objects.count() == 1


def test_accepting_an_action_naming_a_competency_adds_that_focus_when_the_plan_lacks_it(alice, carol):
    plan = plans.create_plan(owner=alice)
    plans.add_focus(plan=plan, competency_id="co-design")
    action = services.action_propose(
        proposed_by=carol, supervisee=alice, text="Shadow a facilitator", competency_id="facilitation"
    )
    step = services.action_accept(action=action, by=alice)
    assert step.focus.plan == plan and step.focus.competency_id == "facilitation"


def test_a_step_that_cannot_be_made_leaves_the_action_waiting(alice, carol):
    plan = plans.create_plan(owner=alice)
    focus = plans.add_focus(plan=plan, competency_id="co-design")
    plans.activate(plan=plan)
    plans.complete(plan=Plan.objects.get(pk=plan.pk))
    action = services.action_propose(proposed_by=carol, supervisee=alice, text="Read")
    with pytest.raises(plans.PlanError):
        services.action_accept(action=action, by=alice, focus=focus)
    action.refresh_from_db()
    assert action.status == "proposed" and not NextStep.objects.exists()


def test_only_the_practitioner_answers_and_declining_adds_nothing(client, alice, bob, carol):
    action = services.action_propose(proposed_by=carol, supervisee=alice, text="Read")
    for other in (carol, bob):
        client.force_login(other)
        assert client.post(reverse("supervision:action_decline", args=[action.pk])).status_code == 404
        assert client.post(reverse("supervision:action_accept", args=[action.pk])).status_code == 404
    client.force_login(alice)
    client.post(reverse("supervision:action_decline", args=[action.pk]))
    action.refresh_from_db()
    assert action.status == "declined" and not NextStep.objects.exists()
    assert "Declined" in client.get(reverse("supervision:mine")).content.decode()


def test_a_focus_of_someone_else_cannot_receive_the_step(client, alice, bob, carol):
    bobs = plans.add_focus(plan=plans.create_plan(owner=bob), competency_id="co-design")
    action = services.action_propose(proposed_by=carol, supervisee=alice, text="Read")
    client.force_login(alice)
    response = client.post(reverse("supervision:action_accept", args=[action.pk]), {"focus": str(bobs.pk)})
    assert response.status_code == 404
    action.refresh_from_db()
    assert action.status == "proposed" and not NextStep.objects.exists()


def test_when_the_link_ends_the_practitioner_keeps_shared_notes_and_actions_and_the_page_closes(
    client, alice, carol, northside
):
    services.note_add(author=carol, supervisee=alice, text="Shared thought", visibility="shared")
    services.note_add(author=carol, supervisee=alice, text="Private thought", visibility="private")
    action = services.action_propose(proposed_by=carol, supervisee=alice, text="Keep a log")
    accounts.leave_organisation(user=carol, organisation=northside)
    client.force_login(carol)
    assert client.get(reverse("supervision:supervisee", args=[alice.pk])).status_code == 404
    client.force_login(alice)
    html = client.get(reverse("supervision:mine")).content.decode()
    assert "Shared thought" in html and "Keep a log" in html and "Private thought" not in html
    focus = plans.add_focus(plan=plans.create_plan(owner=alice), competency_id="co-design")
    services.action_accept(action=action, by=alice, focus=focus)  # still hers to accept
    assert SupervisionNote.objects.filter(author=carol, visibility="private").exists()  # still carol's


def test_practitioner_page_queries_do_not_grow(client, alice, carol, django_assert_num_queries):
    plans.add_focus(plan=plans.create_plan(owner=alice), competency_id="co-design")
    client.force_login(alice)
    url = reverse("supervision:mine")

    def add(n):
        for i in range(n):
            services.note_add(author=carol, supervisee=alice, text=f"N{i}", visibility="shared")
            services.action_propose(
                proposed_by=carol, supervisee=alice, text=f"A{i}", competency_id="co-design"
            )
            answered = services.action_propose(proposed_by=carol, supervisee=alice, text=f"B{i}")
            services.action_accept(action=answered, by=alice, focus=alice.plans.get().focuses.get())

    add(1)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add(10)
    with CaptureQueriesContext(connection) as large:
        assert "A9" in client.get(url).content.decode()
    assert len(large) == len(small)


def test_counts_for_the_dashboard_are_actions_waiting_and_shared_notes(alice, carol):
    services.note_add(author=carol, supervisee=alice, text="Shared", visibility="shared")
    services.note_add(author=carol, supervisee=alice, text="Private", visibility="private")
    services.action_propose(proposed_by=carol, supervisee=alice, text="Read")
    services.action_decline(
        action=services.action_propose(proposed_by=carol, supervisee=alice, text="X"), by=alice
    )
    assert counts_for_practitioner(alice) == {"waiting": 1, "notes": 1}
