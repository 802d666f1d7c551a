"""The supervisor's page: what the supervisee shared, new since the last visit, and nothing else."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from praxis.core.frameworks import current_framework
from praxis.development import services as plans
from praxis.feedback import services as feedback
from praxis.supervision import services
from praxis.supervision.models import SupervisionVisit

from .conftest import entry, feedback_round, share

pytestmark = pytest.mark.django_db


def page(client, viewer, supervisee):
    client.force_login(viewer)
    response = client.get(reverse("supervision:supervisee", args=[supervisee.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_page_shows_what_the_supervisee_shared_and_not_what_they_kept(client, alice, carol, shared_world):
    html = page(client, carol, alice)
    assert "Workshop with the site team" in html  # shared entry listed and linked
    assert reverse("journal:detail", args=[shared_world["entry"].pk]) in html
    assert "My private worries" not in html  # private evidence shows as "not shared with you"
    assert "A journal entry not shared with you" in html
    assert "Run a co-design workshop" in html
    assert "(overdue)" in html
    assert shared_world["plan"].get_absolute_url() in html
    assert reverse("assessments:results", args=[shared_world["latest"].pk]) in html


def test_results_change_against_the_previous_shared_assessment_not_a_private_one(
    client, alice, carol, shared_world
):
    html = page(client, carol, alice)
    # latest 3 against the earlier shared 2 (+1.0), never against the private 4 in between (−1.0)
    assert "+1.0" in html
    assert "−1.0" not in html
    assert shared_world["earlier"].submitted_at.strftime("%-d %B %Y") in html


def test_conversation_guide_starts_from_reflective_question_9_and_the_focuses(
    client, alice, carol, shared_world
):
    framework = current_framework()
    html = page(client, carol, alice)
    q9 = next(q for q in framework.reflective_questions if q.number == 9)
    assert "Reflective question 9" in html
    assert q9.text.split(":")[0] in html
    co_design = framework.competency("co-design")
    assert co_design.prompts[0].split("?")[0][:40] in html.replace("&#x27;", "'")
    assert "was due on 1 January 2020" in html  # the overdue step becomes a question


def test_new_since_last_visit_shows_an_entry_added_after_the_page_was_marked_seen(
    client, alice, carol, northside, shared_world
):
    client.force_login(carol)
    client.post(reverse("supervision:mark_seen", args=[alice.pk]))
    html = page(client, carol, alice)
    assert "Nothing new since you marked this page as seen" in html
    entry(alice, "After our talk", northside)
    html = page(client, carol, alice)
    assert "<strong>1 new thing</strong> since" in html
    line = next(x for x in html.splitlines() if "After our talk" in x)
    assert "New" in line
    old = next(x for x in html.splitlines() if "Workshop with the site team" in x and "journal" in x)
    assert "badge-warning" not in old


def test_an_old_entry_shared_after_the_visit_counts_as_new(client, alice, carol, northside, shared_world):
    kept = entry(alice, "Kept back until now")
    services.visit_mark_seen(supervisor=carol, supervisee=alice)
    share(alice, kept, northside)
    html = page(client, carol, alice)
    assert "New" in next(x for x in html.splitlines() if "Kept back until now" in x)


def test_reading_the_page_writes_nothing_and_records_no_visit(client, alice, carol, shared_world):
    client.force_login(carol)
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("supervision:supervisee", args=[alice.pk]))
    writes = [q["sql"] for q in captured if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert not [w for w in writes if "django_session" not in w]
    assert not SupervisionVisit.objects.exists()


def _grow(alice, northside, plan, focus, n):
    """n more shared entries, evidence, steps and check-ins."""
    for i in range(n):
        e = entry(alice, f"Entry {i}", northside)
        plans.link_evidence(focus=focus, entry=e)
        plans.step_add(focus=focus, text=f"Step {i} of {n}", due_on=None)
    plan.refresh_from_db()
    if plan.status != "active":
        plan = plans.activate(plan=plan)
    plans.check_in(plan=plan, held_on=timezone.localdate(), notes={focus.pk: "Going well"})


def _shared_report(alice, northside, raters):
    round_ = feedback.close_round(round_=feedback_round(alice, raters, comment=f"Kind, from {raters}"))
    share(alice, round_, northside)


def test_page_queries_do_not_grow_with_what_was_shared(
    client, alice, carol, northside, shared_world, django_assert_max_num_queries
):
    client.force_login(carol)
    url = reverse("supervision:supervisee", args=[alice.pk])
    services.note_add(author=carol, supervisee=alice, text="First", visibility="private")
    services.action_propose(proposed_by=carol, supervisee=alice, text="Read a chapter")
    _grow(alice, northside, shared_world["plan"], shared_world["focus"], 1)  # one of everything
    _shared_report(alice, northside, 3)
    client.get(url)  # warm the framework cache
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(alice, northside, shared_world["plan"], shared_world["focus"], 12)
    _shared_report(alice, northside, 12)
    for i in range(8):
        services.note_add(author=carol, supervisee=alice, text=f"Note {i}", visibility="shared")
        services.action_propose(proposed_by=carol, supervisee=alice, text=f"Action {i}")
    with CaptureQueriesContext(connection) as large:
        html = client.get(url).content.decode()
    assert "Step 11 of 12" in html and "Note 7" in html and "Kind, from 12" in html
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]
