"""Bad input never gives a 500 and changes nothing.

A table of hostile values (Unicode digits that `isdigit()` accepts, out-of-range and huge numbers,
NUL bytes, line breaks, very long text) is posted, field by field, to every POST URL of the access
matrix (plus the fields those forms read but the matrix does not post), as the person allowed to
post there. Each post runs in a savepoint that is rolled back, so every case starts from the same
database. A post that sent no INSERT, UPDATE or DELETE (outside the sessions table) changed
nothing; after one that did, a checksum of every row of every table tells whether anything changed.

Anything refused (a 4xx, or an error message) must leave the database as it was. NUL bytes (which
PostgreSQL cannot store) and values posted as ids or numbers must always leave it unchanged: none
of them is a valid id, number or date.
"""

import hashlib

import pytest
from django.apps import apps
from django.contrib.messages import constants, get_messages
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from praxis.accounts.tests.test_access_matrix import MATRIX, sessions, sign_in_as, world_once, writes  # noqa: F401
from praxis.core.pdf import pdf_options

pytestmark = pytest.mark.django_db

HOSTILE = [
    "²",  # isdigit() is true, int() fails
    "٣",  # int() says 3
    "-1",
    "1e3",
    "9" * 30,
    "",
    "abc",
    "\x00",
    "a\x00b",
    "line\nbreak",
    "x" * 100_000,
    "0",
]
ALWAYS_REFUSED = {"²", "٣", "-1", "1e3", "9" * 30, "\x00", "a\x00b", "x" * 100_000}
# fields that carry an id, a number or a date: no hostile value is a valid one
NUMERIC = {
    "from_assessment",
    "organisation",
    "focus",
    "entry",
    "check_in",
    "rater",
    "unlink",
    "resend",
    "mentor",
    "supervisor",
    "supervisee",
    "version",
    "horizon",
    "min_group_size",
    "closes_on",
    "due_on",
    "held_on",
    "next_on",
    "learner",  # praxis.teams: learning matches and the support offer
    "team",
    "based_on",
    "number",
    "order",
    "membership",
}
# sessions hold the flash messages; axes records sign-in attempts (there are none here)
IGNORED_TABLES = {"django_session"}

# fields a view reads that the matrix row does not post: (row name, extra data to post with it)
EXTRA_FIELDS = {
    "new plan": {"from_assessment": "1"},
    "link supervisor": {"supervisor": "1", "supervisee": "2"},
    "plan comment, shared": {"check_in": ""},
    "invite": {"resend": ""},
    "plan edit: add step": {"due_on": ""},
    "plan edit: add focus": {"why_now": "", "text": "", "due_on": ""},
    "plan edit: step status": {"reason": ""},
    "plan edit: add person": {"note": ""},
    "plan edit: add resource": {"url": ""},
    "draft page save": {"note-co-learning": "", "go": "page-2"},
}

# POSTs the matrix does not list (other actions of a URL that dispatches on a field)
EXTRA_ROWS = [
    (
        "revoke rater",
        lambda o: reverse("feedback:round", args=[o["open_round"].pk]),
        lambda o: {"action": "revoke", "rater": o["open_round"].raters.get().pk},
        "owner",
    ),
    (
        "resend to rater",
        lambda o: reverse("feedback:round", args=[o["open_round"].pk]),
        lambda o: {"action": "resend", "rater": o["open_round"].raters.get().pk},
        "owner",
    ),
    (
        "extend round",
        lambda o: reverse("feedback:round", args=[o["open_round"].pk]),
        {"action": "extend", "closes_on": "2099-01-31"},
        "owner",
    ),
    (
        "add rater",
        lambda o: reverse("feedback:round", args=[o["open_round"].pk]),
        {"action": "add_rater", "email": "new@example.org", "name": "Ann", "relationship": "peer"},
        "owner",
    ),
    (
        "rater answers",
        lambda o: reverse("feedback:rater", args=[o["rater_token"]]),
        {"co-design": "3", "comment": "Good"},
        "anonymous",
    ),
    (
        "new feedback round",
        lambda o: reverse("feedback:new"),
        {"title": "Round", "closes_on": "2099-01-31", "competencies": "co-design"},
        "owner",
    ),
    (
        "check-in",
        lambda o: reverse("development:check_in", args=[o["shared_plan"].pk]),
        lambda o: {"held_on": "2020-01-01", "next_on": "2020-06-01", f"note-{o['focus'].pk}": "Fine"},
        "owner",
    ),
    ("new organisation", lambda o: reverse("accounts:organisation_new"), {"name": "Eastside"}, "owner"),
    ("profile", lambda o: reverse("accounts:profile"), {"full_name": "Alice", "job_title": ""}, "owner"),
    (
        "journal entry",
        lambda o: reverse("journal:new", args=["reflection"]),
        {"occurred_on": "2026-01-01", "title": "A day", "body": "Went well"},
        "owner",
    ),
]


