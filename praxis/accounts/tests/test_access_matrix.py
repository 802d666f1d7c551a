"""Every URL × every kind of visitor, with the status each gets.

Objects a visitor may not see answer 404 (never their content); actions inside an organisation
the visitor can see, but whose role does not allow them, answer 403; anonymous visitors are sent
to sign in (302). Decided in the policy modules (praxis.accounts.policy and each app's policy.py);
this matrix is their specification.

The visitors: the owner (alice); a colleague (bob); her supervisor (carol, a link alice confirmed);
a pending supervisor (sam, linked to alice by the lead, not yet confirmed by her); the lead (lena);
an outsider (dave, lead of another organisation).

Every GET case also checks that the page wrote nothing (no INSERT, UPDATE or DELETE outside the
sessions table): no GET handler writes, for any visitor.
"""

import re
import sys
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import _member, _person
from praxis.accounts import services as accounts
from praxis.accounts.models import Membership, Organisation, Role, ShareAudience, SupervisionLink, User
from praxis.assessments import services as assessments
from praxis.core.models import Job
from praxis.development import services as plans
from praxis.feedback import services as feedback
from praxis.journal import services as journal
from praxis.programmes.models import Module, ModuleMapping, Programme, ProgrammeStaff, StaffRole
from praxis.programmes.tests.cohort_access import COHORT_MATRIX, cohort_objects
from praxis.shell.digest import unsubscribe_token
from praxis.supervision import services as supervision
from praxis.teams import offer as teams_offer
from praxis.teams.models import Team

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
ROLES = ["anonymous", "owner", "colleague", "supervisor", "pending", "lead", "outsider"]
MEMBERS = ["owner", "colleague", "supervisor", "pending", "lead"]


def share(owner, obj, organisation, audience=ShareAudience.SUPERVISORS):
    accounts.share_set(owner=owner, obj=obj, organisation=organisation, audience=audience)


@pytest.fixture
def sam(northside):
    return _sam(northside)


def _sam(northside):
    sam = User.objects.create_user(email="sam@example.org", password="a-long-test-password", full_name="Sam")
    Membership.objects.create(user=sam, organisation=northside, role=Role.SUPERVISOR)
    return sam


@pytest.fixture
def world(alice, bob, carol, sam, lena, dave, northside, make_assessment):
    return build_world(alice, bob, carol, sam, lena, dave, northside, make_assessment)


