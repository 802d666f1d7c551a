"""The journal tag suggester proposes competencies a reflective entry evidences, and shows why."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from praxis.framework import bundled_framework
from praxis.framework.tagging import Bm25Suggester, Suggestion, TagSuggester, suggester_for

BROKERING_ENTRY = (
    "Brokered an introduction between the youth offending team and the school exclusions project: "
    "two groups who work with the same young people but had never met. I connected their leads and "
    "acted as a go-between until they set up their own link."
)
CO_DESIGN_ENTRY = (
    "Ran a workshop with the frontline team to co-design the referral form; the service users' group "
    "tested two prototypes and we binned the first one within ten minutes."
)


@pytest.fixture(scope="module")
def framework():
    return bundled_framework()


@pytest.fixture(scope="module")
def suggester(framework):
    return suggester_for(framework)


def is_word_of(word, text):
    return re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", text, re.IGNORECASE) is not None


def test_an_entry_about_connecting_groups_suggests_brokering_first(suggester):
    suggestions = suggester.suggest(BROKERING_ENTRY)
    assert suggestions[0].competency_id == "brokering"


def test_an_entry_about_testing_prototypes_with_service_users_suggests_co_design_first(suggester):
    assert suggester.suggest(CO_DESIGN_ENTRY)[0].competency_id == "co-design"


def test_matched_words_are_words_of_the_entry(suggester):
    for text in (BROKERING_ENTRY, CO_DESIGN_ENTRY):
        for suggestion in suggester.suggest(text):
            assert suggestion.matched_words
            assert len(suggestion.matched_words) <= 6
            assert len({w.lower() for w in suggestion.matched_words}) == len(suggestion.matched_words)
            assert all(is_word_of(word, text) for word in suggestion.matched_words)


def test_matched_words_keep_the_entry_s_own_spelling(suggester):
    first = suggester.suggest("Brokered a meeting between two agencies")[0]
    assert "Brokered" in first.matched_words


def test_matched_words_leave_out_stop_words(suggester):
    for suggestion in suggester.suggest(BROKERING_ENTRY):
        assert not {"the", "and", "their", "until", "implementation"} & set(suggestion.matched_words)


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "…!?", "the and of to with", "12 34", "co-"])
def test_text_without_content_words_gives_no_suggestions(suggester, text):
    assert suggester.suggest(text) == []


def test_limit_is_respected(suggester):
    assert len(suggester.suggest(BROKERING_ENTRY)) == 3
    assert len(suggester.suggest(BROKERING_ENTRY, limit=1)) == 1
    assert len(suggester.suggest(BROKERING_ENTRY, limit=5)) == 5
    assert suggester.suggest(BROKERING_ENTRY, limit=0) == []
    assert len(suggester.suggest(BROKERING_ENTRY, limit=100)) <= 15


def test_key_activities_belong_to_the_suggested_competency(framework, suggester):
    for text in (BROKERING_ENTRY, CO_DESIGN_ENTRY):
        for suggestion in suggester.suggest(text, limit=15):
            own = {a.id for a in framework.competency(suggestion.competency_id).all_key_activities()}
            assert len(suggestion.key_activities) <= 3
            assert set(suggestion.key_activities) <= own
            assert len(set(suggestion.key_activities)) == len(suggestion.key_activities)


def test_the_best_key_activity_fits_the_entry(suggester):
    brokering = suggester.suggest(BROKERING_ENTRY)[0]
    expected = {"brokering.act-as-bridge", "brokering.connect-disconnected-groups"}
    assert expected <= set(brokering.key_activities)
    co_design = suggester.suggest(CO_DESIGN_ENTRY)[0]
    assert "co-design.test-prototypes-iteratively" in co_design.key_activities


def test_suggestions_are_deterministic(framework):
    first = suggester_for(framework).suggest(CO_DESIGN_ENTRY, limit=15)
    again = Bm25Suggester(framework).suggest(CO_DESIGN_ENTRY, limit=15)
    assert first == again
    assert first == suggester_for(framework).suggest(CO_DESIGN_ENTRY, limit=15)


def test_suggester_is_cached_per_framework(framework):
    assert suggester_for(framework) is suggester_for(framework)
    assert isinstance(suggester_for(framework), TagSuggester)


def test_a_practitioner_synonym_counts_for_less_than_the_framework_word(suggester):
    """ "pdsa" expands to improvement cycles, but an entry must not be judged on its synonyms alone."""
    suggestions = suggester.suggest("A PDSA on the triage script")
    assert suggestions[0].competency_id == "conducting-improvement-cycles"
    assert "PDSA" in suggestions[0].matched_words
    plain = Bm25Suggester(suggester.framework, expansions=False).suggest("A PDSA on the triage script")
    assert all(s.competency_id != "conducting-improvement-cycles" for s in plain)


def test_works_on_a_long_entry_in_good_time(suggester):
    import time

    text = " ".join([BROKERING_ENTRY, CO_DESIGN_ENTRY] * 3)
    started = time.perf_counter()
    for _ in range(20):
        suggester.suggest(text)
    assert (time.perf_counter() - started) / 20 < 0.05  # generous: about 0.2 ms here


def _suggest(text, limit=3):
    return suggester_for(bundled_framework()).suggest(text, limit)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=400), limit=st.integers(min_value=-2, max_value=20))
def test_any_text_gives_valid_sorted_suggestions(text, limit):
    suggestions = _suggest(text, limit)
    assert len(suggestions) <= max(limit, 0)
    assert all(isinstance(s, Suggestion) and s.score > 0 for s in suggestions)
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)
    assert len({s.competency_id for s in suggestions}) == len(suggestions)
    for s in suggestions:
        assert all(word in text or word in text.lower() for word in s.matched_words)


@settings(max_examples=100, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(
            "broker bridge network team leader champion data cycle test prototype power voice trust "
            "relationship context culture training coach meeting agenda workshop co- the and of".split()
        ),
        max_size=30,
    )
)
def test_word_salad_from_the_domain_never_raises(words):
    suggestions = _suggest(" ".join(words))
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)
