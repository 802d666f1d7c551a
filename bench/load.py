"""Benchmark: concurrent autosaves against gunicorn -w 4. Not part of the test suite.

Seeds a throwaway database (an SQLite file in a temporary directory, or, with --db postgresql,
a fresh database `praxis_bench_load` on the server DATABASE_URL names), starts
`gunicorn -w 4` (sync workers) on a free loopback port, signs in USERS practitioners (one
session each, each with a draft quick self-assessment), then sends REQUESTS requests from
CONCURRENCY threads: half of them autosaves (POST with the CSRF token read from the page, as
the browser sends them), half of them page GETs. Each thread owns its own users, so every
user's saves happen one after another, as in one browser tab.

Counted as errors: any answer that is not 2xx/3xx, and any connection error or timeout.
Afterwards every autosave that was answered 2xx is looked up in the database: a save the
person was told happened must have happened. Writes p50/p95 per kind of request, the errors
and the "told saved but not in the database" count to bench/results/load-<db>.txt.

    .venv/bin/python bench/load.py                      # SQLite, the settings in praxis/settings.py
    .venv/bin/python bench/load.py --plain-sqlite       # SQLite with Django's defaults (before WAL/IMMEDIATE)
    DATABASE_URL=postgres://... .venv/bin/python bench/load.py --db postgresql

It talks only to 127.0.0.1, every request has a timeout, the loops are bounded, and the
gunicorn it started is stopped at the end (also on errors). Standard library only, plus the
project itself for seeding and checking.
"""

from __future__ import annotations

import argparse
import http.client
import http.cookies
import os
import queue
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HOST = "127.0.0.1"
PASSWORD = "load-bench-password-2026"
REQUEST_TIMEOUT = 30  # seconds, per request
SERVER_START_TIMEOUT = 60
BENCH_DB = "praxis_bench_load"

SETTINGS_TEMPLATE = '''"""Settings for bench/load.py, written to a temporary directory."""
from praxis.settings import *  # noqa: F403

ALLOWED_HOSTS = ["{host}"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
{plain}
'''
PLAIN = """# --plain-sqlite: Django's SQLite defaults (rollback journal, deferred transactions, 5 s timeout),
# as the settings were before WAL and IMMEDIATE transactions.
DATABASES["default"]["OPTIONS"] = {}  # noqa: F405
"""


# ---------------------------------------------------------------- set-up (in this process)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def fresh_postgres_database(url: str) -> str:
    """Drop and create BENCH_DB on the server `url` points at; return its URL."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    if parts.hostname not in (HOST, "localhost"):
        raise SystemExit("bench/load.py only talks to 127.0.0.1: DATABASE_URL must name a local server.")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    return urllib.parse.urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


def prepare_environment(args, workdir: Path) -> dict:
    settings_file = workdir / "bench_load_settings.py"
    settings_file.write_text(SETTINGS_TEMPLATE.format(host=HOST, plain=PLAIN if args.plain_sqlite else ""))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(workdir), str(ROOT), env.get("PYTHONPATH", "")])
    env["DJANGO_SETTINGS_MODULE"] = "bench_load_settings"
    env["PRAXIS_VAR_DIR"] = str(workdir)
    env["PRAXIS_LOG_LEVEL"] = "ERROR"
    if args.db == "sqlite":
        env.pop("DATABASE_URL", None)
    else:
        env["DATABASE_URL"] = fresh_postgres_database(os.environ["DATABASE_URL"])
    return env


def setup_django(env: dict) -> None:
    for key in ("DJANGO_SETTINGS_MODULE", "PRAXIS_VAR_DIR", "PRAXIS_LOG_LEVEL", "DATABASE_URL"):
        if key in env:
            os.environ[key] = env[key]
        else:
            os.environ.pop(key, None)
    sys.path.insert(0, env["PYTHONPATH"].split(os.pathsep)[0])
    import django

    django.setup()


def seed(users: int) -> list[dict]:
    """USERS practitioners, each with a draft quick assessment; returns what the clients need."""
    from django.core.management import call_command
    from django.db import connections

    from praxis.accounts.models import User
    from praxis.assessments import services
    from praxis.assessments.structure import plan_for
    from praxis.core.frameworks import current_framework

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # as in production
    framework = current_framework()
    plan = plan_for(framework, "quick")
    levels = [str(level.value) for level in framework.scale.levels] + ["na"]
    seeded = []
    for n in range(users):
        user = User.objects.create_user(
            email=f"load{n}@bench.example", password=PASSWORD, full_name=f"Load {n}"
        )
        assessment = services.start_assessment(owner=user, kind="quick")
        seeded.append(
            {
                "email": user.email,
                "assessment": assessment.pk,
                "items": list(plan.items),
                "competencies": [c.id for c in framework.competencies],
                "levels": levels,
                "pages": len(plan.pages),
            }
        )
    connections.close_all()
    return seeded


def stored_values(seeded: list[dict]) -> dict:
    """{(assessment, key): value} as stored, for items ("answer-…") and notes ("note-…")."""
    from django.db import connections

    from praxis.assessments.models import Answer, CompetencyNote

    ids = [s["assessment"] for s in seeded]
    stored = {}
    for a in Answer.objects.filter(assessment_id__in=ids):
        stored[(a.assessment_id, f"answer-{a.item_id}")] = "na" if a.not_applicable else str(a.level)
    for n in CompetencyNote.objects.filter(assessment_id__in=ids):
        stored[(n.assessment_id, f"note-{n.competency_id}")] = n.text
    connections.close_all()
    return stored


# ---------------------------------------------------------------- the server


def start_gunicorn(env: dict, port: int, workers: int, log: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [
        str(gunicorn),
        "praxis.wsgi",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"{HOST}:{port}",
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    with open(log, "w") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}; see {log}")
        try:
            status, _, _ = Client(port).request("GET", "/accounts/login/")
            if status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.3)
    stop(process)
    raise SystemExit(f"gunicorn did not answer within {SERVER_START_TIMEOUT} s; see {log}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


# ---------------------------------------------------------------- one browser session


class Client:
    """One session: its own cookies, a new connection per request (sync workers close them)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
        try:
            all_headers = {"Host": f"{HOST}:{self.port}", **(headers or {})}
            if self.cookies:
                all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            body = None
            if form is not None:
                body = urllib.parse.urlencode(form).encode()
                all_headers["Content-Type"] = "application/x-www-form-urlencoded"
            conn.request(method, path, body=body, headers=all_headers)
            response = conn.getresponse()
            content = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = http.cookies.SimpleCookie(header)
                for name, morsel in cookie.items():
                    self.cookies[name] = morsel.value
            return response.status, response.headers, content
        finally:
            conn.close()


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def sign_in(client: Client, email: str, password: str) -> None:
    """Sign `client` in through the login form, as a browser does (also used by bench/memory.py)."""
    status, _, page = client.request("GET", "/accounts/login/")
    token = CSRF_INPUT.search(page).group(1)
    status, _, _ = client.request(
        "POST", "/accounts/login/", {"csrfmiddlewaretoken": token, "username": email, "password": password}
    )
    if status != 302:
        raise SystemExit(f"Signing in {email} answered {status}")


