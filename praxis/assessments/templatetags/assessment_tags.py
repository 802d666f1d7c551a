from django import template

register = template.Library()


@register.filter
def signed(change):
    """+0.5, −1.0, or an em dash when there is nothing to compare."""
    if change is None:
        return "—"
    if abs(change) < 0.05:
        return "no change"
    return f"{'+' if change > 0 else '−'}{abs(change):.1f}"


@register.filter
def trend(change):
    if change is None or abs(change) < 0.05:
        return ""
    return "up" if change > 0 else "down"


@register.simple_tag
def level_name(scale, score):
    """The scale label nearest to a score, e.g. 3.6 → "Proficient"."""
    if score is None:
        return ""
    return min(scale.levels, key=lambda level: (abs(level.value - score), -level.value)).label
