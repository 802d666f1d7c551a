"""Each PDF report read back: the page's competency names and figures are in it, its pages are
few, and it answers exactly whom its page answers (someone else's object: 404).

Set PRAXIS_PDF_DIR to keep the PDFs made here (turn them into images with `pdftoppm -png`)."""

import os
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from praxis.core.tests import pdfs
from praxis.development import services as plans
from praxis.feedback import services as feedback
from praxis.supervision import services as supervision
from praxis.supervision.tests.conftest import entry, feedback_round, share

pytestmark = pytest.mark.django_db


def _download(client, url, name, **query):
    response = client.get(url, query)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    keep = os.environ.get("PRAXIS_PDF_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / f"{name}-{query.get('paper', 'a4')}.pdf").write_bytes(response.content)
    return response.content


@pytest.fixture
def world(alice, carol, northside, make_assessment, all_quick_answers):
    assessment = make_assessment(
        alice, answers=all_quick_answers("3", brokering="4", co_design="1", facilitation="na")
    )
    share(alice, assessment, northside)
    plan = plans.create_plan(owner=alice, title="Growing as a co-designer")
    focus = plans.add_focus(plan=plan, competency_id="co-design")
    plans.step_add(focus=focus, text="Run a co-design workshop with the site team", due_on=date(2030, 1, 31))
    plans.link_evidence(focus=focus, entry=entry(alice, "Workshop with the site team", northside))
    share(alice, plan, northside)
    round_ = feedback_round(alice, answers=3, comment="Listens well and builds trust")
    feedback.close_round(round_=round_)
    share(alice, round_, northside)
    supervision.note_add(author=carol, supervisee=alice, text="Talked about power", visibility="shared")
    return {"assessment": assessment, "plan": plan, "round": round_}


def test_results_pdf_has_the_profile_principles_and_figures(client, alice, world):
    client.force_login(alice)
    url = reverse("assessments:results_pdf", args=[world["assessment"].pk])
    made = _download(client, url, "results")
    text = pdfs.text(made)
    for name in ("Co-learning", "Brokering", "Co-design", "Cultivating leaders and champions"):
        assert name in text
    assert "Proficient" in text and "Not applicable to this role" in text
    assert "Principles in practice" in text and "Be empathetic" in text
    assert "Profile across the 15 competencies" in text
    assert "Plan focus" not in text and "Evidence" not in text  # only when asked for
    assert "Download" not in text and "Plan from these development areas" not in text  # no forms
    assert 2 <= len(pdfs.reader(made).pages) <= 5
    assert "Alice" in text and "Page 1 of" in text


def test_results_pdf_adds_plan_focuses_and_evidence_when_asked_on_letter(client, alice, world):
    client.force_login(alice)
    url = reverse("assessments:results_pdf", args=[world["assessment"].pk])
    made = _download(client, url, "results-details", paper="letter", details="on")
    text = pdfs.text(made)
    assert "Plan focus" in text and "Evidence" in text
    assert pdfs.page_size_mm(made) == (216, 279)


def test_results_pdf_follows_the_page_policy(client, bob, carol, world):
    url = reverse("assessments:results_pdf", args=[world["assessment"].pk])
    client.force_login(bob)
    assert client.get(url).status_code == 404
    client.force_login(carol)  # shared with her organisation
    assert "Co-design" in pdfs.text(_download(client, url, "results-supervisor"))


def test_plan_pdf_has_focuses_steps_and_evidence(client, alice, world):
    client.force_login(alice)
    made = _download(client, reverse("development:pdf", args=[world["plan"].pk]), "plan")
    text = pdfs.text(made)
    assert "Growing as a co-designer" in text and "Co-design" in text
    assert "Run a co-design workshop with the site team" in text and "31 January 2030" in text
    assert "Workshop with the site team" in text
    assert "Add a focus" not in text and "Post comment" not in text
    assert 1 <= len(pdfs.reader(made).pages) <= 4


def test_feedback_report_pdf_has_others_figures(client, alice, bob, world):
    url = reverse("feedback:report_pdf", args=[world["round"].pk])
    client.force_login(bob)
    assert client.get(url).status_code == 404
    client.force_login(alice)
    made = _download(client, url, "feedback")
    text = pdfs.text(made)
    assert "Spring feedback" in text and "Co-design" in text
    assert "4.0" in text  # the peers' mean, shown as on the page
    assert "Listens well and builds trust" in text
    assert "Plan to develop" not in text
    assert 1 <= len(pdfs.reader(made).pages) <= 3


def test_supervisee_pdf_is_the_supervision_page_for_the_supervisor_only(client, alice, bob, carol, world):
    url = reverse("supervision:supervisee_pdf", args=[alice.pk])
    for other in (alice, bob):
        client.force_login(other)
        assert client.get(url).status_code == 404
    client.force_login(carol)
    made = _download(client, url, "supervisee")
    text = pdfs.text(made)
    assert "Supervision with Alice" in text
    assert "Co-design" in text and "Growing as a co-designer" in text and "Talked about power" in text
    assert "Save the note" not in text and "Mark everything as seen" not in text
    assert 1 <= len(pdfs.reader(made).pages) <= 6


def test_pages_offer_their_pdf_in_a_download_group(client, alice, carol, world):
    client.force_login(alice)
    for url, pdf_url in [
        (
            reverse("assessments:results", args=[world["assessment"].pk]),
            reverse("assessments:results_pdf", args=[world["assessment"].pk]),
        ),
        (
            reverse("development:detail", args=[world["plan"].pk]),
            reverse("development:pdf", args=[world["plan"].pk]),
        ),
        (
            reverse("feedback:report", args=[world["round"].pk]),
            reverse("feedback:report_pdf", args=[world["round"].pk]),
        ),
    ]:
        page = client.get(url).content.decode()
        assert f'action="{pdf_url}"' in page and 'name="paper"' in page
    client.force_login(carol)
    page = client.get(reverse("supervision:supervisee", args=[alice.pk])).content.decode()
    assert reverse("supervision:supervisee_pdf", args=[alice.pk]) in page
