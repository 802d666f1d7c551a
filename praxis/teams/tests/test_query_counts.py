"""The team pages run the same number of queries at 12 members and at 60 (issue 11.8)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from praxis.teams.seeding import seed_organisation

pytestmark = pytest.mark.django_db

PAGES = [
    ("heat_map", [], ""),
    ("heat_map", [], "?sort=co-learning&role=practitioner"),
    ("heat_map_svg", [], "?team=1"),
    ("heat_map_competency", ["co-learning"], ""),
    ("statistics", [], ""),
    ("statistics", [], "?team=1"),
    ("growth", [], ""),
]


def _counts(client, size):
    organisation, lead = seed_organisation(f"org{size}", size)
    client.force_login(lead)
    counts = {}
    for name, args, query in PAGES:
        page = reverse(f"teams:{name}", args=[organisation.slug, *args]) + query
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page)
        assert response.status_code == 200, page
        counts[page.split("/", 3)[3]] = len(queries)
    return counts


def test_team_pages_run_a_number_of_queries_that_does_not_grow_with_members(client):
    small = _counts(client, 12)
    large = _counts(client, 60)
    assert list(small.values()) == list(large.values()), (small, large)
    assert max(large.values()) <= 16, large
