"""SQLite as the README deploys it (several gunicorn workers on one file): WAL, IMMEDIATE
transactions and a busy timeout, so concurrent writers wait their turn instead of failing with
"database is locked". The suite's own SQLite database lives in memory, where WAL does not apply,
so these tests start a fresh Python with the live settings on a file in a temporary directory."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

# Two connections each read, pause, then write inside transaction.atomic(), the shape of every
# autosave (check the draft, then write the answer). Prints what happened as JSON.
SCRIPT = """
import json, os, sys, threading, time
import django
django.setup()
from django.conf import settings
from django.db import connection, connections, transaction

if sys.argv[1] == "plain":
    settings.DATABASES["default"]["OPTIONS"] = {}
    connections["default"].settings_dict["OPTIONS"] = {}
cursor = connection.cursor()
cursor.execute("CREATE TABLE saves (n integer)")
pragmas = {name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
           for name in ("journal_mode", "synchronous", "busy_timeout")}
mode = connection.transaction_mode
connection.close()
barrier = threading.Barrier(2)
errors = []

def save(n):
    try:
        barrier.wait(timeout=10)
        with transaction.atomic():
            with connection.cursor() as c:
                c.execute("SELECT count(*) FROM saves").fetchone()
                time.sleep(0.3)
                c.execute("INSERT INTO saves VALUES (%s)", [n])
    except Exception as error:
        errors.append(str(error))
    finally:
        connection.close()

threads = [threading.Thread(target=save, args=(n,)) for n in range(2)]
for t in threads: t.start()
for t in threads: t.join(timeout=60)
with connection.cursor() as c:
    saved = c.execute("SELECT count(*) FROM saves").fetchone()[0]
print(json.dumps({"pragmas": pragmas, "transaction_mode": mode, "errors": errors, "saved": saved}))
"""


def _run(tmp_path, mode: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="praxis.settings", PRAXIS_VAR_DIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_live_settings_give_sqlite_wal_immediate_transactions_and_a_busy_timeout(tmp_path):
    outcome = _run(tmp_path, "live")
    assert outcome["pragmas"] == {"journal_mode": "wal", "synchronous": 1, "busy_timeout": 20000}
    assert outcome["transaction_mode"] == "IMMEDIATE"
    assert (tmp_path / "praxis.sqlite3").exists()


def test_two_writers_that_read_first_both_save_under_the_live_settings(tmp_path):
    outcome = _run(tmp_path, "live")
    assert outcome["errors"] == []
    assert outcome["saved"] == 2


def test_without_immediate_transactions_one_of_the_two_writers_fails(tmp_path):
    """The failure the settings prevent, so the test above can tell the difference."""
    outcome = _run(tmp_path, "plain")
    assert outcome["transaction_mode"] is None
    assert outcome["saved"] == 1
    assert outcome["errors"] == ["database is locked"]
