"""Links into the guide for pages that show many of them (a results page links each competency up
to four times): `{% url %}` resolves the pattern anew on every use, a sizeable part of such a page's
time, while the guide's addresses never change while the process runs."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@lru_cache(maxsize=1024)
def _guide_url(urlconf: str, prefix: str, name: str, slug: str) -> str:
    # `prefix` is part of the key because reverse() prepends the current script prefix
    return reverse(f"guide:{name}", args=[slug], urlconf=urlconf)


def _cached(name: str, slug: str) -> str:
    return _guide_url(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), name, slug)


@register.filter
def guide_competency_url(competency_id: str) -> str:
    """What `{% url 'guide:competency' competency_id %}` gives, looked up once per process."""
    return _cached("competency", competency_id)


@register.filter
def guide_domain_url(domain_id: str) -> str:
    return _cached("domain", domain_id)


@register.filter
def guide_principle_url(principle_id: str) -> str:
    return _cached("principle", principle_id)
