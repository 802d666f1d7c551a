"""No GET handler writes: every GET URL of the access matrix, as every role, runs no INSERT,
UPDATE or DELETE. (Signing in writes, but that is a POST; the session table is left out in case the
session middleware saves a session it touched.)"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from praxis.accounts.tests.test_access_matrix import MATRIX, ROLES, sessions, sign_in_as, world_once  # noqa: F401

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
GETS = [row for row in MATRIX if row[1] == "get"]


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if WRITE.match(q["sql"]) and "django_session" not in q["sql"]]


@pytest.mark.parametrize("role", ROLES)
def test_no_get_url_writes(client, world_once, sessions, role):  # noqa: F811
    """One test per role (the matrix's world is costly to build), every GET URL inside it."""
    people, objects = world_once
    sign_in_as(client, sessions, role)
    failures = []
    for name, _, url, _, expected in GETS:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url(objects))
        if response.status_code != expected[role] or _writes(captured.captured_queries):
            failures.append((name, response.status_code, _writes(captured.captured_queries)))
    assert not failures, f"as {role}: {failures}"


def test_the_plan_page_with_new_comments_writes_nothing_until_marked_read(client, world_once):  # noqa: F811
    from django.urls import reverse

    from praxis.development import services
    from praxis.development.models import Plan

    people, objects = world_once
    plan = objects["shared_plan"]
    services.add_comment(plan=plan, author=people["supervisor"], text="Nice start")
    client.force_login(people["owner"])
    with CaptureQueriesContext(connection) as captured:
        html = client.get(plan.get_absolute_url()).content.decode()
    assert not _writes(captured.captured_queries)
    assert "1 new comment" in html
    assert Plan.objects.get(pk=plan.pk).owner_seen_comments_at is None
    client.post(reverse("development:comments_read", args=[plan.pk]))
    assert Plan.objects.get(pk=plan.pk).owner_seen_comments_at is not None
    assert "new comment" not in client.get(plan.get_absolute_url()).content.decode()
