"""Writes for the journal: one function per use case, each transactional."""

from __future__ import annotations

from django.db import transaction

from praxis.core import trash
from praxis.core.errors import PraxisError
from praxis.core.frameworks import current_framework
from praxis.core.models import Deleted
from praxis.framework.model import Competency, KeyActivity, Principle

from . import summary
from .models import Entry, EntryTag, Kind, TagKind


class JournalError(PraxisError):
    """A change that cannot be made; the message is written for the person making it. `field`
    names the form field it is about, so the form can show it next to that field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class EntryChanged(JournalError):
    """The entry was saved elsewhere since the form was loaded; `current` is the saved entry."""

    def __init__(self, current: Entry):
        super().__init__(
            "This entry was changed in another tab or device since you opened it. "
            "Here is the saved version; your text is kept below."
        )
        self.current = current


def resolve_tag(item_id: str) -> tuple[str, str]:
    """(tag kind, competency id) for a framework item id, or JournalError if it cannot be a tag."""
    framework = current_framework()
    try:
        item = framework.get(item_id)
    except KeyError:
        raise JournalError("That is not a competency, key activity or principle of the framework.") from None
    if isinstance(item, Competency):
        return TagKind.COMPETENCY, item.id
    if isinstance(item, KeyActivity):
        return TagKind.KEY_ACTIVITY, framework.competency_of(item.id).id
    if isinstance(item, Principle):
        return TagKind.PRINCIPLE, ""
    raise JournalError("Only competencies, key activities and principles can be used as tags.")


def _check_kind_fields(kind: str, fields: dict) -> None:
    if kind == Kind.DILEMMA:
        dilemma = fields.get("dilemma_id", "")
        if dilemma not in {d.id for d in current_framework().dilemmas}:
            raise JournalError(
                "Choose which of the guide's dilemmas this entry is about.", field="dilemma_id"
            )
    if kind == Kind.GUIDED:
        questions = {q.id for q in current_framework().reflective_questions}
        answers = fields.get("answers") or {}
        if set(answers) - questions:
            raise JournalError("Answers must belong to the guide's reflective questions.")
        fields["answers"] = {k: v.strip() for k, v in answers.items() if v and v.strip()}


@transaction.atomic
def create_entry(*, owner, kind: str, fields: dict, tags: list[str] = ()) -> Entry:
    if kind not in Kind.values:
        raise JournalError("Choose a kind of entry.")
    _check_kind_fields(kind, fields)
    entry = Entry.objects.create(owner=owner, kind=kind, **fields)
    for item_id in tags:
        _add_tag(entry, item_id)
    summary.refresh(entry.owner_id, [entry.occurred_on])
    return entry


@transaction.atomic
def update_entry(
    *, entry: Entry, fields: dict, tags: list[str] | None = None, version: int | None = None
) -> Entry:
    """Change an entry's fields and, when `tags` is given, its tags: one transaction, so a
    failure half-way leaves the entry exactly as it was.

    `version` is the version the edit form was loaded at. If the entry has been saved since (in
    another tab or on another device), nothing changes and EntryChanged carries the saved entry.
    """
    locked = Entry.objects.select_for_update().get(pk=entry.pk)
    if version is not None and locked.version != version:
        raise EntryChanged(locked)
    _check_kind_fields(locked.kind, fields)
    was_on = locked.occurred_on
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.save()
    if tags is not None:
        _set_tags(locked, tags)
    summary.refresh(locked.owner_id, [was_on, locked.occurred_on])
    return locked


def _set_tags(entry: Entry, tags: list[str]) -> None:
    wanted = list(dict.fromkeys(tags))
    current = set(entry.tags.values_list("item_id", flat=True))
    for item_id in wanted:
        if item_id not in current:
            _add_tag(entry, item_id)
    EntryTag.objects.filter(entry=entry, item_id__in=current - set(wanted)).delete()


@transaction.atomic
def delete_entry(*, entry: Entry) -> Deleted:
    """The one place an entry is deleted (its tags and shares go with it), undoable for 30 days."""
    owner_id, occurred_on = entry.owner_id, entry.occurred_on
    deleted = trash.delete(entry, owner=entry.owner, label=entry.title, kind="journal entry")
    summary.refresh(owner_id, [occurred_on])
    return deleted


def _restored(entry: Entry) -> None:
    summary.refresh(entry.owner_id, [entry.occurred_on])


trash.after_restoring(Entry, _restored)


def _add_tag(entry: Entry, item_id: str) -> EntryTag:
    kind, competency_id = resolve_tag(item_id)
    tag, _ = EntryTag.objects.get_or_create(
        entry=entry, item_id=item_id, defaults={"kind": kind, "competency_id": competency_id}
    )
    return tag


@transaction.atomic
def add_tag(*, entry: Entry, item_id: str) -> EntryTag:
    tag = _add_tag(entry, item_id)
    summary.refresh(entry.owner_id, [entry.occurred_on])
    return tag


@transaction.atomic
def remove_tag(*, entry: Entry, item_id: str) -> None:
    EntryTag.objects.filter(entry=entry, item_id=item_id).delete()
    summary.refresh(entry.owner_id, [entry.occurred_on])
