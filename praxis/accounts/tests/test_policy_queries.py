"""Access querysets start from what links the viewer to objects (issue 14.6): the viewer's own ids
and the shared ids are one UNION ALL subquery, never an OR of "owner is the viewer" with "id in the
shared ids", which PostgreSQL can only answer by testing every object of the kind (bench/explain.py
shows the plans at 10,000 practitioners). The same objects are found either way."""

import re

import pytest

from praxis.accounts.models import ShareAudience
from praxis.accounts.services import share_set
from praxis.assessments import services as assessments
from praxis.assessments.policy import viewable_assessments
from praxis.development import services as development
from praxis.development.policy import viewable_plans
from praxis.journal.policy import viewable_entries

pytestmark = pytest.mark.django_db

OR_WITH_SUBQUERY = re.compile(r"\bOR\s+\(*\"?\w+\"?\.\"id\" IN \(", re.IGNORECASE)


def _submitted(owner, answers):
    assessment = assessments.start_assessment(owner=owner, kind="quick")
    assessments.save_changed_answers(assessment=assessment, posted=answers, initial={})
    return assessments.submit(assessment=assessment)


@pytest.mark.parametrize("queryset", [viewable_assessments, viewable_plans, viewable_entries])
def test_access_querysets_are_one_id_lookup_without_an_or(carol, queryset):
    sql = str(queryset(carol).query)
    assert "UNION ALL" in sql
    assert not OR_WITH_SUBQUERY.search(sql), sql


def test_access_querysets_find_own_and_shared_and_nothing_else(
    alice, bob, carol, lena, northside, all_quick_answers
):
    shared = _submitted(alice, all_quick_answers("3"))
    share_set(owner=alice, obj=shared, organisation=northside, audience=ShareAudience.ORGANISATION)
    private = _submitted(alice, all_quick_answers("2"))
    draft = assessments.start_assessment(owner=alice, kind="quick")
    plan = development.create_plan(owner=alice)
    share_set(owner=alice, obj=plan, organisation=northside, audience=ShareAudience.SUPERVISORS)
    own_of_carol = _submitted(carol, all_quick_answers("4"))

    assert set(viewable_assessments(alice)) == {shared, private, draft}
    assert set(viewable_assessments(carol)) == {shared, own_of_carol}  # her supervisee's shared one
    assert set(viewable_assessments(lena)) == {shared}  # the lead: shared with the organisation
    assert set(viewable_assessments(bob)) == set()
    assert set(viewable_plans(carol)) == {plan}
    assert set(viewable_plans(lena)) == set()  # plans are never shared with leads
