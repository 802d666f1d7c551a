"""Journal search: the database's full-text engine, ranked, the same results on SQLite and PostgreSQL."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.urls import reverse

from praxis.journal import search, selectors, services
from praxis.journal.models import Entry

pytestmark = pytest.mark.django_db


def entry(owner, title, when=date(2026, 3, 1), **fields):
    return services.create_entry(
        owner=owner,
        kind="support",
        fields={"occurred_on": when, "title": title, "duration_minutes": 60, "mode": "onsite", **fields},
    )


def found(user, query, **filters):
    return [e.title for e in selectors.filtered_entries(user, selectors.Filters(query=query, **filters))]


def test_search_finds_other_forms_of_a_word(alice):
    entry(alice, "Planning day", body="Two meetings with the steering group.")
    entry(alice, "Ward visit", what_happened="I facilitated the huddle.")
    entry(alice, "Unrelated", body="Reading about context.")

    assert found(alice, "meeting") == ["Planning day"]
    assert found(alice, "facilitation") == ["Ward visit"]


def test_search_looks_in_every_written_field(alice):
    entry(alice, "One", site="Harrow Road")
    entry(alice, "Two", stakeholder_groups="foster carers, managers")
    entry(alice, "Three", do_differently="Bring the carers in earlier.")
    entry(alice, "Four", what_i_did="Mapped the referral pathway.")

    assert found(alice, "harrow") == ["One"]
    assert sorted(found(alice, "carers")) == ["Three", "Two"]
    assert found(alice, "referral pathway") == ["Four"]


def test_every_word_is_required_and_stop_words_are_ignored(alice):
    entry(alice, "Huddle with ward staff")
    entry(alice, "Huddle thoughts", when=date(2026, 7, 1))

    assert found(alice, "huddle staff") == ["Huddle with ward staff"]
    assert found(alice, "the huddle with") == found(alice, "huddle")
    assert found(alice, "the and of") == []
    assert found(alice, "huddle nowhere") == []


def test_results_are_ranked_a_title_match_first(alice):
    entry(alice, "Newer visit", when=date(2026, 9, 1), body="We talked about coaching for a while.")
    entry(alice, "Coaching session", when=date(2026, 1, 1))
    entry(alice, "No match", when=date(2026, 10, 1))

    assert found(alice, "coaching") == ["Coaching session", "Newer visit"]


def test_search_combines_with_the_other_filters(alice):
    entry(alice, "Coaching in March", when=date(2026, 3, 1))
    entry(alice, "Coaching in June", when=date(2026, 6, 1))
    services.create_entry(
        owner=alice, kind="reflection", fields={"occurred_on": date(2026, 6, 2), "title": "Coaching thoughts"}
    )

    assert found(alice, "coaching", kind="support", date_from=date(2026, 5, 1)) == ["Coaching in June"]


def test_search_never_finds_other_peoples_entries(alice, bob):
    entry(bob, "Coaching for Bob")
    entry(alice, "Coaching for Alice")

    assert found(alice, "coaching") == ["Coaching for Alice"]


def test_search_follows_edits_and_deletions(alice):
    kept = entry(alice, "Coaching plan")
    gone = entry(alice, "Coaching notes")

    Entry.objects.filter(pk=kept.pk).update(title="Mentoring plan")
    gone.delete()

    assert found(alice, "coaching") == []
    assert found(alice, "mentoring") == ["Mentoring plan"]


@pytest.mark.parametrize("query", ['"unbalanced', "co-design OR", "NEAR(a b)", "*", "a'b; drop", "ünïcode"])
def test_odd_queries_are_words_not_syntax(alice, query):
    entry(alice, "Co-design workshop")

    assert isinstance(found(alice, query), list)
    assert found(alice, "co-design") == ["Co-design workshop"]


def test_search_page_ranks_and_pages(client, alice):
    for n in range(25):
        entry(alice, f"Visit {n}", when=date(2026, 1, 1) + timedelta(days=n), body="coaching")
    entry(alice, "Coaching review", when=date(2025, 1, 1))
    client.force_login(alice)

    html = client.get(reverse("journal:index") + "?q=coaching").content.decode()

    assert "Coaching review" in html and "Page 1 of 2" in html


@pytest.mark.parametrize("size", [3, 40])
def test_search_page_runs_the_same_queries_whatever_the_number_of_entries(
    client, alice, size, django_assert_max_num_queries
):
    for n in range(size):
        entry(alice, f"Coaching visit {n}", when=date(2026, 1, 1) + timedelta(days=n))
    client.force_login(alice)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("journal:index") + "?q=coaching+visit").status_code == 200


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 triggers")
def test_sqlite_index_is_restored_when_a_table_rebuild_drops_its_triggers(alice):
    entry(alice, "Coaching before")
    with connection.cursor() as cursor:
        for name in ("insert", "delete", "update"):
            cursor.execute(f"DROP TRIGGER journal_entry_fts_{name}")
    entry(alice, "Coaching while the triggers were gone")

    search.ensure_sqlite_index()

    assert sorted(found(alice, "coaching")) == ["Coaching before", "Coaching while the triggers were gone"]
    entry(alice, "Coaching after")
    assert len(found(alice, "coaching")) == 3


def test_words_are_parsed_the_same_for_both_databases():
    assert search.words("The Huddle, the huddle & co-design!") == ["huddle", "co", "design"]
    assert search.words("a " * 20) == []
    assert len(search.words(" ".join(f"w{n}" for n in range(20)))) == search.MAX_WORDS


def test_practice_summary_counts_an_entry_once_per_competency_however_it_is_tagged(alice):
    services.create_entry(
        owner=alice,
        kind="support",
        fields={
            "occurred_on": date(2026, 9, 3),
            "title": "Workshop",
            "duration_minutes": 90,
            "mode": "onsite",
        },
        tags=["co-design", "co-design.plan-implementation-together", "brokering"],
    )
    services.create_entry(
        owner=alice,
        kind="support",
        fields={"occurred_on": date(2026, 9, 4), "title": "Call", "duration_minutes": 30, "mode": "virtual"},
        tags=["co-design.plan-implementation-together"],
    )

    summary = selectors.practice_summary(alice)

    assert {r.competency.id: r.minutes for r in summary.by_competency} == {"co-design": 120, "brokering": 90}
    assert summary.by_month == [(date(2026, 9, 1), 120)]
    assert summary.by_site == [("Not recorded", 120)]
