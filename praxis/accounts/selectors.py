"""Reads about people, organisations, supervision and sharing, each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from . import policy
from .models import Share, SupervisionLink


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
