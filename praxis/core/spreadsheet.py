"""The one writer of tables for spreadsheets (CSV and XLSX): cells are shown, never run.

Every table Praxis lets someone download goes through here, so a cell someone typed as
``=HYPERLINK(...)`` opens as text, not as a formula, in CSV (``safe_cell``) and in XLSX (written
as a string cell, never a formula), and numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from django.http import Http404, HttpResponse

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"csv": CSV_TYPE, "xlsx": XLSX_TYPE}

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """The value as text; a leading = + - @ (or tab, carriage return) would start a formula, so it
    gets a leading apostrophe, which spreadsheets show as text and hide."""
    if _is_number(value):
        return str(value)  # -2 is a number, not the start of a formula
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def csv_text(header: Iterable[str], rows: Iterable[Iterable]) -> str:
    """A whole CSV file as text: a header row, then every row with each cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(safe_cell(value) for value in row)
    return out.getvalue()


@dataclass(frozen=True)
class Table:
    """What a page shows as a table, ready to download: `name` becomes the file and sheet name."""

    name: str
    header: list[str]
    rows: list[list]

    def content(self, file_format: str) -> bytes:
        """The file's bytes: an XLSX workbook for `xlsx`, CSV for anything else."""
        if file_format == "xlsx":
            return xlsx_bytes(self.header, self.rows, self.name)
        return csv_text(self.header, self.rows).encode()

    def response(self, file_format: str | None) -> HttpResponse:
        """The table as a download in the format a page was asked for (`requested_format`: CSV when
        none is named, 404 for one Praxis does not write)."""
        chosen = requested_format(file_format)
        return _download(self.content(chosen), CONTENT_TYPES[chosen], f"{self.name}.{chosen}")

    def csv(self) -> HttpResponse:
        return self.response("csv")

    def xlsx(self) -> HttpResponse:
        return self.response("xlsx")


def requested_format(value: str | None) -> str:
    """The download format a page was asked for (its `format` parameter): `csv` when none is
    named, `csv` or `xlsx` as named, and 404 for anything else."""
    chosen = "csv" if value is None else value
    if chosen not in CONTENT_TYPES:
        raise Http404("No such format")
    return chosen


def xlsx_bytes(header: Iterable[str], rows: Iterable[Iterable], sheet: str = "Praxis") -> bytes:
    """A one-sheet workbook: a bold header row, then the rows; text is always a string cell."""
    # openpyxl (with numpy, which it loads) adds ~30 MB to a process: only workers that write XLSX pay
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    worksheet = book.create_sheet(_sheet_title(sheet))

    def cell(value, **style) -> WriteOnlyCell:
        if value is None or _is_number(value) or isinstance(value, date | datetime):
            made = WriteOnlyCell(worksheet, value=_naive(value))
        else:
            made = WriteOnlyCell(worksheet, value=str(value))
            made.data_type = "s"  # openpyxl would take a leading "=" for a formula
        for name, setting in style.items():
            setattr(made, name, setting)
        return made

    bold = Font(bold=True)
    worksheet.append([cell(name, font=bold) for name in header])
    for row in rows:
        worksheet.append([cell(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _naive(value):
    """XLSX has no time zones: an aware datetime is written as it reads in UTC."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def _is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _sheet_title(name: str) -> str:
    cleaned = "".join("-" if char in "[]:*?/\\" else char for char in name).strip("'")
    return (cleaned or "Praxis")[:31]


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
