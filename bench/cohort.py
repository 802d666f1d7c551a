"""Benchmark: the cohort report for a cohort of 500 learners with full pre and post assessments
(about 115 answers each) and then ratings. Not part of the test suite (tests guard the query count).

Seeds a throwaway database, then times, over REPEATS requests each after warm-up, the report page,
its CSV and the trivial view (/bench/trivial/, which only loads the signed-in user) in the same run,
and writes p50 / p95, query counts and the ratio to the trivial view to
bench/results/cohort-<database>.txt.

    .venv/bin/python bench/cohort.py [--learners 500] [--repeats 20]                 # SQLite
    .venv/bin/python bench/cohort.py --database-url postgres://…/praxis_bench_cohort  # PostgreSQL

The PostgreSQL database is emptied (its public schema dropped) before seeding.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.seed import setup  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    setup(args.database_url or None, tempfile.mkdtemp(prefix="praxis-bench-cohort-"))
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.ROOT_URLCONF = "bench.urls"

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    lead, cohort = seed(args.learners)
    seeded = time.perf_counter() - started
    rows = [
        measure("trivial view", lead, "/bench/trivial/", args.repeats),
        measure("cohort report", lead, f"/cohorts/{cohort.pk}/report/", args.repeats),
        measure("cohort report, CSV", lead, f"/cohorts/{cohort.pk}/report/?format=csv", args.repeats),
        measure("cohort report, XLSX", lead, f"/cohorts/{cohort.pk}/report/?format=xlsx", args.repeats),
    ]
    base = rows[0]["p50"]
    lines = [
        f"cohort report, {args.learners} learners with full pre and post assessments and then ratings, "
        f"{connection.vendor}, {args.repeats} requests each after 3 warm-up requests, in-process test client",
        f"seeded in {seeded:.0f} s; load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after",
        "wall-clock times grow with the machine's load; the CPU time of this process (median) does not",
        f"{'page':24} {'p50 ms':>8} {'p95 ms':>8} {'cpu ms':>8} {'queries':>8} {'x trivial':>10}",
    ]
    lines += [
        f"{r['name']:24} {r['p50']:8.1f} {r['p95']:8.1f} {r['cpu']:8.1f} {r['queries']:8d}"
        f" {r['p50'] / base:10.1f}"
        for r in rows
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    (ROOT / "bench" / "results" / f"cohort-{connection.vendor}.txt").write_text(text)


def seed(learners: int):
    from django.db import transaction

    from praxis.accounts.models import Membership, Organisation, User
    from praxis.programmes.models import Module, ModuleMapping, Programme, ProgrammeStaff
    from praxis.programmes.tests.cohort_factories import full_cohort

    with transaction.atomic():
        organisation = Organisation.objects.create(name="Bench university", slug="bench-university")
        lead = User.objects.create_user(email="lead@bench.example", password="x", full_name="Programme Lead")
        Membership.objects.create(user=lead, organisation=organisation, role="practitioner")
        programme = Programme.objects.create(organisation=organisation, name="Certificate")
        ProgrammeStaff.objects.create(programme=programme, user=lead, role="lead")
        for order, competency in enumerate(["co-learning", "brokering", "co-design"], start=1):
            module = Module.objects.create(programme=programme, name=f"Course {order}", order=order)
            ModuleMapping.objects.create(module=module, competency_id=competency, level=order - 1)
        cohort = full_cohort(programme, learners, kind="full")
    return lead, cohort


def measure(name: str, user, url: str, repeats: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    for _ in range(3):
        assert client.get(url).status_code == 200, url
    timings, cpu = [], []
    for _ in range(repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return {
        "name": name,
        "p50": statistics.median(timings),
        "p95": timings[int(0.95 * (len(timings) - 1))],
        "queries": len(queries),
        "cpu": statistics.median(cpu),
    }


if __name__ == "__main__":
    main()
