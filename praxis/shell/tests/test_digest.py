"""The weekly e-mail digest: off by default, switched on in the profile, sent by
`praxis send_digests` at most once a week and only when there is something to say, only to a
confirmed address, with a one-click unsubscribe link that works without signing in and a page
that changes nothing when merely opened."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from praxis.accounts.models import User
from praxis.development import services as plans
from praxis.shell import digest
from praxis.shell.models import DigestPreference

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 30)


def _busy(owner, due_on=MONDAY):
    """An active plan with a step due (something to say)."""
    plan = plans.create_plan(owner=owner)
    focus = plans.add_focus(plan=plan, competency_id="co-design")
    plans.activate(plan=plan)
    plans.step_add(focus=focus, text="Call the site lead", due_on=due_on)
    return plan


def _switch_on(client, user):
    client.force_login(user)
    response = client.post(reverse("shell:digest"), {"weekly": "on"})
    assert response.status_code == 302
    return response


def _send(today=MONDAY) -> str:
    out = StringIO()
    call_command("send_digests", "--today", today.isoformat(), stdout=out)
    return out.getvalue()


def test_the_digest_is_off_until_switched_on(client, alice):
    _busy(alice)
    assert "0 digests sent" in _send()
    assert not mail.outbox
    client.force_login(alice)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert 'name="weekly"' in html and "checked" not in html.split('id="digest-weekly"')[1].split(">")[0]


def test_switched_on_in_the_profile_it_is_sent_once_a_week(client, alice):
    _busy(alice, due_on=MONDAY + timedelta(days=2))
    _switch_on(client, alice)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "checked" in html.split('id="digest-weekly"')[1].split(">")[0]
    assert "1 digest sent" in _send()
    assert _send(MONDAY + timedelta(days=3)).startswith("Week of 30 November 2026: 0 digests sent")
    assert len(mail.outbox) == 1  # running again in the same week sends nothing
    message = mail.outbox[0]
    assert message.to == [alice.email]
    assert message.subject == "Your week in Praxis: 1 step due"
    assert "Call the site lead (Co-design), due Wednesday 2 December" in message.body
    assert "- Co-design: nothing yet" in message.body
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body and url.startswith("http")
    assert DigestPreference.objects.get(user=alice).sent_week == MONDAY
    cache.clear()  # the per-day limit of the outgoing rules (a real week later, a new day)
    _busy(alice, due_on=MONDAY + timedelta(days=8))
    assert "1 digest sent" in _send(MONDAY + timedelta(days=7))
    assert len(mail.outbox) == 2


def test_nothing_is_sent_when_there_is_nothing_to_say(client, alice):
    _busy(alice, due_on=MONDAY + timedelta(days=30))
    _switch_on(client, alice)
    assert "0 digests sent, 1 with nothing to say" in _send()
    assert not mail.outbox
    assert DigestPreference.objects.get(user=alice).sent_week is None


def test_an_unconfirmed_address_or_inactive_account_gets_no_digest(client, alice, bob):
    _busy(alice)
    _busy(bob)
    _switch_on(client, alice)
    _switch_on(client, bob)
    User.objects.filter(pk=alice.pk).update(email_verified_at=None)
    User.objects.filter(pk=bob.pk).update(is_active=False)
    assert "0 digests sent" in _send()
    assert "1 not sent (address not confirmed" in _send()
    assert not mail.outbox


def test_the_outgoing_limit_holds_even_if_the_week_record_is_lost(client, alice, settings):
    _busy(alice)
    _switch_on(client, alice)
    _send()
    DigestPreference.objects.filter(user=alice).update(sent_week=None)
    assert "0 digests sent" in _send()
    assert len(mail.outbox) == 1
    assert DigestPreference.objects.get(user=alice).sent_week is None  # given back, tried next time


def test_switching_off_in_the_profile_stops_it(client, alice):
    _busy(alice)
    _switch_on(client, alice)
    client.post(reverse("shell:digest"), {})
    assert not DigestPreference.objects.get(user=alice).weekly
    _send()
    assert not mail.outbox


def test_a_forged_choice_changes_nothing(client, alice):
    client.force_login(alice)
    client.post(reverse("shell:digest"), {"weekly": "yes please"})
    assert not DigestPreference.objects.exists()


def _unsubscribe_url(client, user):
    _busy(user)
    _switch_on(client, user)
    _send()
    client.logout()
    return mail.outbox[-1].extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://127.0.0.1:8000")


def test_opening_the_unsubscribe_link_changes_nothing_and_offers_one_button(client, alice):
    url = _unsubscribe_url(client, alice)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert not [
        q
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert "Stop the weekly digest" in response.content.decode()
    assert DigestPreference.objects.get(user=alice).weekly


def test_one_click_unsubscribe_works_without_signing_in_or_a_csrf_token(client, alice):
    url = _unsubscribe_url(client, alice)
    client = Client(enforce_csrf_checks=True)  # a mail client: no session, no CSRF cookie
    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "Weekly digest stopped" in response.content.decode()
    assert not DigestPreference.objects.get(user=alice).weekly
    assert "already off" in client.get(url).content.decode()


@pytest.mark.parametrize("forge", ["forged", "drop-last", "someone-else"])
def test_a_forged_or_damaged_unsubscribe_link_changes_nothing(client, alice, bob, forge):
    url = _unsubscribe_url(client, alice)
    token = url.rstrip("/").rsplit("/", 1)[1]
    bad = {
        "forged": "WzEsImFiYyJd:forged",
        "drop-last": token[:-1],
        "someone-else": digest.unsubscribe_token(bob).split(":")[0] + ":" + token.split(":", 1)[1],
    }[forge]
    for method in (client.get, client.post):
        response = method(reverse("shell:digest_unsubscribe", args=[bad]))
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
    assert DigestPreference.objects.get(user=alice).weekly


def test_a_link_stops_working_when_the_address_changes(client, alice):
    url = _unsubscribe_url(client, alice)
    User.objects.filter(pk=alice.pk).update(email="alice.new@example.org")
    assert client.post(url).status_code == 404
    assert DigestPreference.objects.get(user=alice).weekly


def test_the_week_runs_monday_to_sunday():
    assert digest.week_of(date(2026, 12, 6)) == MONDAY  # a Sunday
    assert digest.week_of(MONDAY) == MONDAY
    assert digest.week_of(timezone.localdate()).weekday() == 0
