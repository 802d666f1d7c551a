"""The suite runs on the database DATABASE_URL names, so CI's PostgreSQL leg is real."""

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_database_is_the_one_database_url_names():
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


def test_every_page_carries_a_content_security_policy(client):
    policy = client.get("/guide/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "object-src 'none'" in policy
