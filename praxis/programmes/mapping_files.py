"""The mapping as a file: the tables Praxis writes (export, template, coverage matrix) and the
reading of an uploaded CSV or XLSX file back into mapping rows.

An upload is read whole and checked whole before anything is saved: every bad cell is named by its
row (as the spreadsheet numbers it, the header being row 1) and column, and a file with any error
changes nothing (the service that saves it is one transaction, called only with a clean file).

Columns (matched by name, in any order, case and spacing ignored; others are ignored):
module (a module's exact name), competency (its id or exact name), key activity (optional: its id),
level (a level's name on the programme's scale), assessed (yes or no; blank is no).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from praxis.core.spreadsheet import FORMULA_STARTS, Table
from praxis.framework import Framework

from .models import Module, ModuleMapping, Programme
from .selectors import CoveragePage
from .services import MappingEntry

COLUMNS = ["module", "competency", "key activity", "level", "assessed"]
REQUIRED = ("module", "competency", "level")
ALIASES = {
    "key activity": "key activity",
    "key activity id": "key activity",
    "key_activity": "key activity",
    "activity": "key activity",
    "competency id": "competency",
    "module name": "module",
    "assessed here": "assessed",
}
MAX_BYTES = 1_000_000
MAX_ROWS = 2_000
MAX_UNZIPPED_BYTES = 30_000_000
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0", ""}


# -- writing --------------------------------------------------------------------------------------


def _slug(programme: Programme) -> str:
    cleaned = "".join(ch.lower() if ch.isalnum() else "-" for ch in programme.name)
    return "-".join(part for part in cleaned.split("-") if part)[:50] or "programme"


def mapping_table(programme: Programme, mappings: list[ModuleMapping], framework: Framework) -> Table:
    """The programme's mapping in the import format, so it can be edited and imported again."""
    rows = [
        [
            m.module.name,
            m.competency_id,
            m.activity_id,
            programme.level_name(m.level),
            "yes" if m.assessed else "no",
        ]
        for m in mappings
    ]
    return Table(name=f"mapping-{_slug(programme)}", header=list(COLUMNS), rows=rows)


def template_table(programme: Programme, modules: list[Module], framework: Framework) -> Table:
    """An example to fill in: the first module (or a placeholder) against the first competency."""
    module = modules[0].name if modules else "Module 1"
    competency = framework.competencies[0]
    activity = next(iter(competency.all_key_activities()), None)
    rows = [
        [module, competency.id, "", programme.level_name(0), "no"],
        [module, competency.name, activity.id if activity else "", programme.level_name(0), "no"],
    ]
    return Table(name=f"mapping-template-{_slug(programme)}", header=list(COLUMNS), rows=rows)


def coverage_table(page: CoveragePage) -> Table:
    """The coverage matrix as the page shows it: one row per competency, one column per module,
    the level in words ("Mastered, assessed here"), and the competency's gaps in words."""
    header = ["Domain", "Competency", *[f"{m.order}. {m.name}" for m in page.modules], "Gaps"]
    rows = [
        [group.domain.name, row.competency.name, *[cell.text for cell in row.cells], "; ".join(row.gaps)]
        for group in page.domains
        for row in group.rows
    ]
    return Table(name=f"coverage-{_slug(page.programme)}", header=header, rows=rows)


# -- reading --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellError:
    row: int | None  # as the spreadsheet numbers it (the header is row 1); None for the whole file
    column: str  # "" for the whole file or row
    message: str


@dataclass
class ParsedMapping:
    rows: list[tuple[Module, MappingEntry]] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)


class UnreadableFile(Exception):
    pass


def read_upload(upload) -> list[list[str]]:
    """The cells of an uploaded CSV or XLSX file as text, row by row (at most MAX_ROWS + 1 rows)."""
    if upload.size > MAX_BYTES:
        raise UnreadableFile(
            f"The file is larger than {MAX_BYTES // 1_000_000} MB. Split it, or remove empty rows."
        )
    content = upload.read(MAX_BYTES + 1)
    if content[:4] == b"PK\x03\x04" or upload.name.lower().endswith(".xlsx"):
        return _read_xlsx(content)
    return _read_csv(content)


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile("Save the file as “CSV UTF-8” (or as XLSX) and upload it again.") from error
    if "\x00" in text:
        raise UnreadableFile("This is not a CSV file. Upload a CSV (UTF-8) or XLSX file.")
    try:
        rows = []
        for row in csv.reader(io.StringIO(text)):
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error as error:
        raise UnreadableFile(f"The CSV file could not be read ({error}). Check its quotes.") from error
    return rows


