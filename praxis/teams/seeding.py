"""Seed a large organisation quickly (bulk inserts, no services): for the scale tests and
`bench/teams.py`. Deterministic for a given seed. Never used by the site itself."""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from praxis.accounts.models import Membership, Organisation, Role, User
from praxis.assessments.models import Assessment, CompetencyResult, Kind, Status
from praxis.core.frameworks import current_framework, current_framework_version

from .models import Team, TeamMember

TEAM_SIZE = 25


def seed_organisation(
    slug: str,
    size: int,
    *,
    seed: int = 11,
    lead_email: str | None = None,
    password: str = "a-long-test-password",
) -> tuple[Organisation, User]:
    """An organisation of `size` members (and a lead), teams of about TEAM_SIZE, each member with
    two submitted quick assessments (stored results only) and, about half of them, both team
    consents. Returns the organisation and its lead."""
    rng = random.Random(seed)
    framework = current_framework()
    version = current_framework_version()
    proficient = {lv.value for lv in framework.scale.proficient_levels}
    values = [lv.value for lv in framework.scale.levels]
    organisation = Organisation.objects.create(name=f"Organisation {slug}", slug=slug)
    hashed = make_password(password)
    lead = User.objects.create(
        email=lead_email or f"lead@{slug}.example", full_name="Lee Lead", password=hashed
    )
    Membership.objects.create(user=lead, organisation=organisation, role=Role.LEAD)
    users = User.objects.bulk_create(
        User(email=f"p{i}@{slug}.example", full_name=f"Person {i:05d}", password=hashed) for i in range(size)
    )
    if users[0].pk is None:  # databases that do not return ids from a bulk insert
        users = list(
            User.objects.filter(email__endswith=f"@{slug}.example").exclude(pk=lead.pk).order_by("pk")
        )
    roles = [Role.PRACTITIONER] * 8 + [Role.SUPERVISOR]
    memberships = Membership.objects.bulk_create(
        Membership(
            user=u,
            organisation=organisation,
            role=rng.choice(roles),
            named_to_leads=rng.random() < 0.5,
            counted_in_statistics=rng.random() < 0.6,
        )
        for u in users
    )
    teams = Team.objects.bulk_create(
        Team(organisation=organisation, name=f"Team {n + 1}") for n in range(max(1, size // TEAM_SIZE))
    )
    if teams[0].pk is None:
        teams = list(Team.objects.filter(organisation=organisation).order_by("pk"))
        memberships = list(
            Membership.objects.filter(organisation=organisation, user__in=users).order_by("user_id")
        )
    TeamMember.objects.bulk_create(
        TeamMember(team=teams[i % len(teams)], membership=m) for i, m in enumerate(memberships)
    )
    now = timezone.now()
    assessments = []
    for u in users:
        for months in (8, 2):
            when = now - timedelta(days=30 * months + rng.randrange(20))
            assessments.append(
                Assessment(
                    owner=u,
                    kind=Kind.QUICK,
                    status=Status.SUBMITTED,
                    framework_version=version,
                    submitted_at=when,
                )
            )
    assessments = Assessment.objects.bulk_create(assessments, batch_size=2000)
    if assessments[0].pk is None:
        assessments = list(Assessment.objects.filter(owner__in=users).order_by("pk"))
    results = []
    for a in assessments:
        for c in framework.competencies:
            if rng.random() < 0.05:
                results.append(
                    CompetencyResult(
                        assessment=a,
                        owner_id=a.owner_id,
                        competency_id=c.id,
                        score=None,
                        status="not-applicable",
                        items=1,
                        rated=0,
                        not_applicable=1,
                        level=None,
                        proficient=False,
                    )
                )
                continue
            level = rng.choice(values)
            results.append(
                CompetencyResult(
                    assessment=a,
                    owner_id=a.owner_id,
                    competency_id=c.id,
                    score=float(level),
                    status="scored",
                    items=1,
                    rated=1,
                    not_applicable=0,
                    level=level,
                    proficient=level in proficient,
                )
            )
    CompetencyResult.objects.bulk_create(results, batch_size=5000)
    return organisation, lead
