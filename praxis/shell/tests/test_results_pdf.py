"""The results page as a PDF: the same content and chart as the page, for whoever may read the page."""

import pytest
from django.urls import reverse

from praxis.accounts.models import ShareAudience
from praxis.accounts.services import share_set
from praxis.core.tests import pdfs
from praxis.development import services as plans
from praxis.journal import services as journal

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(alice, make_assessment, all_quick_answers):
    assessment = make_assessment(alice, answers=all_quick_answers("3", brokering="4", co_design="2"))
    plan = plans.create_plan(owner=alice)
    plans.add_focus(plan=plan, competency_id="co-design")
    return assessment


def test_results_pdf_has_every_competency_and_the_scores(client, alice, results):
    client.force_login(alice)
    response = client.get(reverse("assessments:results_pdf", args=[results.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('-a4.pdf"')
    text = pdfs.text(response.content)
    for name in ("Co-learning", "Brokering", "Co-design", "Cultivating leaders and champions"):
        assert name in text
    assert "Principles in practice" in text
    assert "Alice" in text  # the running header says whom it is about
    assert 1 <= len(pdfs.reader(response.content).pages) <= 6
    open("/tmp/results-a4.pdf", "wb").write(response.content)
