"""The address a request comes from: the one place Praxis decides it.

The sign-in throttle (django-axes, through ``AXES_CLIENT_IP_CALLABLE``) and every per-address limit
(rater links, invitations, password resets) ask here, so they always agree.

With ``PRAXIS_PROXY_COUNT = 0`` (no proxy) the address is the connection's own and any
``X-Forwarded-For`` header is ignored: anyone can send one. Behind N trusted proxies each proxy
appends the address it received the request from, so the client is the Nth entry from the right;
entries further left were written by the client and are ignored.

The header is read by django-ipware. Its model of the chain is "client, proxy1, …, proxyN", where
the last entry is the proxy nearest Praxis; that proxy's address arrives as ``REMOTE_ADDR``, not in
the header, so it is appended before asking ipware, and ``proxy_count`` is then the number of
proxies exactly as the operator counts them.
"""

from __future__ import annotations

from django.conf import settings
from ipware import get_client_ip


def client_address(request) -> str | None:
    """The client's IP address as text; None when the request has none (a request built in code).
    django-axes stores it in an IP address column, so it is an address or nothing."""
    connected = request.META.get("REMOTE_ADDR") or None
    proxies = settings.PRAXIS_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return connected
    chain = {"HTTP_X_FORWARDED_FOR": f"{forwarded}, {connected}"}
    address, _routable = get_client_ip(
        _Meta(chain),
        proxy_count=proxies,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        strict=False,  # extra entries on the left were added by the client: skip them, do not give up
    )
    # A request that reached Praxis without passing every proxy has too short a chain: use the connection.
    return address or connected


class _Meta:
    """Just enough of a request for ipware: its META."""

    def __init__(self, meta: dict[str, str]):
        self.META = meta
