"""Development plans: from results, focuses, steps, check-ins, completion, mentors, comments."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from praxis.accounts.models import Membership, ShareAudience
from praxis.accounts.services import share_set
from praxis.development import selectors, services
from praxis.development.models import NextStep, PlanStatus
from praxis.journal import services as journal

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(alice, make_assessment, all_quick_answers):
    return make_assessment(
        alice, answers=all_quick_answers("4", co_design="2", communication="1", brokering="3")
    )


def test_plan_from_results_takes_the_development_areas(alice, results):
    plan = services.create_plan(owner=alice, from_assessment=results)
    assert [f.competency_id for f in plan.focuses.all()] == ["communication", "co-design", "brokering"]
    assert plan.status == PlanStatus.DRAFT


def test_a_fourth_focus_is_allowed_but_not_a_fifth(alice):
    plan = services.create_plan(owner=alice)
    for competency in ("co-learning", "brokering", "co-design", "facilitation"):
        services.add_focus(plan=plan, competency_id=competency)
    with pytest.raises(services.PlanError, match="at most 4"):
        services.add_focus(plan=plan, competency_id="communication")
    other = services.create_plan(owner=alice)
    services.add_focus(plan=other, competency_id="co-learning")
    with pytest.raises(services.PlanError, match="already a focus"):
        services.add_focus(plan=other, competency_id="co-learning")


def test_unknown_competency_is_refused(alice):
    plan = services.create_plan(owner=alice)
    with pytest.raises(services.PlanError, match="framework's competencies"):
        services.add_focus(plan=plan, competency_id="be-curious")


def test_dropping_a_step_needs_a_reason(alice):
    focus = services.add_focus(plan=services.create_plan(owner=alice), competency_id="co-learning")
    step = services.step_add(focus=focus, text="Read the CFIR guide", due_on=date(2027, 1, 31))
    with pytest.raises(services.PlanError, match="why you are dropping"):
        services.set_step_status(step=step, status="dropped")
    services.set_step_status(step=step, status="dropped", reason="Covered in the team course instead")
    assert NextStep.objects.get().dropped_reason == "Covered in the team course instead"
    with pytest.raises(IntegrityError), transaction.atomic():
        NextStep.objects.filter(pk=step.pk).update(dropped_reason="")


def test_activation_snapshots_scores_and_schedules_a_check_in(alice, results):
    plan = services.activate(plan=services.create_plan(owner=alice, from_assessment=results))
    assert plan.status == PlanStatus.ACTIVE
    assert plan.next_check_in_on == timezone.localdate() + timedelta(days=91)
    starts = {f.competency_id: f.score_at_start for f in plan.focuses.all()}
    assert starts == {"communication": 1.0, "co-design": 2.0, "brokering": 3.0}


def test_an_empty_plan_cannot_start(alice):
    with pytest.raises(services.PlanError, match="at least one competency"):
        services.activate(plan=services.create_plan(owner=alice))


def test_check_in_records_reflections_and_moves_the_next_date(alice, results):
    plan = services.activate(plan=services.create_plan(owner=alice, from_assessment=results))
    focus = plan.focuses.first()
    today = timezone.localdate()
    check = services.check_in(plan=plan, held_on=today, notes={focus.pk: "Observed two huddles."})
    plan.refresh_from_db()
    assert plan.next_check_in_on == today + timedelta(days=91) == check.next_check_in_on
    assert check.notes.get().text == "Observed two huddles."
    with pytest.raises(services.PlanError, match="future"):
        services.check_in(plan=plan, held_on=today + timedelta(days=1), notes={focus.pk: "x"})
    with pytest.raises(services.PlanError, match="at least one focus"):
        services.check_in(plan=plan, held_on=today, notes={focus.pk: "  "})


def test_completing_keeps_the_latest_scores(alice, results, make_assessment, all_quick_answers):
    plan = services.activate(plan=services.create_plan(owner=alice, from_assessment=results))
    make_assessment(alice, answers=all_quick_answers("4", co_design="3", communication="3"))
    services.complete(plan=plan)
    snapshot = {f.competency_id: (f.score_at_start, f.score_at_completion) for f in plan.focuses.all()}
    assert snapshot["co-design"] == (2.0, 3.0)
    assert snapshot["communication"] == (1.0, 3.0)
    with pytest.raises(services.PlanError, match="completed"):
        services.add_focus(plan=plan, competency_id="facilitation")


def test_only_own_entries_can_be_evidence(alice, bob):
    focus = services.add_focus(plan=services.create_plan(owner=alice), competency_id="co-learning")
    bobs = journal.create_entry(
        owner=bob, kind="reflection", fields={"occurred_on": date.today(), "title": "Mine"}
    )
    with pytest.raises(services.PlanError, match="your own journal entries"):
        services.link_evidence(focus=focus, entry=bobs)


def test_peer_mentors_are_opted_in_and_proficient_in_a_shared_assessment(
    alice, bob, carol, northside, make_assessment, all_quick_answers
):
    bobs = make_assessment(bob, answers=all_quick_answers("3", co_design="5"))
    carols = make_assessment(carol, answers=all_quick_answers("5"))
    for assessment in (bobs, carols):
        share_set(
            owner=assessment.owner,
            obj=assessment,
            organisation=northside,
            audience=ShareAudience.ORGANISATION,
        )
    assert selectors.peer_mentors(alice, "co-design") == []  # nobody opted in yet
    Membership.objects.filter(user__in=[bob, carol]).update(peer_mentor=True)
    assert selectors.peer_mentors(alice, "co-design") == [bob, carol]
    assert selectors.peer_mentors(alice, "facilitation") == [carol]  # bob is at 3: not proficient


def test_peer_mentors_need_an_assessment_shared_with_the_organisation(
    alice, bob, northside, make_assessment, all_quick_answers
):
    Membership.objects.filter(user=bob).update(peer_mentor=True)
    private = make_assessment(bob, answers=all_quick_answers("5"))
    assert selectors.peer_mentors(alice, "co-design") == []
    # shown only to supervisors: that is not consent to tell colleagues anything about it
    share_set(owner=private.owner, obj=private, organisation=northside, audience=ShareAudience.SUPERVISORS)
    assert selectors.peer_mentors(alice, "co-design") == []
    share_set(owner=private.owner, obj=private, organisation=northside, audience=ShareAudience.ORGANISATION)
    assert selectors.peer_mentors(alice, "co-design") == [bob]


def test_supervisor_comments_show_as_new_for_the_owner(alice, carol, northside, results):
    plan = services.create_plan(owner=alice, from_assessment=results)
    share_set(owner=plan.owner, obj=plan, organisation=northside, audience="supervisors")
    services.add_comment(plan=plan, author=carol, text="Good choice of focuses.")
    [reminder] = selectors.reminders_for(alice)
    assert reminder.new_comments == 1
    services.mark_comments_seen(plan=plan)
    [reminder] = selectors.reminders_for(alice)
    assert reminder.new_comments == 0


@pytest.mark.parametrize(
    "url", ["javascript:alert(document.cookie)", "data:text/html,x", "ftp://x.org", "x" * 600]
)
def test_resource_links_must_be_web_addresses(alice, url):
    focus = services.add_focus(plan=services.create_plan(owner=alice), competency_id="co-learning")
    with pytest.raises(services.PlanError):
        services.add_resource(focus=focus, source="own", title="Guide", url=url)
    assert not focus.resources.exists()
    services.add_resource(focus=focus, source="own", title="Guide", url="https://example.org/guide")


def test_overlong_text_is_refused_not_truncated_or_crashing(alice):
    focus = services.add_focus(plan=services.create_plan(owner=alice), competency_id="co-learning")
    with pytest.raises(services.PlanError, match="under 500"):
        services.step_add(focus=focus, text="x" * 501, due_on=None)
    services.step_add(focus=focus, text="line\r\n" * 80, due_on=None)  # browser line endings count once


def test_evidence_cannot_be_added_to_a_completed_plan(alice):
    plan = services.create_plan(owner=alice)
    focus = services.add_focus(plan=plan, competency_id="co-learning")
    services.complete(plan=plan)
    entry = journal.create_entry(
        owner=alice, kind="reflection", fields={"occurred_on": date.today(), "title": "x"}
    )
    with pytest.raises(services.PlanError, match="completed"):
        services.link_evidence(focus=focus, entry=entry)


def test_a_shared_plan_does_not_reveal_private_evidence(client, alice, carol, northside):
    plan = services.create_plan(owner=alice)
    focus = services.add_focus(plan=plan, competency_id="co-learning")
    secret = journal.create_entry(
        owner=alice,
        kind="reflection",
        fields={"occurred_on": date.today(), "title": "Secret reflection title"},
    )
    shared = journal.create_entry(
        owner=alice, kind="reflection", fields={"occurred_on": date.today(), "title": "Shared entry title"}
    )
    share_set(owner=shared.owner, obj=shared, organisation=northside, audience="supervisors")
    for entry in (secret, shared):
        services.link_evidence(focus=focus, entry=entry)
    share_set(owner=plan.owner, obj=plan, organisation=northside, audience="supervisors")
    client.force_login(carol)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "Secret reflection title" not in html and "A private journal entry" in html
    assert "Shared entry title" in html


def test_activation_and_completion_record_which_assessment_each_score_came_from(
    alice, results, make_assessment, all_quick_answers
):
    plan = services.activate(plan=services.create_plan(owner=alice, from_assessment=results))
    later = make_assessment(alice, answers=all_quick_answers("4", co_design="3", communication="na"))
    services.complete(plan=plan)
    sources = {
        f.competency_id: (f.start_assessment_id, f.completion_assessment_id) for f in plan.focuses.all()
    }
    assert sources["co-design"] == (results.pk, later.pk)
    assert sources["communication"] == (
        results.pk,
        results.pk,
    )  # not applicable later: the latest that scores it


def test_others_see_a_plan_score_only_from_an_assessment_shared_with_them(
    client, alice, carol, northside, results, make_assessment, all_quick_answers
):
    plan = services.activate(plan=services.create_plan(owner=alice, from_assessment=results))
    make_assessment(alice, answers=all_quick_answers("4", co_design="3", communication="4", brokering="5"))
    services.complete(plan=plan)
    share_set(owner=plan.owner, obj=plan, organisation=northside, audience=ShareAudience.SUPERVISORS)

    client.force_login(alice)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "Score at start: 2.0. At completion: 3.0 (+1.0)." in html
    assert "Started from the self-assessment of" in html

    client.force_login(carol)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "Score at start: not shared with you." in html and "At completion: not shared with you." in html
    assert "2.0" not in html and "+1.0" not in html and "Started from the self-assessment of" not in html

    share_set(owner=results.owner, obj=results, organisation=northside, audience=ShareAudience.SUPERVISORS)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "Score at start: 2.0. At completion: not shared with you." in html
    assert "Started from the self-assessment of" in html


def test_a_score_of_unknown_origin_is_not_shown_to_others(client, alice, carol, northside, results):
    plan = services.activate(plan=services.create_plan(owner=alice, from_assessment=results))
    share_set(owner=results.owner, obj=results, organisation=northside, audience=ShareAudience.SUPERVISORS)
    share_set(owner=plan.owner, obj=plan, organisation=northside, audience=ShareAudience.SUPERVISORS)
    plan.focuses.update(start_assessment=None)  # e.g. recorded before plans kept where scores came from
    client.force_login(carol)
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "Score at start: not shared with you." in html and "Score at start: 2.0" not in html
