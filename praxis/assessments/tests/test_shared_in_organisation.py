"""The list of assessments shared with a viewer in one organisation: only what was shared with
them, a page at a time, searchable by name, in the same number of queries at any size."""

import pytest
from django.urls import reverse

from praxis.accounts.models import Membership, ShareAudience, SupervisionLink, User
from praxis.accounts.services import share_set

pytestmark = pytest.mark.django_db


def test_supervisor_and_lead_each_see_only_what_was_shared_with_them(
    client, alice, carol, lena, northside, make_assessment
):
    private = make_assessment(alice)
    for_supervisors = make_assessment(alice)
    share_set(owner=alice, obj=for_supervisors, organisation=northside, audience=ShareAudience.SUPERVISORS)
    for_leads = make_assessment(alice)
    share_set(owner=alice, obj=for_leads, organisation=northside, audience=ShareAudience.ORGANISATION)
    url = reverse("assessments:shared", args=[northside.slug])

    def links(person):
        client.force_login(person)
        html = client.get(url).content.decode()
        return {
            a.pk for a in (private, for_supervisors, for_leads) if f"/assessments/{a.pk}/results/" in html
        }

    assert links(carol) == {for_supervisors.pk, for_leads.pk}
    assert links(lena) == {for_leads.pk}
    assert links(alice) == set()  # her own are on her dashboard, not here


def _people(organisation, supervisor, count, make_assessment):
    for n in range(count):
        person = User.objects.create_user(
            email=f"p{n}@example.org", password="x" * 12, full_name=f"Person {n:03}"
        )
        Membership.objects.create(user=person, organisation=organisation)
        SupervisionLink.objects.create(
            organisation=organisation,
            supervisor=supervisor,
            supervisee=person,
            confirmed_at="2026-01-01T00:00Z",
        )
        assessment = make_assessment(person)
        share_set(owner=person, obj=assessment, organisation=organisation, audience=ShareAudience.SUPERVISORS)


@pytest.mark.parametrize("count", [4, 60])
def test_one_page_at_a_time_in_the_same_number_of_queries(
    client, carol, northside, make_assessment, count, django_assert_max_num_queries
):
    _people(northside, carol, count, make_assessment)
    client.force_login(carol)
    url = reverse("assessments:shared", args=[northside.slug])
    with django_assert_max_num_queries(8):
        html = client.get(url).content.decode()
    assert html.count("/results/") == min(count, 50)
    assert ("Page 1 of 2" in html) == (count > 50)


def test_finding_a_person_by_name(client, carol, northside, make_assessment):
    _people(northside, carol, 12, make_assessment)
    client.force_login(carol)
    url = reverse("assessments:shared", args=[northside.slug])
    html = client.get(url, {"name": "person 011"}).content.decode()
    assert html.count("/results/") == 1 and "Person 011" in html
    assert "Nobody whose name contains" in client.get(url, {"name": "nobody"}).content.decode()
