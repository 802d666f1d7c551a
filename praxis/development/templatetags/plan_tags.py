from django import template

from praxis.core.frameworks import current_framework

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def competency_name(competency_id: str) -> str:
    try:
        return current_framework().competency(competency_id).name
    except KeyError:
        return competency_id
