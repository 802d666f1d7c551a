"""Seeding for the gaps, matches and offer tests, through the services (not a test module)."""

from __future__ import annotations

from praxis.accounts import services as accounts
from praxis.accounts.models import Membership, Role, ShareAudience, User
from praxis.assessments import services as assessments
from praxis.development import services as plans
from praxis.framework import bundled_framework
from praxis.teams import services as teams

COMPETENCIES = [c.id for c in bundled_framework().competencies]


def person(name: str, organisation, role=Role.PRACTITIONER, role_title: str = "") -> User:
    user = User.objects.create_user(
        email=f"{name.lower()}@example.org",
        password="a-long-test-password",
        full_name=name,
        role_title=role_title,
    )
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def assess(owner, proficient_in=(), level="2", share_with=None, audience=ShareAudience.ORGANISATION):
    """A submitted quick assessment: level 4 (proficient) in `proficient_in`, `level` elsewhere."""
    made = assessments.start_assessment(owner=owner, kind="quick")
    for cid in COMPETENCIES:
        assessments.save_answer(assessment=made, item_id=cid, raw="4" if cid in proficient_in else level)
    made = assessments.submit(assessment=made)
    if share_with is not None:
        accounts.share_set(owner=owner, obj=made, organisation=share_with, audience=audience)
    return made


def consent(user, organisation, named=False, counted=False):
    accounts.consents_set(
        user=user, organisation=organisation, named_to_leads=named, counted_in_statistics=counted
    )


def plan_focus(owner, competency_id, share_with=None):
    plan = plans.create_plan(owner=owner)
    plans.add_focus(plan=plan, competency_id=competency_id)
    if share_with is not None:
        accounts.share_set(owner=owner, obj=plan, organisation=share_with, audience=ShareAudience.SUPERVISORS)
    return plan


def team_of(organisation, lead, name, members):
    team = teams.team_create(organisation=organisation, by=lead, name=name)
    for user in members:
        teams.team_member_add(
            team=team, by=lead, membership=Membership.objects.get(user=user, organisation=organisation)
        )
    return team
