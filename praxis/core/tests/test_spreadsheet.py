"""The one CSV writer: cells a spreadsheet shows as text, never runs as a formula."""

import csv
import io

import pytest

from praxis.core.spreadsheet import csv_text, safe_cell


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
