"""Account deletion and the personal-data export cover supervision."""

import io
import json
import zipfile

import pytest

from praxis.shell import services as shell
from praxis.shell.personal_data import archive
from praxis.supervision import services
from praxis.supervision.models import AgreedAction, SupervisionNote, SupervisionVisit

pytestmark = pytest.mark.django_db


def _supervision_json(user) -> dict:
    with zipfile.ZipFile(io.BytesIO(archive(user))) as zf:
        return json.loads(zf.read("supervision.json"))


@pytest.fixture
def conversation(alice, carol):
    services.note_add(author=carol, supervisee=alice, text="Shared thought", visibility="shared")
    services.note_add(author=carol, supervisee=alice, text="Private thought", visibility="private")
    services.action_propose(proposed_by=carol, supervisee=alice, text="Keep a log")
    services.visit_mark_seen(supervisor=carol, supervisee=alice)


def test_export_gives_the_practitioner_shared_notes_and_actions_but_no_private_note(alice, conversation):
    data = _supervision_json(alice)
    assert [n["text"] for n in data["notes_shared_with_you"]] == ["Shared thought"]
    assert [a["text"] for a in data["actions_agreed_with_you"]] == ["Keep a log"]
    assert "Private thought" not in json.dumps(data)


def test_export_gives_the_supervisor_every_note_they_wrote(carol, conversation):
    data = _supervision_json(carol)
    assert {n["text"] for n in data["notes_you_wrote_as_a_supervisor"]} == {
        "Shared thought",
        "Private thought",
    }
    assert [a["text"] for a in data["actions_you_proposed_as_a_supervisor"]] == ["Keep a log"]
    assert data["notes_shared_with_you"] == []


def test_deleting_the_supervisor_keeps_what_the_practitioner_was_given_and_removes_private_notes(
    alice, carol, conversation
):
    shell.account_delete(user=carol)
    assert list(SupervisionNote.objects.values_list("text", "author")) == [("Shared thought", None)]
    assert AgreedAction.objects.get().proposed_by is None
    assert not SupervisionVisit.objects.exists()
    assert _supervision_json(alice)["notes_shared_with_you"][0]["by"] == "A former supervisor"


def test_deleting_the_practitioner_removes_everything_about_them(alice, carol, conversation):
    shell.account_delete(user=alice)
    assert not SupervisionNote.objects.exists()
    assert not AgreedAction.objects.exists()
    assert not SupervisionVisit.objects.exists()
