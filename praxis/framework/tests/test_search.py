"""Full-text search finds framework items by their words and marks where they matched."""

from hypothesis import given, settings
from hypothesis import strategies as st

from praxis.framework import bundled_framework
from praxis.framework.search import query_terms, search, stem


def ids(query):
    return [(h.document.kind, h.document.item_id) for h in search(bundled_framework(), query)]


def test_finds_a_key_activity_by_a_word_in_it():
    assert ("key-activity", "brokering.act-as-bridge") in ids("go-between")


def test_every_key_activity_is_found_by_its_own_words():
    framework = bundled_framework()
    for competency in framework.competencies:
        for activity in competency.all_key_activities():
            assert ("key-activity", activity.id) in ids(activity.text[:120]), activity.id


def test_word_forms_meet_on_a_common_stem():
    assert stem("brokers") == stem("brokering")
    assert stem("facilitation") == stem("facilitate") == stem("facilitator")
    assert stem("practise") == stem("practice")


def test_competency_name_matches_rank_first():
    assert ids("brokering")[0] == ("competency", "brokering")


def test_every_query_word_must_match():
    both = ids("trust teams")
    assert both and set(both) <= set(ids("trust")) & set(ids("teams"))


def test_matches_are_marked_in_the_snippet():
    hit = search(bundled_framework(), "logic models")[0]
    marked = [text.lower() for text, is_match in hit.snippet if is_match]
    assert "logic" in marked and "models" in marked


def test_empty_and_wordless_queries_find_nothing():
    framework = bundled_framework()
    assert search(framework, "") == []
    assert search(framework, "   ") == []
    assert search(framework, "?!*&") == []


def test_stop_words_alone_still_search():
    assert query_terms("the") == ["the"]
    assert query_terms("the power of") == ["power"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_query_is_safe_and_snippets_keep_the_text(query):
    for hit in search(bundled_framework(), query):
        assert "".join(text for text, _ in hit.title_segments) == hit.document.title
        assert any(is_match for _, is_match in hit.snippet + hit.title_segments)
