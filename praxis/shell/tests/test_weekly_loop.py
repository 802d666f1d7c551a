"""The practitioner's week on the dashboard: steps due and overdue, the next check-in, evidence
this month per focus with a one-line form to log more, open feedback rounds, new comments and a
gentle nudge for a focus gone quiet, in the same number of queries however much there is."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from praxis.accounts.models import User
from praxis.development import services as plans
from praxis.development.models import FocusEvidence, Plan
from praxis.feedback import services as feedback
from praxis.journal import services as journal
from praxis.journal.models import Entry
from praxis.shell.selectors import new_supervision_notes_for
from praxis.supervision import services as supervision
from praxis.supervision.models import SupervisionNote

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _active_plan(owner, competencies=("co-design",), activated_days_ago=0):
    plan = plans.create_plan(owner=owner)
    focuses = [plans.add_focus(plan=plan, competency_id=c) for c in competencies]
    plans.activate(plan=plan)
    if activated_days_ago:
        Plan.objects.filter(pk=plan.pk).update(
            activated_at=timezone.now() - timedelta(days=activated_days_ago)
        )
        plan.refresh_from_db()
    return plan, focuses


def _evidence(owner, focus, days_ago=0, title="Did something"):
    entry = journal.create_entry(
        owner=owner,
        kind="reflection",
        fields={"occurred_on": TODAY() - timedelta(days=days_ago), "title": title},
    )
    plans.link_evidence(focus=focus, entry=entry)
    return entry


def _dashboard(client, user):
    client.force_login(user)
    return client.get(reverse("shell:dashboard")).content.decode()


def _section(html, heading_id):
    return html.split(f'aria-labelledby="{heading_id}"')[1].split("</section>")[0]


def test_steps_overdue_and_due_this_week_are_listed_and_later_or_finished_ones_are_not(client, alice):
    _, (focus,) = _active_plan(alice)
    plans.step_add(focus=focus, text="Overdue: call the site lead", due_on=TODAY() - timedelta(days=3))
    plans.step_add(focus=focus, text="Due today: draft the agenda", due_on=TODAY())
    plans.step_add(focus=focus, text="Due in six days: read CFIR", due_on=TODAY() + timedelta(days=6))
    plans.step_add(focus=focus, text="Next month: run a session", due_on=TODAY() + timedelta(days=30))
    plans.step_add(focus=focus, text="No date: someday", due_on=None)
    done = plans.step_add(focus=focus, text="Done already", due_on=TODAY() - timedelta(days=1))
    plans.set_step_status(step=done, status="done")
    week = _section(_dashboard(client, alice), "week-heading")
    assert "Overdue: call the site lead" in week.split("<h3>Overdue</h3>")[1].split("<h3>")[0]
    due = week.split("<h3>Due by")[1].split("</ul>")[0]
    assert "Due today: draft the agenda" in due and "Due in six days: read CFIR" in due
    assert "Due today" in due
    for absent in ("Next month", "someday", "Done already"):
        assert absent not in week


def test_a_week_with_nothing_due_says_so_and_shows_the_next_check_in(client, alice):
    plan, _ = _active_plan(alice)
    week = _section(_dashboard(client, alice), "week-heading")
    assert "No next steps are due this week." in week
    assert f'Next check-in: <strong class="">{plan.next_check_in_on:%-d %B %Y}</strong>' in week


def test_evidence_this_month_is_counted_per_focus(client, alice):
    _, (co_design, brokering) = _active_plan(alice, ("co-design", "brokering"))
    _evidence(alice, co_design)
    _evidence(alice, co_design, title="Second")
    last_month = TODAY().replace(day=1) - timedelta(days=1)
    _evidence(alice, brokering, days_ago=(TODAY() - last_month).days)
    evidence = _section(_dashboard(client, alice), "evidence-heading")
    rows = evidence.split('class="focus-week"')[1:]
    assert "Co-design" in rows[0] and "2 pieces of evidence this month" in rows[0]
    assert "Brokering" in rows[1] and "No evidence yet this month" in rows[1]
    assert f"latest on {last_month:%-d %B %Y}" in rows[1]


def test_logging_a_line_for_a_focus_makes_a_tagged_journal_entry_linked_as_evidence(client, alice):
    _, (focus,) = _active_plan(alice)
    client.force_login(alice)
    response = client.post(
        reverse("shell:focus_log", args=[focus.pk]), {"text": "  Ran the co-design\nworkshop "}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("shell:dashboard") + f"#focus-week-{focus.pk}"
    entry = Entry.objects.get(owner=alice)
    assert entry.title == "Ran the co-design workshop"
    assert entry.occurred_on == TODAY() and entry.kind == "reflection"
    assert list(entry.tags.values_list("item_id", flat=True)) == ["co-design"]
    assert FocusEvidence.objects.filter(focus=focus, entry=entry).exists()
    html = client.get(reverse("shell:dashboard")).content.decode()
    assert "Logged “Ran the co-design workshop” as evidence" in html
    assert "1 piece of evidence this month" in html


def test_with_htmx_the_focus_line_comes_back_in_place(client, alice):
    _, (focus,) = _active_plan(alice)
    client.force_login(alice)
    response = client.post(
        reverse("shell:focus_log", args=[focus.pk]), {"text": "Read a paper"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith(f'<li id="focus-week-{focus.pk}"')
    entry = Entry.objects.get(owner=alice)
    assert f'href="/journal/{entry.pk}/edit/"' in html and "1 piece of evidence this month" in html
    assert "<html" not in html


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(
    "text,message",
    [("   ", "Write a line about what you did"), ("y" * 201, "Keep it to 200 characters here")],
)
def test_an_empty_or_long_line_is_refused_next_to_the_field_keeping_what_was_typed(
    client, alice, htmx, text, message
):
    _, (focus,) = _active_plan(alice)
    client.force_login(alice)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.post(reverse("shell:focus_log", args=[focus.pk]), {"text": text}, **headers)
    assert response.status_code == (422 if htmx else 400)
    html = response.content.decode()
    field = html.split(f'id="focus-week-{focus.pk}"')[1].split("</form>")[0]
    assert message in field
    assert f'value="{text.strip()}"' in field
    assert 'aria-invalid="true"' in field
    assert not Entry.objects.exists()


def test_nobody_logs_for_someone_elses_focus_nor_a_completed_plans(client, alice, bob):
    plan, (focus,) = _active_plan(alice)
    client.force_login(bob)
    assert client.post(reverse("shell:focus_log", args=[focus.pk]), {"text": "Mine now"}).status_code == 404
    plans.complete(plan=plan)
    client.force_login(alice)
    assert client.post(reverse("shell:focus_log", args=[focus.pk]), {"text": "Late"}).status_code == 404
    assert not Entry.objects.exists()
    client.logout()
    response = client.post(reverse("shell:focus_log", args=[focus.pk]), {"text": "Anon"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_focus_with_no_evidence_for_six_weeks_gets_a_gentle_nudge(client, alice):
    _, (quiet, busy) = _active_plan(alice, ("co-design", "brokering"), activated_days_ago=60)
    _evidence(alice, quiet, days_ago=43)
    _evidence(alice, busy, days_ago=5)
    html = _dashboard(client, alice)
    nudge = _section(html, "nudge-heading")
    assert "A while since you logged anything for Co-design" in nudge
    assert f'href="#log-{quiet.pk}"' in nudge
    _evidence(alice, quiet, days_ago=0)
    assert "nudge-heading" not in _dashboard(client, alice)


def test_a_new_plan_is_not_nagged(client, alice):
    _active_plan(alice, activated_days_ago=10)
    assert "nudge-heading" not in _dashboard(client, alice)
    plan = plans.create_plan(owner=alice)  # a draft, however old, is still being planned
    plans.add_focus(plan=plan, competency_id="brokering")
    assert "nudge-heading" not in _dashboard(client, alice)


def test_new_comments_from_others_are_listed_until_read(client, alice, carol):
    plan, _ = _active_plan(alice)
    plans.add_comment(plan=plan, author=carol, text="How did the workshop go?")
    plans.add_comment(plan=plan, author=alice, text="My own note")
    week = _section(_dashboard(client, alice), "week-heading")
    assert "New comments" in week and "How did the workshop go?" in week and "Carol" in week
    assert "My own note" not in week
    plans.mark_comments_seen(plan=plan)
    assert "How did the workshop go?" not in _section(_dashboard(client, alice), "week-heading")


@pytest.fixture
def ask(django_capture_on_commit_callbacks, settings):
    """Add a rater to a round and send their invitation (e-mails go once the transaction commits)."""
    settings.PRAXIS_LIMIT_RATER_EMAILS_PER_DAY = 1000

    def add(round_, email):
        with django_capture_on_commit_callbacks(execute=True):
            return feedback.add_rater(round_=round_, email=email, name="", relationship="peer")

    return add


def _round(owner, title, closes_in=10):
    return feedback.create_round(
        owner=owner,
        title=title,
        message="",
        closes_on=TODAY() + timedelta(days=closes_in),
        competency_ids=["co-design"],
        include_relationship=False,
    )


def test_open_feedback_rounds_are_listed_with_rounds_the_person_was_asked_to_rate(client, alice, bob, ask):
    _round(alice, "Alice's open round")
    closed = _round(alice, "Alice's closed round")
    feedback.close_round(round_=closed)
    asked = _round(bob, "Bob asks Alice")
    ask(asked, "ALICE@example.org")
    not_sent = _round(bob, "Bob has not sent it")
    feedback.add_rater(round_=not_sent, email=alice.email, name="", relationship="peer", notify=False)
    answered = _round(bob, "Bob asked, Alice answered")
    _, token = ask(answered, alice.email)
    feedback.save_response(
        token=token, posted={"co-design": "3"}, comment="", identifiable=False, submit=True
    )
    week = _section(_dashboard(client, alice), "week-heading")
    assert "Alice&#x27;s open round" in week and "closed round" not in week
    assert "Bob asked you for feedback: “Bob asks Alice”" in week
    assert "Alice answered" not in week and "Bob has not sent it" not in week


def test_invitations_to_rate_are_shown_only_to_a_confirmed_address(client, alice, bob, ask):
    ask(_round(bob, "Bob asks Alice"), alice.email)
    assert "Bob asks Alice" in _dashboard(client, alice)
    User.objects.filter(pk=alice.pk).update(email_verified_at=None)
    alice.refresh_from_db()
    assert "Bob asks Alice" not in _dashboard(client, alice)


def test_shared_notes_of_the_last_week_and_waiting_actions_reach_the_dashboard(client, alice, carol, bob):
    assert new_supervision_notes_for(alice) == []
    supervision.note_add(author=carol, supervisee=alice, text="Only for me", visibility="private")
    old = supervision.note_add(author=carol, supervisee=alice, text="Last month's note", visibility="shared")
    SupervisionNote.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    supervision.note_add(author=carol, supervisee=alice, text="Try the fishbowl format", visibility="shared")
    supervision.action_propose(proposed_by=carol, supervisee=alice, text="Ask two families for feedback")
    news = [str(n) for n in new_supervision_notes_for(alice)]
    assert news == [
        "Carol shared a note: Try the fishbowl format",
        "Carol proposed a next step for you to accept: Ask two families for feedback",
    ]
    assert new_supervision_notes_for(bob) == []
    client.force_login(alice)
    html = client.get(reverse("shell:dashboard")).content.decode()
    assert "Try the fishbowl format" in html and f'href="{reverse("supervision:mine")}"' in html
    assert "Only for me" not in html and "Last month" not in html


SIZES = [4, 55]
PRACTITIONER_QUERIES = 14  # the same at every size (two of them: news from supervisors)


@pytest.mark.parametrize("size", SIZES)
def test_the_practitioners_dashboard_runs_the_same_queries_at_every_size(
    client, alice, bob, carol, size, ask, django_assert_max_num_queries
):
    """`size` plans (the first with `size` focuses), steps due and overdue, evidence entries,
    comments, own open rounds and rounds Alice was asked to rate."""
    for p in range(size):
        plan, focuses = _active_plan(alice, ("co-design", "brokering", "co-learning")[: 1 + p % 3])
        plans.step_add(focus=focuses[0], text=f"Step {p}", due_on=TODAY() - timedelta(days=p % 3))
        _evidence(alice, focuses[0], title=f"Entry {p}")
        plans.add_comment(plan=plan, author=carol, text=f"Comment {p}")
        _round(alice, f"Round {p}")
        ask(_round(bob, f"Bob's round {p}"), alice.email)
    client.force_login(alice)
    with django_assert_max_num_queries(PRACTITIONER_QUERIES):
        html = client.get(reverse("shell:dashboard")).content.decode()
    assert html.count('class="focus-week"') == sum(1 + p % 3 for p in range(size))
    assert "Step 1" in html and "Comment" in html and "Bob&#x27;s round" in html
    assert ("More steps are due" in html) == (size > 20)
