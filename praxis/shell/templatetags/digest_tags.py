from django import template

from ..digest import is_weekly

register = template.Library()


@register.inclusion_tag("shell/_digest_preference.html", takes_context=True)
def digest_preference(context):
    """On the profile page (an accounts template): the weekly digest switch, which the shell keeps."""
    user = context["request"].user
    return {"user": user, "weekly": is_weekly(user), "csrf_token": context.get("csrf_token")}
