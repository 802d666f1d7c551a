"""A limit on rater-link look-ups per client address, so tokens cannot be guessed at speed.

The address is the one `praxis.core.client` decides (behind a proxy, the client's, not the proxy's);
the count is one of `praxis.core.ratelimit`'s windows in Django's cache."""

from __future__ import annotations

from django.conf import settings

from praxis.core import ratelimit
from praxis.core.client import client_address


def too_many_lookups(request) -> bool:
    return not ratelimit.use(
        "rater-link",
        [client_address(request) or "unknown"],
        limit=settings.PRAXIS_RATER_LINK_LIMIT,
        seconds=60,
    )
