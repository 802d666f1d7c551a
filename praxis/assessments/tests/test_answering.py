"""Answering a self-assessment: validation, per-item writes, submit, framework versions."""

import pytest
from django.db import IntegrityError, transaction

from praxis.assessments import services
from praxis.assessments.models import Answer, Assessment, Status
from praxis.assessments.selectors import results_for
from praxis.core.models import FrameworkVersion
from praxis.framework import bundled_framework

pytestmark = pytest.mark.django_db


def test_new_assessment_records_the_framework_version(alice):
    assessment = services.start_assessment(owner=alice, kind="quick")
    version = assessment.framework_version
    assert version.framework_key == "isp-competencies"
    assert version.content["domains"][0]["competencies"][0]["id"] == "co-learning"
    again = services.start_assessment(owner=alice, kind="full")
    assert again.framework_version == version  # the same content is stored once


def test_answer_is_a_level_or_not_applicable(alice):
    assessment = services.start_assessment(owner=alice, kind="quick")
    services.save_answer(assessment=assessment, item_id="co-learning", raw="4")
    services.save_answer(assessment=assessment, item_id="brokering", raw="na")
    answers = {a.item_id: (a.level, a.not_applicable) for a in assessment.answers.all()}
    assert answers == {"co-learning": (4, False), "brokering": (None, True)}


@pytest.mark.parametrize("raw", ["0", "6", "-1", "3.5", "", "abc", "NA", "None"])
def test_out_of_range_or_malformed_levels_are_refused_and_change_nothing(alice, raw):
    assessment = services.start_assessment(owner=alice, kind="quick")
    with pytest.raises(services.AssessmentError, match="Choose a level from Not yet to Advanced"):
        services.save_answer(assessment=assessment, item_id="co-learning", raw=raw)
    assert not assessment.answers.exists()


def test_items_of_another_kind_are_refused(alice):
    quick = services.start_assessment(owner=alice, kind="quick")
    with pytest.raises(services.AssessmentError, match="not part of this assessment"):
        services.save_answer(assessment=quick, item_id="co-learning.create-space-for-ideas", raw="3")
    full = services.start_assessment(owner=alice, kind="full")
    services.save_answer(assessment=full, item_id="co-learning.create-space-for-ideas", raw="3")
    with pytest.raises(services.AssessmentError):
        services.save_answer(assessment=full, item_id="co-learning", raw="3")


def test_database_refuses_impossible_answers(alice):
    assessment = services.start_assessment(owner=alice, kind="quick")
    for level, not_applicable in ((0, False), (None, False), (3, True), (11, False)):
        with pytest.raises(IntegrityError), transaction.atomic():
            Answer.objects.create(
                assessment=assessment, item_id="x", level=level, not_applicable=not_applicable
            )


def test_submitted_assessments_are_read_only(alice, make_assessment):
    assessment = make_assessment(alice, answers={"co-learning": "3"})
    with pytest.raises(services.AssessmentError, match="submitted"):
        services.save_answer(assessment=assessment, item_id="co-learning", raw="5")
    with pytest.raises(services.AssessmentError):
        services.save_note(assessment=assessment, competency_id="co-learning", text="later edit")
    assert assessment.answers.get().level == 3


def test_submitting_twice_is_harmless(alice, make_assessment):
    assessment = make_assessment(alice, answers={"co-learning": "3"}, submit=False)
    first = services.submit(assessment=assessment)
    second = services.submit(assessment=assessment)
    assert first.submitted_at == second.submitted_at
    assert Assessment.objects.get().status == Status.SUBMITTED


def test_two_tabs_never_lose_an_answer(alice):
    """Tab A and tab B load the same empty page; each answers a different item and saves the page."""
    assessment = services.start_assessment(owner=alice, kind="quick")
    loaded = {"co-learning": "", "brokering": ""}
    services.save_changed_answers(assessment=assessment, posted={"co-learning": "4"}, initial=loaded)
    services.save_changed_answers(
        assessment=assessment, posted={"co-learning": "", "brokering": "2"}, initial=loaded
    )
    assert {a.item_id: a.level for a in assessment.answers.all()} == {"co-learning": 4, "brokering": 2}


