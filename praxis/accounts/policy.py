"""Who may see or change what: organisations, roles, and the relationships every app's policy uses.

Where access is decided: this module holds what is about people and organisations (memberships,
roles, supervision, sharing); each app's `policy.py` (assessments, development, journal, feedback)
turns these relationships into the querysets of its own objects. One module for everything would
have to import every app's models, which the layers forbid (accounts sits below them); one policy
per app built on these shared predicates keeps each rule next to its objects and written once.

Views, selectors, forms and templates never decide access. They fetch objects through the policy
querysets, so an object a person may not see is simply not found (404), never "forbidden": a forged
or guessed id tells nothing about what exists. Actions inside a visible organisation that need a
role (inviting, linking supervisors) answer 403, since the person can already see the organisation.

Rules:
- Everything a practitioner makes is private to them until they share it with an organisation
  (`Share`): with its supervisors, or (assessments only) with its supervisors and leads.
- "Its supervisors" means the people linked as the owner's supervisor in that organisation by a
  link the owner confirmed. A lead proposes a link; until the practitioner confirms it, it gives
  access to nothing. Nobody supervises themself, and a lead cannot link themself as anyone's
  supervisor: someone else proposes it, and the practitioner decides.
- Leaving an organisation (or being removed) deletes the person's shares and supervision links
  there, so rejoining shows nothing again. Someone made a practitioner there loses the links in
  which they supervise. The querysets also require the owner to still be a
  member, so a membership deleted any other way ends access too.
- Drafts are never shared (the object's `shareable`); others see shared objects only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet, Value

from .models import Membership, Organisation, Role, Share, ShareAudience, SupervisionLink, User


def authenticated(user) -> bool:
    return bool(user and user.is_authenticated)


# -- organisations ----------------------------------------------------------------------------


def organisations_for(user) -> QuerySet[Organisation]:
    if not authenticated(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user)


def role_in(user, organisation: Organisation) -> str | None:
    if not authenticated(user):
        return None
    return (
        Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True).first()
    )


def can_manage_organisation(user, organisation: Organisation) -> bool:
    """Invite people, change roles, propose supervisors: organisation leads only."""
    return role_in(user, organisation) == Role.LEAD


def led_organisations(user) -> QuerySet[Organisation]:
    if not authenticated(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, memberships__role=Role.LEAD)


# -- research -------------------------------------------------------------------------------------


def may_export_research(user, organisation: Organisation) -> bool:
    """Run a research export of the organisation's consented data: its leads. Consent is given to
    the organisation, so the people answerable for it there hand the data to researchers; no new
    role is needed, and nobody outside the organisation ever reaches it."""
    return can_manage_organisation(user, organisation)


def research_consenting(organisation: Organisation) -> QuerySet[Membership]:
    """The members whose de-identified answers may be used for research, as of now: withdrawing
    consent takes a member out of every export started afterwards."""
    return Membership.objects.filter(organisation=organisation, research_consent=True)


def research_free_text_consenting(organisation: Organisation) -> QuerySet[Membership]:
    """Of those, the members who also agreed that what they wrote may be included."""
    return research_consenting(organisation).filter(research_free_text=True)


# -- supervision --------------------------------------------------------------------------------


def confirmed_supervision(user) -> QuerySet[SupervisionLink]:
    """The links through which `user` supervises someone: confirmed by the supervisee."""
    if not authenticated(user):
        return SupervisionLink.objects.none()
    return SupervisionLink.objects.filter(supervisor=user, confirmed_at__isnull=False)


def supervisees_of(user) -> QuerySet[User]:
    """People `user` supervises, through a confirmed link, in any organisation."""
    return (
        User.objects.filter(pk__in=confirmed_supervision(user).values("supervisee")).order_by("full_name")
        if authenticated(user)
        else User.objects.none()
    )


def supervision_links_to_answer(user, *, pending_only: bool = True) -> QuerySet[SupervisionLink]:
    """Links naming `user` as the supervisee: only they may confirm or decline (or later end) them."""
    if not authenticated(user):
        return SupervisionLink.objects.none()
    links = SupervisionLink.objects.filter(supervisee=user)
    return links.filter(confirmed_at__isnull=True) if pending_only else links


def possible_supervisors(organisation: Organisation, by) -> QuerySet[User]:
    """Whom the lead `by` may propose as a supervisor here: supervisors and leads of this
    organisation (by their role here, whatever it is elsewhere), never `by` themself."""
    return (
        User.objects.filter(
            memberships__organisation=organisation, memberships__role__in=[Role.SUPERVISOR, Role.LEAD]
        )
        .exclude(pk=by.pk)
        .order_by("full_name")
    )


def supervision_refusal(*, organisation: Organisation, by, supervisor: User, supervisee: User) -> str | None:
    """Why `by` may not propose `supervisor` for `supervisee` here, or None when they may."""
    if not can_manage_organisation(by, organisation):
        return "Only the organisation's leads can propose supervisors."
    if supervisor.pk == supervisee.pk:
        return "Someone cannot supervise themselves."
    if supervisor.pk == by.pk:
        return (
            "You cannot make yourself someone's supervisor. Ask another lead to propose it; "
            "the practitioner then confirms."
        )
    members = set(
        Membership.objects.filter(organisation=organisation, user__in=[supervisor, supervisee]).values_list(
            "user_id", "role"
        )
    )  # roles here only: someone may be a practitioner elsewhere and a supervisor in this organisation
    if {user_id for user_id, _ in members} != {supervisor.pk, supervisee.pk}:
        return "Both people must be members of this organisation."
    if not possible_supervisors(organisation, by).filter(pk=supervisor.pk).exists():
        return f"{supervisor} is a practitioner here. Make them a supervisor or lead first."
    return None


# -- sharing ------------------------------------------------------------------------------------


def _shares_of_kind(model) -> QuerySet[Share]:
    # by name through a join rather than ContentType.get_for_model: no extra query, ever
    return Share.objects.filter(
        content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name
    )


def _shared_ids(
    viewer, model, *, owner_ids: set[int] | None = None, pk: int | None = None
) -> list[QuerySet[Share]]:
    """The object ids some share lets `viewer` see, as one `values("object_id")` query per route.

    Driven from what links the viewer to owners, not from all shares: the shares of people the
    viewer supervises through a confirmed link in the share's organisation, and, for kinds that
    allow it, the shares addressed to the leads of organisations the viewer leads. In both the
    owner must still be a member of that organisation. `owner_ids` / `pk` narrow every route to
    some owners' or one object's shares, so each starts from an index on them.
    """
    shares = _shares_of_kind(model).filter(owner__memberships__organisation=F("organisation"))
    if owner_ids is not None:
        shares = shares.filter(owner_id__in=owner_ids)
    if pk is not None:
        shares = shares.filter(object_id=pk)
    through_supervision = shares.filter(
        owner__supervisor_links__supervisor=viewer,
        owner__supervisor_links__confirmed_at__isnull=False,
        owner__supervisor_links__organisation=F("organisation"),
    )
    routes = [through_supervision]
    if ShareAudience.ORGANISATION in model.share_audiences:
        routes.append(
            shares.filter(
                audience=ShareAudience.ORGANISATION, organisation__in=led_organisations(viewer).values("pk")
            )
        )
    return [route.values("object_id").order_by() for route in routes]


@dataclass(frozen=True)
class Reach:
    """How `viewer` may see some owners' shares, read once for a page about those people: the
    (organisation, owner) pairs where the owner is a member and the viewer supervises them through
    a link they confirmed there (`supervised`), and those where the owner is a member and the
    viewer is a lead (`led`). The same two routes `_shared_ids` joins through, resolved to a few
    ids, so each later query about those people's things looks up only their shares in those
    organisations instead of rebuilding (and the database replanning) the joins (issue 14).

    Only the relationships are read here; the shares themselves are read by every query that
    uses it, so a share withdrawn after this was read is not seen."""

    viewer_id: int | None
    owner_ids: frozenset[int]
    supervised: frozenset[tuple[int, int]] = frozenset()
    led: frozenset[tuple[int, int]] = frozenset()


def reach(viewer, owner_ids: Iterable[int]) -> Reach:
    """How `viewer` reaches the shares of the people `owner_ids`. One query (a union of the two
    routes), none when the viewer is the only one (one's own things need no share)."""
    owners = frozenset(owner_ids)
    if not authenticated(viewer):
        return Reach(None, owners)
    others = owners - {viewer.pk}
    if not others:
        return Reach(viewer.pk, owners)
    supervising = confirmed_supervision(viewer).filter(
        supervisee_id__in=others, organisation__memberships__user_id=F("supervisee_id")
    )  # ...and the supervisee is still a member there
    leading = Membership.objects.filter(
        user_id__in=others, organisation__in=led_organisations(viewer).values("pk")
    )
    rows = (
        supervising.values_list("organisation_id", "supervisee_id", Value(True))
        .order_by()
        .union(leading.values_list("organisation_id", "user_id", Value(False)).order_by(), all=True)
    )
    supervised, led = set(), set()
    for organisation_id, owner_id, through_supervision in rows:
        (supervised if through_supervision else led).add((organisation_id, owner_id))
    return Reach(viewer.pk, owners, frozenset(supervised), frozenset(led))


def _by_organisation(pairs: frozenset[tuple[int, int]]) -> Q | None:
    owners: dict[int, list[int]] = {}
    for organisation_id, owner_id in sorted(pairs):
        owners.setdefault(organisation_id, []).append(owner_id)
    found = None
    for organisation_id, ids in owners.items():
        here = Q(organisation_id=organisation_id, owner_id__in=ids)
        found = here if found is None else found | here
    return found


def _reached_ids(reach: Reach, model, *, pk: int | None = None) -> QuerySet[Share] | None:
    """The ids of the owners' objects some share lets the viewer see, through `reach`: the same
    routes as `_shared_ids`, the viewer's links already resolved. None when no route is open."""
    routes = _by_organisation(reach.supervised)
    led = _by_organisation(reach.led) if ShareAudience.ORGANISATION in model.share_audiences else None
    if led is not None:
        led &= Q(audience=ShareAudience.ORGANISATION)
        routes = led if routes is None else routes | led
    if routes is None:
        return None
    shares = _shares_of_kind(model).filter(routes)
    if pk is not None:
        shares = shares.filter(object_id=pk)
    return shares.values("object_id").order_by()


def _through_reach(viewer, model, reach: Reach, pk: int | None) -> Q:
    if reach.viewer_id != viewer.pk:
        raise ValueError("A reach read for another viewer")
    shared = _reached_ids(reach, model, pk=pk)
    visible = Q(pk__in=shared) if shared is not None else None
    if viewer.pk in reach.owner_ids:
        visible = Q(owner_id=viewer.pk) if visible is None else Q(owner_id=viewer.pk) | visible
    if visible is None:
        return Q(pk__in=[])
    found = Q(owner_id__in=sorted(reach.owner_ids)) & visible
    return found & Q(pk=pk) if pk is not None else found


def owned_or_shared(
    viewer,
    model,
    *,
    owner_id: int | None = None,
    owner_ids: Iterable[int] | None = None,
    pk: int | None = None,
    reach: Reach | None = None,
) -> Q:
    """What `viewer` owns or some share lets them see, as one indexed lookup.

    An OR of "owner is the viewer" and "id in the shared ids" cannot use an index, so the
    database would test every object of the kind (a sequential scan growing with the whole
    organisation). Here the viewer's own ids and the shared ids are one UNION ALL subquery, each
    part starting from an index on the owner or on the viewer's supervision links and
    memberships, and the objects are then fetched by primary key (issue 14.6).

    Pages about some people (`owner_id`, `owner_ids`) or one object (`pk`) say so: the same rule,
    narrowed before the database sees it. One's own things need no share at all, and other
    people's are looked up among those people's shares only, never among everyone's. A page about
    some people that asks several times passes the `reach` it read once for them (`reach()`)."""
    if not authenticated(viewer):
        return Q(pk__in=[])
    if reach is not None:
        asked = {owner_id} if owner_id is not None else set(owner_ids) if owner_ids is not None else None
        if asked is not None and asked != reach.owner_ids:
            raise ValueError("A reach read for other people")
        return _through_reach(viewer, model, reach, pk)
    if owner_id is not None:
        owner_ids = [owner_id]
    if owner_ids is not None:
        owners = set(owner_ids)
        others = owners - {viewer.pk}
        mine = Q(owner_id=viewer.pk) if viewer.pk in owners else Q(pk__in=[])
        if pk is not None:
            mine &= Q(pk=pk)
        if not others:
            return mine
        shared = _union(_shared_ids(viewer, model, owner_ids=others, pk=pk))
        return Q(owner_id__in=owners) & (mine | Q(pk__in=shared))
    if pk is not None:
        return Q(pk=pk) & (Q(owner=viewer) | Q(pk__in=_union(_shared_ids(viewer, model, pk=pk))))
    own = model._default_manager.filter(owner=viewer).values("pk").order_by()
    return Q(pk__in=_union([own, *_shared_ids(viewer, model)]))


def _union(parts: list[QuerySet]) -> QuerySet:
    first, *rest = parts
    return first.union(*rest, all=True)


def owned_by(viewer) -> Q:
    return Q(owner=viewer) if authenticated(viewer) else Q(pk__in=[])


# -- teams: who appears, by name or counted, on the team pages ---------------------------------
# Two consents a member gives per organisation (Membership), both off by default and effective at
# once: `named_to_leads` puts their latest submitted assessment, with their name, in front of the
# organisation's leads; `counted_in_statistics` lets it count, without their name, in figures that
# pass praxis.scoring.disclosure. Nothing else puts anyone on a team page.


def members_named_to_leads(organisation: Organisation) -> QuerySet[Membership]:
    """Members whose latest submitted assessment the organisation's leads may see by name."""
    return Membership.objects.filter(organisation=organisation, named_to_leads=True)


def members_counted_in_statistics(organisation: Organisation) -> QuerySet[Membership]:
    """Members whose latest submitted assessment may count, without their name, in team statistics."""
    return Membership.objects.filter(organisation=organisation, counted_in_statistics=True)


def members_counting_support_work(organisation: Organisation) -> QuerySet[Membership]:
    """Members whose support activities (mode, site, length; never their text) may count, without
    their name, in how the team works."""
    return Membership.objects.filter(organisation=organisation, support_work_counted=True)


def supervises_in(viewer, organisation: Organisation) -> bool:
    """Whether `viewer` supervises anyone here through a confirmed link."""
    return confirmed_supervision(viewer).filter(organisation=organisation).exists()


def can_view_team_pages(viewer, organisation: Organisation) -> bool:
    """The heat map: the organisation's leads, and supervisors for their own supervisees."""
    return can_manage_organisation(viewer, organisation) or supervises_in(viewer, organisation)


def can_manage_teams(viewer, organisation: Organisation) -> bool:
    """Create, rename and delete teams, place members in them: leads only."""
    return can_manage_organisation(viewer, organisation)


def can_view_team_statistics(viewer, organisation: Organisation) -> bool:
    """Team statistics and team growth (figures without names, over the whole organisation): leads."""
    return can_manage_organisation(viewer, organisation)


def heat_map_supervisees(viewer, organisation: Organisation) -> QuerySet[Membership]:
    """Members here whom `viewer` supervises through a confirmed link here and who shared a
    submitted assessment with this organisation (either audience): what they shared is visible to
    `viewer` through `owned_or_shared`, and only that is shown for them."""
    if not authenticated(viewer):
        return Membership.objects.none()
    shared_assessments = Share.objects.filter(
        organisation=organisation,
        content_type__app_label="assessments",
        content_type__model="assessment",
    )
    return Membership.objects.filter(
        organisation=organisation,
        user__in=confirmed_supervision(viewer).filter(organisation=organisation).values("supervisee"),
    ).filter(user__in=shared_assessments.values("owner"))


def heat_map_people(viewer, organisation: Organisation) -> QuerySet[Membership]:
    """Whom `viewer` sees by name on the heat map of `organisation`.

    Leads: members who chose `named_to_leads`. Supervisors: their confirmed supervisees here who
    shared a submitted assessment with them (see `heat_map_supervisees`). Someone who is both sees
    both. Anyone else: nobody. Which assessment is shown for whom is `heat_map_named_owner_ids` and
    `heat_map_supervisee_owner_ids` (the scores read takes them separately).
    """
    if not authenticated(viewer):
        return Membership.objects.none()
    people = Q(pk__in=heat_map_supervisees(viewer, organisation).values("pk"))
    if can_manage_organisation(viewer, organisation):
        people |= Q(pk__in=members_named_to_leads(organisation).values("pk"))
    return Membership.objects.filter(people)


def heat_map_named_owner_ids(viewer, organisation: Organisation) -> QuerySet:
    """User ids whose *latest submitted assessment* `viewer` sees (as a lead, by their consent)."""
    if not can_manage_organisation(viewer, organisation):
        return Membership.objects.none().values("user_id")
    return members_named_to_leads(organisation).values("user_id")


def heat_map_supervisee_owner_ids(viewer, organisation: Organisation) -> QuerySet:
    """User ids for whom `viewer` sees only the latest assessment *shared with them*."""
    return heat_map_supervisees(viewer, organisation).values("user_id")
