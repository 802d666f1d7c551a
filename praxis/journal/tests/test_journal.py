"""The journal: entries of every kind, tags, Markdown, portfolio, practice summary, export."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from praxis.journal import selectors, services
from praxis.journal.models import Entry, TagKind
from praxis.journal.templatetags.journal_tags import markdown

pytestmark = pytest.mark.django_db


def support(owner, title="Visit", when=None, minutes=60, mode="onsite", site="Northfield", tags=()):
    fields = {
        "occurred_on": when or date.today(),
        "title": title,
        "duration_minutes": minutes,
        "mode": mode,
        "site": site,
    }
    return services.create_entry(owner=owner, kind="support", fields=fields, tags=list(tags))


def learning(owner, when, hours, kind="course", tags=()):
    fields = {"occurred_on": when, "title": "Course", "learning_type": kind, "hours": Decimal(hours)}
    return services.create_entry(owner=owner, kind="learning", fields=fields, tags=list(tags))


def test_tags_resolve_to_their_competency(alice):
    entry = support(alice, tags=["co-design", "brokering.act-as-bridge", "be-curious"])
    tags = {t.item_id: (t.kind, t.competency_id) for t in entry.tags.all()}
    assert tags == {
        "co-design": (TagKind.COMPETENCY, "co-design"),
        "brokering.act-as-bridge": (TagKind.KEY_ACTIVITY, "brokering"),
        "be-curious": (TagKind.PRINCIPLE, ""),
    }


@pytest.mark.parametrize("tag", ["not-a-thing", "co-creation-and-engagement", "question-7"])
def test_only_competencies_key_activities_and_principles_are_tags(alice, tag):
    with pytest.raises(services.JournalError):
        support(alice, tags=[tag])
    assert not Entry.objects.exists()  # the whole entry is refused, nothing half-saved


def test_dilemma_entry_names_one_of_the_guides_dilemmas(alice):
    with pytest.raises(services.JournalError, match="Choose which"):
        services.create_entry(
            owner=alice,
            kind="dilemma",
            fields={"occurred_on": date.today(), "title": "x", "dilemma_id": "made-up"},
        )


def test_guided_reflection_keeps_answers_to_the_guides_questions(alice):
    entry = services.create_entry(
        owner=alice,
        kind="guided",
        fields={
            "occurred_on": date.today(),
            "title": "Quarterly",
            "answers": {"question-1": " I broker ", "question-2": ""},
        },
    )
    assert entry.answers == {"question-1": "I broker"}
    with pytest.raises(services.JournalError):
        services.create_entry(
            owner=alice,
            kind="guided",
            fields={"occurred_on": date.today(), "title": "x", "answers": {"nope": "x"}},
        )


def test_markdown_is_rendered_and_sanitised():
    html = markdown(
        "**Bold** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    assert "<strong>Bold</strong>" in html
    assert (
        "<script" not in html and "javascript:" not in html and "<img" not in html and "onerror" not in html
    )


def test_form_keeps_what_was_typed_and_says_what_is_wrong(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("journal:new", args=["support"]),
        {
            "title": "Coaching call",
            "occurred_on": "2026-11-01",
            "duration_minutes": "5000",
            "mode": "virtual",
            "what_i_did": "Long call about data",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "between 1 and 1,440" in html
    assert "Long call about data" in html  # nothing typed is lost
    assert not Entry.objects.exists()


def test_saving_through_the_form_with_a_suggested_tag(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("journal:new", args=["support"]),
        {
            "title": "Referral form",
            "occurred_on": "2026-11-01",
            "duration_minutes": "90",
            "mode": "onsite",
            "what_i_did": "Co-designed the form",
            "suggested_tags": ["co-design"],
            "tags": ["be-curious"],
        },
    )
    entry = Entry.objects.get()
    assert response.url == reverse("journal:detail", args=[entry.pk])
    assert sorted(t.item_id for t in entry.tags.all()) == ["be-curious", "co-design"]


def test_suggestions_endpoint_shows_matched_words_and_applies_nothing(client, alice):
    client.force_login(alice)
    html = client.post(
        reverse("journal:suggestions"),
        {
            "kind": "reflection",
            "title": "Connecting groups",
            "body": "I introduced the school nurses to the housing team so they could share referrals.",
        },
    ).content.decode()
    assert 'name="suggested_tags"' in html and "matched:" in html
    assert " checked" not in html
    assert not Entry.objects.exists()


def test_search_and_filters(alice):
    support(alice, title="Huddle with ward staff", when=date(2026, 3, 1), tags=["facilitation"])
    support(alice, title="Data review", when=date(2026, 6, 1), tags=["conducting-improvement-cycles"])
    services.create_entry(
        owner=alice, kind="reflection", fields={"occurred_on": date(2026, 7, 1), "title": "Huddle thoughts"}
    )

    def titles(**kwargs):
        return [e.title for e in selectors.filtered_entries(alice, selectors.Filters(**kwargs))]

    assert titles(query="huddle") == ["Huddle thoughts", "Huddle with ward staff"]
    assert titles(kind="support") == ["Data review", "Huddle with ward staff"]
    assert titles(competency="facilitation") == ["Huddle with ward staff"]
    assert titles(date_from=date(2026, 5, 1), date_to=date(2026, 6, 30)) == ["Data review"]


def test_journal_is_paginated(client, alice):
    for n in range(25):
        support(alice, title=f"Visit {n}", when=date(2026, 1, 1) + timedelta(days=n))
    client.force_login(alice)
    first = client.get(reverse("journal:index")).content.decode()
    assert "Visit 24" in first and "Visit 4" not in first and "Page 1 of 2" in first
    second = client.get(reverse("journal:index") + "?page=2").content.decode()
    assert "Visit 4" in second


def test_portfolio_counts_evidence_and_points_out_stale_competencies(alice):
    today = date(2026, 11, 22)
    support(
        alice, when=today - timedelta(days=10), tags=["co-design", "co-design.plan-implementation-together"]
    )
    support(alice, when=today - timedelta(days=300), tags=["brokering"])
    rows = {r.competency.id: r for r in selectors.portfolio(alice, today=today)}
    assert (rows["co-design"].count, rows["co-design"].stale) == (1, False)
    assert (rows["brokering"].count, rows["brokering"].stale) == (1, True)
    assert (rows["facilitation"].count, rows["facilitation"].stale) == (0, True)


def test_practice_summary_hours_by_month_mode_site_and_competency(alice):
    support(alice, when=date(2026, 9, 3), minutes=90, mode="onsite", site="A", tags=["co-design"])
    support(
        alice, when=date(2026, 9, 20), minutes=30, mode="virtual", site="B", tags=["co-design", "brokering"]
    )
    support(alice, when=date(2026, 10, 1), minutes=60, mode="virtual", site="A")
    learning(alice, when=date(2026, 9, 5), hours="2.5", kind="course", tags=["co-design"])
    learning(alice, when=date(2026, 10, 7), hours="1", kind="reading", tags=["facilitation", "co-design"])
    summary = selectors.practice_summary(alice)
    assert summary.total_minutes == 180 and summary.activities == 3
    assert [(m.month, minutes) for m, minutes in summary.by_month] == [(9, 120), (10, 60)]
    assert dict(summary.by_mode) == {"Virtual": 90, "Onsite": 90}
    assert dict(summary.by_site) == {"A": 150, "B": 30}
    assert {r.competency.id: (r.minutes, r.hours) for r in summary.by_competency} == {
        "co-design": (120, Decimal("3.5")),
        "brokering": (30, 0),
        "facilitation": (0, 1),
    }
    assert (summary.learning_hours, summary.learning_entries) == (Decimal("3.5"), 2)
    assert dict(summary.by_learning_type) == {"Course": Decimal("2.5"), "Reading": 1}


def test_practice_summary_counts_learning_hours_on_the_page(client, alice):
    learning(alice, when=date(2026, 9, 5), hours="2.5", kind="course", tags=["co-design"])
    client.force_login(alice)
    html = client.get(reverse("journal:summary")).content.decode()
    assert "Learning: 2.5 h over 1 entry" in html
    assert '<th scope="row">Course</th><td class="num" data-label="Hours">2.5 h</td>' in html


def test_csv_export_has_every_own_entry_and_nobody_elses(client, alice, bob):
    support(alice, title="Mine, with a comma", tags=["co-design"])
    support(bob, title="Bob's")
    client.force_login(alice)
    response = client.get(reverse("journal:export"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["title"] for r in rows] == ["Mine, with a comma"]
    assert rows[0]["tags"] == "Co-design"
    assert response["Content-Disposition"] == 'attachment; filename="praxis-journal.csv"'


def test_xlsx_export_holds_the_same_rows_as_the_csv(client, alice, bob):
    support(alice, title='=HYPERLINK("x")', tags=["co-design"])
    support(bob, title="Bob's")
    client.force_login(alice)
    response = client.get(reverse("journal:export"), {"format": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="praxis-journal.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    as_csv = list(csv.reader(io.StringIO(client.get(reverse("journal:export")).content.decode())))
    assert header == as_csv[0] and len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["title"] == '=HYPERLINK("x")' and row["tags"] == "Co-design"  # text, never a formula


def test_an_export_in_a_format_praxis_does_not_write_is_not_found_not_csv(client, alice):
    support(alice, title="Mine")
    client.force_login(alice)
    for asked in ("pdf", "XLSX", ""):
        assert client.get(reverse("journal:export"), {"format": asked}).status_code == 404
    history = reverse("assessments:history_export", args=["quick"])
    assert client.get(history, {"format": "docx"}).status_code == 404


def test_date_pickers_receive_iso_dates_whatever_the_locale(client, alice):
    from praxis.feedback.forms import RoundForm

    entry = support(alice, when=date(2026, 3, 7))
    client.force_login(alice)
    html = client.get(reverse("journal:edit", args=[entry.pk])).content.decode()
    assert 'type="date" name="occurred_on" value="2026-03-07"' in html  # not 07/03/2026, which browsers drop
    assert (
        'value="' in str(RoundForm()["closes_on"])
        and "/" not in str(RoundForm()["closes_on"]).split('value="')[1][:10]
    )


def test_csv_export_neutralises_spreadsheet_formulas(client, alice):
    services.create_entry(
        owner=alice,
        kind="reflection",
        fields={"occurred_on": date(2026, 1, 2), "title": '=HYPERLINK("http://x")', "body": "+1"},
    )
    client.force_login(alice)
    [row] = list(csv.DictReader(io.StringIO(client.get(reverse("journal:export")).content.decode())))
    assert row["title"].startswith("'=") and row["notes"] == "'+1"


@pytest.mark.parametrize("value", ["abc", "", "-1", "1.5"])
def test_tampered_ids_in_forms_answer_404_not_500(client, alice, value):
    entry = support(alice)
    client.force_login(alice)
    # sharing takes the organisation from a form: a tampered one is "not one of yours", nothing shared
    response = client.post(reverse("journal:sharing", args=[entry.pk]), {"organisation": value})
    assert response.status_code == 302 and not entry.shares.exists()
    assert (
        client.post(reverse("development:link_evidence"), {"focus": value, "entry": entry.pk}).status_code
        == 404
    )
