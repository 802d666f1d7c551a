"""No GET handler writes. Every GET URL of the access matrix, as every visitor, is checked where the
matrix requests it (`test_access` in praxis/accounts/tests/test_access_matrix.py). Here: a page whose
GET could be tempted to write, marking comments as read, does not until asked by a POST."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from praxis.accounts.tests.test_access_matrix import world_once, writes  # noqa: F401  (fixtures)
from praxis.development import services
from praxis.development.models import Plan

pytestmark = pytest.mark.django_db


def test_the_plan_page_with_new_comments_writes_nothing_until_marked_read(client, world_once):  # noqa: F811
    people, objects = world_once
    plan = objects["shared_plan"]
    services.add_comment(plan=plan, author=people["supervisor"], text="Nice start")
    client.force_login(people["owner"])
    with CaptureQueriesContext(connection) as captured:
        html = client.get(plan.get_absolute_url()).content.decode()
    assert not writes(captured)
    assert "1 new comment" in html
    assert Plan.objects.get(pk=plan.pk).owner_seen_comments_at is None
    client.post(reverse("development:comments_read", args=[plan.pk]))
    assert Plan.objects.get(pk=plan.pk).owner_seen_comments_at is not None
    assert "new comment" not in client.get(plan.get_absolute_url()).content.decode()
