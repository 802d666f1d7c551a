"""Delete with undo (praxis.core.trash): what goes comes back whole, in the right order, for 30
days, and nothing deleted stays behind in the tables meanwhile."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from praxis.accounts.models import Membership, Share, ShareAudience
from praxis.accounts.services import share_set
from praxis.assessments import services as assessments
from praxis.assessments.models import Answer, Assessment
from praxis.core import trash
from praxis.core.models import Deleted
from praxis.development import services as plans
from praxis.development.models import (
    CheckInNote,
    Focus,
    FocusEvidence,
    FocusPerson,
    FocusResource,
    NextStep,
    Plan,
)
from praxis.journal import selectors as journal_selectors
from praxis.journal import services as journal
from praxis.journal import summary
from praxis.journal.models import Entry, EntryTag

pytestmark = pytest.mark.django_db


def entry(owner, title="Steering group visit", **fields):
    return journal.create_entry(
        owner=owner,
        kind="support",
        fields={"occurred_on": date(2026, 3, 1), "title": title, "duration_minutes": 60, "mode": "onsite"}
        | fields,
        tags=["co-design", "be-curious"],
    )


def found(user, query):
    return [e.title for e in journal_selectors.filtered_entries(user, journal_selectors.Filters(query=query))]


@pytest.fixture
def plan(alice):
    plan = plans.create_plan(owner=alice)
    plans.add_focus(plan=plan, competency_id="co-design", why_now="Our sites ask for it.")
    return plan


@pytest.fixture
def focus(plan):
    focus = plan.focuses.get()
    plans.step_add(focus=focus, text="Shadow a co-design workshop", due_on=None)
    plans.step_add(focus=focus, text="Read the toolkit", due_on=None)
    plans.add_resource(focus=focus, source="own", title="Co-design toolkit", url="https://example.org/")
    plans.add_person(focus=focus, name="Priya, who ran the family panel")
    return focus


def snapshot(focus_id):
    return (
        Focus.objects.filter(pk=focus_id).values_list("competency_id", "why_now").first(),
        sorted(NextStep.objects.filter(focus_id=focus_id).values_list("pk", "text")),
        list(FocusResource.objects.filter(focus_id=focus_id).values_list("pk", "title", "url")),
        list(FocusPerson.objects.filter(focus_id=focus_id).values_list("pk", "name")),
        list(FocusEvidence.objects.filter(focus_id=focus_id).values_list("entry_id", flat=True)),
        list(CheckInNote.objects.filter(focus_id=focus_id).values_list("text", flat=True)),
    )


def test_a_removed_focus_comes_back_whole_with_its_ids(alice, plan, focus):
    plans.link_evidence(focus=focus, entry=entry(alice))
    plans.activate(plan=plan)
    plans.check_in(plan=Plan.objects.get(pk=plan.pk), held_on=date.today(), notes={focus.pk: "Went well."})
    before = snapshot(focus.pk)

    deleted = plans.remove_focus(focus=focus)

    assert not Focus.objects.filter(pk=focus.pk).exists()
    assert not NextStep.objects.filter(focus_id=focus.pk).exists()  # really gone: nothing to filter
    assert not CheckInNote.objects.filter(focus_id=focus.pk).exists()
    assert (deleted.owner, deleted.label, deleted.kind) == (alice, "Co-design", "plan focus")
    restored = trash.restore(deleted)
    assert restored == focus
    assert snapshot(focus.pk) == before
    assert not Deleted.objects.exists()


@pytest.mark.parametrize(
    ("model", "label", "kind"),
    [
        (NextStep, "Read the toolkit", "next step"),
        (FocusResource, "Co-design toolkit", "resource"),
        (FocusPerson, "Priya, who ran the family panel", "person to learn from"),
    ],
)
def test_a_removed_step_resource_or_person_comes_back(alice, focus, model, label, kind):
    item = model.objects.filter(focus=focus).order_by("-pk").first()
    before = snapshot(focus.pk)
    removes = {
        NextStep: lambda: plans.remove_step(step=item),
        FocusResource: lambda: plans.remove_resource(resource=item),
        FocusPerson: lambda: plans.remove_person(person=item),
    }
    deleted = removes[model]()
    assert (deleted.label, deleted.kind) == (label, kind)
    assert snapshot(focus.pk) != before
    trash.restore(deleted)
    assert snapshot(focus.pk) == before


def test_a_deleted_entry_comes_back_with_tags_shares_and_evidence_and_is_found_again(alice, northside, focus):
    e = entry(alice, body="We mapped the referral pathway together.")
    plans.link_evidence(focus=focus, entry=e)
    share_set(owner=alice, obj=e, organisation=northside, audience=ShareAudience.SUPERVISORS)
    assert found(alice, "referral pathway") == ["Steering group visit"]

    deleted = journal.delete_entry(entry=e)

    assert found(alice, "referral pathway") == []  # the search index forgot it too
    assert not Share.objects.exists() and not EntryTag.objects.exists()
    assert "co-design" not in summary.totals(alice.pk) and summary.differences([alice.pk]) == []
    trash.restore(deleted)
    assert "co-design" in summary.totals(alice.pk) and summary.differences([alice.pk]) == []  # counted again
    assert found(alice, "referral pathway") == ["Steering group visit"]
    assert found(alice, "steering") == ["Steering group visit"]
    assert sorted(Entry.objects.get(pk=e.pk).tags.values_list("item_id", flat=True)) == [
        "be-curious",
        "co-design",
    ]
    assert Share.objects.get().object_id == e.pk
    assert list(focus.evidence.values_list("entry_id", flat=True)) == [e.pk]


def test_a_discarded_draft_comes_back_with_its_answers(alice, make_assessment):
    draft = make_assessment(alice, answers={"co-design": "3", "brokering": "na"}, submit=False)
    deleted = assessments.discard_draft(assessment=draft)
    assert deleted.kind == "self-assessment draft" and deleted.label.startswith(
        "Quick self-assessment started "
    )
    assert not Answer.objects.exists()
    trash.restore(deleted)
    assert dict(Answer.objects.filter(assessment=draft).values_list("item_id", "level")) == {
        "co-design": 3,
        "brokering": None,
    }


def test_a_step_waits_for_its_focus_and_says_which(alice, focus):
    step = focus.steps.first()
    step_deleted = plans.remove_step(step=step)
    focus_deleted = plans.remove_focus(focus=focus)

    with pytest.raises(trash.RestoreRefused, match="Restore “Co-design” \\(plan focus\\) first"):
        trash.restore(step_deleted)
    assert Deleted.objects.count() == 2  # nothing changed

    trash.restore(focus_deleted)
    trash.restore(step_deleted)
    assert NextStep.objects.filter(pk=step.pk, focus=focus).exists()


def test_an_entry_waits_for_the_focus_its_evidence_link_points_at(alice, focus):
    e = entry(alice)
    plans.link_evidence(focus=focus, entry=e)
    entry_deleted = journal.delete_entry(entry=e)
    focus_deleted = plans.remove_focus(focus=focus)

    with pytest.raises(trash.RestoreRefused, match="Restore “Co-design” \\(plan focus\\) first"):
        trash.restore(entry_deleted)
    trash.restore(focus_deleted)
    trash.restore(entry_deleted)
    assert FocusEvidence.objects.filter(focus=focus, entry=e).exists()


def test_what_only_went_along_is_left_out_when_its_other_end_is_gone_for_good(alice, focus):
    e = entry(alice)
    plans.link_evidence(focus=focus, entry=e)
    entry_deleted = journal.delete_entry(entry=e)
    Deleted.objects.filter(pk=plans.remove_focus(focus=focus).pk).delete()  # purged

    trash.restore(entry_deleted)
    assert Entry.objects.filter(pk=e.pk).exists() and not FocusEvidence.objects.exists()


def test_a_focus_whose_plan_is_gone_cannot_come_back(alice, plan, focus):
    deleted = plans.remove_focus(focus=focus)
    Plan.objects.filter(pk=plan.pk).delete()
    with pytest.raises(trash.RestoreRefused, match="belonged to a plan that no longer exists"):
        trash.restore(deleted)


def test_a_focus_does_not_come_back_to_a_completed_plan_or_twice(alice, plan, focus):
    deleted = plans.remove_focus(focus=focus)
    plans.add_focus(plan=plan, competency_id="co-design")
    with pytest.raises(plans.PlanError, match="a focus on this competency again"):
        trash.restore(deleted)
    plan.focuses.all().delete()
    Plan.objects.filter(pk=plan.pk).update(status="completed")
    with pytest.raises(plans.PlanError, match="completed"):
        trash.restore(deleted)
    assert not Focus.objects.exists()


def test_a_share_does_not_come_back_to_an_organisation_the_owner_has_left(alice, northside):
    e = entry(alice)
    share_set(owner=alice, obj=e, organisation=northside, audience=ShareAudience.SUPERVISORS)
    deleted = journal.delete_entry(entry=e)
    Membership.objects.filter(user=alice).delete()
    trash.restore(deleted)
    assert Entry.objects.filter(pk=e.pk).exists() and not Share.objects.exists()


def test_links_the_delete_cleared_are_put_back(alice, make_assessment, all_quick_answers):
    results = make_assessment(alice, answers=all_quick_answers("2"))
    plan = plans.create_plan(owner=alice, from_assessment=results)
    deleted = trash.delete(results, owner=alice, label="Quick")  # any model: the kernel is generic
    assert Plan.objects.get(pk=plan.pk).from_assessment_id is None
    trash.restore(deleted)
    assert Plan.objects.get(pk=plan.pk).from_assessment_id == results.pk


def test_after_30_days_it_is_neither_listed_nor_restorable_and_the_purge_removes_it(alice, bob, focus):
    old = plans.remove_focus(focus=focus)
    recent = journal.delete_entry(entry=entry(bob))
    Deleted.objects.filter(pk=old.pk).update(deleted_at=timezone.now() - timedelta(days=30, seconds=1))

    assert list(trash.recent(alice)) == []
    with pytest.raises(trash.RestoreRefused, match="more than 30 days ago"):
        trash.restore(old)
    out = io.StringIO()
    call_command("purge_deleted", stdout=out)
    assert "Removed 1 deleted item older than 30 days." in out.getvalue()
    assert list(Deleted.objects.all()) == [recent]


def test_restoring_twice_is_refused(alice, focus):
    deleted = plans.remove_focus(focus=focus)
    trash.restore(deleted)
    with pytest.raises(trash.RestoreRefused):
        trash.restore(deleted)
    assert Focus.objects.filter(pk=focus.pk).count() == 1


def test_a_payload_that_no_longer_fits_the_models_is_refused_in_words(alice, focus):
    deleted = plans.remove_focus(focus=focus)
    Deleted.objects.filter(pk=deleted.pk).update(payload={"objects": [{"model": "gone.model", "pk": 1}]})
    with pytest.raises(trash.RestoreRefused, match="can no longer be restored"):
        trash.restore(deleted)


def test_a_draft_comes_back_only_while_no_other_draft_of_its_kind_is_open(alice, make_assessment):
    draft = make_assessment(alice, submit=False)
    deleted = assessments.discard_draft(assessment=draft)
    newer = make_assessment(alice, submit=False)
    assert newer.pk > draft.pk  # ids are never reused, so only a rule like this one can collide
    with pytest.raises(assessments.AssessmentError, match="another quick self-assessment since"):
        trash.restore(deleted)
    assessments.discard_draft(assessment=newer)
    trash.restore(deleted)
    assert list(Assessment.objects.filter(owner=alice)) == [draft]
