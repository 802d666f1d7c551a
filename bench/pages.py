"""Time every page at organisation scale on a database seeded by bench/seed.py. Not a test.

Signs in as the people seed.py created (a practitioner with 10,000 journal entries, the
supervisor of 500, the lead of the 2,000-member organisation, a colleague with a 3-focus plan),
requests each page in-process through Django's test Client REPEATS times after WARMUP requests,
and records p50 / p95 (ms), the query count (CaptureQueriesContext), the response size and the
ratio of the page's p50 to that of a trivial view that only loads the signed-in user
(bench/urls.py), measured in the same run. The journal pages are measured for the journals of
100, 1,000 and 10,000 entries, so a query count that grows with data shows. Writes
bench/results/pages-<database>.txt (and the slowest query of each page to
pages-<database>-slowest.txt).

    .venv/bin/python bench/pages.py [--repeats 30] [--database-url postgres://…]

Target (issue 14, at 10,000 practitioners): p95 <= 100 ms and p50 <= 30 x the trivial view's p50.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.seed import DEFAULT_VAR_DIR, JOURNAL_SIZES, PEOPLE, setup  # noqa: E402

P95_TARGET_MS = 100
RATIO_TARGET = 30
SEARCH_WORDS = "team"  # in many entries of every journal
SEARCH_RARE = "hospital discharge"  # in few


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--var-dir", default=DEFAULT_VAR_DIR, help="where seed.py put the SQLite file")
    parser.add_argument(
        "--only",
        default="",
        help="measure only pages whose name contains this (or one of these, comma-separated)",
    )
    args = parser.parse_args()
    warnings.filterwarnings("ignore", message="No directory at")
    setup(args.database_url, args.var_dir)
    from django.conf import settings

    settings.ROOT_URLCONF = "bench.urls"
    settings.DEBUG = False
    load_before = os.getloadavg()
    pages = page_list()
    rows = [measure(name, user, method, url, data, args) for name, user, method, url, data in pages]
    trivial = next(r for r in rows if r["name"] == "trivial view")
    write(rows, trivial, args, load_before)


def page_list() -> list[tuple]:
    from django.urls import reverse

    from praxis.accounts.models import User
    from praxis.assessments.models import Assessment
    from praxis.development.models import Plan
    from praxis.feedback.models import Round

    people = {key: User.objects.get(email=email) for key, email in PEOPLE.items()}
    me = people["journal_10000"]
    submitted = Assessment.objects.filter(owner=me, status="submitted").order_by("-submitted_at").first()
    draft = Assessment.objects.get(owner=me, status="draft")
    plan = Plan.objects.filter(owner=people["colleague"]).first()
    round_ = Round.objects.filter(owner=me).first()
    organisation = me.memberships.get().organisation

    def _team_url(name):
        return reverse(f"teams:{name}", args=[organisation.slug])

    pages = [
        ("trivial view", me, "get", reverse("bench-trivial"), None),
        ("dashboard (practitioner)", me, "get", reverse("shell:dashboard"), None),
        ("dashboard (supervisor of 500)", people["supervisor_500"], "get", reverse("shell:dashboard"), None),
        ("dashboard (lead of 2,000)", people["lead"], "get", reverse("shell:dashboard"), None),
        ("team statistics (lead, 2,000 in teams)", people["lead"], "get", _team_url("statistics"), None),
        ("team growth (lead, 2,000 in teams)", people["lead"], "get", _team_url("growth"), None),
        ("heat map (lead, 2,000 in teams)", people["lead"], "get", _team_url("heat_map"), None),
        (
            "organisation page (lead)",
            people["lead"],
            "get",
            reverse("accounts:organisation", args=[organisation.slug]),
            None,
        ),
        ("results (full)", me, "get", reverse("assessments:results", args=[submitted.pk]), None),
        (
            "results seen by supervisor",
            people["supervisor_500"],
            "get",
            reverse("assessments:results", args=[submitted.pk]),
            None,
        ),
        ("history (full)", me, "get", reverse("assessments:history", args=["full"]), None),
        ("assessment page", me, "get", reverse("assessments:page", args=[draft.pk, 8]), None),
        ("autosave (POST)", me, "post", reverse("assessments:autosave", args=[draft.pk]), "autosave"),
        (
            "plan detail (3 focuses)",
            people["colleague"],
            "get",
            reverse("development:detail", args=[plan.pk]),
            None,
        ),
        ("feedback report", me, "get", reverse("feedback:report", args=[round_.pk]), None),
        (
            "guide competency page (signed out)",
            None,
            "get",
            reverse("guide:competency", args=["facilitation"]),
            None,
        ),
    ]
    pages += [
        (
            "journal shared with supervisor of 500",
            people["supervisor_500"],
            "get",
            reverse("journal:shared"),
            None,
        ),
        (
            "journal shared by one (10,000)",
            people["supervisor_500"],
            "get",
            reverse("journal:shared") + f"?person={me.pk}",
            None,
        ),
        ("journal list, supervisor of 500", people["supervisor_500"], "get", reverse("journal:index"), None),
    ]
    for key, size in JOURNAL_SIZES.items():
        person = people[key]
        pages += [
            (f"journal list ({size:,})", person, "get", reverse("journal:index"), None),
            (
                f"journal search common ({size:,})",
                person,
                "get",
                reverse("journal:index") + f"?q={SEARCH_WORDS}",
                None,
            ),
            (
                f"journal search rare ({size:,})",
                person,
                "get",
                reverse("journal:index") + "?q=" + SEARCH_RARE.replace(" ", "+"),
                None,
            ),
            (f"portfolio ({size:,})", person, "get", reverse("journal:portfolio"), None),
            (f"practice-log summary ({size:,})", person, "get", reverse("journal:summary"), None),
        ]
    return pages


def autosave_data(url: str, user) -> dict:
    from praxis.assessments.models import Answer

    answer = Answer.objects.filter(assessment__owner=user, assessment__status="draft").order_by("pk").first()
    return {"item": answer.item_id, f"answer-{answer.item_id}": "4"}


def measure(name, user, method, url, data, args) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if args.only and not any(part in name for part in args.only.split(",")) and name != "trivial view":
        return {"name": name, "skipped": True}
    client = Client()
    if user:
        client.force_login(user)
    if data == "autosave":
        data = autosave_data(url, user)
    request = (
        (lambda: client.post(url, data, HTTP_HX_REQUEST="true"))
        if method == "post"
        else (lambda: client.get(url))
    )
    for _ in range(args.warmup):
        response = request()
        assert response.status_code == 200, (name, url, response.status_code)
    timings, cpu, slowest = [], [], None
    for _ in range(args.repeats):
        with CaptureQueriesContext(connection) as queries:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = request()
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        top = max(queries.captured_queries, key=lambda q: float(q["time"]), default=None)
        if top and (slowest is None or float(top["time"]) > float(slowest["time"])):
            slowest = top
    timings.sort()
    row = {
        "name": name,
        "p50": statistics.median(timings),
        "p95": timings[math.ceil(0.95 * len(timings)) - 1],
        "cpu": statistics.median(cpu),
        "queries": len(queries.captured_queries),
        "bytes": len(response.content),
        "slowest": slowest,
        "url": url,
    }
    print(f"{name:40} {row['p50']:8.1f} {row['p95']:8.1f} {row['cpu']:7.1f} {row['queries']:4d}", flush=True)
    return row


def write(rows, trivial, args, load_before) -> None:
    from django.db import connection

    from praxis.accounts.models import User
    from praxis.assessments.models import Answer
    from praxis.journal.models import Entry

    rows = [r for r in rows if not r.get("skipped")]
    base = trivial["p50"]
    load_after = os.getloadavg()[0]
    size = (
        f"{User.objects.count():,} users, {Answer.objects.count():,} answers, "
        f"{Entry.objects.count():,} journal entries"
    )
    header = [
        f"# Pages at organisation scale ({time.strftime('%Y-%m-%d %H:%M')})",
        f"database: {connection.vendor}; {size}",
        "command: .venv/bin/python bench/"
        + " ".join(Path(a).name if i == 0 else a for i, a in enumerate(sys.argv)),
        f"{args.repeats} requests per page after {args.warmup} warm-up, in-process (django.test.Client)",
        f"load average before / after: {load_before[0]:.1f} / {load_after:.1f} on {os.cpu_count()} cores",
        f"target: p95 <= {P95_TARGET_MS} ms and p50 <= {RATIO_TARGET} x trivial p50 "
        f"({RATIO_TARGET * base:.1f} ms); '!' marks a miss",
        "cpu ms: this process's CPU time per request (p50): steadier than wall time on a busy machine; "
        "on SQLite it includes the database's work, on PostgreSQL not the server's",
        "",
        f"{'page':40} {'p50 ms':>8} {'p95 ms':>8} {'cpu ms':>7} {'queries':>8} {'KB':>7} {'x trivial':>10}",
    ]
    lines = []
    for r in rows:
        ratio = r["p50"] / base if base else 0
        miss = "!" if r["p95"] > P95_TARGET_MS or ratio > RATIO_TARGET else " "
        lines.append(
            f"{r['name']:40} {r['p50']:8.1f} {r['p95']:8.1f} {r['cpu']:7.1f} {r['queries']:8d} "
            f"{r['bytes'] / 1024:7.1f} {ratio:9.1f} {miss}"
        )
    text = "\n".join(header + lines) + "\n"
    suffix = "-only" if args.only else ""  # a partial run never replaces the full table
    out = ROOT / "bench" / "results" / f"pages-{connection.vendor}{suffix}.txt"
    out.write_text(text)
    slow = [f"# Slowest query per page, {connection.vendor} ({time.strftime('%Y-%m-%d %H:%M')})", ""]
    for r in rows:
        if r["slowest"]:
            slow += [
                f"## {r['name']}  ({float(r['slowest']['time']) * 1000:.1f} ms)",
                r["slowest"]["sql"][:1500],
                "",
            ]
    (ROOT / "bench" / "results" / f"pages-{connection.vendor}{suffix}-slowest.txt").write_text(
        "\n".join(slow)
    )
    print(text)


if __name__ == "__main__":
    main()
