"""Asking once before deleting, Undo in the message, and the Recently deleted page."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from praxis.core.models import Deleted
from praxis.development import services as plans
from praxis.development.models import Focus, NextStep
from praxis.journal import services as journal
from praxis.journal.models import Entry

pytestmark = pytest.mark.django_db


def entry(owner, title="Steering group visit"):
    return journal.create_entry(
        owner=owner, kind="reflection", fields={"occurred_on": date.today(), "title": title}
    )


@pytest.fixture
def plan(alice):
    plan = plans.create_plan(owner=alice)
    focus = plans.add_focus(plan=plan, competency_id="co-design")
    plans.step_add(focus=focus, text="Shadow a workshop", due_on=None)
    return plan


def test_delete_buttons_ask_once_inside_a_form_that_needs_no_javascript(client, alice, plan):
    client.force_login(alice)
    e = entry(alice)
    page = client.get(reverse("journal:detail", args=[e.pk])).content.decode()
    assert '<details class="confirm-delete">' in page and "Yes, delete this entry</button>" in page
    assert f'action="{reverse("journal:delete", args=[e.pk])}"' in page
    page = client.get(plan.get_absolute_url()).content.decode()
    for what in ("this focus", "this step"):
        assert f"Yes, remove {what}</button>" in page
    assert "Its reasons, next steps, resources, people" in page


def test_removing_a_focus_offers_undo_and_undo_brings_it_back(client, alice, plan):
    client.force_login(alice)
    focus = plan.focuses.get()
    response = client.post(reverse("development:focus_remove", args=[plan.pk, focus.pk]), follow=True)
    page = response.content.decode()
    deleted = Deleted.objects.get()
    assert "The focus is removed." in page
    assert (
        f'action="{reverse("shell:deleted_restore", args=[deleted.pk])}"' in page and ">Undo</button>" in page
    )
    assert not Focus.objects.exists()

    response = client.post(reverse("shell:deleted_restore", args=[deleted.pk]), follow=True)
    assert response.redirect_chain[-1][0] == f"{plan.get_absolute_url()}#focus-{focus.pk}"
    assert "“Co-design” is back." in response.content.decode()
    assert NextStep.objects.filter(focus=focus).count() == 1


def test_a_step_can_be_removed_and_restored_from_the_list(client, alice, plan):
    client.force_login(alice)
    focus = plan.focuses.get()
    step = focus.steps.get()
    client.post(reverse("development:step_remove", args=[plan.pk, step.pk]))
    assert not NextStep.objects.exists()
    page = client.get(reverse("shell:deleted")).content.decode()
    assert "Shadow a workshop" in page and "(next step)" in page
    client.post(reverse("shell:deleted_restore", args=[Deleted.objects.get().pk]))
    assert NextStep.objects.get().pk == step.pk


def test_the_list_shows_only_ones_own_recent_items_newest_first(client, alice, bob):
    journal.delete_entry(entry=entry(alice, "First"))
    journal.delete_entry(entry=entry(alice, "Second"))
    old = journal.delete_entry(entry=entry(alice, "Long ago"))
    Deleted.objects.filter(pk=old.pk).update(deleted_at=timezone.now() - timedelta(days=31))
    journal.delete_entry(entry=entry(bob, "Bob's own"))
    client.force_login(alice)
    page = client.get(reverse("shell:deleted")).content.decode()
    assert page.index("Second") < page.index("First")
    assert "Long ago" not in page and "Bob&#x27;s own" not in page and "Bob's own" not in page
    client.force_login(bob)
    assert "Second" not in client.get(reverse("shell:deleted")).content.decode()


def test_other_peoples_and_expired_items_answer_404_and_stay_deleted(client, alice, bob):
    alices = journal.delete_entry(entry=entry(alice))
    client.force_login(bob)
    assert client.post(reverse("shell:deleted_restore", args=[alices.pk])).status_code == 404
    Deleted.objects.filter(pk=alices.pk).update(deleted_at=timezone.now() - timedelta(days=30, minutes=1))
    client.force_login(alice)
    assert client.post(reverse("shell:deleted_restore", args=[alices.pk])).status_code == 404
    assert client.get(reverse("shell:deleted_restore", args=[alices.pk])).status_code == 405
    assert not Entry.objects.exists()


def test_a_refused_restore_says_what_to_restore_first(client, alice, plan):
    client.force_login(alice)
    focus = plan.focuses.get()
    step = focus.steps.get()
    step_gone = plans.remove_step(step=step)
    plans.remove_focus(focus=focus)
    response = client.post(reverse("shell:deleted_restore", args=[step_gone.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("shell:deleted")
    assert "Restore “Co-design” (plan focus) first" in response.content.decode()


def test_an_empty_list_says_so_and_the_profile_links_to_it(client, dave):
    client.force_login(dave)
    assert "Nothing deleted in the last 30 days." in client.get(reverse("shell:deleted")).content.decode()
    assert f'href="{reverse("shell:deleted")}"' in client.get(reverse("accounts:profile")).content.decode()
