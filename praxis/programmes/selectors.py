"""Reads of programmes: modules, their mapping to the competencies, the coverage matrix.

Access is decided before these are called (`policy.py`); they take a programme the viewer may see.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .models import Module, ModuleMapping, Programme


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
