"""No download names anyone, or gives anyone's e-mail address, that the page it comes from does
not show to the same person.

Every PDF and table a user can download is listed in EXPORTS, one line each: (what it is, who
downloads it, the page's URL, the download's URL). The world below holds everyone a download could
leak: the owner, colleagues, the supervisor, the lead, someone in another organisation, named raters.
"""

import html
import io
import re
from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conftest import _member, _person
from praxis.accounts.models import Organisation, ShareAudience, SupervisionLink, User
from praxis.accounts.services import share_set
from praxis.assessments import services as assessments
from praxis.core.tests import pdfs
from praxis.development import services as plans
from praxis.feedback import services as feedback
from praxis.framework import bundled_framework
from praxis.journal import services as journal
from praxis.programmes.models import Module, ModuleMapping, Programme, ProgrammeStaff, StaffRole
from praxis.supervision import services as supervision
from praxis.supervision.tests.conftest import entry, feedback_round, share
from praxis.teams import offer

pytestmark = pytest.mark.django_db

RATER = ("Rita Ratingson", "rita.ratingson@raters.example")


def _url(name, *keys, query=""):
    return lambda o: reverse(name, args=[o[k] for k in keys]) + query


EXPORTS = [
    # (what, viewer, page, download)
    (
        "own results PDF",
        "alice",
        _url("assessments:results", "assessment"),
        _url("assessments:results_pdf", "assessment", query="?details=on"),
    ),
    (
        "supervisee's results PDF",
        "carol",
        _url("assessments:results", "assessment"),
        _url("assessments:results_pdf", "assessment", query="?details=on"),
    ),
    (
        "lead's view of shared results PDF",
        "lena",
        _url("assessments:results", "assessment"),
        _url("assessments:results_pdf", "assessment"),
    ),
    ("own plan PDF", "alice", _url("development:detail", "plan"), _url("development:pdf", "plan")),
    ("supervisee's plan PDF", "carol", _url("development:detail", "plan"), _url("development:pdf", "plan")),
    ("feedback report PDF", "alice", _url("feedback:report", "round"), _url("feedback:report_pdf", "round")),
    (
        "supervision page PDF",
        "carol",
        _url("supervision:supervisee", "alice"),
        _url("supervision:supervisee_pdf", "alice"),
    ),
    (
        "results history CSV",
        "alice",
        _url("assessments:history", "quick"),
        _url("assessments:history_export", "quick"),
    ),
    (
        "results history XLSX",
        "alice",
        _url("assessments:history", "quick"),
        _url("assessments:history_export", "quick", query="?format=xlsx"),
    ),
    ("journal CSV", "alice", _url("journal:index"), _url("journal:export")),
    ("journal XLSX", "alice", _url("journal:index"), _url("journal:export", query="?format=xlsx")),
    (
        "coverage CSV",
        "alice",
        _url("programmes:coverage", "programme"),
        _url("programmes:coverage", "programme", query="?format=csv"),
    ),
    (
        "coverage XLSX",
        "alice",
        _url("programmes:coverage", "programme"),
        _url("programmes:coverage", "programme", query="?format=xlsx"),
    ),
    (
        "coverage PDF",
        "alice",
        _url("programmes:coverage", "programme"),
        _url("programmes:coverage_pdf", "programme"),
    ),
    (
        "team heat map CSV",
        "lena",
        _url("teams:heat_map", "org"),
        _url("teams:heat_map_export", "org", query="?format=csv"),
    ),
    (
        "team heat map XLSX",
        "lena",
        _url("teams:heat_map", "org"),
        _url("teams:heat_map_export", "org", query="?format=xlsx"),
    ),
    (
        "support offer version PDF",
        "lena",
        _url("teams_people:offer_version", "org", "offer", "one"),
        _url("teams_people:offer_version_pdf", "org", "offer", "one"),
    ),
    (
        "support offer public PDF",
        None,  # anyone, signed in or not
        _url("teams_people:offer_public", "offer_slug"),
        _url("teams_people:offer_public_pdf", "offer_slug"),
    ),
]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside an outer transaction (each test runs in its own savepoint
    and only reads), then rolled back."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _build():
    northside = Organisation.objects.create(name="Northside", slug="northside")
    southside = Organisation.objects.create(name="Southside", slug="southside")
    alice, bob, carol, lena = (
        _member(_person(name), northside, role)
        for name, role in [
            ("alice", "practitioner"),
            ("bob", "practitioner"),
            ("carol", "supervisor"),
            ("lena", "lead"),
        ]
    )
    _member(_person("dave"), southside, "lead")
    SupervisionLink.objects.create(
        organisation=northside, supervisor=carol, supervisee=alice, confirmed_at=timezone.now()
    )
    for user in User.objects.all():
        User.objects.filter(pk=user.pk).update(
            full_name=f"{user.full_name} {user.full_name}son"
        )  # "Alice Aliceson"
    assessment = _assessment(alice)
    share_set(owner=alice, obj=assessment, organisation=northside, audience=ShareAudience.ORGANISATION)
    plan = plans.create_plan(owner=alice, title="Plan")
    focus = plans.add_focus(plan=plan, competency_id="co-design")
    plans.add_person(focus=focus, name="Mentor Mentorsson")  # typed by alice, shown on her plan
    plans.link_evidence(focus=focus, entry=entry(alice, "Shared entry", northside))
    plans.link_evidence(focus=focus, entry=entry(alice, "Private entry about Bob Bobson"))
    share(alice, plan, northside)
    plans.add_comment(plan=plan, author=carol, text="Good start")
    round_ = feedback_round(alice, answers=3)
    feedback.add_rater(round_=round_, email=RATER[1], name=RATER[0], relationship="peer", notify=False)
    feedback.close_round(round_=round_)
    share(alice, round_, northside)
    supervision.note_add(author=carol, supervisee=alice, text="For me only", visibility="private")
    journal.create_entry(
        owner=bob, kind="reflection", fields={"occurred_on": date(2026, 11, 2), "title": "Bob's own"}
    )
    programme = Programme.objects.create(organisation=northside, name="Certificate")
    ProgrammeStaff.objects.create(programme=programme, user=alice, role=StaffRole.LEAD)
    module = Module.objects.create(programme=programme, name="Foundations", order=1)
    ModuleMapping.objects.create(module=module, competency_id="co-learning", level=0)
    statement = offer.statement_start(organisation=northside, by=lena)
    offer.statement_publish(statement=statement, by=lena, number=1)
    keys = {
        "programme": programme.pk,
        "org": northside.slug,
        "offer": statement.pk,
        "offer_slug": statement.slug,
        "one": 1,
        "assessment": assessment.pk,
        "plan": plan.pk,
        "round": round_.pk,
        "alice": alice.pk,
        "quick": "quick",
    }
    people = {"alice": alice, "carol": carol, "lena": lena}
    identities = [x for u in User.objects.all() for x in (u.full_name, u.email)] + list(RATER)
    identities += [f"peer{i}@example.org" for i in range(3)]
    return keys, people, identities


