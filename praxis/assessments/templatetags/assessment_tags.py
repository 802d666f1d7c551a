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


@register.simple_tag
def rating_text(scale, score):
    """A competency's score as words a person can read: one rated item is a level the person chose,
    so its name ("Proficient"); several give an average, shown to one decimal with the nearest
    level's name ("3.4, nearest Proficient")."""
    if score is None or score.score is None:
        return ""
    name = level_name(scale, score.score)
    if score.rated == 1:
        return name
    return f"{score.score:.1f}, nearest {name}"
