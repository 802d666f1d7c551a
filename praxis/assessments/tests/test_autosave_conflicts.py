"""Autosave from two tabs on one draft: a save never silently replaces an answer another tab
saved since this tab last saw it. Each tab sends the value it last saw ("initial-…"); a
difference is answered 409 with both values and nothing is written."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from praxis.assessments import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(alice):
    return services.start_assessment(owner=alice, kind="quick")


@pytest.fixture
def tabs(alice):
    """Two browser tabs of alice's: two clients, two sessions."""
    first, second = Client(), Client()
    first.force_login(alice)
    second.force_login(alice)
    return first, second


def autosave(tab, draft, data):
    return tab.post(reverse("assessments:autosave", args=[draft.pk]), data)


def data_attribute(response, name):
    match = re.search(rf'{name}="([^"]*)"', response.content.decode())
    assert match, response.content.decode()
    return json.loads(match.group(1).replace("&quot;", '"'))


def level(draft, item_id):
    answer = draft.answers.filter(item_id=item_id).first()
    return None if answer is None else ("na" if answer.not_applicable else answer.level)


def test_a_save_over_an_answer_changed_in_another_tab_answers_409_with_both_and_writes_nothing(tabs, draft):
    first, second = tabs
    # Both tabs loaded the page with co-learning unanswered; the second saves "Proficient" (4).
    saved = autosave(
        second, draft, {"item": "co-learning", "answer-co-learning": "4", "initial-co-learning": ""}
    )
    assert saved.status_code == 200 and "Saved" in saved.content.decode()
    # The first, which still shows co-learning unanswered, chooses "Emerging" (2).
    stale = autosave(
        first, draft, {"item": "co-learning", "answer-co-learning": "2", "initial-co-learning": ""}
    )
    html = stale.content.decode()
    assert stale.status_code == 409
    assert "Changed in another tab: <strong>Proficient</strong>. Yours: <strong>Emerging</strong>." in html
    assert "Saved" not in html
    assert data_attribute(stale, "data-conflict") == {
        "fields": {"answer-co-learning": "4"},
        "initial": {"initial-co-learning": "4"},
    }
    assert level(draft, "co-learning") == 4


def test_keeping_yours_after_a_conflict_saves_it(tabs, draft):
    first, second = tabs
    autosave(second, draft, {"item": "co-learning", "answer-co-learning": "4", "initial-co-learning": ""})
    # "Keep yours": the page now says it has seen 4, so its 2 replaces it knowingly.
    kept = autosave(
        first, draft, {"item": "co-learning", "answer-co-learning": "2", "initial-co-learning": "4"}
    )
    assert kept.status_code == 200
    assert level(draft, "co-learning") == 2


def test_a_successful_save_tells_the_page_what_it_now_holds(tabs, draft):
    first, _ = tabs
    saved = autosave(first, draft, {"item": "brokering", "answer-brokering": "na", "initial-brokering": ""})
    assert data_attribute(saved, "data-saved") == {"initial-brokering": "na"}
    # The next change from the same tab names that value and goes through.
    again = autosave(first, draft, {"item": "brokering", "answer-brokering": "3", "initial-brokering": "na"})
    assert again.status_code == 200 and level(draft, "brokering") == 3


def test_saving_what_is_already_stored_is_never_a_conflict(tabs, draft):
    """A retry whose first attempt was saved but whose answer was lost on the way back."""
    first, second = tabs
    autosave(second, draft, {"item": "co-design", "answer-co-design": "3", "initial-co-design": ""})
    same = autosave(first, draft, {"item": "co-design", "answer-co-design": "3", "initial-co-design": ""})
    assert same.status_code == 200 and level(draft, "co-design") == 3


def test_answers_to_different_items_from_two_tabs_both_save(tabs, draft):
    first, second = tabs
    assert (
        autosave(
            first, draft, {"item": "co-learning", "answer-co-learning": "2", "initial-co-learning": ""}
        ).status_code
        == 200
    )
    assert (
        autosave(
            second, draft, {"item": "brokering", "answer-brokering": "5", "initial-brokering": ""}
        ).status_code
        == 200
    )
    assert (level(draft, "co-learning"), level(draft, "brokering")) == (2, 5)


def test_a_note_changed_in_another_tab_is_not_overwritten(tabs, draft):
    first, second = tabs
    note = {"note": "co-learning", "initial-note-co-learning": ""}
    autosave(second, draft, {**note, "note-co-learning": "Ran the co-learning session in March"})
    stale = autosave(first, draft, {**note, "note-co-learning": "Facilitated a workshop"})
    html = stale.content.decode()
    assert stale.status_code == 409
    assert "Changed in another tab: <strong>Ran the co-learning session in March</strong>." in html
    assert "Yours: <strong>Facilitated a workshop</strong>." in html
    assert draft.notes.get().text == "Ran the co-learning session in March"


def test_a_note_saved_with_trailing_spaces_is_not_a_conflict_with_itself(tabs, draft):
    first, _ = tabs
    saved = autosave(
        first, draft, {"note": "co-learning", "note-co-learning": "Typed ", "initial-note-co-learning": ""}
    )
    seen = data_attribute(saved, "data-saved")["initial-note-co-learning"]
    assert seen == "Typed"
    more = autosave(
        first,
        draft,
        {"note": "co-learning", "note-co-learning": "Typed more", "initial-note-co-learning": seen},
    )
    assert more.status_code == 200 and draft.notes.get().text == "Typed more"


def test_a_principle_reflection_changed_in_another_tab_is_not_overwritten(tabs, draft):
    first, second = tabs
    loaded = {"principle": "be-curious", "initial-strength-be-curious": "", "initial-example-be-curious": ""}
    autosave(second, draft, {**loaded, "strength-be-curious": "3", "example-be-curious": "Asked why"})
    stale = autosave(first, draft, {**loaded, "strength-be-curious": "1", "example-be-curious": ""})
    assert stale.status_code == 409
    assert "Changed in another tab: <strong>Often; Asked why</strong>. Yours: <strong>Rarely</strong>." in (
        stale.content.decode()
    )
    reflection = draft.principle_reflections.get()
    assert (reflection.strength, reflection.example) == (3, "Asked why")


def test_a_bad_value_is_still_422_before_any_conflict(tabs, draft):
    first, second = tabs
    autosave(second, draft, {"item": "co-learning", "answer-co-learning": "4", "initial-co-learning": ""})
    bad = autosave(
        first, draft, {"item": "co-learning", "answer-co-learning": "9", "initial-co-learning": ""}
    )
    assert bad.status_code == 422 and "Choose a level" in bad.content.decode()
    assert level(draft, "co-learning") == 4


def test_the_pages_carry_the_autosave_script_and_what_each_answer_last_saw(client, alice, draft):
    services.save_principle_reflection(
        assessment=draft, principle_id="be-curious", strength="2", example="Asked"
    )
    client.force_login(alice)
    items = client.get(reverse("assessments:page", args=[draft.pk, 1])).content.decode()
    assert 'src="/static/js/autosave.js"' in items
    assert 'hx-trigger="change, autosave-retry"' in items
    number = selectors.framework_and_questionnaire(draft)[1].principles_page.number
    principles = client.get(reverse("assessments:page", args=[draft.pk, number])).content.decode()
    assert 'name="initial-strength-be-curious" value="2"' in principles
    assert 'name="initial-example-be-curious" value="Asked"' in principles
    assert 'src="/static/js/autosave.js"' in principles
