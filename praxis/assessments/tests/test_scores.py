"""The one read of scores: stored at submission, rebuilt from answers, limited to what a viewer may see."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from praxis.accounts.models import ShareAudience
from praxis.accounts.services import share_set
from praxis.assessments import scores, services
from praxis.assessments.models import Assessment, CompetencyResult
from praxis.framework import bundled_framework

pytestmark = pytest.mark.django_db

FRAMEWORK = bundled_framework()
QUICK_ITEMS = [c.id for c in FRAMEWORK.competencies]
FULL_ITEMS = [a.id for c in FRAMEWORK.competencies for a in c.key_activities]
LEVELS = ["1", "2", "3", "4", "5", "na"]


def _submitted(owner, kind, answers):
    assessment = services.start_assessment(owner=owner, kind=kind)
    services.save_changed_answers(assessment=assessment, posted=answers, initial={})
    return services.submit(assessment=assessment)


def _live(assessment):
    return scores.score_answers(assessment, assessment.answers.all())


@st.composite
def assessments_strategy(draw):
    kind = draw(st.sampled_from(["quick", "full"]))
    items = QUICK_ITEMS if kind == "quick" else FULL_ITEMS
    answers = draw(st.dictionaries(st.sampled_from(items), st.sampled_from(LEVELS), max_size=len(items)))
    # a submission scores at least one competency: rate every item of one of them
    anchor = draw(st.sampled_from(FRAMEWORK.competencies))
    level = draw(st.sampled_from(LEVELS[:-1]))
    anchored = [anchor.id] if kind == "quick" else [a.id for a in anchor.key_activities]
    return kind, answers | dict.fromkeys(anchored, level)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=st.lists(assessments_strategy(), min_size=1, max_size=3))
def test_stored_scores_equal_scores_computed_again_from_the_answers(alice, drawn):
    with transaction.atomic():
        made = [_submitted(alice, kind, answers) for kind, answers in drawn]
        stored = scores.scores_of_many(made)
        for assessment in made:
            assert stored[assessment.pk] == _live(assessment)
            assert list(stored[assessment.pk]) == list(scores.questionnaire_of(assessment).structure)
        latest = scores.latest_results_of([alice.pk])[alice.pk]  # the team pages' read of the same rows
        assert latest.assessment_id == made[-1].pk
        assert {cid: result.score for cid, result in latest.results.items()} == stored[made[-1].pk]
        rows = CompetencyResult.objects.filter(assessment__in=made)
        assert rows.count() == len(made) * len(QUICK_ITEMS)
        for row in rows:
            assert row.owner_id == alice.pk
            assert row.level == scores.nearest_level(FRAMEWORK, row.score)
            assert row.proficient == (row.score is not None and row.score >= 4)
        transaction.set_rollback(True)


def test_submitting_stores_scores_once_and_drafts_are_scored_live(alice, all_quick_answers):
    draft = services.start_assessment(owner=alice, kind="quick")
    services.save_answer(assessment=draft, item_id="co-learning", raw="4")
    assert not CompetencyResult.objects.exists()
    assert scores.scores_of(draft)["co-learning"].score == 4
    services.submit(assessment=draft)
    services.submit(assessment=draft)  # a second click stores nothing twice
    assert CompetencyResult.objects.filter(assessment=draft).count() == len(QUICK_ITEMS)
    assert CompetencyResult.objects.get(assessment=draft, competency_id="co-learning").score == 4


def test_rebuild_command_writes_the_stored_scores_again_from_answers(
    alice, bob, make_assessment, all_quick_answers
):
    mine = make_assessment(alice, answers=all_quick_answers("2", co_design="5"))
    theirs = make_assessment(bob, answers=all_quick_answers("3"))
    draft = make_assessment(alice, answers=all_quick_answers("1"), submit=False)
    CompetencyResult.objects.filter(assessment=mine, competency_id="co-design").update(
        score=1.0, proficient=False
    )
    CompetencyResult.objects.filter(assessment=theirs).delete()
    call_command("scores", "rebuild")
    assert CompetencyResult.objects.get(assessment=mine, competency_id="co-design").score == 5
    assert CompetencyResult.objects.get(assessment=mine, competency_id="co-design").proficient
    assert scores.scores_of(theirs) == _live(theirs)
    assert not CompetencyResult.objects.filter(assessment=draft).exists()
    assert CompetencyResult.objects.count() == 2 * len(QUICK_ITEMS)


def test_the_latest_assessment_of_a_kind_passes_over_later_ones_of_another_kind_and_drafts(
    alice, bob, make_assessment
):
    first_full = make_assessment(alice, kind="full")
    full = make_assessment(alice, kind="full")
    quick = make_assessment(alice, kind="quick")
    make_assessment(alice, kind="full", submit=False)
    make_assessment(bob, kind="quick")
    assert {a.pk for a in scores.latest_assessments_of([alice.pk, bob.pk], kind="full")} == {full.pk}
    assert {a.pk for a in scores.latest_assessments_of([alice.pk], kind="quick")} == {quick.pk}
    by_then = scores.latest_assessments_of([alice.pk], kind="full", submitted_by=first_full.submitted_at)
    assert [a.pk for a in by_then] == [first_full.pk]


def test_a_submitted_assessment_without_stored_scores_is_scored_from_its_answers(alice, make_assessment):
    assessment = make_assessment(alice, answers={"co-learning": "3"})
    CompetencyResult.objects.all().delete()
    assert scores.scores_of(assessment)["co-learning"].score == 3


def test_previous_comparable_is_the_latest_earlier_one_the_viewer_may_see(
    alice, carol, northside, make_assessment, all_quick_answers
):
    shared = make_assessment(alice, answers=all_quick_answers("2"))
    share_set(owner=shared.owner, obj=shared, organisation=northside, audience=ShareAudience.SUPERVISORS)
    private = make_assessment(alice, answers=all_quick_answers("3"))
    make_assessment(alice, kind="full", answers={})  # another kind never compares
    latest = make_assessment(alice, answers=all_quick_answers("4"))
    share_set(owner=latest.owner, obj=latest, organisation=northside, audience=ShareAudience.SUPERVISORS)
    assert scores.previous_comparable(latest, alice) == private
    assert scores.previous_comparable(latest, carol) == shared
    assert scores.previous_comparable(shared, carol) is None


def test_latest_scores_come_only_from_assessments_the_viewer_may_see(
    alice, carol, lena, bob, northside, make_assessment, all_quick_answers
):
    older = make_assessment(alice, answers=all_quick_answers("2", brokering="na"))
    share_set(owner=older.owner, obj=older, organisation=northside, audience=ShareAudience.SUPERVISORS)
    newer = make_assessment(alice, answers=all_quick_answers("4", co_design="na"))
    cids = ["co-learning", "brokering", "co-design"]
    own = scores.latest_scores(alice, cids, viewer=alice)
    assert {c: (s.score, s.assessment_id) for c, s in own.items()} == {
        "co-learning": (4, newer.pk),
        "brokering": (4, newer.pk),
        "co-design": (2, older.pk),  # not applicable in the newer one, so the latest that scores it
    }
    seen = scores.latest_scores(alice, cids, viewer=carol)
    assert {c: (s.score, s.assessment_id) for c, s in seen.items()} == {
        "co-learning": (2, older.pk),
        "co-design": (2, older.pk),
    }
    assert scores.latest_scores(alice, cids, viewer=lena) == {}  # shared with supervisors only
    assert scores.latest_scores(alice, cids, viewer=bob) == {}


def test_feedback_self_comparison_uses_only_self_assessments_the_reader_may_see(
    alice, carol, northside, make_assessment, all_quick_answers
):
    from datetime import timedelta

    from django.utils import timezone

    from praxis.feedback import selectors as feedback
    from praxis.feedback import services as rounds

    shared = make_assessment(alice, answers=all_quick_answers("2"))
    share_set(owner=shared.owner, obj=shared, organisation=northside, audience=ShareAudience.SUPERVISORS)
    make_assessment(alice, answers=all_quick_answers("5"))  # private
    round_ = rounds.create_round(
        owner=alice,
        title="R",
        message="",
        closes_on=timezone.localdate() + timedelta(days=9),
        competency_ids=["co-learning"],
        include_relationship=False,
    )
    own = feedback.report_for(round_).competencies[0].comparison
    seen = feedback.report_for(round_, viewer=carol).competencies[0].comparison
    assert own.self_score == 5 and seen.self_score == 2


def test_scores_never_load_a_framework_version_with_the_assessment(alice, make_assessment, all_quick_answers):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    made = [make_assessment(alice, answers=all_quick_answers("3")) for _ in range(3)]
    with CaptureQueriesContext(connection) as queries:
        scores.scores_of_many(Assessment.objects.filter(pk__in=[a.pk for a in made]))
    assert len(queries) == 2
    assert not any("frameworkversion" in q["sql"] for q in queries)
