"""EXPLAIN ANALYZE of the pages' slowest queries and of the access querysets, on PostgreSQL. Not a test.

Issue 14.6: access querysets start from what links the viewer to the object (supervision links,
memberships) and, at 10,000 practitioners, scan no table that grows with the organisation
sequentially. On a database bench/seed.py filled, this prints

- for each page of bench/pages.py (or those whose name contains --only): its queries taking at
  least --min-ms (and always its slowest), each with its plan (EXPLAIN (ANALYZE, BUFFERS));
- the plans of the policy querysets for one object and for a list, as the supervisor of 500 and
  the lead of 2,000 see them;

and, first, a summary: every sequential scan of a table with more than --big rows. Writes
bench/results/explain-postgresql.txt (or --output). PostgreSQL's planner settings apply, so
PGOPTIONS="-c random_page_cost=1.1" shows the plans on SSD-like costs.

    .venv/bin/python bench/explain.py --database-url postgres://…/praxis_bench
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.seed import DEFAULT_VAR_DIR, PEOPLE, setup  # noqa: E402

SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--var-dir", default=DEFAULT_VAR_DIR)
    parser.add_argument("--only", default="")
    parser.add_argument("--min-ms", type=float, default=2.0, help="explain every query at least this slow")
    parser.add_argument("--output", default="explain-postgresql.txt", help="file name in bench/results")
    parser.add_argument("--big", type=int, default=5000, help="rows from which a table counts as big")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", message="No directory at")
    setup(args.database_url, args.var_dir)
    from django.conf import settings
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("EXPLAIN plans are read on PostgreSQL: pass --database-url postgres://…")
    settings.ROOT_URLCONF = "bench.urls"
    settings.DEBUG = False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r' AND reltuples > %s "
            "AND relnamespace = 'public'::regnamespace",
            [args.big],
        )
        big = dict(cursor.fetchall())
        cursor.execute("SHOW random_page_cost")
        page_cost = cursor.fetchone()[0]

    sections = page_sections(args) + policy_sections()
    findings = []
    body = []
    for title, sql, ms in sections:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        scans = sorted({t for t in SEQ_SCAN.findall(plan) if t in big})
        if scans:
            findings.append(f"- {title}: sequential scan of {', '.join(scans)}")
        timing = f"  ({ms:.1f} ms in the page)" if ms is not None else ""
        body += [f"## {title}{timing}", sql[:3000], "", plan, ""]
    head = [
        f"# EXPLAIN ANALYZE at organisation scale, PostgreSQL ({time.strftime('%Y-%m-%d %H:%M')})",
        f"random_page_cost: {page_cost} (PGOPTIONS='-c random_page_cost=1.1' for SSD-like costs)",
        "big tables (rows): " + ", ".join(f"{t} {n:,}" for t, n in sorted(big.items(), key=lambda x: -x[1])),
        "",
        "Sequential scans of big tables:",
        *(findings or ["- none"]),
        "",
    ]
    text = "\n".join(head + body) + "\n"
    (ROOT / "bench" / "results" / args.output).write_text(text)
    print("\n".join(head))


def page_sections(args) -> list[tuple[str, str, float | None]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.pages import page_list

    sections = []
    for name, user, method, url, _data in page_list():
        if args.only and args.only not in name:
            continue
        if method == "post":
            continue  # a write: explaining it would run it again
        client = Client()
        if user:
            client.force_login(user)
        client.get(url)  # warm
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        captured = [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
        if not captured:
            continue
        slowest = max(captured, key=lambda q: float(q["time"]))
        for n, q in enumerate(captured):
            ms = float(q["time"]) * 1000
            if q is slowest or ms >= args.min_ms:
                sections.append((f"{name}: query {n + 1} of {len(captured)}", q["sql"], ms))
    return sections


def policy_sections() -> list[tuple[str, str, float | None]]:
    """The access querysets themselves, for one object (by pk) and as a list."""
    from praxis.accounts.models import User
    from praxis.assessments import policy as assessments
    from praxis.assessments.models import Assessment
    from praxis.development import policy as development
    from praxis.development.models import Plan
    from praxis.feedback import policy as feedback
    from praxis.journal import policy as journal
    from praxis.journal.models import Entry

    supervisor = User.objects.get(email=PEOPLE["supervisor_500"])
    lead = User.objects.get(email=PEOPLE["lead"])
    me = User.objects.get(email=PEOPLE["journal_10000"])
    assessment = Assessment.objects.filter(owner=me, status="submitted").order_by("-submitted_at").first()
    plan = Plan.objects.filter(owner=me).first()
    entry = Entry.objects.filter(owner=me).order_by("-pk").first()

    def sql(qs) -> str:
        compiler = qs.query.get_compiler(qs.db)
        text, params = compiler.as_sql()
        with compiler.connection.cursor() as cursor:
            return cursor.mogrify(text, params)

    va, vp, ve = assessments.viewable_assessments, development.viewable_plans, journal.viewable_entries
    cases = [
        ("viewable_assessments(supervisor of 500), one", va(supervisor).filter(pk=assessment.pk)),
        ("viewable_assessments(lead of 2,000), one", va(lead).filter(pk=assessment.pk)),
        ("viewable_assessments(supervisor of 500), list", va(supervisor).exclude(owner=supervisor)),
        ("viewable_assessments(lead of 2,000), list", va(lead).exclude(owner=lead)),
        ("viewable_plans(supervisor of 500), one", vp(supervisor).filter(pk=plan.pk)),
        ("viewable_plans(supervisor of 500), list", vp(supervisor).exclude(owner=supervisor)),
        ("viewable_entries(supervisor of 500), one", ve(supervisor).filter(pk=entry.pk)),
        ("viewable_entries(supervisor of 500), list", ve(supervisor).exclude(owner=supervisor)),
        ("rounds_to_approve(supervisor of 500)", feedback.rounds_to_approve(supervisor)),
    ]
    return [(f"policy: {title}", sql(qs), None) for title, qs in cases]


if __name__ == "__main__":
    main()
