"""Feedback pages run a bounded number of queries, the same for 4 raters as for 30."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from praxis.feedback import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("raters", [4, 30])
def test_round_and_report(client, alice, raters, django_assert_max_num_queries):
    round_ = services.create_round(
        owner=alice,
        title="R",
        message="",
        closes_on=timezone.localdate() + timedelta(days=9),
        competency_ids=["co-learning", "brokering"],
        include_relationship=True,
    )
    for n in range(raters):
        _, token = services.add_rater(
            round_=round_,
            email=f"r{n}@example.org",
            name="",
            relationship=["peer", "stakeholder", "other"][n % 3],
            notify=False,
        )
        services.save_response(
            token=token,
            posted={"co-learning": "3", "trust.reliable": "4"},
            comment=f"c{n}",
            identifiable=False,
            submit=True,
        )
    client.force_login(alice)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("feedback:round", args=[round_.pk])).status_code == 200
    services.close_round(round_=round_)
    with django_assert_max_num_queries(11):  # 9, and the sharing form's organisations and shares
        assert client.get(reverse("feedback:report", args=[round_.pk])).status_code == 200
