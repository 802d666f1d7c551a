"""One plan per cycle: "Plan from these development areas" opens the plan already open and offers
the new areas, however often it is clicked, revisited or posted from two tabs at once."""

import threading
from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from praxis.assessments.models import Assessment
from praxis.development import selectors, services
from praxis.development.models import Focus, Plan, PlanStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def first(alice, make_assessment, all_quick_answers):
    assessment = make_assessment(
        alice, answers=all_quick_answers("4", co_design="2", communication="1", brokering="3")
    )
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=datetime(2026, 3, 12, 10, tzinfo=UTC))
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def second(alice, make_assessment, all_quick_answers):
    """A later assessment: co-design is still low; facilitation and co-learning are new areas."""
    return make_assessment(
        alice, answers=all_quick_answers("4", co_design="1", facilitation="2", co_learning="2")
    )


def _tab(user) -> Client:
    tab = Client()
    tab.force_login(user)
    return tab


def _plan_from(tab, assessment):
    return tab.post(reverse("development:new"), {"from_assessment": str(assessment.pk)})


def test_a_plan_from_an_assessment_is_named_after_its_date(alice, first):
    plan, created = services.plan_open_or_start(owner=alice, from_assessment=first)
    assert created
    assert plan.title == "Development plan from 12 March 2026 assessment"
    assert [f.competency_id for f in plan.focuses.all()] == ["communication", "co-design", "brokering"]


def test_clicking_plan_from_these_areas_again_opens_the_same_plan(alice, first):
    tab = _tab(alice)
    made = _plan_from(tab, first)
    plan = Plan.objects.get()
    assert made.status_code == 302 and made.url == plan.get_absolute_url()
    for _ in range(3):  # a double click, a revisit, the back button
        again = _plan_from(tab, first)
        assert again.status_code == 302
        assert again.url == f"{plan.get_absolute_url()}?add_from={first.pk}#add-areas"
    assert Plan.objects.count() == 1
    assert Focus.objects.count() == 3
    page = tab.get(again.url).content.decode()
    assert "Every development area of that assessment is already a focus of this plan." in page


def test_a_later_assessment_offers_only_its_new_areas_to_the_open_plan(alice, first, second):
    tab = _tab(alice)
    _plan_from(tab, first)
    plan = Plan.objects.get()
    services.remove_focus(focus=plan.focuses.get(competency_id="brokering"))
    services.activate(plan=plan)
    response = _plan_from(tab, second)
    page = tab.get(response.url).content.decode()
    assert Plan.objects.count() == 1
    assert 'value="facilitation" checked' in page and 'value="co-learning" checked' in page
    assert 'value="co-design" checked' not in page  # already a focus
    url = reverse("development:focuses_add_from", args=[plan.pk])
    added = tab.post(url, {"from_assessment": str(second.pk), "competency": ["facilitation", "co-learning"]})
    assert added.status_code == 302
    assert sorted(plan.focuses.values_list("competency_id", flat=True)) == [
        "co-design",
        "co-learning",
        "communication",
        "facilitation",
    ]
    # posting the same offer again (a second tab, a double click) adds nothing twice
    again = tab.post(url, {"from_assessment": str(second.pk), "competency": ["facilitation"]})
    assert again.status_code == 422
    assert "Every development area of that assessment is already a focus" in again.content.decode()
    assert plan.focuses.count() == 4


def test_an_offer_from_someone_else_s_assessment_is_not_found(alice, bob, first, make_assessment):
    plan, _ = services.plan_open_or_start(owner=alice, from_assessment=first)
    bobs = make_assessment(bob, answers={"co-learning": "1"})
    tab = _tab(alice)
    page = tab.get(f"{plan.get_absolute_url()}?add_from={bobs.pk}").content.decode()
    assert 'id="add-areas"' not in page
    response = tab.post(
        reverse("development:focuses_add_from", args=[plan.pk]),
        {"from_assessment": str(bobs.pk), "competency": ["co-learning"]},
    )
    assert response.status_code == 404
    assert plan.focuses.count() == 3


def test_a_blank_plan_while_one_is_open_opens_that_one(alice, first):
    tab = _tab(alice)
    _plan_from(tab, first)
    response = tab.post(reverse("development:new"), {})
    assert response.url == Plan.objects.get().get_absolute_url()
    assert Plan.objects.count() == 1


def test_a_new_plan_after_completing_one_is_a_new_draft_with_a_distinct_name(alice, first, second):
    old, _ = services.plan_open_or_start(owner=alice, from_assessment=first)
    services.complete(plan=services.activate(plan=old))
    new, created = services.plan_open_or_start(owner=alice, from_assessment=second)
    assert created and new.pk != old.pk and new.title != old.title


def test_two_tabs_at_once_make_one_plan_the_constraint_catching_the_late_one(alice, first, monkeypatch):
    """The second tab looked before the first tab's plan was saved (simulated by its look finding
    nothing): its insert hits the constraint and it opens the first tab's plan."""
    first_plan, _ = services.plan_open_or_start(owner=alice, from_assessment=first)
    real, looks = selectors.open_plan, []

    def stale_then_real(owner):
        looks.append(owner)
        return None if len(looks) == 1 else real(owner)

    monkeypatch.setattr(selectors, "open_plan", stale_then_real)
    plan, created = services.plan_open_or_start(owner=alice, from_assessment=first)
    assert (plan.pk, created) == (first_plan.pk, False)
    assert len(looks) == 2  # the stale look, then the one after the refused insert
    assert Plan.objects.count() == 1


def test_the_database_refuses_a_second_open_plan_from_one_assessment(alice, first):
    services.create_plan(owner=alice, from_assessment=first)
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(owner=alice, from_assessment=first)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent transactions need PostgreSQL")
def test_two_tabs_posting_at_the_same_moment_make_one_plan_on_postgresql(alice, first):
    barrier = threading.Barrier(2)
    results, errors = [], []

    def tab():
        try:
            barrier.wait()
            results.append(services.plan_open_or_start(owner=alice, from_assessment=first))
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=tab) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Plan.objects.filter(owner=alice).count() == 1
    assert sorted(created for _, created in results) == [False, True]


def test_evidence_goes_to_the_active_plan_first(alice, first):
    active, _ = services.plan_open_or_start(owner=alice, from_assessment=first)
    services.activate(plan=active)
    draft = services.create_plan(owner=alice)
    services.add_focus(plan=draft, competency_id="facilitation")
    focuses = selectors.focuses_for_evidence(alice)
    assert focuses[0].plan_id == active.pk
    assert focuses[-1].plan_id == draft.pk
    assert Plan.objects.get(pk=active.pk).status == PlanStatus.ACTIVE
