"""A programme lead maps three modules in the browser, imports a mapping file with one bad row
(each problem named by row and column, nothing changed), fixes it, imports again and sees the gaps
on the coverage matrix. The programme and its modules are seeded: the browser adds nothing there."""

import os
import re

import pytest
from playwright.sync_api import expect

from praxis.programmes.models import Module, ModuleMapping, Programme, ProgrammeStaff, StaffRole

from .conftest import DESKTOP
from .helpers import NARROW, assert_no_serious_violations, expect_message, sideways_overflow, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("PRAXIS_SCREENSHOTS") == "1"

HEADER = "module,competency,key activity,level,assessed\n"
GOOD_ROWS = (
    "Foundations,co-learning,,Introduced,no\n"
    "Practice,co-learning,,Reinforced,no\n"
    "Capstone,Co-learning,,Mastered,yes\n"
    "Foundations,brokering,,Introduced,no\n"
)


@pytest.fixture
def programme(northside, alice):
    made = Programme.objects.create(organisation=northside, name="Certificate in implementation practice")
    ProgrammeStaff.objects.create(programme=made, user=alice, role=StaffRole.LEAD)
    for order, name in enumerate(["Foundations", "Practice", "Capstone"], start=1):
        Module.objects.create(programme=made, name=name, order=order, hours=14)
    return made


# what makes a page scroll sideways, named in the failure (elements inside a scrolling box excepted)
WIDE_ELEMENTS = """[...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > innerWidth + 1 && !e.closest('.table-scroll'))
  .slice(0, 8).map(e => e.tagName + '.' + e.className)"""


def _look(page, screenshot, name):
    """Screenshots at 1280 and 390 px when PRAXIS_SCREENSHOTS=1; the page never scrolls sideways."""
    page.set_viewport_size(NARROW)
    wide = page.evaluate(WIDE_ELEMENTS)
    assert sideways_overflow(page) <= 0, (name, wide)
    if SHOTS:
        screenshot(page, f"{name}-390")
    page.set_viewport_size(DESKTOP)
    if SHOTS:
        screenshot(page, f"{name}-1280")


def _upload(page, text):
    page.get_by_label("Mapping file (CSV or XLSX)").set_input_files(
        files=[{"name": "mapping.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.get_by_role("button", name="Check and import").click()


def test_programme_lead_maps_modules_imports_a_file_fixes_a_bad_row_and_sees_the_gaps(
    page, live_server, alice, programme, screenshot
):
    sign_in(page, "alice@example.org")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programmes").click()
    page.get_by_role("link", name=programme.name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(programme.name)
    assert_no_serious_violations(page)
    _look(page, screenshot, "programme-detail")

    # map the three modules, one level each, the last one assessing it
    for module, level in (
        ("Foundations", "Introduced"),
        ("Practice", "Reinforced"),
        ("Capstone", "Mastered"),
    ):
        page.get_by_role("link", name=module, exact=True).click()
        page.get_by_label("Co-learning", exact=True).select_option(label=level)
        if module == "Capstone":
            page.get_by_label("Assessed here: Co-learning").check()
            assert_no_serious_violations(page)
            _look(page, screenshot, "programme-module")
        page.get_by_role("button", name="Save the mapping").click()
        expect_message(page, f"Mapping of “{module}” saved (1 row)")
        page.get_by_role("link", name=programme.name, exact=True).click()
    assert ModuleMapping.objects.filter(module__programme=programme).count() == 3

    # a file with one bad row: every problem named, nothing changed
    page.get_by_role("link", name="Import a mapping file").click()
    _upload(page, HEADER + GOOD_ROWS + "Capstone,co-design,,Expert,no\n")
    expect(page.get_by_text("Nothing was imported: 1 problem in the file")).to_be_visible()
    problems = page.get_by_role("table", name=re.compile("Problems in the file"))
    expect(problems.get_by_role("row").nth(1)).to_contain_text("6")
    expect(problems.get_by_role("row").nth(1)).to_contain_text("level")
    expect(problems).to_contain_text("“Expert” is not a level of this programme's scale")
    assert_no_serious_violations(page)
    _look(page, screenshot, "programme-import-errors")
    assert set(ModuleMapping.objects.values_list("module__name", "competency_id", "level")) == {
        ("Foundations", "co-learning", 0),
        ("Practice", "co-learning", 1),
        ("Capstone", "co-learning", 2),
    }

    # fixed: the whole mapping is replaced, and the coverage shows the gaps in words
    _upload(page, HEADER + GOOD_ROWS + "Capstone,co-design,,Mastered,yes\n")
    expect(page).to_have_url(re.compile(r"/coverage/$"))
    expect_message(page, "Mapping imported: 5 rows")
    gaps = page.get_by_role("region", name=re.compile(r"^Gaps"))
    expect(gaps).to_contain_text(
        "Co-design reaches mastered in 3. Capstone without being introduced in any module."
    )
    expect(gaps).to_contain_text("Brokering is addressed, but no module takes it beyond introduced.")
    expect(gaps).to_contain_text("Tailoring support is not addressed by any module.")
    matrix = page.get_by_role("table")
    expect(matrix.get_by_role("row", name=re.compile("^Co-learning"))).to_contain_text(
        "Mastered, assessed here"
    )
    assert_no_serious_violations(page)
    _look(page, screenshot, "programme-coverage")
