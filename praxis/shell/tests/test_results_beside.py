"""The results page sets each score beside evidence, others' rating and the plan, as the viewer may
see them, in the same number of queries for a little data as for a lot."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from praxis.accounts.models import ShareAudience
from praxis.accounts.services import share_set
from praxis.development import services as plans
from praxis.feedback import services as feedback
from praxis.journal import services as journal
from praxis.shell.results import results_context

pytestmark = pytest.mark.django_db


def _entry(owner, title, tags, shared_with=None):
    fields = {"occurred_on": timezone.localdate(), "title": title}
    entry = journal.create_entry(owner=owner, kind="reflection", fields=fields, tags=tags)
    if shared_with is not None:
        share_set(owner=owner, obj=entry, organisation=shared_with, audience=ShareAudience.SUPERVISORS)
    return entry


def _closed_round(owner, values_by_rater, competencies=("co-learning", "brokering")):
    round_ = feedback.create_round(
        owner=owner,
        title="Spring feedback",
        message="",
        closes_on=timezone.localdate() + timedelta(days=14),
        competency_ids=list(competencies),
        include_relationship=False,
    )
    for n, values in enumerate(values_by_rater):
        _, token = feedback.add_rater(
            round_=round_, email=f"peer{n}@example.org", name="", relationship="peer", notify=False
        )
        posted = {item: str(v) for item, v in values.items()}
        feedback.save_response(token=token, posted=posted, comment="", identifiable=False, submit=True)
    return feedback.close_round(round_=round_)


@pytest.fixture
def world(alice, carol, northside, make_assessment, all_quick_answers):
    assessment = make_assessment(alice, answers=all_quick_answers("3", brokering="2", co_design="na"))
    share_set(owner=alice, obj=assessment, organisation=northside, audience=ShareAudience.SUPERVISORS)
    shared = _entry(alice, "Co-learning with the site", ["co-learning"], shared_with=northside)
    _entry(alice, "Private thoughts on co-learning", ["co-learning", "brokering"])
    linked = _entry(alice, "Brokered a meeting", [])  # evidence only through the plan
    plan = plans.create_plan(owner=alice)
    focus = plans.add_focus(plan=plan, competency_id="brokering")
    plans.link_evidence(focus=focus, entry=linked)
    _closed_round(alice, [{"co-learning": 4, "brokering": 2}] * 3)
    return assessment, plan, shared, linked


def test_owner_sees_evidence_others_rating_and_plan_focus(alice, world):
    assessment, plan, *_ = world
    beside = results_context(assessment, alice, ["co-learning", "brokering", "co-design"])
    assert beside.get("co-learning").evidence == 2
    assert beside.get("brokering").evidence == 2  # one tagged, one linked to the plan's focus
    assert beside.get("co-design").evidence == 0
    assert beside.get("co-learning").others.mean == 4 and beside.get("co-learning").others.n == 3
    assert beside.get("co-design").others is None and not beside.get("co-design").in_round
    assert beside.get("brokering").focus_plan_id == plan.pk
    assert beside.get("co-learning").focus_plan_id is None


def test_supervisor_counts_only_what_is_shared_with_them(carol, northside, world):
    assessment, plan, shared, linked = world
    beside = results_context(assessment, carol, ["co-learning", "brokering"])
    assert beside.get("co-learning").evidence == 1  # the shared entry, not the private one
    assert beside.get("brokering").evidence == 0
    assert beside.round is None and beside.get("co-learning").others is None  # rounds are the owner's
    assert beside.get("brokering").focus_plan_id is None  # the plan is not shared
    share_set(owner=plan.owner, obj=plan, organisation=northside, audience=ShareAudience.SUPERVISORS)
    beside = results_context(assessment, carol, ["brokering"])
    assert beside.get("brokering").focus_plan_id == plan.pk
    assert beside.get("brokering").evidence == 0  # the plan is shared, its evidence entry is not
    share_set(owner=plan.owner, obj=linked, organisation=northside, audience=ShareAudience.SUPERVISORS)
    assert results_context(assessment, carol, ["brokering"]).get("brokering").evidence == 1


def test_an_open_round_gives_no_others_rating(alice, make_assessment, all_quick_answers):
    assessment = make_assessment(alice, answers=all_quick_answers("3"))
    feedback.create_round(
        owner=alice,
        title="Still open",
        message="",
        closes_on=timezone.localdate() + timedelta(days=3),
        competency_ids=["co-learning"],
        include_relationship=False,
    )
    beside = results_context(assessment, alice, ["co-learning"])
    assert beside.round is None and beside.get("co-learning").others is None


def test_too_few_raters_show_no_figure(alice, make_assessment, all_quick_answers):
    assessment = make_assessment(alice, answers=all_quick_answers("3"))
    _closed_round(alice, [{"co-learning": 1}] * 2)
    beside = results_context(assessment, alice, ["co-learning"])
    assert beside.round is not None
    assert beside.get("co-learning").in_round and beside.get("co-learning").others is None


def test_results_page_shows_level_names_evidence_links_and_focus(client, alice, world):
    assessment, plan, *_ = world
    client.force_login(alice)
    page = client.get(reverse("assessments:results", args=[assessment.pk])).content.decode()
    table = page[page.index('id="table-heading"') :]
    ratings = re.findall(r'<td data-label="Rating">([^<]*)</td>', table)
    assert len(ratings) == 15
    assert not any(ch.isdigit() for text in ratings for ch in text)  # one item each: a level's name
    assert ratings.count("Developing") == 13 and ratings.count("Emerging") == 1
    assert f'href="{reverse("journal:evidence", args=["co-learning"])}">2<' in table
    assert f'href="{reverse("development:detail", args=[plan.pk])}">Plan focus</a>' in table
    assert "(4.0, 3 people)" in table
    assert "Not asked" in table  # competencies the round did not ask about


def test_supervisor_page_counts_shared_entries_without_journal_links(client, carol, world):
    assessment, *_ = world
    client.force_login(carol)
    page = client.get(reverse("assessments:results", args=[assessment.pk])).content.decode()
    table = page[page.index('id="table-heading"') :]
    assert reverse("journal:evidence", args=["co-learning"]) not in table
    assert "Plan focus" not in table
    assert "Others’ rating" not in table
    assert 'data-label="Evidence">1<span class="visually-hidden"> shared journal entry</span>' in table


@pytest.fixture(params=[1, 5], ids=["small", "large"])
def size(request):
    return request.param


def test_results_page_queries_do_not_grow_with_evidence_plans_or_rounds(
    client, alice, carol, northside, make_assessment, all_quick_answers, size, django_assert_max_num_queries
):
    assessment = make_assessment(alice, answers=all_quick_answers("3"))
    share_set(owner=alice, obj=assessment, organisation=northside, audience=ShareAudience.SUPERVISORS)
    for n in range(size):
        make_assessment(alice, answers=all_quick_answers("2"))
        entry = _entry(alice, f"Entry {n}", ["co-learning", "facilitation"], shared_with=northside)
        plan = plans.create_plan(owner=alice)
        plans.link_evidence(focus=plans.add_focus(plan=plan, competency_id="brokering"), entry=entry)
        share_set(owner=alice, obj=plan, organisation=northside, audience=ShareAudience.SUPERVISORS)
        _closed_round(alice, [{"co-learning": 3, "brokering": 4}] * 3)
    for viewer in (alice, carol):
        client.force_login(viewer)
        with django_assert_max_num_queries(17) as counted:
            assert client.get(reverse("assessments:results", args=[assessment.pk])).status_code == 200
        print(f"results page, {size} of each, as {viewer.full_name}: {len(counted.captured_queries)} queries")
