"""The migration that allows one open plan per assessment keeps every plan made before it: the
duplicates "Plan from these development areas" used to make stay, as plans started without one."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from praxis.core.frameworks import current_framework_version

BEFORE = [("development", "0005_plan_and_focus_version")]
AFTER = [("development", "0007_one_open_plan_per_assessment")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_duplicate_plans_from_one_assessment_are_kept_and_the_constraint_added(alice):
    _migrate(BEFORE)
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    Assessment, Plan = old.get_model("assessments", "Assessment"), old.get_model("development", "Plan")
    assessment = Assessment.objects.create(
        owner_id=alice.pk,
        kind="quick",
        framework_version_id=current_framework_version().pk,
        status="submitted",
        submitted_at=timezone.now(),
    )
    made = [Plan.objects.create(owner_id=alice.pk, from_assessment_id=assessment.pk) for _ in range(3)]
    done = Plan.objects.create(owner_id=alice.pk, from_assessment_id=assessment.pk, status="completed")

    _migrate(AFTER)
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    from praxis.development.models import Plan as Current

    linked = dict(Current.objects.values_list("pk", "from_assessment_id"))
    assert linked == {made[0].pk: assessment.pk, made[1].pk: None, made[2].pk: None, done.pk: assessment.pk}
