"""A lead scores a Qualtrics export: one bad row first (a clear error beside the field), then a good
file, and downloads the scores; a large file with the same bad row goes to a background job, whose
page names the row; then looks at the reliability page. Screenshots only with
PRAXIS_SCREENSHOTS=1, at 1280 and 390 px."""

import csv
import io
import zipfile

import pytest
from playwright.sync_api import expect

from praxis.accounts.models import Membership
from praxis.surveys import forms
from praxis.surveys.tests import files

from .conftest import DESKTOP
from .helpers import FRAMEWORK, NARROW, assert_no_serious_violations, field_label, sideways_overflow, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_lead_scores_a_qualtrics_export_after_fixing_a_bad_row(
    page, lena, tmp_path, screenshot, immediate_jobs, monkeypatch
):
    good = files.qualtrics_csv(FRAMEWORK, 12, seed=4)
    rows = good.splitlines()
    rows[6] = rows[6].replace(",R_000004,,", ",R_000004,,3.5", 1)  # row 7 of the file: not a level
    (tmp_path / "bad.csv").write_text("\n".join(rows))
    (tmp_path / "good.csv").write_text(good)
    (tmp_path / "mapping.csv").write_text(files.mapping_csv(FRAMEWORK))

    sign_in(page, lena.email)
    page.goto(f"/organisations/{lena.memberships.get().organisation.slug}/")
    page.get_by_role("link", name="score a survey export").click()
    expect(page.get_by_role("heading", name="Score a survey export")).to_be_visible()

    page.get_by_label(field_label("Survey export")).set_input_files(tmp_path / "bad.csv")
    page.get_by_label(field_label("Mapping")).set_input_files(tmp_path / "mapping.csv")
    page.get_by_role("button", name="Score and download").click()
    error = page.locator(".field-error").filter(has=page.get_by_label(field_label("Survey export")))
    expect(error).to_contain_text("Row 7, column 'Q1'")
    assert_no_serious_violations(page)
    screenshot(page, "survey-score-error")

    page.get_by_label(field_label("Survey export")).set_input_files(tmp_path / "good.csv")
    page.get_by_label(field_label("Mapping")).set_input_files(tmp_path / "mapping.csv")
    with page.expect_download() as download:
        page.get_by_role("button", name="Score and download").click()
    archive = zipfile.ZipFile(download.value.path())
    scores = list(csv.reader(io.StringIO(archive.read("survey-scores.csv").decode())))
    assert scores[0][:3] == ["respondent", "row", "co-learning"] and len(scores) == 13
    page.set_viewport_size(NARROW)
    assert sideways_overflow(page) <= 0
    screenshot(page, "survey-score-narrow")

    # A file over the background size (lowered here) is scored by a job: its page names the same row.
    monkeypatch.setattr(forms, "SURVEY_BACKGROUND_BYTES", 1000)
    page.set_viewport_size(DESKTOP)
    page.get_by_label(field_label("Survey export")).set_input_files(tmp_path / "bad.csv")
    page.get_by_label(field_label("Mapping")).set_input_files(tmp_path / "mapping.csv")
    page.get_by_role("button", name="Score and download").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Survey scores")
    expect(page.get_by_role("alert")).to_contain_text("Row 7, column 'Q1'")
    assert_no_serious_violations(page)
    screenshot(page, "survey-job-failed")
    page.set_viewport_size(NARROW)
    assert sideways_overflow(page) <= 0
    screenshot(page, "survey-job-failed-narrow")


def test_a_lead_reads_the_reliability_page(page, lena, northside, make_assessment, screenshot):
    grid = files.answers(FRAMEWORK, 4, seed=8, na=0, blank=0)
    items = [item for _, item in files.item_columns(FRAMEWORK)][:13]  # two competencies
    for i, levels in enumerate(grid.tolist()):
        person = Membership.objects.create(
            user=type(lena).objects.create_user(
                email=f"p{i}@example.org", password="a-long-test-password", full_name=f"P{i}"
            ),
            organisation=northside,
            counted_in_statistics=True,
        ).user
        make_assessment(person, kind="full", answers=dict(zip(items, levels[:13], strict=True)))
    sign_in(page, lena.email)
    page.goto(f"/organisations/{northside.slug}/")
    page.get_by_role("link", name="See how consistently").click()
    table = page.get_by_role("region", name="Reliability by competency")
    expect(table.get_by_role("row", name="Co-learning")).to_contain_text("4")
    expect(table.get_by_role("row", name="Facilitation")).to_contain_text("Fewer than 3 people")
    assert_no_serious_violations(page)
    screenshot(page, "reliability")
    page.set_viewport_size(NARROW)
    assert sideways_overflow(page) <= 0
    screenshot(page, "reliability-narrow")
