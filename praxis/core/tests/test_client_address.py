"""The client address behind zero, one or two proxies, and forged X-Forwarded-For headers."""

import pytest
from django.http import HttpRequest
from django.test import RequestFactory

from praxis.core.client import client_address


def request(remote="10.0.0.9", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_proxy_the_connection_is_the_client_and_forwarded_for_is_ignored(settings):
    settings.PRAXIS_PROXY_COUNT = 0
    assert client_address(request("198.51.100.7")) == "198.51.100.7"
    assert client_address(request("198.51.100.7", forwarded="203.0.113.66")) == "198.51.100.7"


def test_behind_one_proxy_the_client_is_what_the_proxy_appended(settings):
    settings.PRAXIS_PROXY_COUNT = 1
    assert client_address(request("10.0.0.9", forwarded="198.51.100.7")) == "198.51.100.7"


def test_behind_one_proxy_a_forged_entry_on_the_left_is_ignored(settings):
    settings.PRAXIS_PROXY_COUNT = 1
    forged = request("10.0.0.9", forwarded="203.0.113.66, 198.51.100.7")
    assert client_address(forged) == "198.51.100.7"


def test_behind_two_proxies_the_client_is_second_from_the_right(settings):
    settings.PRAXIS_PROXY_COUNT = 2
    chain = "203.0.113.66, 198.51.100.7, 10.0.0.3"  # forged, client, outer proxy
    assert client_address(request("10.0.0.9", forwarded=chain)) == "198.51.100.7"


@pytest.mark.parametrize("forwarded", [None, "", "not-an-address"])
def test_a_request_that_skipped_the_proxy_counts_as_the_connection(settings, forwarded):
    settings.PRAXIS_PROXY_COUNT = 1
    assert client_address(request("10.0.0.9", forwarded=forwarded)) == "10.0.0.9"


def test_a_request_without_an_address_has_none_not_a_made_up_one(settings):
    """django-axes stores the address in an IP address column (PostgreSQL's inet refuses words)."""
    settings.PRAXIS_PROXY_COUNT = 1
    assert client_address(HttpRequest()) is None
