from django import template

from praxis.core.trash import UNDO_TAG

register = template.Library()


@register.filter
def undo_id(message) -> str:
    """The deleted item a message offers to undo (see praxis.core.trash.announce), or ''."""
    for tag in (getattr(message, "extra_tags", "") or "").split():
        if tag.startswith(UNDO_TAG) and tag[len(UNDO_TAG) :].isdigit():
            return tag[len(UNDO_TAG) :]
    return ""
