"""The Moodle CSV has Moodle's 14 columns, one framework row and a consistent tree."""

import csv
import io
import json

import pytest

from praxis.framework import bundled_framework
from praxis.framework.moodle import HEADERS, to_moodle_csv


@pytest.fixture(scope="module")
def rows():
    return list(csv.DictReader(io.StringIO(to_moodle_csv(bundled_framework()))))


def test_header_is_moodles_fourteen_columns_in_order():
    header = next(csv.reader(io.StringIO(to_moodle_csv(bundled_framework()))))
    assert header == list(HEADERS)
    assert len(header) == 14
    assert header[0] == "Parent ID number" and header[12] == "Is framework" and header[13] == "Taxonomy"


def test_exactly_one_framework_row_first(rows):
    framework_rows = [r for r in rows if r["Is framework"] == "1"]
    assert framework_rows == [rows[0]]
    assert rows[0]["ID number"] == "isp-competencies"
    assert rows[0]["Taxonomy"] == "domain,competency,practice,practice"


def test_tree_through_parent_id_number(rows):
    seen = set()
    for row in rows[1:]:
        assert row["Parent ID number"] in seen | {""}, row["ID number"]
        seen.add(row["ID number"])
    top = [r["Short name"] for r in rows[1:] if not r["Parent ID number"]]
    assert top == ["Co-creation and engagement", "Ongoing improvement", "Sustaining change"]
    assert len(rows) == 1 + 3 + 15 + 117


def test_id_numbers_unique_and_within_moodles_limits(rows):
    ids = [r["ID number"] for r in rows]
    assert len(ids) == len(set(ids))
    assert all(0 < len(i) <= 100 for i in ids)
    assert all(0 < len(r["Short name"]) <= 100 for r in rows)
    assert all(r["Description format"] == "1" for r in rows)


def test_scale_values_and_configuration_come_from_our_scale(rows):
    framework_row = rows[0]
    assert framework_row["Scale values"] == "Not yet,Emerging,Developing,Proficient,Advanced"
    config = json.loads(framework_row["Scale configuration"])
    assert "scaleid" in config[0]
    items = config[1:]
    assert [i["id"] for i in items if i["proficient"]] == [4, 5]  # 1-based positions in the scale
    assert sum(i["scaledefault"] for i in items) == 1
