"""Journal and plan pages run a fixed number of queries: the same for 3 entries as for 60."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from praxis.accounts.services import share_set
from praxis.development import services as plans
from praxis.journal import services

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 60


def _entries(owner, first: int, n: int) -> list:
    made = []
    for i in range(first, first + n):
        kind = ("support", "support", "learning", "reflection")[i % 4]
        fields = {"occurred_on": date(2026, 1, 1) + timedelta(days=i * 5), "title": f"Visit {i}"}
        if kind == "support":
            fields.update(duration_minutes=60, mode="onsite", site=f"Site {i % 4}")
        if kind == "learning":
            fields.update(learning_type="course", hours=2)
        made.append(
            services.create_entry(
                owner=owner,
                kind=kind,
                fields=fields,
                tags=["co-design", "brokering.act-as-bridge", "be-curious"],
            )
        )
    return made


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url,limit",
    [
        (reverse("journal:index"), 7),
        (reverse("journal:index") + "?q=visit&kind=support&competency=co-design", 7),
        (reverse("journal:index") + "?q=nothing-like-this", 6),
        (reverse("journal:portfolio"), 3),
        (reverse("journal:evidence", args=["co-design"]), 6),
        (reverse("journal:summary"), 5),
        (reverse("journal:summary") + "?date_from=2026-01-15&date_to=2026-06-20", 6),
        (reverse("journal:export"), 4),
    ],
)
def test_journal_pages_run_as_many_queries_for_60_entries_as_for_3(client, alice, url, limit):
    _entries(alice, 0, SMALL)
    client.force_login(alice)
    small = _count(client, url)
    _entries(alice, SMALL, LARGE - SMALL)
    assert _count(client, url) == small <= limit


def test_shared_pages_run_as_many_queries_for_60_entries_as_for_3(client, alice, bob, carol, northside):
    def share(entries):
        for entry in entries:
            share_set(owner=entry.owner, obj=entry, organisation=northside, audience="supervisors")

    share(_entries(alice, 0, SMALL))
    client.force_login(carol)
    urls = [
        reverse("journal:shared"),
        reverse("journal:shared") + "?name=ali",
        reverse("journal:shared") + f"?person={alice.pk}",
        reverse("journal:index"),
    ]
    small = [_count(client, url) for url in urls]
    share(_entries(alice, SMALL, LARGE - SMALL))
    assert [_count(client, url) for url in urls] == small
    assert max(small) <= 7


def test_plan_page(client, alice, django_assert_max_num_queries):
    entries = _entries(alice, 0, LARGE)
    plan = plans.create_plan(owner=alice)
    for competency in ("co-design", "brokering", "facilitation"):
        focus = plans.add_focus(plan=plan, competency_id=competency)
        for n in range(3):
            plans.step_add(focus=focus, text=f"Step {n}", due_on=None)
        for entry in entries[:5]:
            plans.link_evidence(focus=focus, entry=entry)
    client.force_login(alice)
    with django_assert_max_num_queries(17):  # 15 until main's merge of 30 Nov added two
        assert client.get(reverse("development:detail", args=[plan.pk])).status_code == 200
