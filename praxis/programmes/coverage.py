"""The coverage of a programme's mapping: which module addresses which competency at which level,
and the gaps a curriculum review looks for. Pure: plain data in, plain data out, no database.

A module addresses a competency at the highest level of its mapping rows for that competency (the
competency as a whole, or any of its key activities). Levels are 0-based indexes into the
programme's ordered scale, lowest first ("Introduced"), highest last ("Mastered").

The four gaps, each named in words on the page, never by colour alone:
- never addressed: no module maps to the competency;
- never beyond the lowest level: it is addressed, but every module does so at the lowest level
  (introduced, never reinforced or mastered);
- highest before lowest: in module order, the first module reaching the highest level comes before
  any module at the lowest level (mastered before it is introduced, or never introduced at all);
- a module mapped to nothing.
A scale of one level has no "beyond" or "before": the second and third gaps need two levels.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

NEVER_ADDRESSED = "never_addressed"
NEVER_BEYOND_LOWEST = "never_beyond_lowest"
HIGHEST_BEFORE_LOWEST = "highest_before_lowest"
MODULE_UNMAPPED = "module_unmapped"


@dataclass(frozen=True)
class Row:
    """One mapping row, reduced to what coverage needs."""

    module_id: int
    competency_id: str
    level: int
    assessed: bool = False
    activity_id: str = ""


@dataclass(frozen=True)
class Cell:
    level: int  # the highest level of the module's rows for this competency
    assessed: bool
    activities: int  # how many key activities the module maps for this competency
    whole: bool  # whether the module maps the competency as a whole


@dataclass(frozen=True)
class Gap:
    kind: str
    competency_id: str = ""
    module_id: int | None = None
    # for HIGHEST_BEFORE_LOWEST: the module first at the highest level, and the first at the lowest (or None)
    highest_module_id: int | None = None
    lowest_module_id: int | None = None


@dataclass
class Coverage:
    cells: dict[tuple[int, str], Cell] = field(default_factory=dict)  # (module_id, competency_id) → cell
    gaps: list[Gap] = field(default_factory=list)

    def gaps_of(self, kind: str) -> list[Gap]:
        return [gap for gap in self.gaps if gap.kind == kind]

    def cell(self, module_id: int, competency_id: str) -> Cell | None:
        return self.cells.get((module_id, competency_id))


def coverage(
    *,
    module_ids: Sequence[int],
    competency_ids: Sequence[str],
    rows: Iterable[Row],
    levels: int,
) -> Coverage:
    """Cells and gaps. `module_ids` in teaching order; `competency_ids` in framework order;
    `levels` the number of levels on the scale. Rows naming an unknown module or competency
    (a competency retired from the framework) count for nothing."""
    known_modules = set(module_ids)
    known_competencies = set(competency_ids)
    grouped: dict[tuple[int, str], list[Row]] = {}
    for row in rows:
        if row.module_id in known_modules and row.competency_id in known_competencies:
            grouped.setdefault((row.module_id, row.competency_id), []).append(row)

    result = Coverage()
    for key, its_rows in grouped.items():
        result.cells[key] = Cell(
            level=max(r.level for r in its_rows),
            assessed=any(r.assessed for r in its_rows),
            activities=len({r.activity_id for r in its_rows if r.activity_id}),
            whole=any(not r.activity_id for r in its_rows),
        )

    top = levels - 1
    for competency_id in competency_ids:
        along = [
            (m, result.cells[(m, competency_id)]) for m in module_ids if (m, competency_id) in result.cells
        ]
        if not along:
            result.gaps.append(Gap(NEVER_ADDRESSED, competency_id=competency_id))
            continue
        if top < 1:
            continue
        if max(cell.level for _, cell in along) == 0:
            result.gaps.append(Gap(NEVER_BEYOND_LOWEST, competency_id=competency_id))
            continue
        first_top = next((i for i, (_, cell) in enumerate(along) if cell.level >= top), None)
        first_low = next(
            (i for i, (_, cell) in enumerate(along) if _reaches_lowest(grouped, along[i][0], competency_id)),
            None,
        )
        if first_top is not None and (first_low is None or first_low > first_top):
            result.gaps.append(
                Gap(
                    HIGHEST_BEFORE_LOWEST,
                    competency_id=competency_id,
                    highest_module_id=along[first_top][0],
                    lowest_module_id=along[first_low][0] if first_low is not None else None,
                )
            )
    mapped_modules = {module_id for module_id, _ in result.cells}
    for module_id in module_ids:
        if module_id not in mapped_modules:
            result.gaps.append(Gap(MODULE_UNMAPPED, module_id=module_id))
    return result


def _reaches_lowest(grouped, module_id: int, competency_id: str) -> bool:
    """Whether any of the module's rows for the competency is at the lowest level (a module may
    introduce one key activity and master another)."""
    return any(row.level == 0 for row in grouped[(module_id, competency_id)])
