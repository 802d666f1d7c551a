"""The one table writer (CSV, XLSX): cells a spreadsheet shows as typed, never runs as a formula."""

import csv
import io
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.http import Http404
from openpyxl import load_workbook

from praxis.core.spreadsheet import Table, csv_text, requested_format, safe_cell, xlsx_bytes


@pytest.mark.parametrize("typed", ["=1+1", "+44 20", "-2", "@SUM(A1)", "\t=x", "\r=x"])
def test_safe_cell_turns_a_formula_start_into_text(typed):
    assert safe_cell(typed) == "'" + typed


@pytest.mark.parametrize("value, text", [("plain", "plain"), (3, "3"), (None, ""), ("a=b", "a=b")])
def test_safe_cell_leaves_everything_else_as_it_is(value, text):
    assert safe_cell(value) == text


def test_csv_text_makes_every_cell_safe_but_not_the_header():
    text = csv_text(["when", "what"], [["2026-01-01", "=HYPERLINK(1)"], [None, 'says "hi", twice']])
    assert list(csv.reader(io.StringIO(text))) == [
        ["when", "what"],
        ["2026-01-01", "'=HYPERLINK(1)"],
        ["", 'says "hi", twice'],
    ]


def test_a_number_is_never_mistaken_for_a_formula():
    assert safe_cell(-2) == "-2" and safe_cell(-0.25) == "-0.25" and safe_cell(Decimal("-1.5")) == "-1.5"


def _read_back(content: bytes):
    sheet = load_workbook(io.BytesIO(content)).active
    return sheet, [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_xlsx_keeps_typed_text_as_text_and_numbers_and_dates_as_they_are():
    when = datetime(2026, 3, 4, 9, 30, tzinfo=UTC)
    content = xlsx_bytes(
        ["when", "what", "score"],
        [[when, "=HYPERLINK(1)", -1.5], [date(2026, 3, 5), "+44 20", 3], [None, "plain", None]],
        sheet="Journal: 2026/03",
    )
    sheet, rows = _read_back(content)
    assert sheet.title == "Journal- 2026-03"
    assert rows[0] == ["when", "what", "score"]
    assert rows[1] == [datetime(2026, 3, 4, 9, 30), "=HYPERLINK(1)", -1.5]
    assert rows[2][1:] == ["+44 20", 3]
    assert rows[3] == [None, "plain", None]
    assert sheet["B2"].data_type == "s"  # a string cell: shown, never calculated
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_a_table_downloads_as_csv_or_xlsx_with_a_file_name():
    table = Table("journal", ["what"], [["=1+1"]])
    as_csv, as_xlsx = table.response("csv"), table.response("xlsx")
    assert as_csv["Content-Disposition"] == 'attachment; filename="journal.csv"'
    assert as_csv.content.decode("utf-8-sig").splitlines() == ["what", "'=1+1"]
    assert as_xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert _read_back(as_xlsx.content)[1] == [["what"], ["=1+1"]]


def test_a_table_is_the_same_bytes_as_a_file_and_as_a_download():
    table = Table("scores", ["who", "score"], [["=x", 2.5]])
    assert table.content("csv") == table.response("csv").content == b"who,score\r\n'=x,2.5\r\n"
    assert _read_back(table.content("xlsx"))[1] == [["who", "score"], ["=x", 2.5]]
    assert table.response("xlsx")["Content-Disposition"] == 'attachment; filename="scores.xlsx"'


@pytest.mark.parametrize("asked, given", [(None, "csv"), ("csv", "csv"), ("xlsx", "xlsx")])
def test_a_download_is_csv_unless_xlsx_is_asked_for(asked, given):
    assert requested_format(asked) == given


@pytest.mark.parametrize("asked", ["", "pdf", "XLSX", "csv ", "xls"])
def test_any_other_download_format_is_not_found(asked):
    with pytest.raises(Http404):
        requested_format(asked)