def test_a_stale_page_does_not_overwrite_a_newer_autosave(alice):
    assessment = services.start_assessment(owner=alice, kind="quick")
    services.save_answer(assessment=assessment, item_id="co-learning", raw="2")
    stale = {"co-learning": "2"}  # tab B loaded the page when the answer was 2
    services.save_answer(assessment=assessment, item_id="co-learning", raw="5")  # tab A autosaves 5
    written = services.save_changed_answers(assessment=assessment, posted={"co-learning": "2"}, initial=stale)
    assert written == 0
    assert assessment.answers.get().level == 5


def test_new_cycle_can_start_from_previous_answers(alice, make_assessment):
    first = make_assessment(alice, answers={"co-learning": "3", "brokering": "na"})
    second = services.start_assessment(owner=alice, kind="quick", start_from=first)
    assert second.is_draft
    assert {a.item_id: a.value for a in second.answers.all()} == {"co-learning": 3, "brokering": None}
    assert first.answers.count() == 2  # the old one is untouched


def test_cannot_start_from_someone_elses_assessment(alice, bob, make_assessment):
    bobs = make_assessment(bob, answers={"co-learning": "3"})
    with pytest.raises(services.AssessmentError):
        services.start_assessment(owner=alice, kind="quick", start_from=bobs)


def test_notes_autosave_and_clear(alice):
    assessment = services.start_assessment(owner=alice, kind="quick")
    services.save_note(
        assessment=assessment, competency_id="co-learning", text="  Ran a logic model workshop "
    )
    assert assessment.notes.get().text == "Ran a logic model workshop"
    services.save_note(assessment=assessment, competency_id="co-learning", text="")
    assert not assessment.notes.exists()
    with pytest.raises(services.AssessmentError):
        services.save_note(assessment=assessment, competency_id="co-learning", text="x" * 4001)


@pytest.mark.parametrize("strength", ["0", "5", "x"])
def test_principle_strength_out_of_range_is_refused(alice, strength):
    assessment = services.start_assessment(owner=alice, kind="quick")
    with pytest.raises(services.AssessmentError):
        services.save_principle_reflection(
            assessment=assessment, principle_id="be-curious", strength=strength, example=""
        )
    assert not assessment.principle_reflections.exists()


def test_later_framework_changes_never_alter_old_results(alice, make_assessment, all_quick_answers):
    assessment = make_assessment(alice, answers=all_quick_answers("4"))
    before = [(c.competency.name, c.score.score) for c in results_for(assessment, alice).competencies]

    # A later framework renames a competency and drops another; the old assessment keeps its version.
    changed = assessment.framework_version.content
    changed["domains"][0]["competencies"][0]["name"] = "Renamed later"
    del changed["domains"][0]["competencies"][1]
    FrameworkVersion.objects.create(
        framework_key="isp-competencies", version="2", checksum="x" * 64, content=changed
    )

    assessment.refresh_from_db()
    after = [(c.competency.name, c.score.score) for c in results_for(assessment, alice).competencies]
    assert after == before
    assert len(after) == len(bundled_framework().competencies)


def test_autosave_answers_one_item_and_updates_progress(client, alice):
    from django.urls import reverse

    assessment = services.start_assessment(owner=alice, kind="quick")
    client.force_login(alice)
    url = reverse("assessments:autosave", args=[assessment.pk])
    response = client.post(url, {"item": "co-learning", "answer-co-learning": "4", "answer-brokering": "2"})
    html = response.content.decode()
    assert response.status_code == 200 and "Saved" in html
    assert 'hx-swap-oob="true"' in html and "1 of 15 answered" in html
    assert {a.item_id: a.level for a in assessment.answers.all()} == {"co-learning": 4}  # only the named item


def test_autosave_of_a_bad_value_says_why_and_changes_nothing(client, alice):
    from django.urls import reverse

    assessment = services.start_assessment(owner=alice, kind="quick")
    client.force_login(alice)
    response = client.post(
        reverse("assessments:autosave", args=[assessment.pk]),
        {"item": "co-learning", "answer-co-learning": "9"},
    )
    assert response.status_code == 422
    assert "Choose a level" in response.content.decode()
    assert not assessment.answers.exists()
