"""PRAXIS_CACHE_URL: one shared cache for several app servers (rate limits, sessions), read from the
environment by praxis/settings.py, which these tests load afresh in a new Python."""

import json
import os
import subprocess
import sys

SCRIPT = """
import json
from django.conf import settings
print(json.dumps({"caches": settings.CACHES, "sessions": settings.SESSION_ENGINE, "tasks": settings.TASKS}))
"""


def _settings(**env) -> dict:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PRAXIS_CACHE")} | env
    environment["DJANGO_SETTINGS_MODULE"] = "praxis.settings"
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=environment, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_redis_cache_url_gives_every_process_the_same_cache_and_cached_sessions():
    found = _settings(PRAXIS_CACHE_URL="redis://cache.internal:6379/1")
    assert found["caches"]["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/1",
    }
    assert found["sessions"] == "django.contrib.sessions.backends.cached_db"


def test_without_a_cache_url_each_process_keeps_its_own_and_sessions_stay_in_the_database():
    found = _settings()
    assert found["caches"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["sessions"] == "django.contrib.sessions.backends.db"
    assert found["tasks"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def test_a_cache_url_of_another_kind_is_refused_in_one_line():
    environment = dict(
        os.environ, PRAXIS_CACHE_URL="memcached://x:11211", DJANGO_SETTINGS_MODULE="praxis.settings"
    )
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=environment, capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0 and "PRAXIS_CACHE_URL must start with redis://" in done.stderr
