"""The organisation page and the supervision form's type-ahead stay one quick page however many
members an organisation has: a page of members and links at a time, searchable, people chosen by
type-ahead, each in a number of queries that does not grow with the organisation."""

import re

import pytest
from django.contrib.auth.hashers import make_password
from django.urls import reverse
from django.utils import timezone

from praxis.accounts.models import Membership, Role, SupervisionLink, User
from praxis.accounts.views import MEMBERS_PER_PAGE

pytestmark = pytest.mark.django_db

SIZES = [4, 60]
PAGE_QUERIES = 11  # the same at every size
PEOPLE_QUERIES = 5


def _add_members(organisation, n, role=Role.PRACTITIONER, prefix="member"):
    """n more members (bulk: an organisation of 60 is built in a few queries)."""
    password = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"{prefix}{i:03}@example.org", full_name=f"{prefix.title()} {i:03}", password=password)
        for i in range(n)
    )
    Membership.objects.bulk_create(Membership(user=u, organisation=organisation, role=role) for u in users)
    return users


@pytest.fixture
def organisation_of(northside, lena, carol, bob):
    def build(size):
        practitioners = _add_members(northside, size)
        supervisors = _add_members(northside, max(1, size // 10), Role.SUPERVISOR, prefix="guide")
        SupervisionLink.objects.bulk_create(
            SupervisionLink(
                organisation=northside,
                supervisor=supervisors[i % len(supervisors)],
                supervisee=p,
                confirmed_at=timezone.now(),
            )
            for i, p in enumerate(practitioners)
        )
        return northside

    return build


def _page(client, organisation, **params):
    return client.get(reverse("accounts:organisation", args=[organisation.slug]), params)


@pytest.mark.parametrize("size", SIZES)
def test_the_lead_s_organisation_page_runs_the_same_queries_at_every_size(
    client, lena, organisation_of, size, django_assert_max_num_queries
):
    organisation = organisation_of(size)
    client.force_login(lena)
    with django_assert_max_num_queries(PAGE_QUERIES):
        html = _page(client, organisation).content.decode()
    rows = len(re.findall(r'action="/organisations/northside/members/\d+/role/"', html))
    assert rows == min(Membership.objects.filter(organisation=organisation).count(), MEMBERS_PER_PAGE)
    supervision_form = html.split("Link a supervisor")[1].split("Invite someone")[0]
    assert "<select" not in supervision_form  # people are typed, not picked from a list of everyone
    assert supervision_form.count("<datalist") == 2


def test_members_come_a_page_at_a_time_with_a_pager(client, lena, organisation_of):
    organisation = organisation_of(60)
    client.force_login(lena)
    total = Membership.objects.filter(organisation=organisation).count()
    first = _page(client, organisation).content.decode()
    assert f"Members ({total})" in first
    pages = -(-total // MEMBERS_PER_PAGE)
    assert f"Page 1 of {pages}" in first
    last = _page(client, organisation, page=pages).content.decode()
    assert len(re.findall(r"/members/\d+/role/", last)) == total - (pages - 1) * MEMBERS_PER_PAGE
    assert _page(client, organisation, page="٣").status_code == 200  # a forged page number is page 1


def test_a_search_narrows_members_and_links_by_name_or_by_e_mail_for_a_lead(client, lena, organisation_of):
    organisation = organisation_of(60)
    client.force_login(lena)
    html = _page(client, organisation, member="Member 007").content.decode()
    assert "Members matching “Member 007” (1)" in html
    assert "supervises Member 007" in html
    assert "Member 008" not in html
    by_address = _page(client, organisation, member="member012@").content.decode()
    assert "Member 012" in by_address and "Member 013" not in by_address
    nobody = _page(client, organisation, member="zzz").content.decode()
    assert "No member’s name or e-mail address contains “zzz”" in nobody


def test_a_practitioner_cannot_search_members_by_e_mail_address(client, bob, organisation_of):
    organisation = organisation_of(4)
    client.force_login(bob)
    html = _page(client, organisation, member="member001@").content.decode()
    assert "Members matching “member001@” (0)" in html
    assert "member001@example.org" not in html


# -- the type-ahead -----------------------------------------------------------------------------


def _people(client, organisation, **params):
    return client.get(reverse("accounts:organisation_people", args=[organisation.slug]), params)


@pytest.mark.parametrize("size", SIZES)
def test_the_type_ahead_offers_at_most_twenty_people_in_the_same_queries_at_every_size(
    client, lena, organisation_of, size, django_assert_max_num_queries
):
    organisation = organisation_of(size)
    client.force_login(lena)
    with django_assert_max_num_queries(PEOPLE_QUERIES):
        html = _people(client, organisation, q="member").content.decode()
    assert html.count("<option") == min(size, 20)


def test_the_type_ahead_offers_only_people_who_may_take_that_part_here(
    client, lena, carol, alice, dave, organisation_of
):
    organisation = organisation_of(4)
    client.force_login(lena)
    supervisors = _people(client, organisation, q="example.org", role="supervisor").content.decode()
    assert 'value="carol@example.org"' in supervisors
    assert "alice@" not in supervisors  # a practitioner
    assert "lena@" not in supervisors  # the lead asking
    assert "dave@" not in supervisors  # another organisation's
    supervisees = _people(client, organisation, supervisee="ali", role="supervisee").content.decode()
    assert '<option value="alice@example.org">Alice</option>' in supervisees
    assert "dave" not in _people(client, organisation, q="dave").content.decode()
    assert _people(client, organisation).content.decode().strip() == ""  # nothing typed, nothing offered


def test_only_the_organisation_s_leads_may_use_the_type_ahead(client, bob, dave, northside):
    client.force_login(bob)
    assert _people(client, northside, q="a").status_code == 403
    client.force_login(dave)
    assert _people(client, northside, q="a").status_code == 404


# -- choosing people by e-mail address --------------------------------------------------------------


def _link(client, organisation, supervisor, supervisee):
    return client.post(
        reverse("accounts:organisation_supervision", args=[organisation.slug]),
        {"supervisor": supervisor, "supervisee": supervisee},
    )


def test_a_lead_links_a_supervisor_by_typing_e_mail_addresses(client, lena, carol, bob, northside):
    client.force_login(lena)
    response = _link(client, northside, " Carol@Example.org ", "bob@example.org")
    assert response.status_code == 302
    assert SupervisionLink.objects.filter(supervisor=carol, supervisee=bob, confirmed_at=None).exists()


def test_someone_outside_the_organisation_is_refused_beside_the_field_keeping_what_was_typed(
    client, lena, carol, dave, northside
):
    client.force_login(lena)
    response = _link(client, northside, "carol@example.org", "dave@example.org")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nobody with that e-mail address is a member here" in html
    assert 'value="dave@example.org"' in html and 'aria-invalid="true"' in html
    assert not SupervisionLink.objects.filter(supervisee__email="dave@example.org").exists()
    refused = _link(client, northside, "alice@example.org", "not an address").content.decode()
    assert "Nobody with that e-mail address can supervise here" in refused  # alice is a practitioner
    assert "Nobody with that e-mail address is a member here" in refused


@pytest.mark.parametrize("query", ["\x00", "a\x00b", "x" * 5000, "٣", "%", "_"])
def test_a_hostile_search_answers_a_page_not_an_error(client, lena, query):
    client.force_login(lena)
    assert _page(client, lena.memberships.get().organisation, member=query).status_code == 200
    assert _people(client, lena.memberships.get().organisation, q=query).status_code == 200
    assert client.get(reverse("shell:dashboard"), {"supervisee": query, "people": query}).status_code == 200
