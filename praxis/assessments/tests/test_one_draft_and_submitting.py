"""One draft of each kind at a time (starting again resumes it, even from two tabs at once), and a
submission that scores at least one competency; the review page says what is still to answer."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from praxis.assessments import scores, services
from praxis.assessments.models import Assessment, Status
from praxis.assessments.templatetags.assessment_tags import rating_text
from praxis.framework import bundled_framework
from praxis.scoring import CompetencyScore
from praxis.scoring import Status as ScoreStatus

pytestmark = pytest.mark.django_db


def test_starting_again_resumes_the_draft_of_that_kind(alice):
    quick, resumed = services.assessment_start_or_resume(owner=alice, kind="quick")
    assert not resumed
    services.save_answer(assessment=quick, item_id="co-learning", raw="4")
    again, resumed = services.assessment_start_or_resume(owner=alice, kind="quick")
    assert (again.pk, resumed) == (quick.pk, True)
    assert again.answers.get().level == 4  # left just as it was
    full, resumed = services.assessment_start_or_resume(owner=alice, kind="full")
    assert full.pk != quick.pk and not resumed  # the other kind is a draft of its own
    assert Assessment.objects.filter(owner=alice, status=Status.DRAFT).count() == 2


def test_starting_from_previous_answers_while_a_draft_exists_keeps_the_draft(alice, make_assessment):
    first = make_assessment(alice, answers={"co-learning": "2"})
    draft = make_assessment(alice, answers={"brokering": "5"}, submit=False)
    again, resumed = services.assessment_start_or_resume(owner=alice, kind="quick", start_from=first)
    assert (again.pk, resumed) == (draft.pk, True)
    assert {a.item_id for a in again.answers.all()} == {"brokering"}


def test_after_submitting_a_new_draft_can_start(alice, make_assessment):
    submitted = make_assessment(alice, answers={"co-learning": "3"})
    fresh, resumed = services.assessment_start_or_resume(owner=alice, kind="quick")
    assert fresh.pk != submitted.pk and not resumed


def test_the_database_refuses_a_second_draft_of_a_kind(alice):
    draft = services.start_assessment(owner=alice, kind="quick")
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(owner=alice, kind="quick", framework_version=draft.framework_version)


def test_different_people_each_have_their_own_draft(alice, bob):
    assert services.start_assessment(owner=alice, kind="quick") != services.start_assessment(
        owner=bob, kind="quick"
    )


@pytest.mark.django_db(transaction=True)
def test_two_tabs_starting_at_once_get_one_draft(alice):
    """Both requests pass the "is there a draft?" check before either inserts; the constraint
    makes the second find the first's draft (PostgreSQL), or the second waits for the first's
    write lock and sees it (SQLite's IMMEDIATE transactions)."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:", ":memory:")):
        pytest.skip("threads need a database file; SQLite serialises writers anyway")
    barrier, found, errors = threading.Barrier(2), [], []

    def start():
        try:
            barrier.wait(timeout=10)
            found.append(services.assessment_start_or_resume(owner=alice, kind="quick"))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert len({draft.pk for draft, _ in found}) == 1
    assert sorted(resumed for _, resumed in found) == [False, True]
    assert Assessment.objects.filter(owner=alice, kind="quick", status=Status.DRAFT).count() == 1


def test_posting_start_twice_resumes_with_a_message(client, alice):
    client.force_login(alice)
    first = client.post(reverse("assessments:new"), {"kind": "quick"})
    draft = Assessment.objects.get(owner=alice)
    assert first.url == reverse("assessments:page", args=[draft.pk, 1])
    second = client.post(reverse("assessments:new"), {"kind": "quick"}, follow=True)
    assert Assessment.objects.filter(owner=alice).count() == 1
    assert "already have a quick assessment in progress" in second.content.decode()
    assert second.redirect_chain[-1][0] == reverse("assessments:page", args=[draft.pk, 1])


def test_an_assessment_with_nothing_scorable_cannot_be_submitted(alice):
    draft = services.start_assessment(owner=alice, kind="quick")
    services.save_answer(assessment=draft, item_id="co-learning", raw="na")
    with pytest.raises(services.AssessmentError, match="Nothing here can be scored yet"):
        services.submit(assessment=draft)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and not draft.competency_results.exists()
    services.save_answer(assessment=draft, item_id="brokering", raw="2")
    assert services.submit(assessment=draft).status == Status.SUBMITTED


def test_review_page_explains_why_nothing_can_be_submitted_yet(client, alice):
    draft = services.start_assessment(owner=alice, kind="quick")
    client.force_login(alice)
    review = reverse("assessments:page", args=[draft.pk, 3])
    page = client.get(review).content.decode()
    assert "cannot be submitted yet" in page
    assert reverse("assessments:submit", args=[draft.pk]) not in page  # no submit button
    refused = client.post(reverse("assessments:submit", args=[draft.pk]), follow=True)
    assert refused.redirect_chain[-1][0] == review
    assert "Nothing here can be scored yet" in refused.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft


def test_review_page_lists_what_is_unanswered_by_competency_name(client, alice, all_quick_answers):
    draft = services.start_assessment(owner=alice, kind="quick")
    for item, raw in all_quick_answers("3").items():
        if item not in ("brokering", "facilitation"):
            services.save_answer(assessment=draft, item_id=item, raw=raw)
    client.force_login(alice)
    page = client.get(reverse("assessments:page", args=[draft.pk, 3])).content.decode()
    listed = page[page.index('class="unanswered-list"') :]
    listed = listed[: listed.index("</ul>")]
    assert 'value="page-1"' in listed and ">Brokering</button>" in listed
    assert ">Facilitation</button>" in listed
    assert listed.count("<li>") == 2
    assert reverse("assessments:submit", args=[draft.pk]) in page


def test_review_page_of_a_full_assessment_counts_key_activities_per_competency(client, alice):
    draft = services.start_assessment(owner=alice, kind="full")
    client.force_login(alice)
    last = len(scores.questionnaire_of(draft).pages)
    page = client.get(reverse("assessments:page", args=[draft.pk, last])).content.decode()
    assert "Co-learning</button>" in page
    assert "key activities unanswered" in page


def test_autosave_answer_updates_the_step_counts_of_the_progress_nav(client, alice):
    draft = services.start_assessment(owner=alice, kind="quick")
    client.force_login(alice)
    saved = client.post(
        reverse("assessments:autosave", args=[draft.pk]), {"item": "brokering", "answer-brokering": "3"}
    ).content.decode()
    assert '<span id="step-count-1" hx-swap-oob="true">(1/15)</span>' in saved
    page = client.get(reverse("assessments:page", args=[draft.pk, 1])).content.decode()
    assert '<span id="step-count-1">(1/15)</span>' in page


def test_autosave_in_a_full_assessment_updates_every_step_count(client, alice):
    draft = services.start_assessment(owner=alice, kind="full")
    client.force_login(alice)
    item = scores.questionnaire_of(draft).pages[1].items[0].id  # on the second competency's page
    saved = client.post(
        reverse("assessments:autosave", args=[draft.pk]), {"item": item, f"answer-{item}": "3"}
    ).content.decode()
    assert '<span id="step-count-1" hx-swap-oob="true">(0/' in saved
    assert '<span id="step-count-2" hx-swap-oob="true">(1/' in saved


def test_the_quick_assessment_is_one_page_of_items_then_principles_and_review(alice):
    pages = scores.questionnaire_of(services.start_assessment(owner=alice, kind="quick")).pages
    assert [(p.kind, len(p.items)) for p in pages] == [("items", 15), ("principles", 0), ("review", 0)]


def test_a_rating_of_one_item_reads_as_its_level_and_an_average_as_a_decimal():
    scale = bundled_framework().scale
    one = CompetencyScore("co-learning", 4.0, ScoreStatus.SCORED, 1, 1, 0)
    several = CompetencyScore("co-learning", 3.4, ScoreStatus.SCORED, 6, 5, 1)
    assert rating_text(scale, one) == "Proficient"
    assert rating_text(scale, several) == "3.4, nearest Developing"