@dataclass
class Session:
    info: dict
    client: Client
    csrf: str = ""
    seen: dict = field(default_factory=dict)  # key → the value this tab last saw saved
    told_saved: dict = field(default_factory=dict)  # key → last value answered 2xx
    failed_after: set = field(default_factory=set)  # keys whose last save was not answered 2xx

    def sign_in(self) -> None:
        sign_in(self.client, self.info["email"], PASSWORD)
        # The page's own token, as htmx sends it in X-CSRFToken.
        status, _, page = self.client.request("GET", f"/assessments/{self.info['assessment']}/page/1/")
        match = CSRF_INPUT.search(page)
        if status != 200 or not match:
            raise SystemExit(f"The assessment page answered {status} for {self.info['email']}")
        self.csrf = match.group(1)


@dataclass
class Result:
    kind: str
    status: int  # 0 for a connection error or timeout
    seconds: float
    detail: str = ""


def get_paths(info: dict) -> list[str]:
    a = info["assessment"]
    return [
        f"/assessments/{a}/page/{1 + (info['pages'] // 2)}/",
        "/dashboard/",
        f"/assessments/{a}/page/1/",
        "/journal/",
        f"/guide/competencies/{info['competencies'][3]}/",
    ]


def autosave_form(session: Session, n: int) -> tuple[dict, str, str]:
    info = session.info
    if n % 4 == 3:  # a quarter of the autosaves are typed notes, the rest chosen levels
        competency = info["competencies"][n % len(info["competencies"])]
        key = f"note-{competency}"
        value = f"Example typed in save {n}"
        form = {"note": competency, key: value, f"initial-{key}": session.seen.get(key, "")}
    else:
        item = info["items"][n % len(info["items"])]
        key = f"answer-{item}"
        value = info["levels"][(n // len(info["items"])) % len(info["levels"])]
        form = {"item": item, key: value, f"initial-{item}": session.seen.get(key, "")}
    return form, key, value


def run_task(session: Session, n: int, kind: str) -> Result:
    started = time.perf_counter()
    try:
        if kind == "autosave":
            form, key, value = autosave_form(session, n)
            status, _, body = session.client.request(
                "POST",
                f"/assessments/{session.info['assessment']}/autosave/",
                form,
                {"X-CSRFToken": session.csrf, "HX-Request": "true"},
            )
            if 200 <= status < 300:
                session.seen[key] = value
                session.told_saved[key] = value
                session.failed_after.discard(key)
            else:
                session.failed_after.add(key)
        else:
            paths = get_paths(session.info)
            status, _, body = session.client.request("GET", paths[n % len(paths)])
        detail = "" if status < 400 else body[:200]
    except (OSError, http.client.HTTPException) as error:
        if kind == "autosave":
            session.failed_after.add(key)
        status, detail = 0, f"{type(error).__name__}: {error}"
    return Result(kind, status, time.perf_counter() - started, detail)


def load(sessions: list[Session], requests: int, concurrency: int) -> tuple[list[Result], float]:
    """REQUESTS tasks, alternately autosave and page GET, over CONCURRENCY threads. Thread t
    serves sessions t, t + CONCURRENCY, … so no two threads ever use one session at once."""
    per_thread: list[queue.Queue] = [queue.Queue() for _ in range(concurrency)]
    for n in range(requests):
        session_index = (n // 2) % len(sessions)
        kind = "autosave" if n % 2 == 0 else "page"
        per_thread[session_index % concurrency].put((session_index, n, kind))
    results: list[Result] = []
    lock = threading.Lock()

    def worker(tasks: queue.Queue) -> None:
        while True:
            try:
                session_index, n, kind = tasks.get_nowait()
            except queue.Empty:
                return
            result = run_task(sessions[session_index], n, kind)
            with lock:
                results.append(result)

    threads = [threading.Thread(target=worker, args=(q,), daemon=True) for q in per_thread]
    started = time.perf_counter()
    for t in threads:
        t.start()
    deadline = time.monotonic() + requests * REQUEST_TIMEOUT / concurrency + 60
    for t in threads:
        t.join(timeout=max(0.0, deadline - time.monotonic()))
    return results, time.perf_counter() - started


# ---------------------------------------------------------------- results


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def report(args, results, elapsed, sessions, stored, log: Path) -> str:
    lines = [
        f"Load benchmark: {args.requests} requests, {args.concurrency} concurrent, half autosaves,",
        f"against gunicorn -w {args.workers} (sync) on {args.db}"
        + (" with Django's SQLite defaults (--plain-sqlite)" if args.plain_sqlite else "")
        + f"; {len(sessions)} signed-in users.",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} CPUs "
        f"(load average {os.getloadavg()[0]:.1f} at the end, other work included); "
        f"{len(results)} requests in {elapsed:.1f} s ({len(results) / elapsed:.0f} requests/s).",
        "",
        f"{'request':<10} {'count':>6} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}",
    ]
    for kind in ("autosave", "page", "all"):
        rows = [r for r in results if kind in ("all", r.kind)]
        if not rows:
            continue
        times = [r.seconds * 1000 for r in rows]
        errors = sum(1 for r in rows if not 200 <= r.status < 400)
        lines.append(
            f"{kind:<10} {len(rows):>6} {errors:>7} {statistics.median(times):>8.0f} "
            f"{percentile(times, 0.95):>8.0f} {max(times):>8.0f}"
        )
    by_status: dict[int, int] = {}
    for r in results:
        by_status[r.status] = by_status.get(r.status, 0) + 1
    lines.append("")
    lines.append(
        "answers by status: "
        + ", ".join(f"{s or 'connection error'}: {c}" for s, c in sorted(by_status.items()))
    )
    errors = sum(1 for r in results if not 200 <= r.status < 400)
    lines.append(f"errors (not 2xx/3xx, or no answer): {errors}")
    locked = log.read_text(errors="replace").count("django.db.utils.OperationalError: database is locked")
    lines.append(f"'database is locked' errors in the server log: {locked}")
    told, missing = 0, 0
    for s in sessions:
        for key, value in s.told_saved.items():
            if key in s.failed_after:
                continue  # a later save failed; what it left behind is not determined here
            told += 1
            if stored.get((s.info["assessment"], key)) != value:
                missing += 1
    lines.append(f"saves answered 2xx and checked in the database: {told}; not found there: {missing}")
    samples = [r for r in results if r.status >= 400 or r.status == 0][:3]
    for r in samples:
        lines.append(f"  e.g. {r.kind} {r.status}: {r.detail.strip()[:160]!r}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--plain-sqlite", action="store_true", help="Django's SQLite defaults")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--output", help="default: bench/results/load-<db>[-plain].txt")
    args = parser.parse_args()
    if args.db == "postgresql" and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("--db postgresql needs DATABASE_URL=postgres://… (a local server).")
    if args.plain_sqlite and args.db != "sqlite":
        raise SystemExit("--plain-sqlite is for --db sqlite.")
    if not 1 <= args.concurrency <= 64 or not 1 <= args.requests <= 100_000:
        raise SystemExit("Keep --concurrency within 1–64 and --requests within 1–100,000.")

    workdir = Path(tempfile.mkdtemp(prefix="praxis-load-"))
    env = prepare_environment(args, workdir)
    setup_django(env)
    seeded = seed(args.users)
    log = workdir / "gunicorn.log"
    port = free_port()
    server = start_gunicorn(env, port, args.workers, log)
    try:
        sessions = [Session(info, Client(port)) for info in seeded]
        for s in sessions:
            s.sign_in()
        results, elapsed = load(sessions, args.requests, args.concurrency)
    finally:
        stop(server)
    stored = stored_values(seeded)
    text = report(args, results, elapsed, sessions, stored, log)
    name = f"load-{args.db}{'-plain' if args.plain_sqlite else ''}.txt"
    output = Path(args.output) if args.output else ROOT / "bench" / "results" / name
    output.write_text(text)
    print(text)
    print(f"Written to {output}; server log in {log}")


if __name__ == "__main__":
    main()
