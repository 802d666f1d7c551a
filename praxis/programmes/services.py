"""Every change to a programme: one function per use case, each in one transaction.

Access is checked here as well as in the views (who may change a programme is `policy`'s), so a
service called from anywhere cannot be used to change a programme its caller may only read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction

from praxis.accounts.models import Membership, Organisation, User, normalise_email
from praxis.core.errors import PraxisError

from . import policy
from .models import Module, ModuleMapping, Programme, ProgrammeStaff, StaffRole

LEVELS_MIN = 2
LEVELS_MAX = 7
LEVEL_NAME_MAX = 60


class ProgrammeError(PraxisError):
    pass


def mapping_levels_parse(text: str) -> list[str]:
    """An ordered scale written one level per line, lowest first: 2 to 7 distinct names."""
    levels = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(levels) < LEVELS_MIN:
        raise ProgrammeError(f"Write at least {LEVELS_MIN} levels, one per line, lowest first.")
    if len(levels) > LEVELS_MAX:
        raise ProgrammeError(f"Write at most {LEVELS_MAX} levels, one per line.")
    if any(len(level) > LEVEL_NAME_MAX for level in levels):
        raise ProgrammeError(f"Keep each level's name under {LEVEL_NAME_MAX} characters.")
    if len({level.casefold() for level in levels}) != len(levels):
        raise ProgrammeError("Give each level a different name.")
    return levels


def _must_edit(by, programme: Programme) -> None:
    if not policy.can_edit_programme(by, programme):
        raise ProgrammeError("Only the programme's leads can change it.")


@transaction.atomic
def programme_create(
    *, by: User, organisation: Organisation, name: str, description: str = "", levels: Sequence[str]
) -> Programme:
    """A new programme; whoever creates it becomes its programme lead."""
    if not policy.can_create_programme(by, organisation):
        raise ProgrammeError("Only the organisation's leads and programme leads can create programmes.")
    if Programme.objects.filter(organisation=organisation, name__iexact=name.strip()).exists():
        raise ProgrammeError("There is already a programme with this name here. Choose another name.")
    programme = Programme.objects.create(
        organisation=organisation, name=name.strip(), description=description, mapping_levels=list(levels)
    )
    ProgrammeStaff.objects.create(programme=programme, user=by, role=StaffRole.LEAD)
    return programme


@transaction.atomic
def programme_update(
    *, by: User, programme: Programme, name: str, description: str, levels: Sequence[str]
) -> Programme:
    """Rename, describe, or change the scale. The scale cannot change once any module is mapped:
    a mapping stores a level's place on the scale, and changing the scale underneath would quietly
    make "Mastered" mean something else. Remove the mapping (or export it, change the scale, and
    import it again with the new level names) instead."""
    _must_edit(by, programme)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    mapped = ModuleMapping.objects.filter(module__programme=programme).exists()
    if list(levels) != list(programme.mapping_levels) and mapped:
        raise ProgrammeError(
            "The scale cannot change while modules are mapped to it: the mapping would quietly "
            "change meaning. Export the mapping, clear it, change the scale, then import it with "
            "the new level names."
        )
    if (
        Programme.objects.filter(organisation=programme.organisation, name__iexact=name.strip())
        .exclude(pk=programme.pk)
        .exists()
    ):
        raise ProgrammeError("There is already a programme with this name here. Choose another name.")
    programme.name = name.strip()
    programme.description = description
    programme.mapping_levels = list(levels)
    programme.save(update_fields=["name", "description", "mapping_levels"])
    return programme


@transaction.atomic
def mapping_clear(*, by: User, programme: Programme) -> int:
    _must_edit(by, programme)
    deleted, _ = ModuleMapping.objects.filter(module__programme=programme).delete()
    return deleted


# -- staff ----------------------------------------------------------------------------------------


@transaction.atomic
def staff_add(*, by: User, programme: Programme, email: str, role: str) -> ProgrammeStaff:
    """Make a member of the programme's organisation one of its leads or tutors."""
    _must_edit(by, programme)
    if role not in StaffRole.values:
        raise ProgrammeError("Choose programme lead or tutor.")
    member = (
        Membership.objects.filter(organisation=programme.organisation, user__email=normalise_email(email))
        .select_related("user")
        .first()
    )
    if member is None:
        raise ProgrammeError(
            f"Nobody with this e-mail address is a member of {programme.organisation}. Invite them to the "
            "organisation first."
        )
    staff, _ = ProgrammeStaff.objects.update_or_create(
        programme=programme, user=member.user, defaults={"role": role}
    )
    return staff


