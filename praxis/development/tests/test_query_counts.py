"""Plan pages and peer-mentor suggestions: the same number of queries for 4 colleagues as for 50,
and never a framework version's JSON loaded with an assessment."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from praxis.accounts.models import Membership, ShareAudience, User
from praxis.accounts.services import share_set
from praxis.assessments import services as assessments
from praxis.development import selectors, services

pytestmark = pytest.mark.django_db

FOCUSES = ["co-learning", "co-design", "facilitation"]


@pytest.fixture(params=[4, 50], ids=["small", "large"])
def size(request):
    return request.param


def _quick(owner, answers, audience=None, organisation=None):
    assessment = assessments.start_assessment(owner=owner, kind="quick")
    assessments.save_changed_answers(assessment=assessment, posted=answers, initial={})
    assessment = assessments.submit(assessment=assessment)
    if audience:
        share_set(owner=assessment.owner, obj=assessment, organisation=organisation, audience=audience)
    return assessment


def _mentors(organisation, count, all_quick_answers):
    """`count` opted-in colleagues; the even ones proficient in co-design (5), the odd ones not (3)."""
    people = []
    for n in range(count):
        person = User.objects.create_user(
            email=f"m{n}@example.org", password="x" * 12, full_name=f"Mentor {n:02}"
        )
        Membership.objects.create(
            user=person, organisation=organisation, role="practitioner", peer_mentor=True
        )
        level = "5" if n % 2 == 0 else "3"
        _quick(person, all_quick_answers(level), ShareAudience.ORGANISATION, organisation)
        people.append(person)
    return people


def test_peer_mentors_for_every_focus_are_one_query(
    alice, northside, size, all_quick_answers, django_assert_num_queries
):
    people = _mentors(northside, size, all_quick_answers)
    with django_assert_num_queries(1):
        found = selectors.peer_mentors_for(alice, FOCUSES)
    assert found["co-design"] == [p for n, p in enumerate(people) if n % 2 == 0]
    assert set(found) == set(FOCUSES)


def _shared_plan(alice, northside, all_quick_answers):
    _quick(alice, all_quick_answers("2"), ShareAudience.SUPERVISORS, northside)
    plan = services.create_plan(owner=alice)
    for cid in FOCUSES:
        services.add_focus(plan=plan, competency_id=cid)
    services.activate(plan=plan)
    share_set(owner=plan.owner, obj=plan, organisation=northside, audience=ShareAudience.SUPERVISORS)
    return plan


def test_plan_page_for_owner_and_supervisor(
    client, alice, carol, northside, size, all_quick_answers, django_assert_max_num_queries
):
    _mentors(northside, size, all_quick_answers)
    for n in range(size):  # a long history, some of it private
        _quick(alice, all_quick_answers("3"), ShareAudience.SUPERVISORS if n % 2 else None, northside)
    plan = _shared_plan(alice, northside, all_quick_answers)
    url = reverse("development:detail", args=[plan.pk])
    for user, limit in ((alice, 12), (carol, 12)):
        client.force_login(user)
        with django_assert_max_num_queries(limit), CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert not any("core_frameworkversion" in q["sql"] for q in queries)
    # peer mentors are looked up when asked for, for one focus: one query more, whatever their number
    client.force_login(alice)
    focus = plan.focuses.get(competency_id="co-design")
    with django_assert_max_num_queries(13):
        page = client.get(f"{url}?mentors={focus.pk}").content.decode()
    assert page.count('<option value="') >= size // 2
    with django_assert_max_num_queries(13):
        fragment = client.get(f"{url}?mentors={focus.pk}", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith(f'<div class="plan-block" id="people-{focus.pk}">')
    assert "Mentor 00" in fragment


def test_results_and_dashboard_seen_by_a_supervisor(
    client, alice, carol, northside, size, all_quick_answers, django_assert_max_num_queries
):
    made = [
        _quick(
            alice, all_quick_answers(str(1 + n % 5)), ShareAudience.SUPERVISORS if n % 3 else None, northside
        )
        for n in range(size)
    ]
    last_shared = [a for n, a in enumerate(made) if n % 3][-1]
    client.force_login(carol)
    for url, limit in (
        (
            reverse("assessments:results", args=[last_shared.pk]),
            12,
        ),  # +3: evidence (2), focuses (rounds: the owner's alone); +1: not their own; +1: reach, read once
        (
            reverse("shell:dashboard"),
            15,
        ),  # pending supervisor; supervisees (+1: reach to that page's people); rounds; news; cohort windows
    ):
        with django_assert_max_num_queries(limit), CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert not any("core_frameworkversion" in q["sql"] for q in queries)
    client.force_login(alice)
    with django_assert_max_num_queries(5):
        assert client.get(reverse("assessments:history", args=["quick"])).status_code == 200
