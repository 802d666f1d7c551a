"""Results from stored answers: scores, N/A, strengths, changes, history."""

import pytest

from praxis.assessments.selectors import history_for, results_for

pytestmark = pytest.mark.django_db


def test_not_applicable_competency_has_no_score_and_does_not_lower_the_domain(
    alice, make_assessment, all_quick_answers
):
    answers = all_quick_answers("4", brokering="na")
    result = results_for(make_assessment(alice, answers=answers), alice)
    brokering = result.by_id["brokering"]
    assert brokering.score.score is None and brokering.score.status == "not-applicable"
    domain, score = result.domains[0]
    assert domain.id == "co-creation-and-engagement"
    assert score.score == 4 and score.scored_competencies == 4


def test_strengths_and_development_areas_link_to_competencies(alice, make_assessment, all_quick_answers):
    answers = all_quick_answers("3", co_learning="5", facilitation="5", co_design="1", communication="2")
    result = results_for(make_assessment(alice, answers=answers), alice)
    assert [c.competency.id for c in result.strengths] == ["co-learning", "facilitation", "brokering"]
    # brokering (3) is the third strength, so other 3s are ties with a strength, not areas to develop
    assert [c.competency.id for c in result.development_areas] == ["co-design", "communication"]


def test_changes_against_the_previous_assessment_of_the_same_kind(alice, make_assessment, all_quick_answers):
    make_assessment(alice, answers=all_quick_answers("2"))
    make_assessment(alice, kind="full", answers={})  # another kind is never compared
    latest = make_assessment(alice, answers=all_quick_answers("2", brokering="4", co_design="1"))
    result = results_for(latest, alice)
    assert result.by_id["brokering"].change == 2
    assert result.by_id["co-design"].change == -1
    assert result.by_id["co-learning"].change == 0


def test_first_assessment_has_no_changes(alice, make_assessment, all_quick_answers):
    result = results_for(make_assessment(alice, answers=all_quick_answers("2")), alice)
    assert result.previous is None
    assert all(c.change is None for c in result.competencies)


def test_history_lists_each_competency_across_assessments(alice, make_assessment, all_quick_answers):
    make_assessment(alice, answers=all_quick_answers("2"))
    make_assessment(alice, answers=all_quick_answers("3", brokering="na"))
    assessments, rows = history_for(alice, "quick")
    assert len(assessments) == 2
    brokering = next(r for r in rows if r.competency.id == "brokering")
    assert brokering.scores == [2, None]
