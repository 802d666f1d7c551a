"""The growth page's table as CSV and XLSX, through the one table writer (praxis.core.spreadsheet)."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_assessments(alice, make_assessment, all_quick_answers):
    first = make_assessment(alice, answers=all_quick_answers("2", brokering="na"))
    second = make_assessment(alice, answers=all_quick_answers("3", co_design="4"))
    return first, second


def test_history_csv_has_a_row_per_competency_and_a_column_per_assessment(client, alice, two_assessments):
    client.force_login(alice)
    response = client.get(reverse("assessments:history_export", args=["quick"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="praxis-quick-assessment-history.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Competency" and len(rows[0]) == 3
    by_name = {row[0]: row[1:] for row in rows[1:]}
    assert len(by_name) == 15
    assert by_name["Brokering"] == ["", "3.0"]  # not applicable: an empty cell, never a zero
    assert by_name["Co-design"] == ["2.0", "4.0"]


def test_history_xlsx_keeps_numbers_as_numbers(client, alice, two_assessments):
    client.force_login(alice)
    response = client.get(reverse("assessments:history_export", args=["quick"]), {"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Competency"
    co_design = next(row for row in values if row[0] == "Co-design")
    assert co_design[1:] == (2, 4)
    assert next(row for row in values if row[0] == "Brokering")[1] is None


def test_history_export_is_only_ever_ones_own(client, alice, bob, two_assessments):
    client.force_login(bob)
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("assessments:history_export", args=["quick"])).content.decode())
        )
    )
    assert rows == [["Competency"]]  # bob has none; alice's are not his to download
    assert client.get(reverse("assessments:history_export", args=["weekly"])).status_code == 404


def test_history_page_offers_the_table_to_download(client, alice, two_assessments):
    client.force_login(alice)
    page = client.get(reverse("assessments:history", args=["quick"])).content.decode()
    url = reverse("assessments:history_export", args=["quick"])
    assert f'href="{url}?format=csv"' in page and f'href="{url}?format=xlsx"' in page
