from datetime import date, timedelta

import pytest
from django.utils import timezone

from praxis.accounts import services as accounts
from praxis.accounts.models import ShareAudience
from praxis.development import services as plans
from praxis.feedback import services as feedback
from praxis.journal import services as journal


def share(owner, obj, organisation):
    accounts.share_set(owner=owner, obj=obj, organisation=organisation, audience=ShareAudience.SUPERVISORS)


def entry(owner, title, organisation=None, on=None):
    made = journal.create_entry(
        owner=owner, kind="reflection", fields={"occurred_on": on or date(2026, 11, 1), "title": title}
    )
    if organisation is not None:
        share(owner, made, organisation)
    return made


def feedback_round(alice, answers: int, comment="Listens well"):
    round_ = feedback.create_round(
        owner=alice,
        title="Spring feedback",
        message="",
        closes_on=timezone.localdate() + timedelta(days=10),
        competency_ids=["co-design"],
        include_relationship=False,
    )
    for i in range(answers):
        _, token = feedback.add_rater(
            round_=round_, email=f"peer{i}@example.org", name="", relationship="peer", notify=False
        )
        feedback.save_response(
            token=token, posted={"co-design": "4"}, comment=comment, identifiable=False, submit=True
        )
    return round_


@pytest.fixture
def shared_world(alice, carol, northside, make_assessment, all_quick_answers):
    """alice shares with carol two assessments, a plan with a focus, a step and evidence, and an
    entry; she keeps one assessment, one plan and one entry private."""
    earlier = make_assessment(alice, answers=all_quick_answers("2"))
    share(alice, earlier, northside)
    make_assessment(alice, answers=all_quick_answers("4"))  # private: never compared with
    latest = make_assessment(alice, answers=all_quick_answers("3"))
    share(alice, latest, northside)
    plan = plans.create_plan(owner=alice)
    focus = plans.add_focus(plan=plan, competency_id="co-design")
    plans.step_add(focus=focus, text="Run a co-design workshop", due_on=date(2020, 1, 1))
    shared_entry = entry(alice, "Workshop with the site team", northside)
    private_entry = entry(alice, "My private worries")
    plans.link_evidence(focus=focus, entry=shared_entry)
    plans.link_evidence(focus=focus, entry=private_entry)
    share(alice, plan, northside)
    plans.create_plan(owner=alice)  # a second, private plan
    return {"plan": plan, "focus": focus, "earlier": earlier, "latest": latest, "entry": shared_entry}