@pytest.fixture(scope="module")
def world_once(django_db_setup, django_db_blocker):
    """The same world, built once per module for tests that only read it or change it inside
    their own savepoint: the matrix's hundreds of cases each run in pytest-django's per-test atomic,
    nested in this one outer transaction, so whatever a case changes is rolled back before the
    next and the world is built once instead of hundreds of times."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            northside = Organisation.objects.create(name="Northside", slug="northside")
            southside = Organisation.objects.create(name="Southside", slug="southside")
            alice = _member(_person("alice"), northside, Role.PRACTITIONER)
            bob = _member(_person("bob"), northside, Role.PRACTITIONER)
            carol = _member(_person("carol"), northside, Role.SUPERVISOR)
            SupervisionLink.objects.create(
                organisation=northside, supervisor=carol, supervisee=alice, confirmed_at=timezone.now()
            )
            lena = _member(_person("lena"), northside, Role.LEAD)
            dave = _member(_person("dave"), southside, Role.LEAD)
            built = build_world(alice, bob, carol, _sam(northside), lena, dave, northside, _assessment)
        except BaseException:
            outer.__exit__(*sys.exc_info())
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def sessions(world_once, django_db_blocker):
    """A signed-in session per role, made once in the module's transaction (as
    `Client.force_login` makes it). A case hands its role's session to the client instead of
    signing in again: a third of a case's time went on signing in. What a case does to a session
    (signing out, a new password) is rolled back with the rest of the case."""
    people, _ = world_once
    made = {}
    with django_db_blocker.unblock():
        for role, person in people.items():
            client = Client()
            client.force_login(person)
            made[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return made


def writes(queries: CaptureQueriesContext) -> list[str]:
    """The statements that changed a table (the session middleware may save a session it touched)."""
    return [
        q["sql"]
        for q in queries.captured_queries
        if WRITE.match(q["sql"]) and "django_session" not in q["sql"]
    ]


def sign_in_as(client, sessions, role):
    """The client is `role`'s browser, signed in (or nobody's, for "anonymous")."""
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]


def _assessment(owner, kind="quick", answers=None, submit=True):
    made = assessments.start_assessment(owner=owner, kind=kind)
    for item_id, raw in (answers or {}).items():
        assessments.save_answer(assessment=made, item_id=item_id, raw=raw)
    return assessments.submit(assessment=made) if submit else made


def build_world(alice, bob, carol, sam, lena, dave, northside, make_assessment):
    private = make_assessment(alice, answers={"co-learning": "3"})
    for_supervisors = make_assessment(alice, answers={"co-learning": "3"})
    share(alice, for_supervisors, northside, ShareAudience.SUPERVISORS)
    for_organisation = make_assessment(alice, answers={"co-learning": "3"})
    share(alice, for_organisation, northside, ShareAudience.ORGANISATION)
    draft = make_assessment(alice, answers={"co-learning": "3"}, submit=False)
    private_plan = plans.create_plan(owner=alice)
    shared_plan = plans.create_plan(owner=alice)
    focus = plans.add_focus(plan=shared_plan, competency_id="co-design")
    step = plans.step_add(focus=focus, text="Read", due_on=None)
    resource = plans.add_resource(focus=focus, source="own", title="A book")
    person = plans.add_person(focus=focus, name="Ann")
    share(alice, shared_plan, northside)
    today = date.today()
    private_entry = journal.create_entry(
        owner=alice, kind="reflection", fields={"occurred_on": today, "title": "Alice's"}
    )
    shared_entry = journal.create_entry(
        owner=alice, kind="reflection", fields={"occurred_on": today, "title": "Shared"}
    )
    share(alice, shared_entry, northside)
    deleted = journal.delete_entry(
        entry=journal.create_entry(
            owner=alice, kind="reflection", fields={"occurred_on": today, "title": "Gone"}
        )
    )
    pending_link = accounts.link_supervisor(organisation=northside, by=lena, supervisor=sam, supervisee=alice)
    closes = today + timedelta(days=10)
    open_round = feedback.create_round(
        owner=alice,
        title="Round",
        message="",
        closes_on=closes,
        competency_ids=["co-design"],
        include_relationship=False,
    )
    _, rater_token = feedback.add_rater(
        round_=open_round, email="rater@example.org", name="", relationship="peer"
    )
    closed_round = feedback.create_round(
        owner=alice,
        title="Done",
        message="",
        closes_on=closes,
        competency_ids=["co-design"],
        include_relationship=False,
    )
    feedback.close_round(round_=closed_round)
    agreed_action = supervision.action_propose(proposed_by=carol, supervisee=alice, text="Ask the site team")
    offer = teams_offer.statement_start(organisation=northside, by=lena)  # a draft, not published
    team = Team.objects.create(organisation=northside, name="Coaching")
    published_offer = teams_offer.statement_start(organisation=northside, by=lena, team=team)
    teams_offer.statement_publish(statement=published_offer, by=lena, number=1)
    # programmes: alice leads one (programme lead), bob tutors on it (read-only staff), carol and sam are
    # members who are not its staff (as a learner is), lena leads the organisation, dave is an outsider
    programme = Programme.objects.create(organisation=northside, name="Certificate")
    ProgrammeStaff.objects.create(programme=programme, user=alice, role=StaffRole.LEAD)
    tutor = ProgrammeStaff.objects.create(programme=programme, user=bob, role=StaffRole.TUTOR)
    module = Module.objects.create(programme=programme, name="Foundations", order=1)
    ModuleMapping.objects.create(module=module, competency_id="co-learning", level=0)
    job = Job.objects.create(
        owner=alice, kind="research export", expires_at=timezone.now() + timedelta(days=7)
    )
    people = {
        "owner": alice,
        "colleague": bob,
        "supervisor": carol,
        "pending": sam,
        "lead": lena,
        "outsider": dave,
    }
    objects = {
        "private": private,
        "for_supervisors": for_supervisors,
        "for_organisation": for_organisation,
        "draft": draft,
        "org": northside,
        "membership": bob.memberships.get(organisation=northside),
        "private_plan": private_plan,
        "shared_plan": shared_plan,
        "focus": focus,
        "step": step,
        "resource": resource,
        "person": person,
        "private_entry": private_entry,
        "shared_entry": shared_entry,
        "open_round": open_round,
        "closed_round": closed_round,
        "rater_token": rater_token,
        "pending_link": pending_link,
        "agreed_action": agreed_action,
        "deleted": deleted,
        "offer": offer,
        "team": team,
        "published_offer": published_offer,
        "programme": programme,
        "module": module,
        "tutor": tutor,
        "job": job,
    } | cohort_objects(alice=alice, bob=bob, carol=carol, northside=northside)
    return people, objects


def everyone(status):
    return dict.fromkeys(ROLES[1:], status) | {"anonymous": 302}


def only(role_statuses, default=404):
    return everyone(default) | role_statuses


def only_leads(status):
    """Leads of any organisation: Northside's lead and the outsider, who leads Southside."""
    return {"lead": status, "outsider": status}


def members(status, **others):
    """What every member of Northside gets, with exceptions by role; the outsider gets 404."""
    return only(dict.fromkeys(MEMBERS, status) | others)


def programme_staff(status, tutor=403):
    """Programmes: owner = the programme lead, colleague = a tutor (reads, may not change: 403), lead =
    the organisation's lead (may change); other members (supervisor, pending, as a learner) and the
    outsider find nothing (404)."""
    return only({"owner": status, "lead": status, "colleague": tutor})


def _programme(name, query=""):
    return lambda o: reverse(f"programmes:{name}", args=[o["programme"].pk]) + query


