"""Editing a journal entry: fields and tags change together or not at all, and an edit from a
form that is behind (another tab or device saved the entry since) changes nothing and keeps
what was typed, with the saved version shown beside it."""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from praxis.journal import services
from praxis.journal.models import Entry

STALE = "This entry was changed in another tab or device since you opened it."


def make_entry(owner):
    return services.create_entry(
        owner=owner,
        kind="reflection",
        fields={"occurred_on": date(2026, 11, 2), "title": "Steering group", "body": "First thoughts"},
        tags=["co-learning", "brokering"],
    )


def snapshot(entry_pk):
    entry = Entry.objects.get(pk=entry_pk)
    return (entry.title, entry.body, entry.version, sorted(t.item_id for t in entry.tags.all()))


@pytest.mark.django_db(transaction=True)
def test_an_edit_that_fails_half_way_leaves_the_entry_and_its_tags_exactly_as_before(alice, monkeypatch):
    """Real transactions (no test wrapper): the title is saved and the tags changed before the
    last step (the summary's refresh) fails; the rollback must undo all of it."""
    entry = make_entry(alice)
    before = snapshot(entry.pk)

    def fail(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(services.summary, "refresh", fail)
    with pytest.raises(RuntimeError):
        services.update_entry(
            entry=entry,
            fields={"occurred_on": date(2026, 11, 2), "title": "Renamed", "body": "Second thoughts"},
            tags=["co-learning", "co-design", "be-curious"],
            version=entry.version,
        )
    assert snapshot(entry.pk) == before


@pytest.mark.django_db
def test_an_edit_changes_fields_and_tags_together_and_counts_a_version(alice):
    entry = make_entry(alice)
    saved = services.update_entry(
        entry=entry,
        fields={"occurred_on": date(2026, 11, 2), "title": "Renamed", "body": "Second thoughts"},
        tags=["co-learning", "co-design"],
        version=1,
    )
    assert snapshot(entry.pk) == ("Renamed", "Second thoughts", 2, ["co-design", "co-learning"])
    assert saved.version == 2


@pytest.mark.django_db
def test_an_edit_from_an_older_version_raises_and_changes_nothing(alice):
    entry = make_entry(alice)
    services.update_entry(entry=entry, fields={"occurred_on": date(2026, 11, 2), "title": "Newer"}, version=1)
    with pytest.raises(services.EntryChanged) as changed:
        services.update_entry(
            entry=entry, fields={"occurred_on": date(2026, 11, 2), "title": "Older"}, tags=[], version=1
        )
    assert changed.value.current.title == "Newer"
    assert snapshot(entry.pk) == ("Newer", "First thoughts", 2, ["brokering", "co-learning"])


# -- two tabs, through the pages -----------------------------------------------------------------


@pytest.fixture
def tabs(alice):
    first, second = Client(), Client()
    first.force_login(alice)
    second.force_login(alice)
    return first, second


def loaded_version(html: str) -> str:
    match = re.search(r'name="loaded_version" value="(\d+)"', html)
    assert match, "the edit form carries the version it was loaded at"
    return match.group(1)


def edit_data(version: str, title: str, body: str, tags=("co-learning",)):
    return {
        "occurred_on": "2026-11-02",
        "title": title,
        "body": body,
        "tags": list(tags),
        "loaded_version": version,
    }


@pytest.mark.django_db
def test_a_stale_save_from_a_second_tab_changes_nothing_and_shows_both_versions(tabs, alice):
    entry = make_entry(alice)
    first, second = tabs
    url = reverse("journal:edit", args=[entry.pk])
    first_version = loaded_version(first.get(url).content.decode())
    second_version = loaded_version(second.get(url).content.decode())
    assert first_version == second_version == "1"

    saved = second.post(
        url, edit_data(second_version, "From the phone", "Written on the train", ["co-design"])
    )
    assert saved.status_code == 302
    stale = first.post(url, edit_data(first_version, "From the laptop", "Written at my desk", ["be-curious"]))
    html = stale.content.decode()

    assert stale.status_code == 200
    assert STALE in html and "Here is the saved version; your text is kept below." in html
    # The saved version, beside the form ...
    assert "The saved version" in html and "From the phone" in html and "Written on the train" in html
    assert "Co-design" in html
    # ... and what this tab typed, kept in the form.
    assert 'value="From the laptop"' in html and "Written at my desk" in html
    assert snapshot(entry.pk) == ("From the phone", "Written on the train", 2, ["co-design"])
    # The re-shown form is now at the saved version: saving it again is a knowing choice.
    assert loaded_version(html) == "2"
    again = first.post(url, edit_data(loaded_version(html), "From the laptop", "Written at my desk"))
    assert again.status_code == 302
    assert snapshot(entry.pk) == ("From the laptop", "Written at my desk", 3, ["co-learning"])


@pytest.mark.django_db
def test_saves_one_after_another_from_the_same_tab_do_not_conflict(client, alice):
    entry = make_entry(alice)
    client.force_login(alice)
    url = reverse("journal:edit", args=[entry.pk])
    for n in range(3):
        version = loaded_version(client.get(url).content.decode())
        assert client.post(url, edit_data(version, f"Take {n}", "Body")).status_code == 302
    assert snapshot(entry.pk)[:3] == ("Take 2", "Body", 4)
