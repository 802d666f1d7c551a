"""Reads about people, organisations, supervision and sharing, each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from . import policy
from .models import Membership, Share, SupervisionLink, User


def shares_of(obj) -> QuerySet[Share]:
    """Where `obj` (an assessment, a plan, an entry…) is shared, with each organisation."""
    return Share.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    ).select_related("organisation")


def shared_audiences(obj) -> dict[int, str]:
    """organisation id → audience, for a sharing form."""
    return dict(shares_of(obj).values_list("organisation_id", "audience"))


@dataclass(frozen=True)
class PendingSupervision:
    link: SupervisionLink
    items: int  # what the supervisor would see on confirming: the person's shares in that organisation


def pending_supervision_for(user) -> list[PendingSupervision]:
    """Supervisors a lead proposed for `user`, waiting for their answer, oldest first."""
    shared_there = (
        Share.objects.filter(owner=user, organisation=OuterRef("organisation"))
        .values("organisation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    links = (
        policy.supervision_links_to_answer(user)
        .select_related("supervisor", "organisation")
        .annotate(items=Coalesce(Subquery(shared_there), 0))
        .order_by("created_at")
    )
    return [PendingSupervision(link, link.items) for link in links]


def supervision_of(user, organisation) -> list[SupervisionLink]:
    """Everyone linked as `user`'s supervisor in `organisation`, confirmed or not."""
    return list(
        policy.supervision_links_to_answer(user, pending_only=False)
        .filter(organisation=organisation)
        .select_related("supervisor", "organisation")
        .order_by("organisation__name", "supervisor__full_name")
    )


PEOPLE_SUGGESTED = 20  # at most this many people in a type-ahead's list


def _person_matches(prefix: str, query: str, *, by_email: bool) -> Q:
    """People (through `prefix`, "" for users themselves) whose name, or e-mail address when
    `by_email`, contains `query`."""
    found = Q(**{f"{prefix}full_name__icontains": query})
    if by_email:
        found |= Q(**{f"{prefix}email__icontains": query})
    return found


def members_of(organisation, query: str = "", *, by_email: bool = False) -> QuerySet[Membership]:
    """The organisation's members by name; `query` narrows them to names (and, for a lead, e-mail
    addresses) containing it. Paginate it: an organisation may have thousands."""
    members = organisation.memberships.select_related("user").order_by("user__full_name", "pk")
    if query:
        members = members.filter(_person_matches("user__", query, by_email=by_email))
    return members


def supervision_links_in(
    organisation, query: str = "", *, by_email: bool = False
) -> QuerySet[SupervisionLink]:
    """Who supervises whom here, by supervisee; `query` keeps the links where either person matches."""
    links = organisation.supervision_links.select_related("supervisor", "supervisee").order_by(
        "supervisee__full_name", "supervisor__full_name", "pk"
    )
    if query:
        links = links.filter(
            _person_matches("supervisor__", query, by_email=by_email)
            | _person_matches("supervisee__", query, by_email=by_email)
        )
    return links


def people_to_choose(organisation, by, query: str, role: str) -> list[User]:
    """For the lead `by`'s type-ahead: at most PEOPLE_SUGGESTED people of `organisation` whose name or
    e-mail address contains `query`, among those who may be a supervisor (role "supervisor") or be
    supervised (any other role) here. One query."""
    if role == "supervisor":
        people = policy.possible_supervisors(organisation, by)
    else:
        people = User.objects.filter(memberships__organisation=organisation).order_by("full_name")
    if query:
        people = people.filter(_person_matches("", query, by_email=True))
    return list(people.only("pk", "full_name", "email").order_by("full_name", "pk")[:PEOPLE_SUGGESTED])
