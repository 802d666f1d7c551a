from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """`mapping[key]` in a template, or None when either is missing (Django's own lookup cannot
    take a variable key)."""
    return mapping.get(key) if mapping else None
