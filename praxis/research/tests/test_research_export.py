"""The research export: consented, de-identified, item-level data with its codebook, as a job."""

import csv
import io
import json
import zipfile

import pytest
from django.urls import reverse

from conftest import _member, _person
from praxis.accounts import services as accounts
from praxis.accounts.models import Membership
from praxis.core import jobs
from praxis.core.models import Job
from praxis.framework import bundled_framework
from praxis.research import codebook, export
from praxis.research.tasks import research_export

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ITEMS = ["co-learning.understand-system-culture", "co-learning.create-space-for-ideas"]
CO_LEARNING = [a.id for a in bundled_framework().competency("co-learning").key_activities]


@pytest.fixture(autouse=True)
def immediate(settings, tmp_path):
    settings.TASKS = IMMEDIATE
    settings.PRAXIS_JOB_DIR = tmp_path / "jobs"


@pytest.fixture
def practitioners(northside, make_assessment):
    """Four members who agreed, each with a submitted full assessment and a note; one who did not."""
    people = []
    for number, name in enumerate(["amira", "bilal", "chen", "dana", "ezra"]):
        person = _member(_person(name), northside, "practitioner")
        assessment = make_assessment(person, kind="full", answers=answers(str(1 + number % 5)))
        assessment.notes.create(competency_id="co-learning", text=f"Worked with {name.title()}'s site team")
        people.append(person)
    for person in people[:4]:
        accounts.research_consent_set(user=person, organisation=northside, consent=True, free_text=True)
    return people


def answers(level: str) -> dict[str, str]:
    """Every key activity of co-learning at one level, but the second one not applicable."""
    return dict.fromkeys(CO_LEARNING, level) | {ITEMS[1]: "na"}


def run(lead, northside, *, kind="full", free_text=False) -> Job:
    return jobs.start(
        lead,
        "research export",
        research_export,
        back=("/", "home"),
        organisation_id=northside.pk,
        kind=kind,
        free_text=free_text,
    )