@transaction.atomic
def staff_remove(*, by: User, staff: ProgrammeStaff) -> None:
    _must_edit(by, staff.programme)
    if staff.role == StaffRole.LEAD:
        leads = ProgrammeStaff.objects.filter(programme=staff.programme, role=StaffRole.LEAD).count()
        if leads <= 1:
            raise ProgrammeError("A programme keeps at least one programme lead. Add another lead first.")
    staff.delete()


# -- modules --------------------------------------------------------------------------------------


@transaction.atomic
def module_add(
    *,
    by: User,
    programme: Programme,
    name: str,
    order: int | None,
    hours: Decimal | None,
    description: str = "",
) -> Module:
    _must_edit(by, programme)
    if programme.modules.filter(name__iexact=name.strip()).exists():
        raise ProgrammeError("This programme already has a module with this name. Choose another name.")
    if order is None:
        last = programme.modules.order_by("-order").values_list("order", flat=True).first()
        order = (last or 0) + 1
    return Module.objects.create(
        programme=programme, name=name.strip(), order=order, hours=hours, description=description
    )


@transaction.atomic
def module_update(
    *, by: User, module: Module, name: str, order: int, hours: Decimal | None, description: str
) -> Module:
    _must_edit(by, module.programme)
    if module.programme.modules.filter(name__iexact=name.strip()).exclude(pk=module.pk).exists():
        raise ProgrammeError("This programme already has a module with this name. Choose another name.")
    module.name, module.order, module.hours, module.description = name.strip(), order, hours, description
    module.save(update_fields=["name", "order", "hours", "description"])
    return module


@transaction.atomic
def module_delete(*, by: User, module: Module) -> None:
    _must_edit(by, module.programme)
    module.delete()


# -- mapping --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MappingEntry:
    """One row of a module's mapping: a competency (or one key activity of it) at a level."""

    competency_id: str
    level: int
    assessed: bool = False
    activity_id: str = ""


def _check_entries(programme: Programme, entries: Iterable[MappingEntry], framework) -> list[MappingEntry]:
    entries = list(entries)
    top = len(programme.mapping_levels) - 1
    for entry in entries:
        competency = framework.get(entry.competency_id)
        if competency is None or competency not in framework.competencies:
            raise ProgrammeError(f"“{entry.competency_id}” is not a competency of the framework.")
        if entry.activity_id and entry.activity_id not in {a.id for a in competency.all_key_activities()}:
            raise ProgrammeError(f"“{entry.activity_id}” is not a key activity of {competency.name}.")
        if not 0 <= entry.level <= top:
            raise ProgrammeError("Choose a level of the programme's scale.")
    return entries


@transaction.atomic
def module_mapping_set(*, by: User, module: Module, entries: Iterable[MappingEntry], framework) -> int:
    """Replace a module's whole mapping with `entries`."""
    _must_edit(by, module.programme)
    entries = _check_entries(module.programme, entries, framework)
    module.mappings.all().delete()
    return _mappings_create(
        [(module, e) for e in entries], twice="The same competency or key activity is mapped twice."
    )


@transaction.atomic
def programme_mapping_replace(
    *, by: User, programme: Programme, rows: Iterable[tuple[Module, MappingEntry]], framework
) -> int:
    """Replace the whole programme's mapping (an import): all of it or, on any error, nothing."""
    _must_edit(by, programme)
    rows = list(rows)
    if any(module.programme_id != programme.pk for module, _ in rows):
        raise ProgrammeError("A row names a module of another programme.")
    _check_entries(programme, (entry for _, entry in rows), framework)
    ModuleMapping.objects.filter(module__programme=programme).delete()
    return _mappings_create(rows, twice="The same competency or key activity is mapped twice for one module.")


def _mappings_create(rows: list[tuple[Module, MappingEntry]], *, twice: str) -> int:
    """Insert the mapping rows at once; a competency or key activity mapped twice is `twice`."""
    try:
        ModuleMapping.objects.bulk_create(
            ModuleMapping(
                module=module,
                competency_id=e.competency_id,
                activity_id=e.activity_id,
                level=e.level,
                assessed=e.assessed,
            )
            for module, e in rows
        )
    except IntegrityError as error:
        raise ProgrammeError(twice) from error
    return len(rows)
