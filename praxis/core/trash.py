"""Delete with undo for 30 days, for any kind of object, without soft-delete flags.

`delete(obj, owner=..., label=...)` gathers the object and everything that goes with it, exactly
as Django's own delete would (`Collector`: cascades, generic relations such as shares, links that
are cleared), writes them in Django's serialised form into one `Deleted` row owned by the person,
and then really deletes them, all in one transaction. So no query anywhere needs a filter to hide
deleted things, and nothing deleted can leak through a filter someone forgot.

`restore(deleted)` puts them back, with their ids, in one transaction, and puts back the links the
delete cleared (a plan's "from assessment", say) where nothing has been set since. It refuses, with
a message for the person, when something the object hangs on is gone: when that is in another of
their deleted items, the message names it ("Restore “My plan” first"), so items come back in the
right order and nothing is lost; when it is gone for good, the object cannot come back (it would
have gone with it). Something that only went along (a tag, an evidence link) and whose other end is
gone for good is left out, as its own delete would have done. A nullable link to something gone is
left empty, as `SET_NULL` would have. Ids are never reused (SQLite AUTOINCREMENT, PostgreSQL
sequences), so a restored object cannot collide with a newer one; a unique rule (one draft of a
kind, say) can, and is refused in words. Search indexes follow: the journal's SQLite FTS triggers
and PostgreSQL generated column see ordinary inserts.

An app keeps what it derives from its rows up to date with `after_restoring(Model, hook)`, and
adds its own rules with `when_restoring(Model, check)`: `check(obj)` may raise a
`PraxisError` to refuse (a focus of a completed plan) or return False to leave that object out
(a share in an organisation the person has since left).

After `RETENTION` a row is never listed or restorable, even before `praxis purge_deleted` (for
cron) removes it. The rows are the person's data: they go with the account (ON DELETE CASCADE) and
are listed in the personal-data export.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta

from django.apps import apps
from django.contrib import messages
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.base import DeserializationError
from django.db import IntegrityError, models, router, transaction
from django.db.models.deletion import Collector
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .errors import PraxisError
from .models import Deleted

RETENTION = timedelta(days=30)
UNDO_TAG = "undo-"

_checks: dict[str, list[Callable[[models.Model], bool | None]]] = defaultdict(list)
_after: dict[str, list[Callable[[models.Model], None]]] = defaultdict(list)


class RestoreRefused(PraxisError):
    """The deleted item cannot come back now; the message says why and what to do."""


def when_restoring(model: type[models.Model], check: Callable[[models.Model], bool | None]) -> None:
    """Register an app's rule, run on every object of `model` about to be restored (after its
    links are checked). Raise a PraxisError to refuse the whole restore; return False to leave
    this one object out (never the item itself: then the restore is refused)."""
    _checks[model._meta.label_lower].append(check)


def after_restoring(model: type[models.Model], hook: Callable[[models.Model], None]) -> None:
    """Register what an app keeps up to date from its rows (a derived summary, say): `hook(obj)`
    runs on every restored object of `model`, inside the restore's transaction."""
    _after[model._meta.label_lower].append(hook)


def _key(model: type[models.Model], pk) -> str:
    return f"{model._meta.label_lower}:{pk}"


# -- deleting -------------------------------------------------------------------------------------


@transaction.atomic
def delete(obj: models.Model, *, owner, label: str, kind: str = "") -> Deleted:
    """Delete `obj` and everything that goes with it, keeping a copy `owner` can restore for
    `RETENTION`. `label` is what the person will recognise it by; `kind` says what it was
    (the model's verbose name by default)."""
    model = type(obj)
    obj = model._default_manager.select_for_update().get(pk=obj.pk)
    collector = Collector(using=router.db_for_write(model), origin=obj)
    collector.collect([obj])

    objects, seen = [], set()
    batches = [list(instances) for instances in collector.data.values()]
    batches += [list(qs) for qs in collector.fast_deletes]  # evaluated now, deleted by pk below
    for batch in batches:
        for instance in batch:
            key = _key(type(instance), instance.pk)
            if key not in seen and not instance._meta.auto_created:
                seen.add(key)
                objects.append(instance)
    cleared = []
    for (field, _value), instances_list in collector.field_updates.items():
        pairs = [
            [instance.pk, getattr(instance, field.attname)]
            for instances in instances_list
            for instance in instances
            if _key(type(instance), instance.pk) not in seen
        ]
        if pairs:
            cleared.append([field.model._meta.label_lower, field.name, pairs])

    deleted = Deleted.objects.create(
        owner=owner,
        label=label[:300],
        kind=(kind or str(model._meta.verbose_name))[:100],
        model=model._meta.label_lower,
        object_id=str(obj.pk),
        contents=" " + " ".join(sorted(seen)) + " ",
        payload={"objects": json.loads(serializers.serialize("json", objects)), "cleared": cleared},
    )
    collector.delete()
    return deleted


def announce(request, deleted: Deleted, text: str) -> None:
    """The message after a delete, with an Undo button (templates/base.html reads the tag)."""
    messages.success(request, text, extra_tags=f"{UNDO_TAG}{deleted.pk}")


# -- reading --------------------------------------------------------------------------------------


def recent(owner):
    """The person's deleted items that can still be restored, newest first."""
    return Deleted.objects.filter(owner=owner, deleted_at__gt=timezone.now() - RETENTION)


def deleted_for_restoring(owner, pk: int) -> Deleted:
    """One of the person's own restorable items; anyone else's, or an expired one, is not found."""
    return get_object_or_404(recent(owner), pk=pk)


