"""Benchmark: how long each PDF report takes to make. Not part of the test suite.

Seeds a throwaway SQLite database with a practitioner (a full assessment of ~115 answers, shared
with her supervisor; a plan with three focuses, steps and evidence; a closed feedback round with
six raters) and her supervisor; a lead, eight members who count in statistics and a published
support offer; the demo programme (4 modules) and one of 12 modules. Then it downloads each PDF
REPEATS times through Django's test client (policy, selectors, template and WeasyPrint: the whole
request) and writes the median wall-clock and CPU times, the slowest, page counts and sizes to
bench/results/pdf.txt, with the machine's load average.

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

from bench.seed import setup  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--output", default=str(ROOT / "bench" / "results" / "pdf.txt"))
    args = parser.parse_args()

    setup(None, tempfile.mkdtemp(prefix="praxis-bench-pdf-"))
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    urls, alice, carol, lena = seed()
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
        ("coverage matrix (4 modules, A4)", urls["coverage"], lena),
        ("coverage matrix (12 modules, Letter landscape)", urls["coverage_wide"] + "?paper=letter", lena),
        ("support offer, public page (anyone)", urls["offer_public"], None),
        ("support offer, a version (lead, Letter)", urls["offer_version"] + "?paper=letter", lena),
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
    urls |= seed_team_pages(org)
    return urls, alice, carol, User.objects.get(email="lena@bench.example")


def seed_team_pages(org):
    """A lead; eight members who count in statistics (five proficient in four competencies) and a
    published support offer; the demo programme (4 modules) and one of 12 modules."""
    from django.urls import reverse

    from praxis.accounts.models import Membership, Role, User
    from praxis.accounts.services import consents_set
    from praxis.assessments import services as assessments
    from praxis.framework import bundled_framework
    from praxis.programmes.demo import demo_programme
    from praxis.programmes.models import Module, ModuleMapping, Programme, ProgrammeStaff, StaffRole
    from praxis.teams import offer

    lena = User.objects.create_user(email="lena@bench.example", password="x" * 20, full_name="Lena Lead")
    Membership.objects.create(user=lena, organisation=org, role=Role.LEAD)
    competencies = [c.id for c in bundled_framework().competencies]
    for i in range(8):
        member = User.objects.create_user(
            email=f"m{i}@bench.example", password="x" * 20, full_name=f"Member {i}", role_title="Coach"
        )
        Membership.objects.create(user=member, organisation=org, role=Role.PRACTITIONER)
        made = assessments.start_assessment(owner=member, kind="quick")
        for n, cid in enumerate(competencies):
            assessments.save_answer(assessment=made, item_id=cid, raw="4" if i < 5 and n % 4 == 0 else "2")
        assessments.submit(assessment=made)
        consents_set(user=member, organisation=org, named_to_leads=False, counted_in_statistics=True)
    statement = offer.statement_start(organisation=org, by=lena)
    offer.statement_publish(statement=statement, by=lena, number=1)
    tutor = User.objects.get(email="carol@bench.example")
    programme = demo_programme(organisation=org, lead=lena, tutor=tutor)
    wide = Programme.objects.create(organisation=org, name="A wide programme")
    ProgrammeStaff.objects.create(programme=wide, user=lena, role=StaffRole.LEAD)
    for m in range(12):
        module = Module.objects.create(
            programme=wide, name=f"Module {m + 1} on implementation practice", order=m + 1
        )
        for n, cid in enumerate(competencies):
            if (m + n) % 3 == 0:
                ModuleMapping.objects.create(
                    module=module, competency_id=cid, level=(m + n) % 3, assessed=n % 4 == 0
                )
    return {
        "coverage": reverse("programmes:coverage_pdf", args=[programme.pk]),
        "coverage_wide": reverse("programmes:coverage_pdf", args=[wide.pk]),
        "offer_public": reverse("teams_people:offer_public_pdf", args=[statement.slug]),
        "offer_version": reverse("teams_people:offer_version_pdf", args=[org.slug, statement.pk, 1]),
    }


def measure(name, url, viewer, repeats) -> str:
    from django.core.cache import cache
    from django.test import Client
    from pypdf import PdfReader

    client = Client()
    if viewer is not None:
        client.force_login(viewer)
    client.get(url)  # warm: WeasyPrint's first use loads Pango and the fonts
    times, cpu = [], []
    for _ in range(repeats):
        cache.clear()  # the public offer's PDF is limited per address; the bench measures rendering
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