def _assessment(owner):
    made = assessments.start_assessment(owner=owner, kind="quick")
    for competency in bundled_framework().competencies:
        assessments.save_answer(assessment=made, item_id=competency.id, raw="3")
    return assessments.submit(assessment=made)


def _text(response) -> str:
    kind = response["Content-Type"]
    if kind == "application/pdf":
        document = pdfs.reader(response.content)
        meta = " ".join(str(v) for v in (document.metadata or {}).values())
        return pdfs.text(response.content) + " " + meta
    if kind.startswith("application/vnd.openxmlformats"):
        sheet = load_workbook(io.BytesIO(response.content)).active
        return " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None)
    return response.content.decode()


def _page_text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


@pytest.mark.parametrize("what,viewer,page,download", EXPORTS, ids=[row[0] for row in EXPORTS])
def test_a_download_names_no_one_its_page_does_not(client, world, what, viewer, page, download):
    keys, people, identities = world
    if viewer:
        client.force_login(people[viewer])
    shown = client.get(page(keys))
    assert shown.status_code == 200, what
    got = client.get(download(keys))
    assert got.status_code == 200, what
    exported = " ".join(_text(got).split())
    page_text = _page_text(shown)
    leaked = [who for who in identities if re.search(re.escape(who), exported) and who not in page_text]
    assert not leaked, f"{what} as {viewer} names {leaked}, which its page does not show"
