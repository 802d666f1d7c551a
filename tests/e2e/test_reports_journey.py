"""A practitioner downloads her results as a PDF (on US Letter, with her plan focuses and evidence)
and her growth table as a spreadsheet, from the pages' Download groups, in a real browser."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from praxis.core.tests import pdfs

from .helpers import NARROW, assert_no_serious_violations, sideways_overflow, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_download_results_pdf_and_history_spreadsheet(
    page, alice, make_assessment, all_quick_answers, screenshot
):
    assessment = make_assessment(alice, answers=all_quick_answers("3", brokering="4"))
    sign_in(page, alice.email)
    page.goto(f"/assessments/{assessment.pk}/results/")
    downloads = page.get_by_role("region", name="Download")
    expect(downloads).to_be_visible()
    assert_no_serious_violations(page)
    screenshot(page, "results-downloads")

    downloads.get_by_label("Paper size").select_option("letter")
    downloads.get_by_label("Include plan focuses and evidence counts").check()
    with page.expect_download() as download:
        downloads.get_by_role("button", name="Download as PDF").click()
    assert download.value.suggested_filename.endswith("-letter.pdf")
    made = open(download.value.path(), "rb").read()  # noqa: SIM115
    assert made[:5] == b"%PDF-"
    assert pdfs.page_size_mm(made) == (216, 279)
    text = pdfs.text(made)
    assert "Brokering" in text and "Proficient" in text and "Evidence" in text

    page.goto("/assessments/history/quick/")
    with page.expect_download() as download:
        page.get_by_role("link", name="spreadsheet (XLSX)").click()
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active  # noqa: SIM115
    rows = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True)}
    assert rows["Brokering"] == (4,)

    page.set_viewport_size(NARROW)
    page.goto(f"/assessments/{assessment.pk}/results/")
    assert sideways_overflow(page) <= 0
    screenshot(page, "results-downloads-phone")
