import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import mark_safe

from praxis.core.frameworks import current_framework

register = template.Library()

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "a",
    "hr",
}


@register.filter
def markdown(text: str) -> str:
    """Markdown rendered to HTML and sanitised: no scripts, styles, images or raw attributes."""
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, link_rel="noopener nofollow")
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


@register.filter
def minutes_as_hours(minutes) -> str:
    if not minutes:
        return "—"
    hours, rest = divmod(int(minutes), 60)
    return f"{hours} h {rest} min" if hours and rest else (f"{hours} h" if hours else f"{rest} min")


@register.filter
def hours_text(hours) -> str:
    """Learning hours as a person writes them: "1 h", "2.5 h"."""
    if hours is None:
        return "—"
    return f"{hours.normalize() if hasattr(hours, 'normalize') else hours:f} h".replace(".0 h", " h")


@register.filter
def tag_label(item_id: str) -> str:

    try:
        item = current_framework().get(item_id)
    except KeyError:
        return item_id
    return getattr(item, "name", None) or getattr(item, "text", item_id)


@register.filter
def dilemma_title(dilemma_id: str) -> str:

    try:
        return current_framework().dilemma(dilemma_id).title
    except KeyError:
        return dilemma_id