def expires_at(deleted: Deleted):
    return deleted.deleted_at + RETENTION


# -- restoring ------------------------------------------------------------------------------------


def _waiting_for(deleted: Deleted, key: str) -> Deleted | None:
    """Another of the person's restorable items that holds `key`, if any."""
    return recent(deleted.owner).exclude(pk=deleted.pk).filter(contents__contains=f" {key} ").first()


class _Links:
    """Which objects exist in the database, asked once per object."""

    def __init__(self):
        self.known: dict[str, bool] = {}

    def exists(self, model, field, value) -> bool:
        key = _key(model, f"{field}={value}")
        if key not in self.known:
            self.known[key] = model._default_manager.filter(**{field: value}).exists()
        return self.known[key]


def _gone(item, kept: dict[str, object], links: _Links):
    """The first required link of `item` that points at nothing: (field, key), else None. Nullable
    links to nothing (SET_NULL) are emptied on the way."""
    obj = item.object
    for field in obj._meta.concrete_fields:
        if not field.is_relation or not (field.many_to_one or field.one_to_one):
            continue
        value = getattr(obj, field.attname)
        if value is None:
            continue
        target = field.related_model
        target_field = field.target_field
        if target_field.primary_key and _key(target, value) in kept:
            continue
        if links.exists(target, target_field.attname, value):
            continue
        if field.null and field.remote_field.on_delete is models.SET_NULL:
            setattr(obj, field.attname, None)
            continue
        return field, _key(target, value)
    return None


def _refuse_waiting(deleted: Deleted, field, key: str, is_item: bool):
    other = _waiting_for(deleted, key)
    if other is not None:
        raise RestoreRefused(
            f"Restore “{other.label}” ({other.kind}) first: this {deleted.kind} "
            f"{'belongs to it' if is_item else 'has a part that belongs to it'}. Then restore this."
        )
    if is_item:
        raise RestoreRefused(
            f"This {deleted.kind} belonged to a {field.related_model._meta.verbose_name} that no longer "
            "exists, so it cannot come back."
        )


@transaction.atomic
def restore(deleted: Deleted) -> models.Model:
    """Put a deleted item back as it was; return the restored object. Refuses (RestoreRefused, or an
    app's PraxisError) without changing anything."""
    deleted = recent(deleted.owner).select_for_update().filter(pk=deleted.pk).first()
    if deleted is None:
        raise RestoreRefused("That is back already, or was deleted more than 30 days ago.")
    try:
        items = list(
            serializers.deserialize("json", json.dumps(deleted.payload["objects"]), ignorenonexistent=True)
        )
    except (DeserializationError, LookupError, FieldDoesNotExist, KeyError) as error:
        raise RestoreRefused(f"This {deleted.kind} can no longer be restored.") from error
    root_key = f"{deleted.model}:{deleted.object_id}"
    kept = {_key(type(item.object), item.object.pk): item for item in items}
    if root_key not in kept:
        raise RestoreRefused(f"This {deleted.kind} can no longer be restored.")

    links = _Links()
    changed = True
    while changed:  # leaving one object out can leave its own parts hanging: check again
        changed = False
        for key, item in list(kept.items()):
            gone = _gone(item, kept, links)
            if gone is None:
                for check in _checks.get(type(item.object)._meta.label_lower, []):
                    if check(item.object) is False:
                        if key == root_key:
                            raise RestoreRefused(f"This {deleted.kind} cannot come back.")
                        gone = (None, None)
                        break
            else:
                _refuse_waiting(deleted, *gone, is_item=key == root_key)
            if gone is not None:
                del kept[key]
                changed = True

    by_model = defaultdict(list)
    for item in kept.values():
        by_model[type(item.object)].append(item.object.pk)
    for model, pks in by_model.items():
        if model._default_manager.filter(pk__in=pks).exists():
            raise RestoreRefused(f"This {deleted.kind} is already back.")
    try:
        with transaction.atomic():
            for item in kept.values():
                item.save()
    except IntegrityError as error:
        raise RestoreRefused(
            f"This {deleted.kind} cannot come back while something you have now takes its place "
            "(a newer one of the same kind, say). Delete or finish that first."
        ) from error

    for label, field_name, pairs in deleted.payload.get("cleared", []):
        try:
            model = apps.get_model(label)
            field = model._meta.get_field(field_name)
        except (LookupError, FieldDoesNotExist):
            continue
        for pk, value in pairs:
            if _key(field.related_model, value) in kept:
                model._default_manager.filter(pk=pk, **{f"{field.attname}__isnull": True}).update(
                    **{field.attname: value}
                )
    for item in kept.values():
        for hook in _after.get(type(item.object)._meta.label_lower, []):
            hook(item.object)
    deleted.delete()
    return kept[root_key].object


def where(obj: models.Model) -> str:
    """A page to show a restored object on: its own, or its parent's (a focus's plan)."""
    if hasattr(obj, "get_absolute_url"):
        return obj.get_absolute_url()
    for field in obj._meta.concrete_fields:
        if field.many_to_one and not field.null:
            parent = getattr(obj, field.name)
            if hasattr(parent, "get_absolute_url"):
                return parent.get_absolute_url()
    return ""


def purge(now=None) -> int:
    """Remove every deleted item older than RETENTION, for good; return how many."""
    count, _ = Deleted.objects.filter(deleted_at__lte=(now or timezone.now()) - RETENTION).delete()
    return count
