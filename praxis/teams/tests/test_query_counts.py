"""The team pages run the same number of queries at 55 members and at 150 (issue 11.8)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from praxis.teams.models import Team
from praxis.teams.seeding import seed_organisation

pytestmark = pytest.mark.django_db

PAGES = [
    ("heat_map", [], ""),
    ("heat_map", [], "?sort=co-learning&role=practitioner"),
    ("heat_map_svg", [], "?team={team}"),
    ("heat_map_competency", ["co-learning"], ""),
    ("statistics", [], ""),
    ("statistics", [], "?team={team}"),
    ("growth", [], ""),
]


def _counts(client, size):
    organisation, lead = seed_organisation(f"org{size}", size)
    team = Team.objects.filter(organisation=organisation).order_by("pk").first()
    client.force_login(lead)
    counts = {}
    for name, args, query in PAGES:
        page = reverse(f"teams:{name}", args=[organisation.slug, *args]) + query.format(team=team.pk)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page)
        assert response.status_code == 200, page
        counts[f"{name}{query}"] = len(queries)
    return counts


def test_team_pages_run_a_number_of_queries_that_does_not_grow_with_members(client):
    small = _counts(client, 55)
    large = _counts(client, 150)
    assert list(small.values()) == list(large.values()), (small, large)
    assert max(large.values()) <= 18, large