PROGRAMME_ROWS = [
    ("programmes", "get", lambda o: reverse("programmes:index"), None, everyone(200)),
    (
        "programme create",
        "post",
        lambda o: reverse("programmes:create"),
        lambda o: {"organisation": o["org"].pk, "name": "Another", "levels": "Seen\nDone"},
        # Programme leads create programmes: alice, and carol (who leads the cohorts' programme);
        # dave leads Southside: its form, not Northside
        only({"owner": 302, "supervisor": 302, "lead": 302, "outsider": 422}),
    ),
    ("programme", "get", _programme("detail"), None, programme_staff(200, tutor=200)),
    (
        "programme edit",
        "post",
        _programme("update"),
        {"name": "Certificate", "description": "", "levels": "Introduced\nReinforced\nMastered"},
        programme_staff(302),
    ),
    (
        "programme module add",
        "post",
        _programme("module_add"),
        {"name": "Practice", "hours": "7.5"},
        programme_staff(302),
    ),
    (
        "programme module",
        "get",
        lambda o: reverse("programmes:module", args=[o["programme"].pk, o["module"].pk]),
        None,
        programme_staff(200, tutor=200),
    ),
    (
        "programme module edit",
        "post",
        lambda o: reverse("programmes:module_update", args=[o["programme"].pk, o["module"].pk]),
        {"name": "Foundations", "order": "1", "hours": "", "description": ""},
        programme_staff(302),
    ),
    (
        "programme module mapping",
        "post",
        lambda o: reverse("programmes:module_mapping", args=[o["programme"].pk, o["module"].pk]),
        {"level:co-learning": "1", "assessed:co-learning": "on"},
        programme_staff(302),
    ),
    (
        "programme module delete",
        "post",
        lambda o: reverse("programmes:module_delete", args=[o["programme"].pk, o["module"].pk]),
        {},
        programme_staff(302),
    ),
    (
        "programme staff add",
        "post",
        _programme("staff_add"),
        {"email": "carol@example.org", "role": "tutor"},
        programme_staff(302),
    ),
    (
        "programme staff remove",
        "post",
        lambda o: reverse("programmes:staff_remove", args=[o["programme"].pk, o["tutor"].pk]),
        {},
        programme_staff(302),
    ),
    ("programme coverage", "get", _programme("coverage"), None, programme_staff(200, tutor=200)),
    (
        "programme coverage as XLSX",
        "get",
        _programme("coverage", query="?format=xlsx"),
        None,
        programme_staff(200, tutor=200),
    ),
    (
        "programme coverage as PDF",
        "get",
        _programme("coverage_pdf", query="?paper=letter"),
        None,
        programme_staff(200, tutor=200),
    ),
    (
        "programme mapping export",
        "get",
        _programme("mapping_export", query="?format=csv"),
        None,
        programme_staff(200, tutor=200),
    ),
    (
        "programme mapping template",
        "get",
        _programme("mapping_template", query="?format=xlsx"),
        None,
        programme_staff(200, tutor=200),
    ),
    ("programme mapping import, page", "get", _programme("mapping_import"), None, programme_staff(200)),
    (
        "programme mapping import",
        "post",
        _programme("mapping_import"),
        lambda o: {
            "file": SimpleUploadedFile(
                "mapping.csv",
                b"module,competency,key activity,level,assessed\nFoundations,co-design,,Mastered,yes\n",
            )
        },
        programme_staff(302),
    ),
    ("programme mapping clear", "post", _programme("mapping_clear"), {}, programme_staff(302)),
]

