"""Research: a practitioner agrees to research use; a lead runs a research export and watches its
progress, without reloading, to the download of the zip."""

import re
import zipfile

import pytest
from playwright.sync_api import expect

from conftest import _member, _person
from praxis.accounts import services as accounts
from praxis.core import jobs
from praxis.core.models import Job
from praxis.research.tasks import research_export

from .helpers import NARROW, assert_no_serious_violations, server_paused, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def consented(northside, make_assessment, all_quick_answers, settings, tmp_path):
    """Three practitioners who agreed, each with a submitted quick assessment; jobs wait in the
    database (as with `praxis db_worker`), and their results go to a temporary folder."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PRAXIS_JOB_DIR = tmp_path / "jobs"
    for name in ("amira", "bilal", "chen"):
        person = _member(_person(name), northside, "practitioner")
        make_assessment(person, answers=all_quick_answers("3"))
        accounts.research_consent_set(user=person, organisation=northside, consent=True)


def both_widths(page, screenshot, name):
    if screenshot(page, f"{name}-1280"):
        page.set_viewport_size(NARROW)
        screenshot(page, f"{name}-390")
        page.set_viewport_size({"width": 1280, "height": 900})


def test_a_practitioner_agrees_to_research_use_on_the_organisation_page(page, alice, screenshot):
    sign_in(page, alice.email)
    page.goto("/organisations/northside/")
    research = page.get_by_role("region", name="Research")
    expect(research).to_contain_text("without your name or e-mail address")
    research.get_by_label("My de-identified answers may be used for research").check()
    both_widths(page, screenshot, "research-consent")
    research.get_by_role("button", name="Confirm my research choice").click()
    expect(page.locator(".messages[role='status']")).to_contain_text("may be used for research from now on")
    expect(page.get_by_label("My de-identified answers may be used for research")).to_be_checked()
    assert alice.memberships.get().research_consent


def test_a_lead_runs_a_research_export_and_watches_it_to_the_download(page, lena, consented, screenshot):
    sign_in(page, lena.email)
    page.goto("/organisations/northside/")
    page.get_by_role("link", name="Run a research export").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Research export")
    assert_no_serious_violations(page)
    both_widths(page, screenshot, "research-export")
    page.get_by_role("radio", name=re.compile("Quick")).check()
    page.get_by_role("button", name="Start the export").click()

    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    status = page.locator("#job-status")
    expect(status).to_contain_text("Waiting to start")
    expect(page.get_by_role("link", name="Refresh to see how it is going")).to_be_visible()
    assert_no_serious_violations(page)

    # The worker takes the job and reports its progress: the page follows without a reload.
    with server_paused():  # the job's page polls meanwhile
        job = Job.objects.get(owner=lena)
        Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
        jobs.progress(job.pk, 40, "Reading the scores")
    expect(status).to_contain_text("40 % done")
    expect(status).to_contain_text("Reading the scores")
    both_widths(page, screenshot, "research-export-running")
    with server_paused():
        research_export.func.__wrapped__(
            job.pk, organisation_id=job.owner.memberships.get().organisation_id, kind="quick", free_text=False
        )

    download_link = page.get_by_role("link", name="Download the research export")
    expect(download_link).to_be_visible(timeout=10_000)
    both_widths(page, screenshot, "research-export-ready")
    with page.expect_download() as download:
        download_link.click()
    assert re.fullmatch(r"praxis-research-quick-.*\.zip", download.value.suggested_filename)
    with zipfile.ZipFile(download.value.path()) as archive:
        names = set(archive.namelist())
        readme = archive.read("README.txt").decode()
    assert {"data.csv", "datapackage.json", "redcap_dictionary.csv", "README.txt"} <= names
    assert "Respondents: 3" in readme
