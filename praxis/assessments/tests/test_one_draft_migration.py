"""The migration that allows one draft of each kind folds earlier duplicate drafts into the newest,
so nothing typed in any of them is lost. (If the lead renumbers migrations, rename BEFORE/AFTER.)"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from praxis.assessments.models import Answer, Assessment, CompetencyNote
from praxis.core.frameworks import current_framework_version

BEFORE = [("assessments", "0003_competency_result")]
AFTER = [("assessments", "0005_one_draft_per_kind")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor


@pytest.mark.django_db(transaction=True)
def test_duplicate_drafts_are_folded_into_the_newest(alice, bob):
    version_id = current_framework_version().pk
    old = _migrate(BEFORE).loader.project_state(BEFORE).apps
    OldAssessment, OldAnswer = (
        old.get_model("assessments", "Assessment"),
        old.get_model("assessments", "Answer"),
    )
    OldNote = old.get_model("assessments", "CompetencyNote")
    older = OldAssessment.objects.create(owner_id=alice.pk, kind="quick", framework_version_id=version_id)
    OldAnswer.objects.create(assessment=older, item_id="co-learning", level=2, not_applicable=False)
    OldAnswer.objects.create(assessment=older, item_id="brokering", level=5, not_applicable=False)
    OldNote.objects.create(assessment=older, competency_id="co-design", text="Kept from the older tab")
    newer = OldAssessment.objects.create(owner_id=alice.pk, kind="quick", framework_version_id=version_id)
    OldAnswer.objects.create(assessment=newer, item_id="co-learning", level=4, not_applicable=False)
    full = OldAssessment.objects.create(owner_id=alice.pk, kind="full", framework_version_id=version_id)
    bobs = OldAssessment.objects.create(owner_id=bob.pk, kind="quick", framework_version_id=version_id)

    _migrate(AFTER)
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    drafts = set(Assessment.objects.filter(status="draft").values_list("pk", flat=True))
    assert drafts == {newer.pk, full.pk, bobs.pk}
    answers = {a.item_id: a.level for a in Answer.objects.filter(assessment_id=newer.pk)}
    assert answers == {"co-learning": 4, "brokering": 5}  # the newest's own answer wins
    assert CompetencyNote.objects.get(assessment_id=newer.pk).text == "Kept from the older tab"
