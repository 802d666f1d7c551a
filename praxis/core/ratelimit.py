"""Fixed-window counters in Django's cache, for every limit Praxis sets on use.

A window is a whole period of the clock (a minute, an hour, a UTC day). One use counts against
several keys at once (an account and an address, say); if any of them has reached the limit in
the current window, nothing is counted and the use is refused, so a refusal changes nothing.

The counters live in Django's cache: per process with the default local-memory cache, shared
once ``CACHES`` points at a shared cache (needed when several app servers run).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable

from django.core.cache import cache


def _cache_key(scope: str, key: str, window: int) -> str:
    # keys may hold e-mail addresses: hashed, they are short, safe for any cache and not readable
    digest = hashlib.sha256(f"{scope}\0{key}".encode()).hexdigest()[:32]
    return f"praxis-limit:{digest}:{window}"


def _now() -> float:
    return time.time()


def use(scope: str, keys: Iterable[str], *, limit: int, seconds: int, count: int = 1) -> bool:
    """Count `count` uses (one by default) against each key and return True; or return False,
    counting nothing, when that would take one key over `limit` in the current window of `seconds`."""
    window = int(_now() // seconds)
    names = [_cache_key(scope, key, window) for key in keys]
    counts = cache.get_many(names)
    if any(counts.get(name, 0) + count > limit for name in names):
        return False
    timeout = seconds + 60  # the window is in the key; the count need only outlive it
    for name in names:
        if not cache.add(name, count, timeout=timeout):
            try:
                cache.incr(name, count)
            except ValueError:  # expired between add and incr
                cache.set(name, count, timeout=timeout)
            else:
                cache.touch(name, timeout)  # some caches (the database one) reset the expiry on incr
    return True