def _read_xlsx(content: bytes) -> list[list[str]]:
    # openpyxl is loaded only by the requests that read a workbook (it is heavy; see core.spreadsheet)
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise UnreadableFile("The workbook is too large once unpacked. Keep only the mapping in it.")
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except UnreadableFile:
        raise
    except Exception as error:  # a damaged or fake workbook fails in many ways inside openpyxl
        raise UnreadableFile(
            "This is not an XLSX workbook Praxis can read. Save it again as XLSX or CSV."
        ) from error
    try:
        sheet = book.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_text(value) for value in values[:20]])
            if len(rows) > MAX_ROWS + 1:
                break
    except Exception as error:  # as above: malformed sheet XML
        raise UnreadableFile(
            "The workbook's first sheet could not be read. Save it again as XLSX or CSV."
        ) from error
    finally:
        book.close()
    return rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _clean(value: str) -> str:
    text = (value or "").strip()
    # what Praxis's own export made safe ('=…) reads back as typed
    if text[:1] == "'" and text[1:2] in FORMULA_STARTS:
        text = text[1:]
    return text


def parse_mapping(
    rows: list[list[str]], *, programme: Programme, modules: list[Module], framework: Framework
) -> ParsedMapping:
    """Check every row of an uploaded mapping against the programme and the framework."""
    parsed = ParsedMapping()
    if not rows or not any(cell.strip() for cell in rows[0]):
        parsed.errors.append(CellError(None, "", "The file is empty. Start from the template."))
        return parsed
    if len(rows) > MAX_ROWS + 1:
        parsed.errors.append(CellError(None, "", f"The file has more than {MAX_ROWS} rows. Split it."))
        return parsed
    columns: dict[str, int] = {}
    for index, name in enumerate(rows[0]):
        key = " ".join(_clean(name).lower().replace("_", " ").split())
        key = ALIASES.get(key, key)
        if key in COLUMNS and key not in columns:
            columns[key] = index
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        parsed.errors.append(
            CellError(
                1,
                ", ".join(missing),
                f"The header row needs the column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)}. The template has every column.",
            )
        )
        return parsed

    by_module = {m.name.casefold(): m for m in modules}
    competencies = {c.id: c for c in framework.competencies}
    by_name = {c.name.casefold(): c for c in framework.competencies}
    levels = {name.casefold(): index for index, name in enumerate(programme.mapping_levels)}
    seen: dict[tuple[int, str, str], int] = {}

    def cell(row: list[str], column: str) -> str:
        index = columns.get(column)
        return _clean(row[index]) if index is not None and index < len(row) else ""

    for number, row in enumerate(rows[1:], start=2):
        if not any(_clean(value) for value in row):
            continue
        errors = []
        module = by_module.get(cell(row, "module").casefold())
        if module is None:
            typed = cell(row, "module")
            errors.append(
                CellError(
                    number,
                    "module",
                    f"No module is called “{typed}”. Use a module's exact name, or add the module first."
                    if typed
                    else "Name the module.",
                )
            )
        competency_text = cell(row, "competency")
        competency = competencies.get(competency_text) or by_name.get(competency_text.casefold())
        if competency is None:
            errors.append(
                CellError(
                    number,
                    "competency",
                    f"“{competency_text}” is not a competency. Use its id "
                    f"(for example {framework.competencies[0].id}) or its exact name."
                    if competency_text
                    else "Name the competency.",
                )
            )
        activity_id = cell(row, "key activity")
        known_activities = {a.id for a in competency.all_key_activities()} if competency else set()
        if activity_id and competency is not None and activity_id not in known_activities:
            errors.append(
                CellError(
                    number,
                    "key activity",
                    f"“{activity_id}” is not a key activity of {competency.name}. "
                    "Use its id, or leave it blank.",
                )
            )
        level_text = cell(row, "level")
        level = levels.get(level_text.casefold())
        if level is None:
            scale = ", ".join(programme.mapping_levels)
            errors.append(
                CellError(
                    number,
                    "level",
                    f"“{level_text}” is not a level of this programme's scale ({scale})."
                    if level_text
                    else f"Choose a level: {scale}.",
                )
            )
        assessed_text = cell(row, "assessed").casefold()
        if assessed_text not in YES | NO:
            errors.append(CellError(number, "assessed", f"Write yes or no, not “{cell(row, 'assessed')}”."))
        if not errors:
            key = (module.pk, competency.id, activity_id)
            if key in seen:
                errors.append(
                    CellError(
                        number, "", f"This repeats row {seen[key]}: keep one row per module and competency."
                    )
                )
            else:
                seen[key] = number
                parsed.rows.append(
                    (
                        module,
                        MappingEntry(
                            competency_id=competency.id,
                            activity_id=activity_id,
                            level=level,
                            assessed=assessed_text in YES,
                        ),
                    )
                )
        parsed.errors.extend(errors)
    if not parsed.rows and not parsed.errors:
        parsed.errors.append(
            CellError(None, "", "The file has a header but no rows. Add the mapping below it.")
        )
    return parsed
