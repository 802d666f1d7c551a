"""Time a research export (praxis.research.export.build) for N consenting respondents. Not a test.

Seeds its own database (emptied first: a SQLite file in --var-dir, or PostgreSQL's public schema):
one organisation, N practitioners who agreed to research use, each with --assessments submitted
full assessments (115 key activities, about 1 in 12 "not applicable") and their stored scores,
then builds the export --repeats times and prints the median time (wall clock and this process's
CPU: on a shared machine the first includes waiting for a core), the zip's size and the rows.

    .venv/bin/python bench/research_export.py --respondents 1000
    .venv/bin/python bench/research_export.py --respondents 1000 --database-url postgres://…/praxis_bench
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=1000)
    parser.add_argument("--assessments", type=int, default=2, help="submitted full assessments each")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--var-dir", default="/tmp/praxis-research-bench")
    parser.add_argument("--output", help="append the result line to this file")
    args = parser.parse_args()
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
        Path(args.var_dir).mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(args.var_dir, "praxis.sqlite3" + suffix).unlink(missing_ok=True)
    os.environ["PRAXIS_VAR_DIR"] = args.var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "praxis.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from praxis.accounts.models import Membership, Organisation, User
    from praxis.assessments import scores
    from praxis.assessments.models import Answer, Assessment, CompetencyResult
    from praxis.core.frameworks import current_framework, current_framework_version
    from praxis.research import export

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    rng = random.Random(13)
    framework, version = current_framework(), current_framework_version()
    items = [a.id for c in framework.competencies for a in c.key_activities]
    now = timezone.now()
    with transaction.atomic():
        organisation = Organisation.objects.create(name="Bench research", slug="bench-research")
        users = User.objects.bulk_create(
            [User(email=f"r{n}@bench.example", full_name=f"Respondent {n}") for n in range(args.respondents)],
            batch_size=2000,
        )
        Membership.objects.bulk_create(
            [Membership(user=u, organisation=organisation, research_consent=True) for u in users],
            batch_size=2000,
        )
        for chunk in range(0, len(users), 500):
            made = Assessment.objects.bulk_create(
                [
                    Assessment(
                        owner=u,
                        kind="full",
                        status="submitted",
                        framework_version=version,
                        submitted_at=now - timedelta(days=60 * k + rng.randint(0, 30)),
                    )
                    for u in users[chunk : chunk + 500]
                    for k in range(args.assessments)
                ]
            )
            answers = []
            for a in made:
                for item in items:
                    na = rng.random() < 1 / 12
                    answers.append(
                        Answer(
                            assessment=a,
                            item_id=item,
                            level=None if na else rng.randint(1, 5),
                            not_applicable=na,
                        )
                    )
            Answer.objects.bulk_create(answers, batch_size=5000)
            by_assessment: dict[int, list] = {a.pk: [] for a in made}
            for answer in answers:
                by_assessment[answer.assessment_id].append(answer)
            CompetencyResult.objects.bulk_create(
                [row for a in made for row in scores.results_to_store(a, by_assessment[a.pk])],
                batch_size=5000,
            )
    seeded = time.perf_counter() - started
    timings, cpu, made = [], [], None
    for _ in range(args.repeats):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        made = export.build(organisation, kind="full")
        timings.append(time.perf_counter() - begin)
        cpu.append(time.process_time() - begin_cpu)
    line = (
        f"{connection.vendor}: {made.respondents} respondents, {made.rows} rows × {len(items)} items: "
        f"export median {statistics.median(timings):.2f} s (min {min(timings):.2f}, {args.repeats} runs; "
        f"this process's CPU {statistics.median(cpu):.2f} s), "
        f"zip {len(made.content) / 1e6:.1f} MB; seeding took {seeded:.0f} s"
    )
    print(line)
    if args.output:
        with open(args.output, "a") as out:
            out.write(line + "\n")


if __name__ == "__main__":
    main()
