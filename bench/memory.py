"""A gunicorn sync worker's resident memory across every page of bench/pages.py. Not a test.

Issue 14.8: at 10,000 practitioners a sync worker's resident memory stays under 100 MiB across
all pages. Starts `gunicorn praxis.wsgi -w 1` (sync) on a free loopback port against the database
bench/seed.py filled (the SQLite file in --var-dir, or --database-url), signs in through the login
form as the people pages.py uses (one session each), requests every page of pages.py's list
--repeats times as the right person, and after each page reads the worker's VmRSS (now) and VmHWM
(the peak so far) from /proc/<pid>/status. Writes bench/results/memory-<database>.txt.

    .venv/bin/python bench/memory.py [--database-url postgres://…] [--repeats 3]

It talks only to 127.0.0.1 and stops the gunicorn it started however it ends (load.py's helpers).
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import CSRF_INPUT, Client, free_port, sign_in, start_gunicorn, stop  # noqa: E402
from bench.seed import DEFAULT_VAR_DIR, PASSWORD, setup  # noqa: E402

LIMIT_MIB = 100
SETTINGS = '''"""Settings for bench/memory.py, written to a temporary directory."""
from praxis.settings import *  # noqa: F403

ALLOWED_HOSTS = ["127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as bench/seed.py stored them
ROOT_URLCONF = "bench.urls"  # the product's URLs plus /bench/trivial/
'''


def worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    if len(children) != 1:
        raise SystemExit(f"expected one gunicorn worker, found {children}")
    return int(children[0])


def memory_kib(pid: int) -> dict[str, int]:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--var-dir", default=DEFAULT_VAR_DIR, help="where seed.py put the SQLite file")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--skip", default="", help="leave out pages whose name contains this (writes memory-<db>-skip.txt)"
    )
    args = parser.parse_args()
    setup(args.database_url, args.var_dir)
    from django.conf import settings
    from django.db import connection

    settings.ROOT_URLCONF = "bench.urls"

    from bench.pages import autosave_data, page_list
    from praxis.accounts.models import User

    pages = [page for page in page_list() if not (args.skip and args.skip in page[0])]
    size = f"{User.objects.count():,} users"
    vendor = connection.vendor

    workdir = Path(tempfile.mkdtemp(prefix="praxis-memory-"))
    (workdir / "bench_memory_settings.py").write_text(SETTINGS)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(workdir), str(ROOT), env.get("PYTHONPATH", "")])
    env["DJANGO_SETTINGS_MODULE"] = "bench_memory_settings"
    env["PRAXIS_VAR_DIR"] = args.var_dir
    env["PRAXIS_LOG_LEVEL"] = "ERROR"
    env["PRAXIS_SECRET_KEY"] = secrets.token_urlsafe(50)  # production refuses the development key
    env["PRAXIS_STATIC_ROOT"] = str(workdir / "static")
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    else:
        env.pop("DATABASE_URL", None)
    praxis = Path(sys.executable).with_name("praxis")  # as in production: the manifest is checked
    subprocess.run([str(praxis), "collectstatic", "--no-input", "--verbosity", "0"], env=env, check=True)
    log = workdir / "gunicorn.log"
    port = free_port()
    server = start_gunicorn(env, port, 1, log)
    rows = []
    try:
        pid = worker_pid(server.pid)
        start = memory_kib(pid)
        clients: dict[int | None, Client] = {}
        for name, user, method, url, _data in pages:
            key = user.pk if user else None
            if key not in clients:
                clients[key] = Client(port)
                if user:
                    sign_in(clients[key], user.email, PASSWORD)
            client = clients[key]
            form, headers = None, {}
            if method == "post":
                form = autosave_data(url, user)
                _, _, page = client.request("GET", url.replace("autosave/", "page/1/"))
                headers = {"X-CSRFToken": CSRF_INPUT.search(page).group(1), "HX-Request": "true"}
            for _ in range(args.repeats):
                status, _, _ = client.request(method.upper(), url, form, headers)
                if status != 200:
                    raise SystemExit(f"{name}: {url} answered {status}; see {log}")
            now = memory_kib(pid)
            rows.append((name, now["VmRSS"], now["VmHWM"]))
            print(f"{name:40} {now['VmRSS'] / 1024:6.1f} MiB (peak {now['VmHWM'] / 1024:.1f})", flush=True)
    finally:
        stop(server)
    write(rows, start, vendor, size, args)


def write(rows, start, vendor, size, args) -> None:
    peak = max(hwm for _, _, hwm in rows)
    lines = [
        f"# A gunicorn sync worker's memory across the pages ({time.strftime('%Y-%m-%d %H:%M')})",
        f"database: {vendor}; {size}; gunicorn -w 1 (sync); each page requested {args.repeats} times "
        "as the person pages.py uses",
        f"worker after start: VmRSS {start['VmRSS'] / 1024:.1f} MiB"
        + (f"; pages whose name contains {args.skip!r} left out" if args.skip else ""),
        f"target: VmHWM (peak resident) < {LIMIT_MIB} MiB; peak over all pages: {peak / 1024:.1f} MiB "
        + ("(met)" if peak < LIMIT_MIB * 1024 else "(MISSED)"),
        "",
        f"{'page (after its requests)':40} {'VmRSS MiB':>10} {'VmHWM MiB':>10}",
    ]
    lines += [f"{name:40} {rss / 1024:10.1f} {hwm / 1024:10.1f}" for name, rss, hwm in rows]
    text = "\n".join(lines) + "\n"
    out = ROOT / "bench" / "results" / f"memory-{vendor}{'-skip' if args.skip else ''}.txt"
    out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
