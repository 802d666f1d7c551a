from django import template

from praxis.core.frameworks import current_framework

from ..selectors import focuses_for_evidence

register = template.Library()


@register.filter
def competency_name(competency_id: str) -> str:
    try:
        return current_framework().competency(competency_id).name
    except KeyError:
        return competency_id


@register.inclusion_tag("development/_link_evidence.html", takes_context=True)
def evidence_form(context, entry):
    """On a journal entry's page, its owner's plan focuses to link it to as evidence. The journal
    knows nothing of plans: its template asks this app, so neither app imports the other's code."""
    return {
        "entry": entry,
        "focuses": focuses_for_evidence(context["request"].user),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def bound_form(bound, kind, target=None):
    """The form the plan page shows again as typed, if it is this one (kind of form, and the focus,
    step or check-in it belongs to); None otherwise, so the field shows the saved value."""
    if bound and bound["kind"] == kind and bound["target"] == target:
        return bound["form"]
    return None
