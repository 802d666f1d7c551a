"""Fixed-window counters: a refusal counts nothing, keys are counted together, windows are separate."""

from datetime import UTC, datetime, timedelta
from unittest import mock

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from praxis.core import ratelimit


def test_a_use_is_refused_once_any_key_reaches_the_limit_and_counts_nothing():
    assert ratelimit.use("t", ["a", "b"], limit=2, seconds=60)
    assert ratelimit.use("t", ["a"], limit=2, seconds=60)
    assert not ratelimit.use("t", ["a", "c"], limit=2, seconds=60)  # "a" is full
    assert ratelimit.use("t", ["c"], limit=1, seconds=60)  # so "c" was not counted
    assert ratelimit.use("t", ["b"], limit=2, seconds=60)
    assert not ratelimit.use("t", ["b"], limit=2, seconds=60)


def test_scopes_are_counted_apart():
    assert ratelimit.use("one", ["a"], limit=1, seconds=60)
    assert ratelimit.use("two", ["a"], limit=1, seconds=60)
    assert not ratelimit.use("one", ["a"], limit=1, seconds=60)


def test_a_new_window_starts_a_new_count():
    with mock.patch.object(ratelimit, "_now", return_value=3600 * 10 + 5):
        assert ratelimit.use("t", ["a"], limit=1, seconds=3600)
        assert not ratelimit.use("t", ["a"], limit=1, seconds=3600)
    with mock.patch.object(ratelimit, "_now", return_value=3600 * 11 + 1):
        assert ratelimit.use("t", ["a"], limit=1, seconds=3600)


def test_counts_last_the_whole_window_in_a_database_cache(settings, db):
    """Django's database cache resets an entry's expiry to five minutes on incr(); a day's count
    must not vanish five minutes after its last use."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "praxis_limits"}
    }
    call_command("createcachetable", verbosity=0)
    for _ in range(3):
        assert ratelimit.use("t", ["a"], limit=3, seconds=86400)
    assert not ratelimit.use("t", ["a"], limit=3, seconds=86400)
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM praxis_limits")
        [(expires,)] = cursor.fetchall()
    if isinstance(expires, str):  # SQLite hands back text
        expires = datetime.fromisoformat(expires)
    if timezone.is_naive(expires):
        expires = timezone.make_aware(expires, UTC)
    assert expires > timezone.now() + timedelta(hours=23)