def unzip(job: Job) -> dict[str, bytes]:
    with zipfile.ZipFile(jobs.result_path(job)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rows_of(files) -> list[dict]:
    return list(csv.DictReader(io.StringIO(files["data.csv"].decode())))


def test_the_export_has_one_row_per_consented_assessment_with_item_level_answers(
    lena, northside, practitioners
):
    job = run(lena, northside)
    assert job.status == "done", job.error
    files = unzip(job)
    assert {"data.csv", "datapackage.json", "redcap_dictionary.csv", "README.txt"} <= set(files)
    rows = rows_of(files)
    assert len(rows) == 4
    first, second = codebook.variable_name(ITEMS[0]), codebook.variable_name(ITEMS[1])
    assert sorted(r[first] for r in rows) == ["1", "2", "3", "4"]
    assert {r[second] for r in rows} == {"NA"}  # not applicable, never a zero
    assert all(len(r["submitted_month"]) == 7 for r in rows)  # YYYY-MM: coarsened to the month
    assert [r["record_id"] for r in rows] == ["1", "2", "3", "4"]
    assert "Respondents: 4" in files["README.txt"].decode()


def test_no_name_or_email_anywhere_in_the_zip(lena, northside, practitioners):
    files = unzip(run(lena, northside, free_text=False))
    blob = b"".join(files.values()).lower()
    for person in [*practitioners, lena]:
        assert person.email.lower().encode() not in blob
        assert person.full_name.lower().encode() not in blob
        assert person.email.split("@")[0].encode() not in blob


def test_respondent_codes_differ_between_two_exports(lena, northside, practitioners):
    first = {r["respondent"] for r in rows_of(unzip(run(lena, northside)))}
    second = {r["respondent"] for r in rows_of(unzip(run(lena, northside)))}
    assert len(first) == len(second) == 4 and not first & second


def test_a_person_with_two_assessments_has_one_code_within_an_export(
    lena, northside, practitioners, make_assessment
):
    make_assessment(practitioners[0], kind="full", answers=answers("5"))
    rows = rows_of(unzip(run(lena, northside)))
    assert len(rows) == 5 and len({r["respondent"] for r in rows}) == 4


def test_members_who_did_not_agree_are_absent_and_withdrawing_takes_effect_at_the_next_export(
    lena, northside, practitioners
):
    item = codebook.variable_name(ITEMS[0])
    assert "5" not in {r[item] for r in rows_of(unzip(run(lena, northside)))}  # ezra's answer: never agreed
    accounts.research_consent_set(user=practitioners[3], organisation=northside, consent=False)
    for person in practitioners[4:]:  # one more agrees, so the export stays above the minimum
        accounts.research_consent_set(user=person, organisation=northside, consent=True)
    values = {r[item] for r in rows_of(unzip(run(lena, northside)))}
    assert "4" not in values and "5" in values  # dana withdrew, ezra agreed


def test_too_few_consenting_respondents_refuses_the_export_saying_why(lena, northside, practitioners):
    Membership.objects.filter(organisation=northside).update(research_consent=False)
    northside.min_group_size = 5
    northside.save()
    for person in practitioners[:4]:
        accounts.research_consent_set(user=person, organisation=northside, consent=True)
    job = run(lena, northside)
    assert job.status == "failed" and "Fewer than 5 members" in job.error and not job.result_name


def test_notes_only_when_asked_for_and_agreed_to(lena, northside, practitioners):
    note = codebook.variable_name("co-learning", "note_")
    assert note not in rows_of(unzip(run(lena, northside, free_text=False)))[0]
    accounts.research_consent_set(
        user=practitioners[0], organisation=northside, consent=True, free_text=False
    )
    notes = [r[note] for r in rows_of(unzip(run(lena, northside, free_text=True)))]
    assert sorted(notes) == [
        "",
        "Worked with Bilal's site team",
        "Worked with Chen's site team",
        "Worked with Dana's site team",
    ]


def test_scores_come_from_the_stored_results(lena, northside, practitioners):
    score = codebook.variable_name("co-learning", "score_")
    rows = rows_of(unzip(run(lena, northside)))
    assert sorted(float(r[score]) for r in rows) == [1.0, 2.0, 3.0, 4.0]  # the N/A item left out


def test_the_datapackage_is_a_valid_frictionless_package_for_the_data(
    lena, northside, practitioners, tmp_path
):
    frictionless = pytest.importorskip("frictionless")
    files = unzip(run(lena, northside, free_text=True))
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    package = json.loads(files["datapackage.json"])
    schema = package["resources"][0]["schema"]
    assert schema["missingValues"] == ["", "NA"]
    item = next(f for f in schema["fields"] if f["name"] == codebook.variable_name(ITEMS[0]))
    assert item["type"] == "integer" and item["constraints"] == {"minimum": 1, "maximum": 5}
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_the_redcap_dictionary_has_the_18_columns_and_a_field_for_every_column(
    lena, northside, practitioners
):
    files = unzip(run(lena, northside))
    dictionary = list(csv.reader(io.StringIO(files["redcap_dictionary.csv"].decode())))
    assert dictionary[0] == codebook.REDCAP_COLUMNS and len(dictionary[0]) == 18
    data_header = next(csv.reader(io.StringIO(files["data.csv"].decode())))
    assert [row[0] for row in dictionary[1:]] == data_header
    item = next(row for row in dictionary if row[0] == codebook.variable_name(ITEMS[0]))
    assert (
        item[3] == "radio"
        and item[5].startswith("1, Not yet | 2, Emerging")
        and item[5].endswith("NA, Not applicable to my role")
    )
    assert all(
        len(row[0]) <= codebook.NAME_MAX and row[0].replace("_", "").isalnum() for row in dictionary[1:]
    )


def test_spss_file_when_pyreadstat_is_installed(lena, northside, practitioners, tmp_path):
    pyreadstat = pytest.importorskip("pyreadstat")
    files = unzip(run(lena, northside))
    path = tmp_path / "data.sav"
    path.write_bytes(files["data.sav"])
    frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    item = codebook.variable_name(ITEMS[1])
    assert len(frame) == 4 and set(frame[item]) == {-9}  # not applicable, declared user-missing
    assert meta.variable_value_labels[item][-9] == "Not applicable to my role"
    assert meta.missing_ranges[item] == [{"lo": -9.0, "hi": -9.0}]
    assert "data.sav" in files["README.txt"].decode()


def test_the_lead_starts_an_export_from_its_page_and_members_cannot(
    client, lena, bob, dave, northside, practitioners
):
    url = reverse("research:export", args=[northside.slug])
    client.force_login(bob)
    assert client.get(url).status_code == 403
    client.force_login(dave)
    assert client.get(url).status_code == 404
    client.force_login(lena)
    assert "Enough members have agreed" in client.get(url).content.decode()
    response = client.post(url, {"kind": "full"})
    job = Job.objects.get(owner=lena)
    assert response.url == reverse("jobs:job", args=[job.pk]) and job.status == "done"
    assert f'<a href="{url}">Back to the research export</a>' in client.get(response.url).content.decode()
    assert reverse("jobs:job", args=[job.pk]) in client.get(url).content.decode()  # "your recent exports"


def test_the_export_page_refuses_too_few_before_starting_a_job(client, lena, northside, practitioners):
    client.force_login(lena)
    page = client.post(reverse("research:export", args=[northside.slug]), {"kind": "quick"}).content.decode()
    assert "Fewer than 3 members" in page and not Job.objects.exists()


def test_research_consent_is_chosen_on_the_organisation_page(client, alice, northside):
    client.force_login(alice)
    page = client.get(reverse("accounts:organisation", args=[northside.slug])).content.decode()
    assert "My de-identified answers may be used for research" in page
    client.post(
        reverse("accounts:organisation_research_consent", args=[northside.slug]),
        {"consent": "on", "free_text": "on"},
    )
    membership = alice.memberships.get(organisation=northside)
    assert membership.research_consent and membership.research_free_text and membership.consents_changed_at
    client.post(reverse("accounts:organisation_research_consent", args=[northside.slug]), {"free_text": "on"})
    membership.refresh_from_db()
    assert (
        not membership.research_consent and not membership.research_free_text
    )  # free text needs the first tick


def test_export_builds_quickly_enough_to_measure(lena, northside, practitioners):
    made = export.build(northside, kind="full")
    assert made.respondents == 4 and made.rows == 4 and made.filename.endswith(".zip")
