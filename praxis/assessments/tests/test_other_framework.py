"""Self-assessment follows the framework file, not the ISP framework: a framework with other
competencies and a three-level scale works from the first answer to the results page."""

import pytest
from django.urls import reverse

from praxis.assessments.models import Assessment

pytestmark = pytest.mark.django_db


def test_a_quick_assessment_on_a_three_level_framework_from_start_to_results(client, alice, mini_framework):
    assert [level.label for level in mini_framework.scale.levels] == ["Starting", "Doing", "Teaching"]
    client.force_login(alice)
    response = client.post(reverse("assessments:new"), {"kind": "quick"})
    assessment = Assessment.objects.get(owner=alice)
    assert assessment.framework_version.framework_key == "mini"
    page = client.get(response.url).content.decode()
    assert "Planning" in page and "Teaching" in page and "Proficient" not in page

    autosave = reverse("assessments:autosave", args=[assessment.pk])
    refused = client.post(autosave, {"item": "planning", "answer-planning": "4"})  # not on this scale
    assert refused.status_code == 422 and "Starting" in refused.content.decode()
    assert client.post(autosave, {"item": "planning", "answer-planning": "3"}).status_code == 200
    assert client.post(autosave, {"item": "reviewing", "answer-reviewing": "na"}).status_code == 200

    client.post(reverse("assessments:submit", args=[assessment.pk]))
    assessment.refresh_from_db()
    assert not assessment.is_draft
    results = client.get(reverse("assessments:results", args=[assessment.pk])).content.decode()
    assert "Planning" in results and "Reviewing" in results and "co-learning" not in results
    assert "Teaching" in results  # the score is named by this framework's own levels