# (name, method, url builder, post data, expected status by role)
MATRIX = [
    ("sign up", "get", lambda o: reverse("accounts:signup"), None, everyone(302) | {"anonymous": 200}),
    ("sign in", "get", lambda o: reverse("accounts:login"), None, everyone(302) | {"anonymous": 200}),
    ("password reset", "get", lambda o: reverse("accounts:password_reset"), None, dict.fromkeys(ROLES, 200)),
    ("sign out", "post", lambda o: reverse("accounts:logout"), {}, dict.fromkeys(ROLES, 302)),
    ("dashboard", "get", lambda o: reverse("shell:dashboard"), None, everyone(200)),
    (
        "dashboard: log for a focus",
        "post",
        lambda o: reverse("shell:focus_log", args=[o["focus"].pk]),
        {"text": "Ran a co-design session"},
        only({"owner": 302}),
    ),
    ("weekly digest on or off", "post", lambda o: reverse("shell:digest"), {"weekly": "on"}, everyone(302)),
    (
        "weekly digest unsubscribe, page",
        "get",
        lambda o: reverse("shell:digest_unsubscribe", args=[unsubscribe_token(o["private"].owner)]),
        None,
        dict.fromkeys(ROLES, 200),
    ),
    (
        "weekly digest unsubscribe, forged link",
        "get",
        lambda o: reverse("shell:digest_unsubscribe", args=["WzEsImFiYyJd:forged"]),
        None,
        dict.fromkeys(ROLES, 404),
    ),
    (
        "weekly digest unsubscribe, one click",
        "post",
        lambda o: reverse("shell:digest_unsubscribe", args=[unsubscribe_token(o["private"].owner)]),
        {"List-Unsubscribe": "One-Click"},
        dict.fromkeys(ROLES, 200),
    ),
    ("home", "get", lambda o: reverse("shell:home"), None, everyone(302) | {"anonymous": 200}),
    ("download my data", "get", lambda o: reverse("shell:personal_data"), None, everyone(200)),
    ("recently deleted", "get", lambda o: reverse("shell:deleted"), None, everyone(200)),
    (
        "restore a deleted item",
        "post",
        lambda o: reverse("shell:deleted_restore", args=[o["deleted"].pk]),
        {},
        only({"owner": 302}),
    ),
    ("delete my account, page", "get", lambda o: reverse("shell:account_delete"), None, everyone(200)),
    (
        "delete my account, wrong password",
        "post",
        lambda o: reverse("shell:account_delete"),
        {"password": "not-the-password"},
        everyone(200),
    ),
    (
        "password reset sent",
        "get",
        lambda o: reverse("accounts:password_reset_done"),
        None,
        dict.fromkeys(ROLES, 200),
    ),
    (
        "password reset, forged link",
        "get",
        lambda o: reverse("accounts:password_reset_confirm", args=["MQ", "forged-token"]),
        None,
        dict.fromkeys(ROLES, 200),
    ),
    (
        "password reset done",
        "get",
        lambda o: reverse("accounts:password_reset_complete"),
        None,
        dict.fromkeys(ROLES, 200),
    ),
    *(
        (
            f"guide: {name}",
            "get",
            lambda o, name=name, args=args: reverse(f"guide:{name}", args=args),
            None,
            dict.fromkeys(ROLES, 200),
        )
        for name, args in (
            ("overview", []),
            ("about", []),
            ("search", []),
            ("principles", []),
            ("principle", ["be-curious"]),
            ("domain", ["co-creation-and-engagement"]),
            ("competency", ["co-learning"]),
            ("dilemmas", []),
            ("questions", []),
            ("resources", []),
        )
    ),
    ("new assessment", "get", lambda o: reverse("assessments:new"), None, everyone(200)),
    ("history", "get", lambda o: reverse("assessments:history", args=["quick"]), None, everyone(200)),
    # downloads: each goes through its page's policy (praxis.core.pdf; praxis.core.spreadsheet)
    (
        "history table, CSV",
        "get",
        lambda o: reverse("assessments:history_export", args=["quick"]),
        None,
        everyone(200),
    ),
    (
        "history table, XLSX",
        "get",
        lambda o: reverse("assessments:history_export", args=["full"]) + "?format=xlsx",
        None,
        everyone(200),
    ),
    (
        "results PDF, shared with supervisors",
        "get",
        lambda o: reverse("assessments:results_pdf", args=[o["for_supervisors"].pk]) + "?paper=letter",
        None,
        only({"owner": 200, "supervisor": 200}),
    ),
    (
        "results PDF of a draft",
        "get",
        lambda o: reverse("assessments:results_pdf", args=[o["draft"].pk]),
        None,
        only({}),
    ),
    (
        "plan PDF, shared",
        "get",
        lambda o: reverse("development:pdf", args=[o["shared_plan"].pk]),
        None,
        only({"owner": 200, "supervisor": 200}),
    ),
    (
        "feedback report PDF",
        "get",
        lambda o: reverse("feedback:report_pdf", args=[o["closed_round"].pk]),
        None,
        only({"owner": 200}),
    ),
    (
        "feedback report PDF, open round",
        "get",
        lambda o: reverse("feedback:report_pdf", args=[o["open_round"].pk]),
        None,
        only({}),
    ),
    (
        "supervision page PDF",
        "get",
        lambda o: reverse("supervision:supervisee_pdf", args=[o["agreed_action"].supervisee_id]),
        None,
        only({"supervisor": 200}),
    ),
    ("profile", "get", lambda o: reverse("accounts:profile"), None, everyone(200)),
    ("change password", "get", lambda o: reverse("accounts:password_change"), None, everyone(200)),
    ("confirm e-mail status", "get", lambda o: reverse("accounts:email_verification"), None, everyone(200)),
    (
        "confirm e-mail link",
        "get",
        lambda o: reverse("accounts:email_verify", args=["x"]),
        None,
        dict.fromkeys(ROLES, 200),
    ),
    ("new organisation", "get", lambda o: reverse("accounts:organisation_new"), None, everyone(200)),
    (
        "results, private",
        "get",
        lambda o: reverse("assessments:results", args=[o["private"].pk]),
        None,
        only({"owner": 200}),
    ),
    (
        "results, shared with supervisors",
        "get",
        lambda o: reverse("assessments:results", args=[o["for_supervisors"].pk]),
        None,
        only({"owner": 200, "supervisor": 200}),
    ),
    (
        "results, shared with organisation",
        "get",
        lambda o: reverse("assessments:results", args=[o["for_organisation"].pk]),
        None,
        only({"owner": 200, "supervisor": 200, "lead": 200}),
    ),
    (
        "sharing",
        "get",
        lambda o: reverse("assessments:sharing", args=[o["for_organisation"].pk]),
        None,
        only({"owner": 200}),
    ),
    (
        "resume draft",
        "get",
        lambda o: reverse("assessments:resume", args=[o["draft"].pk]),
        None,
        only({"owner": 302}),
    ),
    (
        "draft page",
        "get",
        lambda o: reverse("assessments:page", args=[o["draft"].pk, 1]),
        None,
        only({"owner": 200}),
    ),
    (
        "draft autosave",
        "post",
        lambda o: reverse("assessments:autosave", args=[o["draft"].pk]),
        {"item": "brokering", "answer-brokering": "4"},
        only({"owner": 200}),
    ),
    (
        "draft page save",
        "post",
        lambda o: reverse("assessments:page", args=[o["draft"].pk, 1]),
        {"answer-brokering": "4", "go": "next"},
        only({"owner": 302}),
    ),
    (
        "submit",
        "post",
        lambda o: reverse("assessments:submit", args=[o["draft"].pk]),
        {},
        only({"owner": 302}),
    ),
    (
        "discard",
        "post",
        lambda o: reverse("assessments:discard", args=[o["draft"].pk]),
        {},
        only({"owner": 302}),
    ),
    (
        "share someone else's",
        "post",
        lambda o: reverse("assessments:sharing", args=[o["private"].pk]),
        lambda o: {"organisation": o["org"].pk, "audience": "organisation"},
        only({"owner": 302}),
    ),
    (
        "organisation page",
        "get",
        lambda o: reverse("accounts:organisation", args=[o["org"].slug]),
        None,
        members(200),
    ),
    (
        "people to choose from (type-ahead)",
        "get",
        lambda o: reverse("accounts:organisation_people", args=[o["org"].slug]) + "?q=a&role=supervisor",
        None,
        members(403, lead=200),
    ),
    (
        "assessments shared in an organisation",
        "get",
        lambda o: reverse("assessments:shared", args=[o["org"].slug]),
        None,
        members(200),
    ),
    (
        "invite",
        "post",
        lambda o: reverse("accounts:organisation_invite", args=[o["org"].slug]),
        {"email": "new@example.org", "role": "practitioner"},
        members(403, lead=302),
    ),
    (
        "link supervisor",
        "post",
        lambda o: reverse("accounts:organisation_supervision", args=[o["org"].slug]),
        {},
        members(403, lead=200),  # nobody chosen: the page again, the message beside each field
    ),
    (
        "change role",
        "post",
        lambda o: reverse("accounts:organisation_role", args=[o["org"].slug, o["membership"].pk]),
        {"role": "lead"},
        members(403, lead=302),
    ),
    (
        "remove a member",
        "post",
        lambda o: reverse("accounts:organisation_remove", args=[o["org"].slug, o["membership"].pk]),
        {},
        members(403, lead=302),
    ),
    (
        "leave",
        "post",
        lambda o: reverse("accounts:organisation_leave", args=[o["org"].slug]),
        {},
        members(302),
    ),
    # teams (issue 11): teams are the leads'; each member makes their own two choices; the heat map
    # is for leads and confirmed supervisors; statistics and growth for leads
    ("teams", "get", lambda o: reverse("teams:index", args=[o["org"].slug]), None, members(200)),
    ("team choices", "get", lambda o: reverse("teams:consent", args=[o["org"].slug]), None, members(200)),
    (
        "team choices, save",
        "post",
        lambda o: reverse("teams:consent", args=[o["org"].slug]),
        {"named_to_leads": "on", "counted_in_statistics": "on"},
        members(302),
    ),
    (
        "create a team",
        "post",
        lambda o: reverse("teams:create", args=[o["org"].slug]),
        {"name": "Facilitators", "description": "Who facilitates"},
        members(403, lead=302),
    ),
    (
        "team page",
        "get",
        lambda o: reverse("teams:team", args=[o["org"].slug, o["team"].pk]),
        None,
        members(403, lead=200),
    ),
    (
        "rename a team",
        "post",
        lambda o: reverse("teams:team", args=[o["org"].slug, o["team"].pk]),
        {"name": "Coaches", "description": ""},
        members(403, lead=302),
    ),
    (
        "place a member in a team",
        "post",
        lambda o: reverse("teams:team_place", args=[o["org"].slug, o["team"].pk]),
        lambda o: {"membership": o["membership"].pk},
        members(403, lead=302),
    ),
    (
        "take a member out of a team",
        "post",
        lambda o: reverse("teams:team_unplace", args=[o["org"].slug, o["team"].pk]),
        lambda o: {"membership": o["membership"].pk},
        members(403, lead=302),
    ),
    (
        "delete a team",
        "post",
        lambda o: reverse("teams:team_delete", args=[o["org"].slug, o["team"].pk]),
        {},
        members(403, lead=302),
    ),
    (
        "heat map",
        "get",
        lambda o: reverse("teams:heat_map", args=[o["org"].slug]),
        None,
        members(403, supervisor=200, lead=200),
    ),
    (
        "heat map for print",
        "get",
        lambda o: reverse("teams:heat_map_svg", args=[o["org"].slug]),
        None,
        members(403, supervisor=200, lead=200),
    ),
    (
        "heat map, CSV",
        "get",
        lambda o: reverse("teams:heat_map_export", args=[o["org"].slug]) + "?format=csv",
        None,
        members(403, supervisor=200, lead=200),
    ),
    (
        "heat map, XLSX",
        "get",
        lambda o: reverse("teams:heat_map_export", args=[o["org"].slug]) + "?format=xlsx",
        None,
        members(403, supervisor=200, lead=200),
    ),
    (
        "heat map, one competency",
        "get",
        lambda o: reverse("teams:heat_map_competency", args=[o["org"].slug, "co-learning"]),
        None,
        members(403, supervisor=200, lead=200),
    ),
    (
        "team statistics",
        "get",
        lambda o: reverse("teams:statistics", args=[o["org"].slug]),
        None,
        members(403, lead=200),
    ),
    (
        "team report PDF, start the job",
        "post",
        lambda o: reverse("teams:report_pdf", args=[o["org"].slug]),
        lambda o: {"team": o["team"].pk},
        members(403, lead=302),
    ),
    (
        "team growth",
        "get",
        lambda o: reverse("teams:growth", args=[o["org"].slug]) + "?first=2026-01&second=2026-06",
        None,
        members(403, lead=200),
    ),
    # development plans: private; shared ones are seen and commented on by supervisors, edited by the owner
    ("plans", "get", lambda o: reverse("development:index"), None, everyone(200)),
    ("new plan", "post", lambda o: reverse("development:new"), {}, everyone(302)),
    (
        "plan, private",
        "get",
        lambda o: reverse("development:detail", args=[o["private_plan"].pk]),
        None,
        only({"owner": 200}),
    ),
    (
        "plan, shared",
        "get",
        lambda o: reverse("development:detail", args=[o["shared_plan"].pk]),
        None,
        only({"owner": 200, "supervisor": 200}),
    ),
    *[
        (
            f"plan edit: {name}",
            "post",
            # bind the loop's values now, not when the lambda runs
            lambda o, url_name=url_name, extra=extra: reverse(
                f"development:{url_name}", args=[o["shared_plan"].pk, *(o[k].pk for k in extra)]
            ),
            data,
            only({"owner": 302}),
        )
        for name, url_name, extra, data in [
            ("rename", "plan_update", [], {"title": "Mine", "horizon": "24", "version": "1"}),
            ("mark comments read", "comments_read", [], {}),
            ("start", "activate", [], {}),
            ("complete", "complete", [], {}),
            ("sharing", "sharing", [], lambda o: {"organisation": o["org"].pk, "audience": ""}),
            ("add focus", "focus_add", [], {"competency": "co-learning"}),
            (
                "add focuses from an assessment",
                "focuses_add_from",
                [],
                lambda o: {"from_assessment": o["private"].pk, "competency": "co-learning"},
            ),
            ("why now", "focus_update", ["focus"], {"why_now": "Because", "version": "1"}),
            ("remove focus", "focus_remove", ["focus"], {}),
            ("add resource", "resource_add", ["focus"], {"source": "own", "title": "Guide"}),
            ("remove resource", "resource_remove", ["focus", "resource"], {}),
            ("add person", "person_add", ["focus"], {"name": "Bea"}),
            ("add mentor", "mentor_add", ["focus"], lambda o: {"mentor": o["org"].pk}),
            ("remove person", "person_remove", ["focus", "person"], {}),
            ("add step", "step_add", ["focus"], {"text": "Read", "due_on": "2030-01-31"}),
            ("step status", "step_status", ["step"], {"status": "doing"}),
            ("remove step", "step_remove", ["step"], {}),
        ]
    ],
    (
        "plan comment, shared",
        "post",
        lambda o: reverse("development:comment", args=[o["shared_plan"].pk]),
        {"text": "Good"},
        only({"owner": 302, "supervisor": 302}),
    ),
    (
        "plan comment, private",
        "post",
        lambda o: reverse("development:comment", args=[o["private_plan"].pk]),
        {"text": "Hi"},
        only({"owner": 302}),
    ),
    (
        "plan check-in",
        "get",
        lambda o: reverse("development:check_in", args=[o["shared_plan"].pk]),
        None,
        only({"owner": 200}),
    ),
    (
        "link evidence",
        "post",
        lambda o: reverse("development:link_evidence"),
        lambda o: {"focus": o["focus"].pk, "entry": o["private_entry"].pk},
        only({"owner": 302}),
    ),
    # journal: private; an entry shared with supervisors is read by them only
    ("journal", "get", lambda o: reverse("journal:index"), None, everyone(200)),
    ("new entry", "get", lambda o: reverse("journal:new", args=["support"]), None, everyone(200)),
    ("choose a kind of entry", "get", lambda o: reverse("journal:choose_kind"), None, everyone(200)),
    (
        "suggestions",
        "post",
        lambda o: reverse("journal:suggestions"),
        {"kind": "reflection", "body": "co-design"},
        everyone(200),
    ),
    ("portfolio", "get", lambda o: reverse("journal:portfolio"), None, everyone(200)),
    (
        "competency evidence",
        "get",
        lambda o: reverse("journal:evidence", args=["co-design"]),
        None,
        everyone(200),
    ),
    ("practice summary", "get", lambda o: reverse("journal:summary"), None, everyone(200)),
    ("journal shared with me", "get", lambda o: reverse("journal:shared"), None, everyone(200)),
    (
        "one person's shared entries",
        "get",
        lambda o: reverse("journal:shared") + f"?person={o['shared_entry'].owner_id}",
        None,
        only({"supervisor": 200}),
    ),
    ("journal export", "get", lambda o: reverse("journal:export"), None, everyone(200)),
    (
        "entry, private",
        "get",
        lambda o: reverse("journal:detail", args=[o["private_entry"].pk]),
        None,
        only({"owner": 200}),
    ),
    (
        "entry, shared",
        "get",
        lambda o: reverse("journal:detail", args=[o["shared_entry"].pk]),
        None,
        only({"owner": 200, "supervisor": 200}),
    ),
    (
        "entry edit",
        "get",
        lambda o: reverse("journal:edit", args=[o["shared_entry"].pk]),
        None,
        only({"owner": 200}),
    ),
    (
        "entry delete",
        "post",
        lambda o: reverse("journal:delete", args=[o["shared_entry"].pk]),
        {},
        only({"owner": 302}),
    ),
    (
        "entry sharing",
        "post",
        lambda o: reverse("journal:sharing", args=[o["private_entry"].pk]),
        lambda o: {"organisation": o["org"].pk, "audience": "supervisors"},
        only({"owner": 302}),
    ),
    (
        "peer mentor opt-in",
        "post",
        lambda o: reverse("accounts:organisation_peer_mentor", args=[o["org"].slug]),
        {"willing": "yes"},
        members(302),
    ),
    (
        "research consent",
        "post",
        lambda o: reverse("accounts:organisation_research_consent", args=[o["org"].slug]),
        {"consent": "on", "free_text": "on"},
        members(302),
    ),
    # research exports: the organisation's leads only; jobs and their downloads: their owner only
    (
        "research export page",
        "get",
        lambda o: reverse("research:export", args=[o["org"].slug]),
        None,
        members(403, lead=200),
    ),
    (
        "research export, start (too few have agreed)",
        "post",
        lambda o: reverse("research:export", args=[o["org"].slug]),
        {"kind": "full", "free_text": "on"},
        members(403, lead=200),
    ),
    ("job page", "get", lambda o: reverse("jobs:job", args=[o["job"].pk]), None, only({"owner": 200})),
    (
        "job download, not ready",
        "get",
        lambda o: reverse("jobs:download", args=[o["job"].pk]),
        None,
        only({"owner": 410}),
    ),
    # feedback: rounds and reports are the owner's alone; rater links work for whoever holds them
    ("feedback rounds", "get", lambda o: reverse("feedback:index"), None, everyone(200)),
    ("new feedback round", "get", lambda o: reverse("feedback:new"), None, everyone(200)),
    (
        "feedback round",
        "get",
        lambda o: reverse("feedback:round", args=[o["open_round"].pk]),
        None,
        only({"owner": 200}),
    ),
    (
        "close feedback round",
        "post",
        lambda o: reverse("feedback:round", args=[o["open_round"].pk]),
        {"action": "close"},
        only({"owner": 302}),
    ),
    (
        "feedback report",
        "get",
        lambda o: reverse("feedback:report", args=[o["closed_round"].pk]),
        None,
        only({"owner": 200}),
    ),
    (
        "feedback to plan",
        "post",
        lambda o: reverse("feedback:add_focus", args=[o["closed_round"].pk]),
        {"competency": "co-design"},
        only({"owner": 302}),
    ),
    (
        # Northside does not require approval here; test_disclosure_rules covers the supervisor's page
        "approve rater list",
        "get",
        lambda o: reverse("feedback:approve", args=[o["open_round"].pk]),
        None,
        only({}),
    ),
    (
        "rater link",
        "get",
        lambda o: reverse("feedback:rater", args=[o["rater_token"]]),
        None,
        dict.fromkeys(ROLES, 200),
    ),
    (
        "forged rater link",
        "get",
        lambda o: reverse("feedback:rater", args=["forged"]),
        None,
        dict.fromkeys(ROLES, 404),
    ),
    (
        "feedback privacy setting",
        "post",
        lambda o: reverse("accounts:organisation_privacy", args=[o["org"].slug]),
        {"min_group_size": "4", "version": "0"},
        members(403, lead=302),
    ),
    # supervision: only the supervisee answers a link a lead made for them
    (
        "confirm a supervisor",
        "post",
        lambda o: reverse("accounts:supervision_confirm", args=[o["pending_link"].pk]),
        {},
        only({"owner": 302}),
    ),
    (
        "decline a supervisor",
        "post",
        lambda o: reverse("accounts:supervision_decline", args=[o["pending_link"].pk]),
        {},
        only({"owner": 302}),
    ),
    (
        "confirm by a GET",
        "get",
        lambda o: reverse("accounts:supervision_confirm", args=[o["pending_link"].pk]),
        None,
        everyone(405),  # never a GET that writes; and nothing told about the link
    ),
    (
        "feedback report, open round",
        "get",
        lambda o: reverse("feedback:report", args=[o["open_round"].pk]),
        None,
        only({"owner": 302}),
    ),
    (
        "feedback round, closed",
        "get",
        lambda o: reverse("feedback:round", args=[o["closed_round"].pk]),
        None,
        only({"owner": 200}),
    ),
    (
        "add a rater",
        "post",
        lambda o: reverse("feedback:round", args=[o["open_round"].pk]),
        {"action": "add_rater", "email": "another@example.org", "name": "", "relationship": "peer"},
        only({"owner": 302}),
    ),
    (
        "withdraw a rater link",
        "post",
        lambda o: reverse("feedback:round", args=[o["open_round"].pk]),
        {"action": "revoke", "rater": "1"},
        only({"owner": 302}),
    ),
    (
        "extend a round",
        "post",
        lambda o: reverse("feedback:round", args=[o["open_round"].pk]),
        {"action": "extend", "closes_on": "2099-01-01"},
        only({"owner": 302}),
    ),
    (
        "rater link, posted",
        "post",
        lambda o: reverse("feedback:rater", args=[o["rater_token"]]),
        {"comment": "Kind."},
        dict.fromkeys(ROLES, 302),
    ),
    # the supervision conversation: the page and its writes for a confirmed supervisor only (the
    # practitioner too finds nothing there); agreed actions answered by the practitioner only
    (
        "share a feedback report with supervisors",
        "post",
        lambda o: reverse("feedback:sharing", args=[o["closed_round"].pk]),
        lambda o: {"organisation": o["org"].pk, "audience": "supervisors"},
        only({"owner": 302}),
    ),
    (
        "supervision page",
        "get",
        lambda o: reverse("supervision:supervisee", args=[o["agreed_action"].supervisee_id]),
        None,
        only({"supervisor": 200}),
    ),
    (
        "supervision note",
        "post",
        lambda o: reverse("supervision:note_add", args=[o["agreed_action"].supervisee_id]),
        {"text": "Good session", "visibility": "private"},
        only({"supervisor": 302}),
    ),
    (
        "supervision agreed action",
        "post",
        lambda o: reverse("supervision:action_propose", args=[o["agreed_action"].supervisee_id]),
        {"text": "Read a chapter", "due_on": "2099-01-01", "competency": "co-design"},
        only({"supervisor": 302}),
    ),
    (
        "supervision page marked seen",
        "post",
        lambda o: reverse("supervision:mark_seen", args=[o["agreed_action"].supervisee_id]),
        {},
        only({"supervisor": 302}),
    ),
    ("from your supervisors", "get", lambda o: reverse("supervision:mine"), None, everyone(200)),
    (
        "accept an agreed action",
        "post",
        lambda o: reverse("supervision:action_accept", args=[o["agreed_action"].pk]),
        lambda o: {"focus": o["focus"].pk},
        only({"owner": 302}),
    ),
    (
        "decline an agreed action",
        "post",
        lambda o: reverse("supervision:action_decline", args=[o["agreed_action"].pk]),
        {},
        only({"owner": 302}),
    ),
    (
        "rater autosave",
        "post",
        lambda o: reverse("feedback:rater_autosave", args=[o["rater_token"]]),
        {"save": "co-design", "co-design": "3"},
        dict.fromkeys(ROLES, 200),  # the link is the key: whoever holds it, signed in or not
    ),
    (
        "rater autosave by a GET",
        "get",
        lambda o: reverse("feedback:rater_autosave", args=[o["rater_token"]]),
        None,
        dict.fromkeys(ROLES, 405),
    ),
    (
        "invite several raters",
        "post",
        lambda o: reverse("feedback:round", args=[o["open_round"].pk]),
        {"action": "add_raters", "people": "one@example.org, peer\ntwo@example.org, stakeholder"},
        only({"owner": 302}),
    ),
    (
        "new feedback round from a plan",
        "get",
        lambda o: reverse("feedback:new") + f"?plan={o['shared_plan'].pk}",
        None,
        only({"owner": 200}),  # a plan shared with a supervisor is still only its owner's to ask about
    ),
    *PROGRAMME_ROWS,
    # surveys: the reliability of an organisation's assessments (its leads), scoring survey exports
    # (anyone who leads an organisation: the outsider leads Southside)
    (
        "reliability of assessments",
        "get",
        lambda o: reverse("surveys:reliability", args=[o["org"].slug]),
        None,
        members(403, lead=200),
    ),
    (
        "score a survey, page",
        "get",
        lambda o: reverse("surveys:score"),
        None,
        everyone(403) | only_leads(200),
    ),
    (
        "score a survey",
        "post",
        lambda o: reverse("surveys:score"),
        {"format": "csv"},  # no files: the page again, the message beside each field
        everyone(403) | only_leads(200),
    ),
    (
        "survey mapping template",
        "get",
        lambda o: reverse("surveys:mapping_template"),
        None,
        everyone(403) | only_leads(200),
    ),
    (
        "forged invitation",
        "get",
        lambda o: reverse("accounts:invitation", args=["forged-token"]),
        None,
        dict.fromkeys(ROLES, 404),
    ),
    # -- where the team is thin, learning from colleagues, the support offer (praxis.teams) --
    (
        "team gaps",
        "get",
        lambda o: reverse("teams_people:gaps", args=[o["org"].slug]) + f"?team={o['team'].pk}",
        None,
        members(403, lead=200, supervisor=200),  # the pending supervisor supervises nobody yet
    ),
    ("learning from colleagues", "get", lambda o: _people_url("learning", o), None, members(200)),
    (
        "learning wish",
        "post",
        lambda o: _people_url("wish_add", o),
        {"competency": "co-design"},
        members(302),
    ),
    (
        "learning wish withdrawn",
        "post",
        lambda o: _people_url("wish_remove", o),
        {"competency": "co-design"},
        members(302),
    ),
    ("learning matches", "get", lambda o: _people_url("matches", o), None, members(403, lead=200)),
    (
        "learning match introduction",
        "post",
        lambda o: _people_url("introduce", o),
        lambda o: {
            "learner": o["private"].owner_id,
            "mentor": o["membership"].user_id,
            "competency": "co-design",
        },
        members(403, lead=302),  # not a match: a message, nothing sent
    ),
    ("support offers", "get", lambda o: _people_url("offers", o), None, members(403, lead=200)),
    (
        "support offer start",
        "post",
        lambda o: _people_url("offer_start", o),
        {"team": ""},
        members(403, lead=302),
    ),
    ("support offer edit", "get", lambda o: _offer_url("offer_edit", o), None, members(403, lead=200)),
    (
        "support offer save",
        "post",
        lambda o: _offer_url("offer_edit", o),
        {"title": "Our offer", "body": "We help.", "based_on": "1"},
        members(403, lead=302),
    ),
    ("support offer redraft", "post", lambda o: _offer_url("offer_redraft", o), {}, members(403, lead=302)),
    (
        "support offer version",
        "get",
        lambda o: _offer_url("offer_version", o, 1),
        None,
        members(403, lead=200),
    ),
    (
        "support offer version as PDF",
        "get",
        lambda o: _offer_url("offer_version_pdf", o, 1),
        None,
        members(403, lead=200),
    ),
    (
        "support offer restore",
        "post",
        lambda o: _offer_url("offer_restore", o, 1),
        {},
        members(403, lead=302),
    ),
    (
        "support offer publish",
        "post",
        lambda o: _offer_url("offer_publish", o),
        {"number": "1"},
        members(403, lead=302),
    ),
    (
        "support offer unpublish",
        "post",
        lambda o: _offer_url("offer_unpublish", o),
        {},
        members(403, lead=302),
    ),
    (
        "support offer, public page",
        "get",
        lambda o: reverse("teams_people:offer_public", args=[o["published_offer"].slug]),
        None,
        dict.fromkeys(ROLES, 200),
    ),
    (
        "support offer, public PDF",
        "get",
        lambda o: reverse("teams_people:offer_public_pdf", args=[o["published_offer"].slug]),
        None,
        dict.fromkeys(ROLES, 200),
    ),
    (
        "support offer, public PDF of a draft",
        "get",
        lambda o: reverse("teams_people:offer_public_pdf", args=[o["offer"].slug]),
        None,
        dict.fromkeys(ROLES, 404),
    ),
    (
        "support offer, public page of a draft",
        "get",
        lambda o: reverse("teams_people:offer_public", args=[o["offer"].slug]),
        None,
        dict.fromkeys(ROLES, 404),
    ),
    *COHORT_MATRIX,
]


