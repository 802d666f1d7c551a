"""Benchmark: self-assessment pages at organisation scale. Not part of the test suite.

Seeds a throwaway SQLite database (or the one DATABASE_URL names) with an organisation of
PEOPLE practitioners, each with CYCLES submitted quick assessments and one full assessment,
all shared with one supervisor; then times each page over REPEATS requests through Django's
test client and writes median / p95 timings and query counts to bench/results/assessments.txt.

    .venv/bin/python bench/assessments.py [--people 200] [--cycles 4] [--repeats 20]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--cycles", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="praxis-bench-")
    os.environ.setdefault("PRAXIS_VAR_DIR", workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "praxis.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    seeded = seed(args.people, args.cycles)
    rows = measure(seeded, args.repeats)
    write(rows, args, seeded)


def seed(people: int, cycles: int) -> dict:
    import random

    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from praxis.accounts.models import Membership, Organisation, Share, SupervisionLink, User
    from praxis.assessments.models import Answer, Assessment, Status
    from praxis.core.frameworks import current_framework, current_framework_version

    started = time.perf_counter()
    framework = current_framework()
    version = current_framework_version()
    rng = random.Random(7)
    quick_items = [c.id for c in framework.competencies]
    full_items = [a.id for c in framework.competencies for a in c.key_activities]
    with transaction.atomic():
        organisation = Organisation.objects.create(name="Bench", slug="bench")
        supervisor = User.objects.create_user(
            email="supervisor@bench.example", password="x", full_name="Sue Pervisor"
        )
        Membership.objects.create(user=supervisor, organisation=organisation, role="supervisor")
        practitioner = None
        for n in range(people):
            practitioner = User.objects.create_user(
                email=f"p{n}@bench.example", password="x", full_name=f"Person {n}"
            )
            Membership.objects.create(user=practitioner, organisation=organisation, role="practitioner")
            SupervisionLink.objects.create(
                organisation=organisation,
                supervisor=supervisor,
                supervisee=practitioner,
                confirmed_at=timezone.now(),
            )
            for cycle in range(cycles + 1):
                kind, items = ("full", full_items) if cycle == cycles else ("quick", quick_items)
                assessment = Assessment.objects.create(
                    owner=practitioner,
                    kind=kind,
                    framework_version=version,
                    status=Status.SUBMITTED,
                    submitted_at=timezone.now() - timezone.timedelta(days=90 * (cycles - cycle)),
                )
                Answer.objects.bulk_create(
                    Answer(assessment=assessment, item_id=i, level=rng.randint(1, 5)) for i in items
                )
                Share.objects.create(
                    owner=practitioner,
                    content_type=ContentType.objects.get_for_model(Assessment),
                    object_id=assessment.pk,
                    organisation=organisation,
                    audience="supervisors",
                )
        draft = Assessment.objects.create(owner=practitioner, kind="full", framework_version=version)
        Answer.objects.bulk_create(Answer(assessment=draft, item_id=i, level=3) for i in full_items[:60])
    return {
        "supervisor": supervisor,
        "practitioner": practitioner,
        "draft": draft,
        "latest_quick": Assessment.objects.filter(owner=practitioner, kind="quick")
        .order_by("-submitted_at")
        .first(),
        "full": Assessment.objects.filter(owner=practitioner, kind="full", status="submitted").first(),
        "seconds": time.perf_counter() - started,
        "answers": Answer.objects.count(),
    }


def measure(seeded: dict, repeats: int) -> list[tuple[str, float, float, int]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    pages = [
        ("practitioner dashboard", seeded["practitioner"], reverse("shell:dashboard")),
        ("supervisor dashboard", seeded["supervisor"], reverse("shell:dashboard")),
        (
            "full assessment page",
            seeded["practitioner"],
            reverse("assessments:page", args=[seeded["draft"].pk, 8]),
        ),
        (
            "quick results",
            seeded["practitioner"],
            reverse("assessments:results", args=[seeded["latest_quick"].pk]),
        ),
        ("full results", seeded["practitioner"], reverse("assessments:results", args=[seeded["full"].pk])),
        (
            "results seen by supervisor",
            seeded["supervisor"],
            reverse("assessments:results", args=[seeded["latest_quick"].pk]),
        ),
        ("growth history", seeded["practitioner"], reverse("assessments:history", args=["quick"])),
        ("guide competency page", None, reverse("guide:competency", args=["facilitation"])),
    ]
    rows = []
    for name, user, url in pages:
        client = Client()
        if user:
            client.force_login(user)
        assert client.get(url).status_code == 200, url  # warm-up, and a check
        timings = []
        for _ in range(repeats):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
        p95 = sorted(timings)[max(0, int(len(timings) * 0.95) - 1)]
        rows.append((name, statistics.median(timings), p95, len(queries)))
    return rows


def write(rows, args, seeded) -> None:
    from django.db import connection

    lines = [
        f"# Self-assessment pages at organisation scale ({time.strftime('%Y-%m-%d')})",
        f"database: {connection.vendor}; {args.people} practitioners x ({args.cycles} quick + 1 full) "
        f"assessments; {seeded['answers']} answers; seeded in {seeded['seconds']:.1f} s; "
        f"{args.repeats} requests per page",
        "",
        f"{'page':32} {'median ms':>10} {'p95 ms':>8} {'queries':>8}",
    ]
    lines += [f"{name:32} {median:10.1f} {p95:8.1f} {queries:8d}" for name, median, p95, queries in rows]
    text = "\n".join(lines) + "\n"
    out = ROOT / "bench" / "results" / "assessments.txt"
    out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
