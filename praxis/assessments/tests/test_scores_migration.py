"""The migration that adds stored scores records them for assessments submitted before it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from praxis.core.frameworks import current_framework_version

BEFORE = [("assessments", "0001_initial")]
AFTER = [("assessments", "0003_competency_result")]


@pytest.mark.django_db(transaction=True)
def test_migration_stores_the_scores_of_earlier_submitted_assessments(alice):
    version_id = current_framework_version().pk
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Assessment, Answer = old.get_model("assessments", "Assessment"), old.get_model("assessments", "Answer")
    submitted = Assessment.objects.create(
        owner_id=alice.pk,
        kind="quick",
        framework_version_id=version_id,
        status="submitted",
        submitted_at=timezone.now(),
    )
    Answer.objects.create(assessment=submitted, item_id="co-learning", level=4, not_applicable=False)
    Answer.objects.create(assessment=submitted, item_id="brokering", level=None, not_applicable=True)
    draft = Assessment.objects.create(owner_id=alice.pk, kind="quick", framework_version_id=version_id)
    Answer.objects.create(assessment=draft, item_id="co-learning", level=2, not_applicable=False)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from praxis.assessments.models import CompetencyResult

    rows = {r.competency_id: r for r in CompetencyResult.objects.filter(assessment_id=submitted.pk)}
    assert (
        rows["co-learning"].score == 4 and rows["co-learning"].proficient and rows["co-learning"].level == 4
    )
    assert rows["brokering"].score is None and rows["brokering"].status == "not-applicable"
    assert rows["co-design"].status == "not-enough-answers"
    assert not CompetencyResult.objects.filter(assessment_id=draft.pk).exists()
