"""Writes about teams: one function per use case, each transactional. Only the organisation's
leads change teams (`praxis.accounts.policy.can_manage_teams`)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from praxis.accounts import policy
from praxis.accounts.models import Membership, Organisation, User
from praxis.core.errors import PraxisError

from .models import Team, TeamMember


class TeamsError(PraxisError):
    """A team change that cannot be made; the message is written for the lead asking."""


def _require_lead(by: User, organisation: Organisation) -> None:
    if not policy.can_manage_teams(by, organisation):
        raise TeamsError("Only the organisation's leads can change its teams.")


def _clean_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise TeamsError("Give the team a name.")
    return name


@transaction.atomic
def team_create(*, organisation: Organisation, by: User, name: str, description: str = "") -> Team:
    _require_lead(by, organisation)
    try:
        with transaction.atomic():
            return Team.objects.create(
                organisation=organisation, name=_clean_name(name), description=(description or "").strip()
            )
    except IntegrityError:
        raise TeamsError("There is already a team with this name here.") from None


@transaction.atomic
def team_update(*, team: Team, by: User, name: str, description: str = "") -> Team:
    """Rename a team or change its description."""
    _require_lead(by, team.organisation)
    team.name = _clean_name(name)
    team.description = (description or "").strip()
    try:
        with transaction.atomic():
            team.save(update_fields=["name", "description"])
    except IntegrityError:
        raise TeamsError("There is already a team with this name here.") from None
    return team


team_rename = team_update


@transaction.atomic
def team_delete(*, team: Team, by: User) -> None:
    """The team goes; its members stay in the organisation, with their consents."""
    _require_lead(by, team.organisation)
    team.delete()


@transaction.atomic
def team_member_add(*, team: Team, by: User, membership: Membership) -> TeamMember:
    """Place a member of the team's organisation in the team (again is harmless)."""
    _require_lead(by, team.organisation)
    if membership.organisation_id != team.organisation_id:
        raise TeamsError("That person is not a member of this organisation.")
    place, _ = TeamMember.objects.get_or_create(team=team, membership=membership)
    return place


@transaction.atomic
def team_member_remove(*, team: Team, by: User, membership: Membership) -> None:
    """Take someone out of the team (they stay in the organisation)."""
    _require_lead(by, team.organisation)
    TeamMember.objects.filter(team=team, membership=membership).delete()
