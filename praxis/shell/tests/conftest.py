"""A person with something of every kind, for the data download and account deletion tests."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from axes.models import AccessFailureLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from praxis.accounts import services as accounts
from praxis.accounts.models import Membership, ShareAudience
from praxis.accounts.services import share_set
from praxis.assessments import services as assessments
from praxis.development import services as plans
from praxis.feedback import services as feedback
from praxis.journal import services as journal

PASSWORD = "a-long-test-password"  # the root conftest's
STAKEHOLDER_SECRET = "Only one stakeholder said this"
ALICE_AS_RATER = "Alice rated Bob and wrote this"


def _round(owner, title, competencies=("co-learning", "brokering")):
    return feedback.create_round(
        owner=owner,
        title=title,
        message="Thank you for your time.",
        closes_on=timezone.localdate() + timedelta(days=14),
        competency_ids=list(competencies),
        include_relationship=True,
    )


def _answer(round_, email, relationship, values, comment=""):
    _, token = feedback.add_rater(
        round_=round_, email=email, name="", relationship=relationship, notify=False
    )
    posted = {item: str(v) for item, v in values.items()}
    feedback.save_response(token=token, posted=posted, comment=comment, identifiable=False, submit=True)


@dataclass
class Rich:
    person: object
    assessment: object
    draft: object
    plan: object
    entry: object
    own_round: object
    open_round: object
    bobs_plan: object
    bobs_round: object


@pytest.fixture
def rich(client, alice, bob, carol, lena, dave, northside, southside, make_assessment, all_quick_answers):
    """alice, with: a submitted assessment (one answer "not applicable", a note, a principle
    reflection, shared) and a draft; an active plan with a focus, resource, person, step, evidence, a
    check-in, a share and carol's comment; journal entries with tags and a share; a closed feedback
    round with answers and an open one; a comment on bob's plan, which names her as someone to
    learn from; answers in bob's feedback round; an invitation she sent and one waiting for her;
    failed and successful sign-ins; a session; the admin's history of her account."""
    answers = all_quick_answers("4", co_design="na", brokering="2")
    assessment = make_assessment(alice, answers=answers, submit=False)
    assessments.save_note(assessment=assessment, competency_id="co-learning", text="=We learnt together")
    assessments.save_principle_reflection(
        assessment=assessment, principle_id="be-curious", strength="3", example="Asked why twice"
    )
    assessment = assessments.submit(assessment=assessment)
    share_set(owner=alice, obj=assessment, organisation=northside, audience=ShareAudience.SUPERVISORS)
    draft = make_assessment(alice, kind="full", answers={}, submit=False)

    entry = journal.create_entry(
        owner=alice,
        kind="support",
        fields={
            "occurred_on": timezone.localdate(),
            "title": "Coaching the site team",
            "body": '=HYPERLINK("http://evil.example")',
            "duration_minutes": 90,
            "mode": "onsite",
            "site": "Riverside clinic",
        },
        tags=["co-learning", "be-curious"],
    )
    share_set(owner=alice, obj=entry, organisation=northside, audience=ShareAudience.SUPERVISORS)
    journal.create_entry(
        owner=alice,
        kind="guided",
        fields={"occurred_on": timezone.localdate(), "title": "Ten questions", "answers": {}},
    )
    second_thoughts = journal.create_entry(
        owner=alice,
        kind="reflection",
        fields={"occurred_on": timezone.localdate(), "title": "Second thoughts"},
    )
    journal.delete_entry(entry=second_thoughts)  # kept 30 days to restore: hers too

    plan = plans.create_plan(owner=alice, from_assessment=assessment)
    focus = plan.focuses.filter(competency_id="brokering").first()  # a development area, already there
    plans.update_focus(focus=focus, why_now="My partners need it")
    plans.add_resource(focus=focus, source="own", title="A good book", url="https://example.org/book")
    plans.add_person(focus=focus, user=bob, note="Brokers well")
    plans.step_add(focus=focus, text="Shadow Bob", due_on=timezone.localdate() + timedelta(days=30))
    plans.link_evidence(focus=focus, entry=entry)
    plans.activate(plan=plan)
    check = plans.check_in(plan=plan, held_on=timezone.localdate(), notes={focus.pk: "Going well"})
    share_set(owner=alice, obj=plan, organisation=northside, audience=ShareAudience.SUPERVISORS)
    plans.add_comment(plan=plan, author=carol, text="Good choice", check_in=check)
    plans.add_comment(plan=plan, author=alice, text="Thank you")

    bobs_plan = plans.create_plan(owner=bob)
    bobs_focus = plans.add_focus(plan=bobs_plan, competency_id="co-design")
    plans.add_person(focus=bobs_focus, user=alice, note="Ask about co-design")
    share_set(owner=bob, obj=bobs_plan, organisation=northside, audience=ShareAudience.SUPERVISORS)
    plans.add_comment(plan=bobs_plan, author=alice, text="Alice's advice on Bob's plan")
    plans.add_comment(plan=bobs_plan, author=bob, text="Thanks, Alice")

    own_round = _round(alice, "Spring feedback")
    for n, email in enumerate(["p1@example.org", "p2@example.org", "p3@example.org"]):
        _answer(
            own_round, email, "peer", {"co-learning": 3 + n % 2, "brokering": 4}, comment=f"Peer note {n}"
        )
    _answer(own_round, "s1@example.org", "stakeholder", {"co-learning": 1}, comment=STAKEHOLDER_SECRET)
    feedback.add_rater(
        round_=own_round, email="late@example.org", name="Late Larry", relationship="other", notify=False
    )
    feedback.close_round(round_=own_round)
    open_round = _round(alice, "Still open")
    feedback.add_rater(round_=open_round, email="o1@example.org", name="", relationship="peer", notify=False)

    bobs_round = _round(bob, "Bob's round", competencies=("co-design",))
    _answer(bobs_round, alice.email, "peer", {"co-design": 2}, comment=ALICE_AS_RATER)
    _answer(bobs_round, "q2@example.org", "peer", {"co-design": 4}, comment="Second peer")
    _answer(bobs_round, "q3@example.org", "peer", {"co-design": 5}, comment="Third peer")
    feedback.close_round(round_=bobs_round)

    Membership.objects.filter(user=lena, organisation=northside).update(role="lead")
    accounts.invite(
        organisation=northside, invited_by=alice, email="newcomer@example.org", role="practitioner"
    )
    accounts.invite(organisation=southside, invited_by=dave, email="Alice@Example.org", role="practitioner")

    # sign-ins: one wrong password (logged by axes), then the right one (an access log and a session)
    client.post(reverse("accounts:login"), {"username": alice.email, "password": "wrong-password"})
    response = client.post(reverse("accounts:login"), {"username": alice.email, "password": PASSWORD})
    assert response.status_code == 302
    elsewhere = Client(REMOTE_ADDR="192.0.2.7")  # a failed attempt from another place stays on record
    elsewhere.post(reverse("accounts:login"), {"username": alice.email, "password": "wrong-again"})
    AccessFailureLog.objects.create(  # written only when AXES_ENABLE_ACCESS_FAILURE_LOG is switched on
        username="ALICE@example.org", ip_address="192.0.2.7", user_agent="x", http_accept="", path_info="/"
    )
    user_type = ContentType.objects.get_for_model(alice)
    LogEntry.objects.create(  # an administrator changed her account; and she once used the admin
        user=carol,
        content_type=user_type,
        object_id=str(alice.pk),
        object_repr=str(alice),
        action_flag=CHANGE,
    )
    LogEntry.objects.create(
        user=alice, content_type=user_type, object_id=str(bob.pk), object_repr=str(bob), action_flag=CHANGE
    )
    return Rich(alice, assessment, draft, plan, entry, own_round, open_round, bobs_plan, bobs_round)
