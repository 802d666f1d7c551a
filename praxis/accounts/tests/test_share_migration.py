"""The move from three share models to one: existing consents carry over, stale ones do not."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from praxis.framework import bundled_framework
from praxis.framework.serialise import framework_to_data

BEFORE = [
    ("accounts", "0002_membership_peer_mentor"),
    ("assessments", "0001_initial"),
    ("development", "0001_initial"),
    ("journal", "0001_initial"),
]
AFTER = [
    ("assessments", "0002_move_shares_to_accounts"),
    ("development", "0003_move_shares_to_accounts"),
    ("journal", "0002_move_shares_to_accounts"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_shares_and_links_move_over_but_not_those_from_an_earlier_membership():
    apps = _migrate(BEFORE)
    User = apps.get_model("accounts", "User")
    Organisation = apps.get_model("accounts", "Organisation")
    Membership = apps.get_model("accounts", "Membership")
    SupervisionLink = apps.get_model("accounts", "SupervisionLink")
    FrameworkVersion = apps.get_model("core", "FrameworkVersion")
    Assessment = apps.get_model("assessments", "Assessment")
    AssessmentShare = apps.get_model("assessments", "AssessmentShare")
    Plan = apps.get_model("development", "Plan")
    PlanShare = apps.get_model("development", "PlanShare")
    Entry = apps.get_model("journal", "Entry")
    EntryShare = apps.get_model("journal", "EntryShare")

    org = Organisation.objects.create(name="Northside", slug="northside")
    alice = User.objects.create(email="alice@example.org", full_name="Alice")
    rejoined = User.objects.create(email="rory@example.org", full_name="Rory")
    carol = User.objects.create(email="carol@example.org", full_name="Carol")
    for person in (alice, rejoined, carol):
        Membership.objects.create(user=person, organisation=org)
    SupervisionLink.objects.create(organisation=org, supervisor=carol, supervisee=alice)
    # a real framework's content: later migrations (stored scores) score what is submitted
    version = FrameworkVersion.objects.create(
        framework_key="isp", version="1", checksum="x", content=framework_to_data(bundled_framework())
    )
    now = timezone.now()
    assessment = Assessment.objects.create(
        owner=alice, kind="quick", status="submitted", submitted_at=now, framework_version=version
    )
    AssessmentShare.objects.create(assessment=assessment, organisation=org, audience="organisation")
    plan = Plan.objects.create(owner=alice)
    PlanShare.objects.create(plan=plan, organisation=org)
    entry = Entry.objects.create(owner=alice, kind="reflection", occurred_on=now.date(), title="x")
    EntryShare.objects.create(entry=entry, organisation=org)
    old_plan = Plan.objects.create(owner=rejoined)
    stale = PlanShare.objects.create(plan=old_plan, organisation=org)
    # Rory's share dates from an earlier membership: he has left and rejoined since
    PlanShare.objects.filter(pk=stale.pk).update(created_at=now - timedelta(days=30))

    apps = _migrate(AFTER)
    Share = apps.get_model("accounts", "Share")
    moved = {(s.content_type.model, s.object_id, s.audience, s.owner_id) for s in Share.objects.all()}
    assert moved == {
        ("assessment", assessment.pk, "organisation", alice.pk),
        ("plan", plan.pk, "supervisors", alice.pk),
        ("entry", entry.pk, "supervisors", alice.pk),
    }
    link = apps.get_model("accounts", "SupervisionLink").objects.get()
    assert link.confirmed_at == link.created_at  # links made before consent count as confirmed

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # back to the latest state for the suite
