"""Journal and plan pages run a bounded number of queries, the same for 3 entries as for 40."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from praxis.development import services as plans
from praxis.journal import services

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[3, 40], ids=["small", "large"])
def entries(request, alice):
    made = []
    for n in range(request.param):
        made.append(
            services.create_entry(
                owner=alice,
                kind="support",
                fields={
                    "occurred_on": date(2026, 1, 1) + timedelta(days=n),
                    "title": f"Visit {n}",
                    "duration_minutes": 60,
                    "mode": "onsite",
                    "site": f"Site {n % 4}",
                },
                tags=["co-design", "brokering.act-as-bridge", "be-curious"],
            )
        )
    return made


@pytest.mark.parametrize(
    "url,limit",
    [
        (reverse("journal:index"), 6),
        (reverse("journal:index") + "?q=visit&kind=support&competency=co-design", 6),
        (reverse("journal:portfolio"), 4),
        (reverse("journal:evidence", args=["co-design"]), 6),
        (reverse("journal:summary"), 9),
        (reverse("journal:export"), 4),
    ],
)
def test_journal_pages(client, alice, entries, url, limit, django_assert_max_num_queries):
    client.force_login(alice)
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


def test_plan_page(client, alice, entries, django_assert_max_num_queries):
    plan = plans.create_plan(owner=alice)
    for competency in ("co-design", "brokering", "facilitation"):
        focus = plans.add_focus(plan=plan, competency_id=competency)
        for n in range(len(entries) // 10 + 1):
            plans.add_step(focus=focus, text=f"Step {n}", due_on=None)
        for entry in entries[:5]:
            plans.link_evidence(focus=focus, entry=entry)
    client.force_login(alice)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("development:detail", args=[plan.pk])).status_code == 200