def _poster(expected):
    """The first role that may post there (so the value reaches the form, not a 403 or 404)."""
    return next(r for r in ("owner", "lead", "supervisor", "colleague", "anonymous") if expected[r] < 400)


ROWS = [
    (name, url, data, _poster(expected))
    for name, method, url, data, expected in MATRIX
    if method == "post" and name != "sign out"
] + EXTRA_ROWS


def _checksum() -> str:
    digest = hashlib.sha256()
    for model in sorted(apps.get_models(), key=lambda m: m._meta.db_table):
        if model._meta.db_table in IGNORED_TABLES or not model._meta.managed:
            continue
        digest.update(model._meta.db_table.encode())
        for row in model._default_manager.order_by("pk").values_list():
            digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.mark.parametrize("name,url,data,role", ROWS, ids=[row[0] for row in ROWS])
def test_hostile_values_never_give_a_500_nor_change_anything(
    client,
    world_once,  # noqa: F811  (the imported fixtures)
    sessions,  # noqa: F811
    name,
    url,
    data,
    role,
):
    people, objects = world_once
    sign_in_as(client, sessions, role)
    if callable(data):
        data = data(objects)
    data = {k: str(v) for k, v in data.items()} | EXTRA_FIELDS.get(name, {})
    target = url(objects)
    before = None  # the checksum every post starts from (each is rolled back), made when first needed
    failures = []
    for field in data:
        if field == "action":
            continue
        for value in HOSTILE:
            cache.clear()  # the rater link's rate limit
            client.cookies.pop("messages", None)  # a message from the case before is not this one's
            with transaction.atomic(), CaptureQueriesContext(connection) as queries:
                response = client.post(target, data | {field: value})
                refused = response.status_code >= 400 or any(
                    m.level == constants.ERROR for m in get_messages(response.wsgi_request)
                )
                must_not_change = refused or "\x00" in value or (field in NUMERIC and value in ALWAYS_REFUSED)
                after = _checksum() if must_not_change and writes(queries) else None
                transaction.set_rollback(True)
            if after is not None and before is None:
                before = _checksum()  # rolled back: the database as this post (and every other) found it
            changed = after is not None and after != before
            if response.status_code >= 500 or changed:
                failures.append((field, value[:20], response.status_code, "changed" if changed else ""))
    assert not failures, f"{name}: {failures}"


def test_a_name_with_a_line_break_is_refused_before_anything_is_saved(client, world_once):  # noqa: F811
    from praxis.feedback.models import Rater

    people, objects = world_once
    client.force_login(people["owner"])
    response = client.post(
        reverse("feedback:round", args=[objects["open_round"].pk]),
        {
            "action": "add_rater",
            "email": "eve@example.org",
            "name": "Eve\nBcc: x@y.z",
            "relationship": "peer",
        },
    )
    assert response.status_code == 302
    assert not Rater.objects.filter(email="eve@example.org").exists()


