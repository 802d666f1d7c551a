"""Text for CSV files that a spreadsheet will show, never run.

Every CSV Praxis writes (the journal's export, a person's data download) goes through
``safe_cell``, so a cell someone typed as ``=HYPERLINK(...)`` opens as text, not as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """The value as text; a leading = + - @ (or tab, carriage return) would start a formula, so it
    gets a leading apostrophe, which spreadsheets show as text and hide."""
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
