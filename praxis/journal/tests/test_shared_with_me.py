"""Entries shared with a supervisor are listed for them ("Shared with you"), by practitioner,
a page at a time, and readable; nobody else's, and nothing unshared, ever shows."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from praxis.accounts.models import SupervisionLink
from praxis.accounts.services import share_set
from praxis.journal import selectors, services

pytestmark = pytest.mark.django_db


def write(owner, title, day=date(2026, 5, 1)):
    return services.create_entry(owner=owner, kind="reflection", fields={"occurred_on": day, "title": title})


def share(entry, organisation):
    share_set(owner=entry.owner, obj=entry, organisation=organisation, audience="supervisors")


@pytest.fixture
def shared(alice, bob, carol, northside):
    """Alice shares two of three entries with carol, her supervisor; bob (not supervised by
    carol) shares one with his supervisors, who are nobody yet."""
    first = write(alice, "Steering group went well", date(2026, 5, 1))
    second = write(alice, "Hard conversation", date(2026, 5, 9))
    write(alice, "Private thoughts")
    share(first, northside)
    share(second, northside)
    share(write(bob, "Bob's shared"), northside)
    return first, second


def test_the_selector_lists_entries_shared_with_the_viewer_newest_first(shared, alice, bob, carol):
    first, second = shared
    assert list(selectors.entries_shared_with(carol)) == [second, first]
    assert list(selectors.entries_shared_with(carol, owner=alice)) == [second, first]
    assert list(selectors.entries_shared_with(carol, owner=bob.pk)) == []
    assert list(selectors.entries_shared_with(alice)) == []  # her own are not "shared with her"
    assert list(selectors.entries_shared_with(bob)) == []


def test_the_selector_is_one_query(shared, carol, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert [e.owner.full_name for e in selectors.entries_shared_with(carol)] == ["Alice", "Alice"]


def test_an_unconfirmed_supervisor_and_the_lead_see_nothing(shared, alice, lena, northside):
    pending = SupervisionLink.objects.create(organisation=northside, supervisor=lena, supervisee=alice)
    assert list(selectors.entries_shared_with(lena)) == []
    pending.confirmed_at = timezone.now()
    pending.save()
    assert len(selectors.entries_shared_with(lena)) == 2


def test_the_supervisors_journal_counts_what_is_shared_with_them(client, shared, carol):
    client.force_login(carol)
    html = client.get(reverse("journal:index")).content.decode()
    assert "Shared with you: 2 entries" in html


def test_the_shared_page_lists_people_then_one_persons_entries_each_readable(client, shared, alice, carol):
    first, second = shared
    client.force_login(carol)
    html = client.get(reverse("journal:shared")).content.decode()
    assert f'href="?person={alice.pk}">Alice</a>' in html and ">2</td>" in html and "9 May 2026" in html
    assert "Bob" not in html
    html = client.get(reverse("journal:shared") + f"?person={alice.pk}").content.decode()
    assert "Alice’s shared entries" in html
    assert html.index("Hard conversation") < html.index("Steering group went well")
    assert "Private thoughts" not in html
    detail = client.get(reverse("journal:detail", args=[first.pk])).content.decode()
    assert "Steering group went well" in detail and "Alice’s entry, shared with you" in detail


def test_the_shared_page_finds_people_by_name(client, shared, carol):
    client.force_login(carol)
    assert "Alice" in client.get(reverse("journal:shared") + "?name=ali").content.decode()
    html = client.get(reverse("journal:shared") + "?name=zed").content.decode()
    assert "Nobody whose name contains “zed” has shared an entry with you" in html


def test_the_shared_page_is_paginated(client, alice, carol, northside):
    for n in range(23):
        share(write(alice, f"Entry {n}", date(2026, 1, 1) + timedelta(days=n)), northside)
    client.force_login(carol)
    url = reverse("journal:shared") + f"?person={alice.pk}"
    first = client.get(url).content.decode()
    assert "Entry 22" in first and "Entry 2<" not in first and "Page 1 of 2" in first
    second = client.get(url + "&page=2").content.decode()
    assert "Entry 2<" in second and f"?person={alice.pk}&amp;page=1" in second


@pytest.mark.parametrize("person", ["²", "٣", "9" * 30, "0", "-1", "abc", "\x00"])
def test_a_forged_person_answers_404_or_the_list_never_a_500(client, shared, carol, person):
    client.force_login(carol)
    assert client.get(reverse("journal:shared"), {"person": person, "page": person}).status_code in (200, 404)


def test_someone_elses_person_id_answers_404(client, shared, bob, carol):
    client.force_login(carol)
    assert client.get(reverse("journal:shared") + f"?person={bob.pk}").status_code == 404
    assert client.get(reverse("journal:shared") + f"?person={carol.pk}").status_code == 404