def _people_url(name, o):
    return reverse(f"teams_people:{name}", args=[o["org"].slug])


def _offer_url(name, o, *more):
    return reverse(f"teams_people:{name}", args=[o["org"].slug, o["offer"].pk, *more])


class _PdfWithoutLayout:
    """Stands in for WeasyPrint's HTML in the matrix: the PDF views still decide who may
    download and render their templates (every query, so a GET that wrote is still caught), but
    WeasyPrint's layout, about half a second per PDF, is left out. The PDFs themselves are laid out
    and read back, for each kind of viewer, in tests/test_pdf_reports.py, tests/test_pdf_offer_coverage.py
    and tests/test_export_disclosure.py."""

    def __init__(self, *args, **kwargs):
        pass

    def write_pdf(self, *args, **kwargs):
        return b"%PDF-1.7\n% laid out in the PDF tests, not in the access matrix\n"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name,method,url,data,expected", MATRIX, ids=[row[0] for row in MATRIX])
def test_access(client, world_once, sessions, monkeypatch, role, name, method, url, data, expected):
    people, objects = world_once
    if "PDF" in name:
        import weasyprint

        monkeypatch.setattr(weasyprint, "HTML", _PdfWithoutLayout)
    sign_in_as(client, sessions, role)
    if callable(data):
        data = data(objects)
    if method == "post":
        response = client.post(url(objects), data)
    else:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(objects))
        assert not writes(queries), f"{name} as {role}: a GET wrote"
    assert response.status_code == expected[role], f"{name} as {role}"
    if response.status_code == 302 and role == "anonymous" and name not in {"sign out", "rater link, posted"}:
        assert response.url.startswith(reverse("accounts:login"))
    if response.status_code == 404 and role != "owner":
        assert b"Alice" not in response.content  # nothing of the owner leaks into the page
    if name == "journal export" and role != "anonymous":
        assert (b"Alice's" in response.content) == (role == "owner")
