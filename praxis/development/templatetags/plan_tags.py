import functools

from django import template
from django.utils.html import format_html_join

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


class _Blank(dict):
    """Any key: empty. `f.data.title` or `f.errors.title` of a form not shown again resolve at once
    (no failed lookup, which costs Django's template engine an exception and a dir())."""

    def __missing__(self, key):
        return ""


class _Unbound:
    """What `bound_form` gives for a form that is not being shown again: false in `{% if f %}`,
    with empty data and errors."""

    data = errors = _Blank()
    saved = None

    def __bool__(self) -> bool:
        return False


UNBOUND = _Unbound()


@register.simple_tag
def bound_form(bound, kind, target=None):
    """The form the plan page shows again as typed, if it is this one (kind of form, and the focus,
    step or check-in it belongs to); otherwise UNBOUND, so the field shows the saved value."""
    if bound and bound["kind"] == kind and bound["target"] == target:
        return bound["form"]
    return UNBOUND


@register.simple_tag
def choice_options(choices, selected=None):
    """<option>s for (value, label) pairs, `selected` chosen: one call instead of a template loop
    per option (a plan page has a select per step and per focus), the same list made once."""
    return _options(tuple(choices), selected if isinstance(selected, str | int) else None)


@functools.lru_cache(maxsize=512)
def _options(choices: tuple, selected) -> str:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == selected else "", label) for value, label in choices),
    )
