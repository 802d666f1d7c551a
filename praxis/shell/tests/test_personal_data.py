"""'Download my data': a zip of everything a person owns, and nothing that is not theirs to have."""

import csv
import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from praxis.core.frameworks import current_framework
from praxis.journal import services as journal
from praxis.teams import matches
from praxis.teams.models import Introduction

from .conftest import ALICE_AS_RATER, STAKEHOLDER_SECRET

pytestmark = pytest.mark.django_db

FILES = {
    "README.txt",
    "profile.json",
    "memberships.csv",
    "assessments.json",
    "answers.csv",
    "plans.json",
    "journal.json",
    "journal.csv",
    "feedback_rounds.json",
    "supervision.json",
    "learning.json",
    "cohorts.json",
    "recently_deleted.json",
}


def _download(client, user):
    client.force_login(user)
    response = client.get(reverse("shell:personal_data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="praxis-data-')
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def _csv(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_the_zip_holds_every_file_with_a_readme(client, rich):
    files = _download(client, rich.person)
    assert set(files) == FILES
    readme = files["README.txt"]
    framework = current_framework()
    assert f"version {framework.version}" in readme
    for name in FILES - {"README.txt"}:
        assert name in readme
    for level in framework.scale.levels:
        assert f"{level.value}  {level.label}" in readme
    assert '"not_applicable": true' in readme and "never counts as zero" in readme
    assert "&amp;" not in readme and "&#x27;" not in readme  # plain text, not HTML


def test_profile_and_memberships(client, rich):
    files = _download(client, rich.person)
    profile = json.loads(files["profile.json"])
    assert profile["email"] == "alice@example.org" and profile["full_name"] == "Alice"
    assert "password" not in files["profile.json"]
    assert profile["weekly_digest"] is False and profile["weekly_digest_last_sent_week"] is None
    [northside] = _csv(files["memberships.csv"])
    assert northside["organisation"] == "Northside" and northside["supervised_by"] == "Carol"


def test_every_assessment_with_every_answer_and_not_applicable_coded(client, rich):
    files = _download(client, rich.person)
    data = json.loads(files["assessments.json"])
    by_id = {a["id"]: a for a in data["assessments"]}
    assert set(by_id) == {rich.assessment.pk, rich.draft.pk}
    submitted = by_id[rich.assessment.pk]
    assert len(submitted["answers"]) == len(current_framework().competencies)
    na = next(a for a in submitted["answers"] if a["item_id"] == "co-design")
    assert na["level"] is None and na["not_applicable"] is True
    assert submitted["competency_scores"]["brokering"]["score"] == 2
    assert submitted["notes"][0]["text"] == "=We learnt together"  # JSON keeps exactly what was typed
    assert submitted["principle_reflections"][0]["strength"] == 3
    assert submitted["shared_with"][0]["organisation"] == "Northside"
    assert submitted["submitted_at"].endswith("Z")  # UTC, ISO 8601
    rows = _csv(files["answers.csv"])
    assert len(rows) == len(submitted["answers"])
    row = next(r for r in rows if r["item_id"] == "co-design")
    assert (row["level"], row["level_label"], row["not_applicable"]) == ("", "", "yes")
    row = next(r for r in rows if r["item_id"] == "brokering")
    assert row["level"] == "2" and row["level_label"] and row["not_applicable"] == "no"


def test_plans_with_everything_in_them(client, rich):
    data = json.loads(_download(client, rich.person)["plans.json"])
    [plan] = data["plans"]
    focus = next(f for f in plan["focuses"] if f["competency_id"] == "brokering")
    assert focus["why_now"] == "My partners need it"
    assert focus["resources"][0]["title"] == "A good book"
    assert focus["people_to_learn_from"][0] == {
        "name": "Bob",
        "note": "Brokers well",
        "colleague_on_praxis": True,
    }
    assert focus["next_steps"][0]["text"] == "Shadow Bob"
    assert focus["evidence"][0]["journal_entry_id"] == rich.entry.pk
    assert plan["check_ins"][0]["notes"][0]["text"] == "Going well"
    assert [(c["author"], c["text"]) for c in plan["comments"]] == [
        ("Carol", "Good choice"),
        ("You", "Thank you"),
    ]
    assert plan["shared_with_supervisors_in"][0]["organisation"] == "Northside"
    assert data["comments_you_wrote_on_other_peoples_plans"][0]["text"] == "Alice's advice on Bob's plan"
    assert "Thanks, Alice" not in json.dumps(data)  # Bob's own words on his plan are his


def test_journal_as_json_and_as_the_journals_own_formula_safe_csv(client, rich, bob):
    journal.create_entry(
        owner=bob, kind="reflection", fields={"occurred_on": rich.entry.occurred_on, "title": "Bob's"}
    )
    files = _download(client, rich.person)
    entries = json.loads(files["journal.json"])
    assert {e["title"] for e in entries} == {"Coaching the site team", "Ten questions"}
    support = next(e for e in entries if e["title"] == "Coaching the site team")
    assert {t["item_id"] for t in support["tags"]} == {"co-learning", "be-curious"}
    assert support["shared_with_supervisors_in"][0]["organisation"] == "Northside"
    assert support["notes"].startswith("=HYPERLINK")
    rows = _csv(files["journal.csv"])
    assert len(rows) == 2
    assert next(r for r in rows if r["title"] == "Coaching the site team")["notes"].startswith("'=HYPERLINK")
    assert "Bob's" not in files["journal.csv"]
    client.force_login(rich.person)
    assert files["journal.csv"] == client.get(reverse("journal:export")).content.decode()


def test_feedback_rounds_carry_the_report_as_its_page_shows_it_and_no_rater_answers(client, rich):
    files = _download(client, rich.person)
    rounds = {r["title"]: r for r in json.loads(files["feedback_rounds.json"])}
    assert set(rounds) == {"Spring feedback", "Still open"}  # Bob's round, which she rated, is Bob's
    assert rounds["Still open"]["report"] is None  # as on the page: no report before it closes
    spring = rounds["Spring feedback"]
    assert {r["email"] for r in spring["invited"]} >= {"p1@example.org", "late@example.org"}
    assert all("submitted_at" not in r for r in spring["invited"])  # who answered is never shown
    report = spring["report"]
    # 3 peers and 1 stakeholder: a total would give the lone stakeholder away, so, as on the page, none
    assert report["responses"] is None and report["minimum_group_size"] == 3
    co_learning = next(c for c in report["competencies"] if c["competency_id"] == "co-learning")
    assert co_learning["groups"]["peer"] == {"n": 3, "mean": 3.33}  # no spreads: see disclosure
    assert "stakeholder" not in co_learning["groups"]  # one stakeholder: below the threshold
    assert co_learning["all_others"] is None  # it would give the one stakeholder away by difference
    assert sorted(report["comments"]) == ["Peer note 0", "Peer note 1", "Peer note 2"]
    everything = "".join(files.values())
    assert STAKEHOLDER_SECRET not in everything and ALICE_AS_RATER not in everything


def test_a_person_with_nothing_yet_gets_a_readable_zip(client, dave):
    files = _download(client, dave)
    assert set(files) == FILES
    assert json.loads(files["assessments.json"]) == {"scales": {}, "assessments": []}
    assert current_framework().scale.levels[0].label in files["README.txt"]


def test_downloading_writes_nothing_and_answers_only_get(client, alice):
    client.force_login(alice)
    assert client.post(reverse("shell:personal_data")).status_code == 405


def test_the_download_asks_a_fixed_number_of_queries_whatever_the_journal_size(
    client, alice, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def entries(n):
        for i in range(n):
            entry = journal.create_entry(
                owner=alice, kind="reflection", fields={"occurred_on": "2026-01-01", "title": f"E{i}"}
            )
            journal.add_tag(entry=entry, item_id="co-learning")

    client.force_login(alice)
    entries(1)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("shell:personal_data"))
    entries(10)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("shell:personal_data"))


def test_what_she_deleted_and_praxis_still_keeps_is_in_the_download(client, rich):
    deleted = json.loads(_download(client, rich.person)["recently_deleted.json"])
    assert [(d["label"], d["kind"], d["restorable"]) for d in deleted] == [
        ("Second thoughts", "journal entry", True)
    ]
    assert deleted[0]["objects"][0]["fields"]["title"] == "Second thoughts"


def test_learning_wishes_and_introductions_are_in_the_download(
    client, alice, bob, carol, lena, dave, northside
):
    matches.learning_wish_add(user=alice, organisation=northside, competency_id="co-design")
    when = timezone.now()
    Introduction.objects.create(
        organisation=northside,
        learner=alice,
        mentor=bob,
        competency_id="co-design",
        sent_by=lena,
        sent_at=when,
    )
    Introduction.objects.create(  # alice the mentor, introduced by a lead who has since left
        organisation=northside,
        learner=carol,
        mentor=alice,
        competency_id="brokering",
        sent_by=None,
        sent_at=when,
    )
    Introduction.objects.create(  # between others: not hers
        organisation=northside,
        learner=carol,
        mentor=bob,
        competency_id="co-learning",
        sent_by=lena,
        sent_at=when,
    )
    learning = json.loads(_download(client, alice)["learning.json"])
    [wish] = learning["learning_wishes"]
    assert (wish["organisation"], wish["competency_id"], wish["competency"]) == (
        "Northside",
        "co-design",
        "Co-design",
    )
    assert wish["made_at"].endswith("Z")
    assert [
        (i["competency"], i["you_were"], i["introduced_to"], i["introduced_by"])
        for i in learning["introductions"]
    ] == [
        ("Co-design", "the learner", "Bob", "Lena"),
        ("Brokering", "the peer mentor", "Carol", "A former member"),
    ]
    assert learning["introductions_you_sent"] == []
    sent = json.loads(_download(client, lena)["learning.json"])
    assert [(i["learner"], i["peer_mentor"], i["competency"]) for i in sent["introductions_you_sent"]] == [
        ("Alice", "Bob", "Co-design"),
        ("Carol", "Bob", "Co-learning"),
    ]
    assert sent["learning_wishes"] == [] and sent["introductions"] == []
    nothing = json.loads(_download(client, dave)["learning.json"])
    assert nothing == {"learning_wishes": [], "introductions": [], "introductions_you_sent": []}
