"""Benchmark: how long each PDF report takes to make. Not part of the test suite.

Seeds a throwaway SQLite database with a practitioner (a full assessment of ~115 answers, shared
with her supervisor; a plan with three focuses, steps and evidence; a closed feedback round with
six raters) and her supervisor, then downloads each PDF REPEATS times through Django's test client
(policy, selectors, template and WeasyPrint: the whole request) and writes the median wall-clock and
CPU times, the slowest, page counts and sizes to bench/results/pdf.txt, with the machine's load average.

    .venv/bin/python bench/pdf.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import io
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
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "pdf.txt"))
    args = parser.parse_args()

    os.environ.setdefault("PRAXIS_VAR_DIR", tempfile.mkdtemp(prefix="praxis-bench-pdf-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "praxis.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    urls, alice, carol = seed()
    lines = [
        f"PDF reports, {args.repeats} downloads each (whole request), load average {os.getloadavg()[0]:.1f}:"
    ]
    for name, url, viewer in [
        ("results (full assessment, A4)", urls["results"], alice),
        (
            "results with plan focuses and evidence (Letter)",
            urls["results"] + "?details=on&paper=letter",
            alice,
        ),
        ("development plan (3 focuses)", urls["plan"], alice),
        ("feedback report (6 raters, 15 competencies)", urls["report"], alice),
        ("supervision page (supervisor)", urls["supervisee"], carol),
    ]:
        lines.append(measure(name, url, viewer, args.repeats))
        print(lines[-1])
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text("\n".join(lines) + "\n")


def seed():
    from datetime import date, timedelta

    from django.db import transaction
    from django.urls import reverse
    from django.utils import timezone

    from praxis.accounts.models import Membership, Organisation, Role, ShareAudience, SupervisionLink, User
    from praxis.accounts.services import share_set
    from praxis.assessments import scores
    from praxis.assessments import services as assessments
    from praxis.development import services as plans
    from praxis.feedback import services as feedback
    from praxis.journal import services as journal

    with transaction.atomic():
        org = Organisation.objects.create(name="Northside", slug="northside")
        alice = User.objects.create_user(
            email="alice@bench.example", password="x" * 20, full_name="Alice Archer"
        )
        carol = User.objects.create_user(
            email="carol@bench.example", password="x" * 20, full_name="Carol Carter"
        )
        Membership.objects.create(user=alice, organisation=org, role=Role.PRACTITIONER)
        Membership.objects.create(user=carol, organisation=org, role=Role.SUPERVISOR)
        SupervisionLink.objects.create(
            organisation=org, supervisor=carol, supervisee=alice, confirmed_at=timezone.now()
        )
        made = assessments.start_assessment(owner=alice, kind="full")
        items = [i for ids in scores.questionnaire_of(made).structure.values() for i in ids]
        for n, item in enumerate(items):
            assessments.save_answer(assessment=made, item_id=item, raw=str(1 + n % 5))
        made = assessments.submit(assessment=made)
        share_set(owner=alice, obj=made, organisation=org, audience=ShareAudience.SUPERVISORS)
        plan = plans.create_plan(owner=alice, title="Two years of growth")
        for cid in ("co-design", "facilitation", "building-capacity"):
            focus = plans.add_focus(plan=plan, competency_id=cid)
            for k in range(3):
                plans.step_add(focus=focus, text=f"Step {k + 1} for {cid}", due_on=date(2030, 1, 1))
            entry = journal.create_entry(
                owner=alice,
                kind="reflection",
                fields={"occurred_on": date(2026, 11, 1), "title": f"About {cid}"},
            )
            plans.link_evidence(focus=focus, entry=entry)
        share_set(owner=alice, obj=plan, organisation=org, audience=ShareAudience.SUPERVISORS)
        competencies = [c.id for c in scores.framework_of(made).competencies]
        round_ = feedback.create_round(
            owner=alice,
            title="Autumn feedback",
            message="",
            closes_on=timezone.localdate() + timedelta(days=10),
            competency_ids=competencies,
            include_relationship=True,
        )
        for i in range(6):
            _, token = feedback.add_rater(
                round_=round_, email=f"r{i}@bench.example", name="", relationship="peer", notify=False
            )
            feedback.save_response(
                token=token,
                posted={cid: str(2 + (i + n) % 4) for n, cid in enumerate(competencies)},
                comment=f"Comment {i}",
                identifiable=False,
                submit=True,
            )
        feedback.close_round(round_=round_)
        share_set(owner=alice, obj=round_, organisation=org, audience=ShareAudience.SUPERVISORS)
    urls = {
        "results": reverse("assessments:results_pdf", args=[made.pk]),
        "plan": reverse("development:pdf", args=[plan.pk]),
        "report": reverse("feedback:report_pdf", args=[round_.pk]),
        "supervisee": reverse("supervision:supervisee_pdf", args=[alice.pk]),
    }
    return urls, alice, carol


def measure(name, url, viewer, repeats) -> str:
    from django.test import Client
    from pypdf import PdfReader

    client = Client()
    client.force_login(viewer)
    client.get(url)  # warm: WeasyPrint's first use loads Pango and the fonts
    times, cpu = [], []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (name, response.status_code)
    pages = len(PdfReader(io.BytesIO(response.content)).pages)
    return (
        f"  {name}: median {statistics.median(times):.0f} ms (CPU {statistics.median(cpu):.0f} ms), "
        f"slowest {max(times):.0f} ms, "
        f"{pages} pages, {len(response.content) // 1024} KB"
    )


if __name__ == "__main__":
    main()
