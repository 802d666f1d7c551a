"""Scoring rules for self-assessments, with properties checked by hypothesis."""

import random

from hypothesis import given
from hypothesis import strategies as st

from praxis.scoring import (
    Status,
    changes,
    score_competencies,
    score_competency,
    score_domains,
    strengths_and_development_areas,
)

ITEMS = ["a", "b", "c", "d"]


def test_mean_of_rated_items():
    score = score_competency("c1", ITEMS, {"a": 2, "b": 4, "c": 3, "d": 5})
    assert score.status is Status.SCORED
    assert score.score == 3.5


def test_not_applicable_is_excluded_from_the_mean():
    score = score_competency("c1", ITEMS, {"a": 2, "b": None, "c": 4})
    assert score.score == 3.0
    assert (score.rated, score.not_applicable, score.unanswered) == (2, 1, 1)


def test_fewer_than_half_answered_is_not_enough():
    score = score_competency("c1", ITEMS, {"a": 5})
    assert score.status is Status.NOT_ENOUGH and score.score is None


def test_exactly_half_answered_is_enough():
    assert score_competency("c1", ITEMS, {"a": 5, "b": 3}).score == 4.0


def test_all_answers_not_applicable_is_marked_so_without_a_score():
    score = score_competency("c1", ITEMS, {"a": None, "b": None, "c": None})
    assert score.status is Status.NOT_APPLICABLE and score.score is None


def test_quick_mode_single_item():
    assert score_competency("c1", ["c1"], {"c1": 4}).score == 4
    assert score_competency("c1", ["c1"], {}).status is Status.NOT_ENOUGH
    assert score_competency("c1", ["c1"], {"c1": None}).status is Status.NOT_APPLICABLE


def test_domain_is_mean_of_competency_scores_present():
    scores = score_competencies({"x": ["x"], "y": ["y"], "z": ["z"]}, {"x": 2, "y": 4, "z": None})
    [domain] = score_domains({"d": ["x", "y", "z"]}, scores).values()
    assert domain.score == 3.0 and domain.scored_competencies == 2 and domain.competencies == 3


def test_domain_without_scores_has_none():
    scores = score_competencies({"x": ["x"]}, {})
    assert score_domains({"d": ["x"]}, scores)["d"].score is None


def test_strengths_and_development_ties_broken_by_guide_order():
    structure = {c: [c] for c in "abcdefg"}
    scores = score_competencies(structure, {"a": 3, "b": 5, "c": 5, "d": 1, "e": 1, "f": 3, "g": 2})
    strengths, development = strengths_and_development_areas(scores)
    assert strengths == ["b", "c", "a"]
    assert development == ["d", "e", "g"]


def test_a_tie_with_a_strength_is_not_an_area_to_develop():
    scores = score_competencies(
        {c: [c] for c in "abcdefg"}, dict(zip("abcdefg", [4, 4, 4, 4, 4, 2, 3], strict=True))
    )
    strengths, development = strengths_and_development_areas(scores)
    assert strengths == ["a", "b", "c"]
    assert development == ["f", "g"]


def test_few_scores_are_shared_out_without_overlap():
    scores = score_competencies({c: [c] for c in "abc"}, {"a": 1, "b": 5, "c": 3})
    strengths, development = strengths_and_development_areas(scores)
    assert strengths == ["b", "c"] and development == ["a"]
    assert strengths_and_development_areas(score_competencies({"a": ["a"]}, {})) == ([], [])


def test_changes_against_previous():
    before = score_competencies({"x": ["x"], "y": ["y"]}, {"x": 2, "y": None})
    now = score_competencies({"x": ["x"], "y": ["y"]}, {"x": 4, "y": 3})
    assert changes(now, before) == {"x": 2, "y": None}
    assert changes(now, None) == {"x": None, "y": None}


levels = st.one_of(st.none(), st.integers(min_value=1, max_value=5))
answer_maps = st.dictionaries(st.sampled_from(ITEMS), levels)


@given(answer_maps, st.sampled_from(ITEMS))
def test_marking_an_unanswered_item_not_applicable_never_moves_a_shown_mean(answers, extra):
    before = score_competency("c", ITEMS, answers)
    if extra in answers or before.score is None:
        return
    after = score_competency("c", ITEMS, {**answers, extra: None})
    assert after.score == before.score


@given(answer_maps)
def test_scores_stay_on_the_scale(answers):
    score = score_competency("c", ITEMS, answers).score
    assert score is None or 1 <= score <= 5


@given(answer_maps, st.randoms())
def test_answer_order_does_not_matter(answers, rnd: random.Random):
    items = list(answers.items())
    rnd.shuffle(items)
    assert score_competency("c", ITEMS, dict(items)) == score_competency("c", ITEMS, answers)


@given(st.dictionaries(st.sampled_from("abcdefghij"), st.integers(1, 5)))
def test_strengths_and_development_never_overlap(answers):
    scores = score_competencies({c: [c] for c in "abcdefghij"}, answers)
    strengths, development = strengths_and_development_areas(scores)
    assert not set(strengths) & set(development)
    assert len(strengths) <= 3 and len(development) <= 3
    if strengths and development:
        assert min(scores[s].score for s in strengths) > max(scores[d].score for d in development)
