"""Benchmark: the development plan page with many peer mentors. Not part of the test suite.

Seeds a throwaway SQLite database with an organisation of MENTORS opted-in peer mentors, each with
a submitted full assessment (about 115 answers) shared with the organisation, and a practitioner
whose plan has three focuses; then times the plan page (owner, who gets mentor suggestions) over
REPEATS requests and writes median / p95 timings and query counts to bench/results/plans.txt.

    .venv/bin/python bench/plans.py [--mentors 140] [--repeats 20]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentors", type=int, default=140)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "plans.txt"))
    args = parser.parse_args()

    setup(None, tempfile.mkdtemp(prefix="praxis-bench-"))
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    owner, plan = seed(args.mentors)
    median, p95, queries, size = measure(owner, plan, args.repeats)
    line = (
        f"plan page, owner, {args.mentors} opted-in mentors with a shared full assessment: "
        f"median {median:.1f} ms, p95 {p95:.1f} ms, {queries} queries, {size} bytes fetched from the database"
    )
    print(line)
    Path(args.output).write_text(line + "\n")


def seed(mentors: int):
    import random

    from django.db import transaction
    from django.utils import timezone

    from praxis.accounts.models import Membership, Organisation, User
    from praxis.accounts.services import share_set
    from praxis.assessments.models import Answer, Assessment, Status
    from praxis.core.frameworks import current_framework, current_framework_version
    from praxis.development import services

    framework = current_framework()
    version = current_framework_version()
    rng = random.Random(7)
    full_items = [a.id for c in framework.competencies for a in c.key_activities]
    with transaction.atomic():
        organisation = Organisation.objects.create(name="Bench", slug="bench")
        owner = User.objects.create_user(email="owner@bench.example", password="x", full_name="Owner")
        Membership.objects.create(user=owner, organisation=organisation, role="practitioner")
        for n in range(mentors):
            person = User.objects.create_user(
                email=f"m{n}@bench.example", password="x", full_name=f"Mentor {n}"
            )
            Membership.objects.create(
                user=person, organisation=organisation, role="practitioner", peer_mentor=True
            )
            assessment = Assessment.objects.create(
                owner=person,
                kind="full",
                framework_version=version,
                status=Status.SUBMITTED,
                submitted_at=timezone.now(),
            )
            Answer.objects.bulk_create(
                Answer(assessment=assessment, item_id=i, level=rng.randint(2, 5)) for i in full_items
            )
            share_set(owner=person, obj=assessment, organisation=organisation, audience="organisation")
        plan = services.create_plan(owner=owner)
        for cid in ("co-design", "facilitation", "communication"):
            services.add_focus(plan=plan, competency_id=cid)
    try:  # stored scores, where this version of Praxis keeps them
        call_command_quiet("scores", "rebuild")
    except Exception as error:  # noqa: BLE001 - an older version has no such command
        print(f"(no stored scores: {error})")
    return owner, plan


def call_command_quiet(*args):
    from io import StringIO

    from django.core.management import call_command

    call_command(*args, stdout=StringIO())


def measure(owner, plan, repeats: int):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(owner)
    url = f"/plans/{plan.pk}/"
    assert client.get(url).status_code == 200  # warm caches
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    fetched = 0
    with connection.cursor() as cursor:
        for q in queries.captured_queries:
            if q["sql"].lstrip().upper().startswith("SELECT"):
                try:
                    cursor.execute(q["sql"])
                except Exception:  # noqa: BLE001 - a query whose logged form cannot be replayed
                    continue
                fetched += sum(len(str(v)) for row in cursor.fetchall() for v in row)
    timings.sort()
    return statistics.median(timings), timings[int(0.95 * (len(timings) - 1))], len(queries), fetched


if __name__ == "__main__":
    main()