@pytest.mark.parametrize("value", ["²", "٣", "9" * 30, "0", "-1"])
def test_a_forged_id_in_a_plan_url_answers_404(client, world_once, value):  # noqa: F811
    people, objects = world_once
    client.force_login(people["owner"])
    plan = objects["shared_plan"].pk
    assert client.post(f"/plans/{plan}/focuses/{value}/remove/").status_code == 404
    assert client.get(f"/plans/{value}/").status_code == 404


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_in_the_shared_journal_query_answer_the_list_or_404(client, world_once, value):  # noqa: F811
    people, objects = world_once
    client.force_login(people["supervisor"])
    for field in ("person", "name", "page"):
        assert client.get(reverse("journal:shared"), {field: value}).status_code in (200, 404)


@pytest.mark.parametrize("value", ["²", "٣", "9" * 30, "0", "-1", "1e3"])
def test_a_forged_id_in_a_restore_url_answers_404_and_restores_nothing(client, world_once, value):  # noqa: F811
    people, objects = world_once
    client.force_login(people["owner"])
    before = _checksum()
    assert client.post(f"/deleted/{value}/restore/").status_code == 404
    assert _checksum() == before


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_download_options_fall_back_or_are_not_found(client, world_once, value):  # noqa: F811
    """?paper= and ?details= on a PDF: a value not on the form is the default (the PDF is the same
    document either way). ?format= on a table: a format Praxis does not write is not found, as the
    team, programme and cohort downloads always answered, never a file in another format."""
    people, objects = world_once
    client.force_login(people["owner"])
    options = pdf_options(RequestFactory().get("/", {"paper": value, "details": value}))
    assert options["paper"] == "a4" and options["details"] in (True, False)
    response = client.get(reverse("assessments:history_export", args=["quick"]), {"format": value})
    assert response.status_code == 404


@pytest.mark.parametrize("value", ["²", "9" * 30, "0", "-1"])
def test_a_forged_id_in_a_pdf_url_answers_404(client, world_once, value):  # noqa: F811
    people, objects = world_once
    client.force_login(people["owner"])
    for url in (
        f"/assessments/{value}/results/pdf/",
        f"/plans/{value}/pdf/",
        f"/feedback/{value}/report/pdf/",
        f"/programmes/{value}/coverage/pdf/",
        f"/organisations/northside/offer/{value}/versions/1/pdf/",
        f"/organisations/northside/offer/{objects['offer'].pk}/versions/{value}/pdf/",
        f"/offer/{value}/pdf/",
    ):
        assert client.get(url).status_code == 404, url


def test_a_pdf_with_hostile_options_is_still_the_page(client, world_once):  # noqa: F811
    people, objects = world_once
    client.force_login(people["owner"])
    url = reverse("development:pdf", args=[objects["shared_plan"].pk])
    response = client.get(url, {"paper": "a4\x00" + "x" * 100_000, "details": "\x00"})
    assert response.status_code == 200 and response.content[:5] == b"%PDF-"


MAPPING_COLUMNS = ["module", "competency", "key activity", "level", "assessed"]


@pytest.mark.parametrize("column", MAPPING_COLUMNS)
def test_hostile_cells_in_a_mapping_file_are_named_and_change_nothing(client, world_once, column):  # noqa: F811
    """Each hostile value in each column of an imported mapping file: never a 500, and (being no
    module, competency, key activity, level or yes/no) always refused with nothing changed."""
    people, objects = world_once
    client.force_login(people["owner"])  # alice leads the programme
    target = reverse("programmes:mapping_import", args=[objects["programme"].pk])
    good = {"module": "Foundations", "competency": "co-design", "key activity": "", "level": "Mastered"}
    before = _checksum()
    failures = []
    for value in HOSTILE:
        row = good | {"assessed": "yes", column: value}
        if value in ("", "0") and column in ("key activity", "assessed"):
            continue  # blank key activity, blank or 0 for "no": valid
        line = ",".join('"' + row[name].replace('"', '""') + '"' for name in MAPPING_COLUMNS)
        content = (",".join(MAPPING_COLUMNS) + "\n" + line + "\n").encode()
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            response = client.post(target, {"file": SimpleUploadedFile("m.csv", content)})
            changed = bool(writes(queries)) and _checksum() != before
            transaction.set_rollback(True)
        if response.status_code != 422 or changed:
            failures.append((value[:20], response.status_code, "changed" if changed else ""))
    assert not failures, f"{column}: {failures}"
