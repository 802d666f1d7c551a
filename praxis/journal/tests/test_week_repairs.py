"""Issue 10's repairs to the journal: a new entry is dated today, forms keep what was typed and
put each error next to its field, the CSV speaks in names, and an empty search says so."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from praxis.journal import services
from praxis.journal.models import Entry

pytestmark = pytest.mark.django_db


def test_a_new_entry_is_dated_today_so_the_first_save_succeeds(client, alice):
    client.force_login(alice)
    html = client.get(reverse("journal:new", args=["reflection"])).content.decode()
    assert f'type="date" name="occurred_on" value="{timezone.localdate().isoformat()}"' in html
    response = client.post(
        reverse("journal:new", args=["reflection"]),
        {"occurred_on": timezone.localdate().isoformat(), "title": "First one", "body": "Typed"},
    )
    assert response.status_code == 302 and Entry.objects.get().occurred_on == timezone.localdate()


def test_an_entrys_own_date_is_kept_when_editing(client, alice):
    entry = services.create_entry(
        owner=alice, kind="reflection", fields={"occurred_on": date(2025, 2, 3), "title": "Old"}
    )
    client.force_login(alice)
    html = client.get(reverse("journal:edit", args=[entry.pk])).content.decode()
    assert 'name="occurred_on" value="2025-02-03"' in html


def test_a_missing_dilemma_is_reported_next_to_its_field_keeping_the_text(client, alice):
    client.force_login(alice)
    html = client.post(
        reverse("journal:new", args=["dilemma"]),
        {"occurred_on": "2026-11-01", "title": "Pulled both ways", "what_happened": "Kept this text"},
    ).content.decode()
    field = html[html.index('name="dilemma_id"') - 600 : html.index('name="dilemma_id"')]
    assert "field-error" in field and "errorlist" in field
    assert "Kept this text" in html and "Pulled both ways" in html
    assert not Entry.objects.exists()


def test_a_bad_filter_date_is_shown_next_to_its_field_and_the_other_filters_still_apply(client, alice):
    services.create_entry(
        owner=alice, kind="reflection", fields={"occurred_on": date(2026, 1, 1), "title": "Huddle"}
    )
    services.create_entry(
        owner=alice, kind="reflection", fields={"occurred_on": date(2026, 1, 2), "title": "Review"}
    )
    client.force_login(alice)
    html = client.get(reverse("journal:index"), {"q": "huddle", "date_from": "31/31/2026"}).content.decode()
    assert 'class="field field-error"' in html and 'value="31/31/2026"' in html
    assert "1 entry matches" in html and "Review" not in html
    html = client.get(
        reverse("journal:summary"), {"date_from": "2026-05-01", "date_to": "2026-04-01"}
    ).content.decode()
    assert "Choose a date on or after the “From” date." in html


def test_an_empty_search_says_nothing_matches_and_how_to_widen_it(client, alice):
    services.create_entry(
        owner=alice, kind="reflection", fields={"occurred_on": date(2026, 1, 1), "title": "Huddle"}
    )
    client.force_login(alice)
    html = client.get(reverse("journal:index"), {"q": "zebra"}).content.decode()
    assert "No entries match “zebra”." in html and "show every entry" in html
    html = client.get(reverse("journal:index"), {"q": "zebra", "kind": "support"}).content.decode()
    assert "No entries match “zebra” with these filters." in html


def test_an_empty_journal_invites_a_first_entry(client, alice):
    client.force_login(alice)
    assert "Write your first entry" in client.get(reverse("journal:index")).content.decode()


def test_the_csv_names_kinds_modes_tags_dilemmas_and_questions(client, alice):
    services.create_entry(
        owner=alice,
        kind="support",
        fields={"occurred_on": date(2026, 1, 2), "title": "Visit", "duration_minutes": 60, "mode": "virtual"},
        tags=["co-design", "brokering.act-as-bridge", "be-curious"],
    )
    services.create_entry(
        owner=alice,
        kind="learning",
        fields={
            "occurred_on": date(2026, 1, 3),
            "title": "Course",
            "learning_type": "course",
            "hours": Decimal(3),
        },
    )
    services.create_entry(
        owner=alice,
        kind="guided",
        fields={"occurred_on": date(2026, 1, 4), "title": "Ten", "answers": {"question-1": "I broker"}},
    )
    client.force_login(alice)
    visit, course, guided = csv.DictReader(
        io.StringIO(client.get(reverse("journal:export")).content.decode())
    )
    assert (visit["kind"], visit["mode"]) == ("Support activity", "Virtual")
    assert visit["tags"].split("; ")[0] == "Co-design" and "Be curious" in visit["tags"]
    assert "brokering" not in visit["tags"]  # the key activity by its words, not its id
    assert (course["kind"], course["learning_type"], course["hours"]) == ("Learning", "Course", "3.0")
    assert guided["guided_answers"].startswith("1. ") and "question-1" not in guided["guided_answers"]
