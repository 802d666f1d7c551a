"""Pages about one person or one object narrow the access rule before the database sees it
(`owned_or_shared(..., owner_id=, pk=)`, `viewable_assessment`, a `reach` read once for a page).
Narrowing must be a shortcut, never a second rule: for every viewer, owner and object it answers
exactly what the whole rule answers, filtered afterwards."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from praxis.accounts import policy as accounts_policy
from praxis.accounts import services as accounts
from praxis.accounts.models import Membership, Share, SupervisionLink
from praxis.assessments import policy as assessment_policy
from praxis.development import policy as plan_policy
from praxis.development.services import create_plan
from praxis.journal import policy as journal_policy
from praxis.journal.models import Entry


@pytest.fixture
def world(alice, bob, carol, lena, dave, northside, make_assessment):
    """Alice shares some things with her supervisors, some with the leads, keeps some private and
    has a draft; Bob shares one thing with the leads; Carol supervises Alice (confirmed) and has a
    pending link to Bob; Dave leads another organisation."""
    SupervisionLink.objects.create(organisation=northside, supervisor=carol, supervisee=bob)  # pending
    made = {"assessment": [], "plan": [], "entry": []}
    for owner, audiences in ((alice, ["supervisors", "organisation", None]), (bob, ["organisation", None])):
        for audience in audiences:
            assessment = make_assessment(owner)
            plan = create_plan(owner=owner)
            entry = Entry.objects.create(
                owner=owner, title="Reflection", body="Text", occurred_on=timezone.localdate()
            )
            for obj in (assessment, plan, entry):
                if audience and audience in type(obj).share_audiences:
                    accounts.share_set(owner=owner, obj=obj, organisation=northside, audience=audience)
            made["assessment"].append(assessment)
            made["plan"].append(plan)
            made["entry"].append(entry)
    made["assessment"].append(make_assessment(alice, submit=False))  # a draft: only Alice sees it
    return {"people": [alice, bob, carol, lena, dave], "objects": made}


KINDS = {
    "assessment": assessment_policy.viewable_assessments,
    "plan": plan_policy.viewable_plans,
    "entry": journal_policy.viewable_entries,
}


@pytest.mark.parametrize("kind", KINDS)
def test_narrowing_to_an_owner_or_an_object_answers_what_the_whole_rule_answers(world, kind):
    viewable = KINDS[kind]
    people, objects = world["people"], world["objects"][kind]
    for viewer in people:
        everything = set(viewable(viewer).values_list("pk", flat=True))
        for owner in people:
            by_owner = set(viewable(viewer, owner_id=owner.pk).values_list("pk", flat=True))
            assert by_owner == {
                pk for pk in everything if pk in {o.pk for o in objects if o.owner_id == owner.pk}
            }
        for owners in ([], people[:2], people[1:4], people):
            by_owners = set(viewable(viewer, owner_ids=[o.pk for o in owners]).values_list("pk", flat=True))
            assert by_owners == {o.pk for o in objects if o.owner in owners and o.pk in everything}
        for obj in objects:
            assert set(viewable(viewer, pk=obj.pk).values_list("pk", flat=True)) == ({obj.pk} & everything)


def test_one_assessment_is_found_for_whoever_may_see_it_and_for_nobody_else(world):
    people, assessments = world["people"], world["objects"]["assessment"]
    for viewer in people:
        everything = set(assessment_policy.viewable_assessments(viewer).values_list("pk", flat=True))
        for assessment in assessments:
            found = assessment_policy.viewable_assessment(viewer, assessment.pk)
            assert (found is not None) == (assessment.pk in everything), (viewer, assessment)


def test_what_the_whole_rule_lets_each_person_see_is_not_trivial(world, alice, carol, lena, dave):
    # The equalities above would hold vacuously if nobody saw anything of anyone else's.
    shared_with_carol = assessment_policy.viewable_assessments(carol).filter(owner=alice)
    shared_with_lena = assessment_policy.viewable_assessments(lena).exclude(owner=lena)
    assert shared_with_carol.count() == 2  # "supervisors" and "organisation"
    assert shared_with_lena.count() == 2  # Alice's and Bob's "organisation"
    assert not assessment_policy.viewable_assessments(dave).exists()


def _assert_reach_answers_the_whole_rule(world, kind):
    viewable = KINDS[kind]
    people, objects = world["people"], world["objects"][kind]
    for viewer in people:
        everything = set(viewable(viewer).values_list("pk", flat=True))
        for owner in people:
            reach = accounts_policy.reach(viewer, [owner.pk])
            theirs = {o.pk for o in objects if o.owner_id == owner.pk}
            assert set(viewable(viewer, reach=reach).values_list("pk", flat=True)) == theirs & everything
            for obj in objects:
                found = set(viewable(viewer, reach=reach, pk=obj.pk).values_list("pk", flat=True))
                assert found == {obj.pk} & theirs & everything
        for owners in ([], people[:2], people[1:4], people):
            reach = accounts_policy.reach(viewer, [o.pk for o in owners])
            by_owners = set(viewable(viewer, reach=reach).values_list("pk", flat=True))
            assert by_owners == {o.pk for o in objects if o.owner in owners and o.pk in everything}


@pytest.mark.parametrize("kind", KINDS)
def test_a_reach_read_once_answers_what_the_whole_rule_answers(world, kind):
    _assert_reach_answers_the_whole_rule(world, kind)


@pytest.mark.parametrize("kind", KINDS)
def test_a_reach_answers_the_whole_rule_over_rows_the_services_never_write(world, alice, northside, kind):
    # A plan or entry "shared with the organisation" (a kind the leads may never see), then a
    # membership gone without its shares and links: each rule must hold on its own.
    for obj in world["objects"][kind]:
        if obj.owner_id == alice.pk:
            Share.objects.get_or_create(
                owner=alice,
                organisation=northside,
                content_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
                defaults={"audience": "organisation"},
            )
    _assert_reach_answers_the_whole_rule(world, kind)
    Membership.objects.filter(user=alice, organisation=northside).delete()
    _assert_reach_answers_the_whole_rule(world, kind)


def test_a_reach_reads_links_when_asked_and_shares_whenever_used(world, alice, carol, lena, northside):
    shared = [a for a in world["objects"]["assessment"] if a.owner == alice and a.shares.exists()]
    reach = accounts_policy.reach(carol, [alice.pk])
    assert reach.supervised == {(northside.pk, alice.pk)} and not reach.led
    assert accounts_policy.reach(lena, [alice.pk]).led == {(northside.pk, alice.pk)}
    # a share withdrawn after the reach was read (later in the same page) is not seen
    accounts.share_set(owner=alice, obj=shared[0], organisation=northside, audience=None)
    seen = set(assessment_policy.viewable_assessments(carol, reach=reach).values_list("pk", flat=True))
    assert seen == {a.pk for a in shared[1:]}
    # a reach is never kept: once the link ends, the next one read opens nothing
    SupervisionLink.objects.filter(supervisor=carol, supervisee=alice).delete()
    assert accounts_policy.reach(carol, [alice.pk]).supervised == frozenset()
    assert not assessment_policy.viewable_assessments(
        carol, reach=accounts_policy.reach(carol, [alice.pk])
    ).exists()


def test_a_reach_serves_only_the_viewer_and_the_people_it_was_read_for(alice, bob, carol, lena):
    carols = accounts_policy.reach(carol, [alice.pk])
    with pytest.raises(ValueError):
        assessment_policy.viewable_assessments(lena, reach=carols)
    with pytest.raises(ValueError):
        assessment_policy.viewable_assessments(carol, owner_id=bob.pk, reach=carols)
