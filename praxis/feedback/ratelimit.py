"""A small fixed-window limit on rater-link look-ups per client address, so tokens cannot be
guessed at speed. Uses Django's cache (per process by default; shared when a shared cache is set)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def too_many_lookups(request) -> bool:
    key = f"rater-link:{client_address(request)}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count > settings.PRAXIS_RATER_LINK_LIMIT
