"""Reads of programmes: modules, their mapping to the competencies, the coverage matrix.

Access is decided before these are called (`policy.py`); they take a programme the viewer may see.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404

from praxis.framework import Framework

from . import coverage as coverage_rules
from . import policy
from .models import Module, ModuleMapping, Programme, ProgrammeStaff


@dataclass(frozen=True)
class ModuleLevel:
    """One module addressing one competency (as a whole, or through one key activity)."""

    module_id: int
    module_name: str
    module_order: int
    level: int  # 0-based index into programme.mapping_levels
    level_name: str
    assessed: bool
    activity_id: str = ""  # "" when the module addresses the competency as a whole


def modules_of(programme: Programme) -> list[Module]:
    return list(programme.modules.order_by("order", "name", "pk"))


def mappings_of(programme: Programme) -> list[ModuleMapping]:
    return list(
        ModuleMapping.objects.filter(module__programme=programme)
        .select_related("module")
        .order_by("module__order", "module__name", "module_id", "competency_id", "activity_id")
    )


def modules_by_competency(programme: Programme) -> dict[str, list[ModuleLevel]]:
    """Which modules address each competency, at which level, in module order (one query).

    Competencies no module addresses are absent from the dict. A module that addresses a
    competency through several key activities appears once per mapping row.
    """
    found: dict[str, list[ModuleLevel]] = defaultdict(list)
    for mapping in mappings_of(programme):
        found[mapping.competency_id].append(
            ModuleLevel(
                module_id=mapping.module_id,
                module_name=mapping.module.name,
                module_order=mapping.module.order,
                level=mapping.level,
                level_name=programme.level_name(mapping.level),
                assessed=mapping.assessed,
                activity_id=mapping.activity_id,
            )
        )
    return dict(found)


# -- finding a programme for a viewer ------------------------------------------------------------


def programme_for_viewer(viewer, pk: int) -> Programme:
    """A programme the viewer is staff of (or whose organisation they lead); 404 for any other."""
    return get_object_or_404(policy.programmes_visible_to(viewer), pk=pk)


def programme_for_editing(viewer, pk: int) -> Programme:
    """As above, and 403 for a tutor, who may read it but not change it."""
    programme = programme_for_viewer(viewer, pk)
    if not policy.can_edit_programme(viewer, programme):
        raise PermissionDenied("Only the programme's leads can change it.")
    return programme


def module_of(programme: Programme, pk: int) -> Module:
    return get_object_or_404(programme.modules, pk=pk)


def staff_of(programme: Programme) -> list[ProgrammeStaff]:
    return list(programme.staff.select_related("user").order_by("role", "user__full_name"))


def staff_member_of(programme: Programme, pk: int) -> ProgrammeStaff:
    return get_object_or_404(programme.staff.select_related("programme__organisation", "user"), pk=pk)


@dataclass(frozen=True)
class ProgrammeSummary:
    programme: Programme
    modules: int
    mapped: int  # mapping rows


def programmes_for(viewer) -> list[ProgrammeSummary]:
    rows = policy.programmes_visible_to(viewer).annotate(
        module_count=Count("modules", distinct=True), mapping_count=Count("modules__mappings")
    )
    return [
        ProgrammeSummary(p, p.module_count, p.mapping_count)
        for p in rows.order_by("organisation__name", "name")
    ]


# -- the coverage matrix -------------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageCell:
    module: Module
    cell: coverage_rules.Cell | None
    text: str  # the level in words, "" when the module does not address the competency


@dataclass(frozen=True)
class CoverageRow:
    competency: object  # praxis.framework Competency
    cells: list[CoverageCell]
    gaps: list[str]


@dataclass(frozen=True)
class CoverageDomain:
    domain: object  # praxis.framework Domain
    rows: list[CoverageRow]


@dataclass(frozen=True)
class CoveragePage:
    programme: Programme
    modules: list[Module]
    domains: list[CoverageDomain]
    never_addressed: list[str]
    never_beyond_lowest: list[str]
    highest_before_lowest: list[str]
    modules_unmapped: list[str]
    result: coverage_rules.Coverage
    gap_words: dict[str, list[str]]  # competency id → its gaps in short words (the table's last column)

    @property
    def gap_count(self) -> int:
        return (
            len(self.never_addressed)
            + len(self.never_beyond_lowest)
            + len(self.highest_before_lowest)
            + len(self.modules_unmapped)
        )


def coverage_page(programme: Programme, framework: Framework) -> CoveragePage:
    """The coverage matrix and its gaps, from two queries (modules, mapping rows)."""
    modules = modules_of(programme)
    rows = [
        coverage_rules.Row(m.module_id, m.competency_id, m.level, m.assessed, m.activity_id)
        for m in ModuleMapping.objects.filter(module__programme=programme)
    ]
    result = coverage_rules.coverage(
        module_ids=[m.pk for m in modules],
        competency_ids=[c.id for c in framework.competencies],
        rows=rows,
        levels=len(programme.mapping_levels),
    )
    name = {c.id: c.name for c in framework.competencies}
    module_name = {m.pk: f"{m.order}. {m.name}" for m in modules}
    lowest, highest = programme.level_name(0), programme.level_name(programme.top_level)
    gap_words: dict[str, list[str]] = defaultdict(list)

    never_addressed = []
    for gap in result.gaps_of(coverage_rules.NEVER_ADDRESSED):
        never_addressed.append(f"{name[gap.competency_id]} is not addressed by any module.")
        gap_words[gap.competency_id].append("never addressed")
    never_beyond = []
    for gap in result.gaps_of(coverage_rules.NEVER_BEYOND_LOWEST):
        never_beyond.append(
            f"{name[gap.competency_id]} is addressed, but no module takes it beyond {lowest.lower()}."
        )
        gap_words[gap.competency_id].append(f"never beyond {lowest.lower()}")
    before = []
    for gap in result.gaps_of(coverage_rules.HIGHEST_BEFORE_LOWEST):
        where = module_name[gap.highest_module_id]
        if gap.lowest_module_id is None:
            before.append(
                f"{name[gap.competency_id]} reaches {highest.lower()} in {where} without being "
                f"{lowest.lower()} in any module."
            )
        else:
            before.append(
                f"{name[gap.competency_id]} reaches {highest.lower()} in {where} before it is "
                f"{lowest.lower()} in {module_name[gap.lowest_module_id]}."
            )
        gap_words[gap.competency_id].append(f"{highest.lower()} before {lowest.lower()}")
    unmapped = [
        f"{module_name[gap.module_id]} is mapped to no competency."
        for gap in result.gaps_of(coverage_rules.MODULE_UNMAPPED)
    ]

    domains = []
    for domain in framework.domains:
        domain_rows = []
        for competency in domain.competencies:
            cells = []
            for module in modules:
                cell = result.cell(module.pk, competency.id)
                cells.append(CoverageCell(module, cell, _cell_text(programme, cell)))
            domain_rows.append(CoverageRow(competency, cells, gap_words.get(competency.id, [])))
        domains.append(CoverageDomain(domain, domain_rows))
    return CoveragePage(
        programme=programme,
        modules=modules,
        domains=domains,
        never_addressed=never_addressed,
        never_beyond_lowest=never_beyond,
        highest_before_lowest=before,
        modules_unmapped=unmapped,
        result=result,
        gap_words=dict(gap_words),
    )


def _cell_text(programme: Programme, cell: coverage_rules.Cell | None) -> str:
    if cell is None:
        return ""
    parts = [programme.level_name(cell.level)]
    if cell.activities:
        parts.append(f"{cell.activities} key activit{'y' if cell.activities == 1 else 'ies'}")
    if cell.assessed:
        parts.append("assessed here")
    return ", ".join(parts)


# -- one module's mapping, as a form reads it -----------------------------------------------------


def module_mapping_values(module: Module) -> dict[tuple[str, str], ModuleMapping]:
    """(competency id, key activity id or "") → the mapping row."""
    return {(m.competency_id, m.activity_id): m for m in module.mappings.all()}


def mapped_counts(programme: Programme) -> dict[int, int]:
    """Module id → how many mapping rows it has (one query)."""
    return dict(
        ModuleMapping.objects.filter(module__programme=programme)
        .values("module_id")
        .annotate(n=Count("pk"))
        .values_list("module_id", "n")
    )
