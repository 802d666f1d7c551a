"""Benchmark: the team pages of an organisation of 2,000 and 10,000 members. Not a test.

Seeds, for each size, an organisation (praxis.teams.seeding: teams of 25, two submitted quick
assessments per member with stored results, about half named to the leads and 60 % counted in
statistics), then, as its lead, times each team page over --repeats requests (after one warm-up)
beside a trivial view in the same run, and writes p50 / p95 and the query count of each to
bench/results/teams-<database>.txt.

    .venv/bin/python bench/teams.py                                  # SQLite, 2,000 and 10,000
    .venv/bin/python bench/teams.py --sizes 2000 --repeats 10
    .venv/bin/python bench/teams.py --database-url postgres://…/praxis_bench   # drops its schema!
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.seed import setup  # noqa: E402


def pages(slug: str, team_id: int) -> list[tuple[str, str]]:
    base = f"/organisations/{slug}"
    return [
        ("trivial view (password reset sent)", "/accounts/password-reset/sent/"),
        ("heat map, page 1", f"{base}/heat-map/"),
        ("heat map, sorted by a competency", f"{base}/heat-map/?sort=co-learning"),
        ("heat map, one team and role", f"{base}/heat-map/?team={team_id}&role=practitioner"),
        ("heat map as SVG", f"{base}/heat-map.svg"),
        ("heat map, one competency's key activities", f"{base}/heat-map/co-learning/"),
        ("team statistics, organisation", f"{base}/team-statistics/"),
        ("team statistics, one team", f"{base}/team-statistics/?team={team_id}"),
        ("team growth", f"{base}/team-growth/"),
    ]


def measure(client, url: str, repeats: int) -> tuple[float, float, int, int]:
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)  # warm-up, and the query count
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, len(queries), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,10000")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--output", default="")
    args = parser.parse_args()
    setup(args.database_url, tempfile.mkdtemp(prefix="praxis-bench-teams-"))
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from praxis.teams.models import Team
    from praxis.teams.seeding import seed_organisation

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    vendor = connection.vendor
    lines = [
        f"# Team pages, {vendor} ({time.strftime('%Y-%m-%d %H:%M')}), "
        f"{args.repeats} requests each after a warm-up",
        "# p50 and p95 in ms; queries per request; bytes of HTML. Command: "
        f".venv/bin/python bench/teams.py --sizes {args.sizes} --repeats {args.repeats}"
        + (" --database-url postgres://…" if args.database_url else ""),
    ]
    for size in [int(s) for s in args.sizes.split(",") if s]:
        started = time.perf_counter()
        organisation, lead = seed_organisation(f"bench{size}", size)
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        seeded = time.perf_counter() - started
        team = Team.objects.filter(organisation=organisation).order_by("pk").first()
        client = Client()
        client.force_login(lead)
        lines.append("")
        lines.append(
            f"## {size:,} members ({Team.objects.filter(organisation=organisation).count()} teams), "
            f"seeded in {seeded:.0f} s"
        )
        lines.append(f"{'page':48} {'p50':>8} {'p95':>8} {'queries':>8} {'bytes':>9}")
        for name, url in pages(organisation.slug, team.pk):
            p50, p95, queries, size_bytes = measure(client, url, args.repeats)
            lines.append(f"{name:48} {p50:8.1f} {p95:8.1f} {queries:8d} {size_bytes:9d}")
            print(lines[-1], flush=True)
    output = Path(ROOT / "bench" / "results" / (args.output or f"teams-{vendor}.txt"))
    output.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
