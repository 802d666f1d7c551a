"""A programme lead creates a cohort and opens its pre-programme window; a learner joins by the
cohort's link with her two choices, takes her post-programme assessment and a retrospective "then"
rating, and sees her own change beside the modules; the lead's report shows the cohort's change
with its statistics, its PDF is made in the background, and the reliability page says why these
quick assessments give it no figures. The other learners' assessments are seeded through the same
rows the services write (a browser adds nothing there). axe runs once per page; screenshots at 1280
and 390 px only with PRAXIS_SCREENSHOTS=1.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from praxis.assessments import services as assessments
from praxis.core import jobs
from praxis.core.models import Job
from praxis.programmes import cohorts
from praxis.programmes.models import (
    CohortAssessment,
    Enrolment,
    Module,
    ModuleMapping,
    Phase,
    Programme,
    ProgrammeStaff,
    StaffRole,
)
from praxis.programmes.tests.cohort_factories import enrol, learners, take

from .conftest import DESKTOP
from .helpers import (
    NARROW,
    assert_no_serious_violations,
    expect_message,
    server_paused,
    sideways_overflow,
    sign_in,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PRE = [1, 2, 2, 3, 1]  # alice first, then the four seeded learners
POST = [3, 3, 4, 4, 2]


@pytest.fixture
def programme(northside, carol):
    made = Programme.objects.create(organisation=northside, name="Certificate in implementation support")
    ProgrammeStaff.objects.create(programme=made, user=carol, role=StaffRole.LEAD)
    for order, (name, competency, level) in enumerate(
        [
            ("Day 1: Learning together", "co-learning", 0),
            ("Day 2: Brokering", "brokering", 1),
            ("Day 3: Practice", "co-learning", 2),
        ],
        start=1,
    ):
        module = Module.objects.create(programme=made, name=name, order=order, hours=6)
        ModuleMapping.objects.create(
            module=module, competency_id=competency, level=level, assessed=level == 2
        )
    return made


@pytest.fixture
def queued_jobs(settings, tmp_path):
    """Background jobs wait in the database (as for `praxis db_worker`); results go to a temporary folder."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PRAXIS_JOB_DIR = tmp_path / "jobs"


def _look(page, screenshot, name):
    screenshot(page, f"cohort-{name}-desktop")
    page.set_viewport_size(NARROW)
    assert sideways_overflow(page) <= 0, name
    screenshot(page, f"cohort-{name}-{NARROW['width']}")
    page.set_viewport_size(DESKTOP)


