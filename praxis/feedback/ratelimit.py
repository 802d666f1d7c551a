"""Limits on rater links per client address, so tokens cannot be guessed at speed.

The address is the one `praxis.core.client` decides (behind a proxy, the client's, not the proxy's);
the count is one of `praxis.core.ratelimit`'s windows in Django's cache."""

from __future__ import annotations

from django.conf import settings

from praxis.core import ratelimit
from praxis.core.client import client_address
from praxis.core.tokens import hash_token

# Autosaves come one per answer (and one a second at most while a comment is typed), so they get a
# larger allowance than opening the page. It is counted before the link is looked up, per client
# address (several raters may share one office network) and per link, so a refusal says nothing
# about whether a link exists; the page retries a refused save (429) after a pause.
SAVES_PER_LINK_LOOKUP = 10


def too_many_lookups(request) -> bool:
    return not ratelimit.use(
        "rater-link",
        [client_address(request) or "unknown"],
        limit=settings.PRAXIS_RATER_LINK_LIMIT,
        seconds=60,
    )


def too_many_saves(request, token: str) -> bool:
    return not ratelimit.use(
        "rater-save",
        [f"address:{client_address(request) or 'unknown'}", f"link:{hash_token(token[:100])}"],
        limit=settings.PRAXIS_RATER_LINK_LIMIT * SAVES_PER_LINK_LOOKUP,
        seconds=60,
    )
