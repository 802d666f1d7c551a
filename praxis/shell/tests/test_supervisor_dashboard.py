"""A supervisor's dashboard stays quick with hundreds of supervisees: a page of them at a time,
searchable by name, each with their two newest shared assessments, in the same number of queries
whatever the number of supervisees or of assessments they shared."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.urls import reverse
from django.utils import timezone

from praxis.accounts.models import Membership, Role, ShareAudience, SupervisionLink, User
from praxis.accounts.services import share_set
from praxis.assessments.models import Assessment
from praxis.development import services as plans

pytestmark = pytest.mark.django_db

SIZES = [4, 55]
DASHBOARD_QUERIES = (
    15  # the same at every size (two of them: news from supervisors; one: open cohort windows)
)


@pytest.fixture
def supervising(northside, carol, make_assessment):
    """carol supervises `size` more people, each of whom shared three assessments and a plan with
    her (built from one real submitted assessment, copied in bulk)."""

    def build(size):
        template = make_assessment(carol)
        password = make_password(None)
        people = User.objects.bulk_create(
            User(email=f"p{i:03}@example.org", full_name=f"Person {i:03}", password=password)
            for i in range(size)
        )
        Membership.objects.bulk_create(
            Membership(user=p, organisation=northside, role=Role.PRACTITIONER) for p in people
        )
        SupervisionLink.objects.bulk_create(
            SupervisionLink(
                organisation=northside, supervisor=carol, supervisee=p, confirmed_at=timezone.now()
            )
            for p in people
        )
        start = timezone.now() - timedelta(days=30)
        copies = Assessment.objects.bulk_create(
            Assessment(
                owner=p,
                kind=template.kind,
                status=template.status,
                framework_version=template.framework_version,
                submitted_at=start + timedelta(days=day),
            )
            for p in people
            for day in (1, 2, 3)
        )
        for copy in copies:
            share_set(owner=copy.owner, obj=copy, organisation=northside, audience=ShareAudience.SUPERVISORS)
        for person in people[:3]:
            share_set(
                owner=person,
                obj=plans.create_plan(owner=person),
                organisation=northside,
                audience=ShareAudience.SUPERVISORS,
            )
        return people

    return build


def _dashboard(client, **params):
    return client.get(reverse("shell:dashboard"), params)


@pytest.mark.parametrize("size", SIZES)
def test_the_supervisor_dashboard_runs_the_same_queries_at_every_size(
    client, carol, supervising, size, django_assert_max_num_queries
):
    supervising(size)
    client.force_login(carol)
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        html = _dashboard(client).content.decode()
    supervisees = size + 1  # and alice, from the shared fixtures, first by name
    assert f"People you supervise ({supervisees})" in html
    section = html.split('id="supervisees"')[1].split("</section>")[0]
    shown = min(supervisees, 25) - 1
    assert section.count("<strong>Person ") == shown
    # two assessments each, never all three
    assert len(re.findall(r'href="/assessments/\d+/results/"', section)) == 2 * shown
    assert section.count("and 1 earlier assessment") == shown


def test_each_supervisee_shows_the_two_newest_and_their_shared_plan(client, carol, supervising):
    people = supervising(4)
    client.force_login(carol)
    html = _dashboard(client, supervisee="Person 000").content.decode()
    newest = Assessment.objects.filter(owner=people[0]).order_by("-submitted_at")
    for assessment in newest[:2]:
        assert f"/assessments/{assessment.pk}/results/" in html
    assert f"/assessments/{newest[2].pk}/results/" not in html
    assert "Plan: " in html
    assert "Person 001" not in html


def test_supervisees_come_a_page_at_a_time_and_can_be_searched(client, carol, supervising):
    supervising(55)
    client.force_login(carol)
    first = _dashboard(client).content.decode()
    assert "Page 1 of 3" in first
    last = _dashboard(client, people=3).content.decode()
    assert "<strong>Alice" in first and "<strong>Alice" not in last
    assert "Page 3 of 3" in last
    found = _dashboard(client, supervisee="Person 054").content.decode()
    assert "People you supervise (1 matching “Person 054”)" in found
    nobody = _dashboard(client, supervisee="zzz").content.decode()
    assert "Nobody you supervise has a name containing “zzz”" in nobody


def test_someone_who_supervises_nobody_sees_no_supervision_section(client, bob):
    client.force_login(bob)
    assert "People you supervise" not in _dashboard(client).content.decode()