def test_a_cohort_from_creation_to_its_report(
    page, browser, live_server, screenshot, programme, carol, alice, queued_jobs
):
    today = timezone.localdate()
    # The programme lead creates the cohort and opens its pre-programme window.
    sign_in(page, carol.email)
    page.goto(f"/cohorts/programme/{programme.pk}/")
    page.get_by_label("Name of the cohort").fill("Spring 2027")
    page.get_by_label("Starts on").fill(today.isoformat())
    page.get_by_label("Ends on").fill((today + timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Create the cohort").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spring 2027")
    page.locator("summary", has_text="Pre-programme window").click()
    page.locator("#id_pre-kind_0").check()
    page.locator("#id_pre-opens_on").fill(today.isoformat())
    page.locator("#id_pre-closes_on").fill((today + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Save the pre-programme window").click()
    expect_message(page, "The pre-programme window is saved.")
    link = page.locator("#join-link").input_value()
    assert_no_serious_violations(page)
    _look(page, screenshot, "staff")

    # The learner joins by the link, choosing to be counted and to be shown by name.
    learner = browser.new_context(viewport=DESKTOP, base_url=live_server.url).new_page()
    sign_in(learner, alice.email)
    learner.goto(link.replace(live_server.url, ""))
    assert_no_serious_violations(learner)
    learner.get_by_label(re.compile("Count my results")).check()
    learner.get_by_label(re.compile("with my name")).check()
    learner.get_by_role("button", name="Join the cohort").click()
    expect(learner.get_by_text("Your pre-programme assessment is open")).to_be_visible()

    # Seeded: everyone's pre-programme assessment (alice's too), four more learners' post and then.
    enrolment = Enrolment.objects.get(learner=alice)
    cohort = enrolment.cohort
    others = enrol(cohort, learners(4))
    take([enrolment, *others], Phase.PRE, lambda i, c: PRE[i])
    cohorts.window_set(
        cohort=cohort,
        phase=Phase.PRE,
        kind="quick",
        opens_on=today - timedelta(days=60),
        closes_on=today - timedelta(days=50),
    )
    cohorts.window_set(
        cohort=cohort,
        phase=Phase.POST,
        kind="quick",
        opens_on=today,
        closes_on=today + timedelta(days=7),
        then_rating=True,
    )
    take(others, Phase.POST, lambda i, c: POST[i + 1], then_levels=lambda i, c: max(1, PRE[i + 1] - 1))

    # The learner sees the post-programme window on her dashboard and starts it from her programme page.
    learner.goto("/dashboard/")
    expect(learner.get_by_role("heading", name="Your post-programme assessment is open")).to_be_visible()
    learner.get_by_role("link", name="Take it from your programme page").click()
    learner.get_by_role("button", name="Start your post-programme assessment").click()
    expect(learner).to_have_url(re.compile(r"/assessments/\d+/"))
    draft = CohortAssessment.objects.get(enrolment=enrolment, window__phase=Phase.POST).assessment
    for competency_id in (
        "co-learning",
        "brokering",
        "co-design",
    ):  # answered: seeded, as the browser adds nothing
        assessments.save_answer(assessment=draft, item_id=competency_id, raw=str(POST[0]))
    assessments.submit(assessment=draft)

    learner.goto(f"/cohorts/{cohort.pk}/mine/")
    learner.get_by_role("link", name=re.compile("Looking back")).click()
    assert_no_serious_violations(learner)
    _look(learner, screenshot, "then")
    learner.locator("input[name='co-learning'][value='1']").check()
    learner.locator("input[name='brokering'][value='1']").check()
    learner.get_by_role("button", name="Save my ratings").click()
    expect_message(learner, "Saved 2 retrospective ratings.")
    row = learner.get_by_role("row", name=re.compile("^Co-learning"))
    expect(row).to_contain_text("1.0 → 3.0")
    expect(row).to_contain_text("+2.0")
    expect(row).to_contain_text("Day 1: Learning together (introduced)")
    expect(row).to_contain_text("Day 3: Practice (mastered, assessed)")
    expect(learner.get_by_role("link", name="your development plan")).to_be_visible()
    assert_no_serious_violations(learner)
    _look(learner, screenshot, "learner")

    # The lead reads the report: five paired learners, the change with its interval, words beside it.
    page.goto(f"/cohorts/{cohort.pk}/report/")
    expect(page.get_by_text("5 with both a pre- and a post-programme assessment")).to_be_visible()
    table = page.get_by_role("region", name=re.compile("^Change from the pre-programme"))
    co_learning = table.get_by_role("row", name=re.compile("^Co-learning"))
    expect(co_learning).to_contain_text("1.80 → 3.20")
    expect(co_learning).to_contain_text("+1.40")
    expect(page.get_by_text("no control group")).to_be_visible()
    expect(page.locator("svg[aria-labelledby='cohort-change-title cohort-change-desc']")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("^Alice"))).to_be_visible()  # she chose to be named
    assert_no_serious_violations(page)
    _look(page, screenshot, "report")

    # The report as a PDF: the button starts a background job. Once a worker has made the file (a
    # stand-in here: test_cohort_report_pdf.py makes the real one), its page offers the download.
    page.get_by_role("region", name="Download").get_by_role("button", name="Download as PDF").click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    with server_paused():  # the job's page polls meanwhile
        job = Job.objects.get(owner=carol)
        Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
        jobs.finish(
            job.pk, "praxis-cohort-report-spring-2027-certificate-in-implementation-support-a4.pdf", b"%PDF-"
        )
    page.reload()
    expect(page.get_by_role("link", name="Download the cohort report (PDF)")).to_be_visible()
    assert_no_serious_violations(page)
    _look(page, screenshot, "report-pdf")

    # The reliability page says why a cohort of quick assessments has no figures, and what would give some.
    page.goto(f"/cohorts/{cohort.pk}/reliability/")
    expect(page.locator("main")).to_contain_text("This cohort’s windows ask for quick assessments")
    assert_no_serious_violations(page)
    _look(page, screenshot, "reliability")
