"""Links for pages that show many of them (a results page links each competency up to four times,
the supervisor's dashboard links every supervisee's assessments and plans): `{% url %}` resolves
the pattern anew on every use, a sizeable part of such a page's time, while the URLconf never
changes while the process runs.

    {{ competency.id|framework_url:"guide:competency" }}   a link per framework id (a fixed set)
    {{ assessment.pk|pk_url:"assessments:results" }}        a link per primary key
    {% url_once "journal:index" as href %}                  a link without arguments (every page's menu)

Each gives exactly what `{% url name argument %}` gives.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()

_PROBE = 918273645  # a key no URL pattern contains by itself


def _where() -> tuple[str, str]:
    # reverse() depends on the URLconf and the script prefix in use: both are part of every key
    return get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()


@lru_cache(maxsize=256)
def _plain(urlconf: str, prefix: str, name: str) -> str:
    return reverse(name, urlconf=urlconf)


@lru_cache(maxsize=2048)
def _reversed(urlconf: str, prefix: str, name: str, argument: str) -> str:
    return reverse(name, args=[argument], urlconf=urlconf)


@lru_cache(maxsize=256)
def _around_key(urlconf: str, prefix: str, name: str) -> tuple[str, str]:
    before, probe, after = reverse(name, args=[_PROBE], urlconf=urlconf).partition(str(_PROBE))
    if not probe or str(_PROBE) in after:
        raise ValueError(f"{name} does not take one whole-number key")
    return before, after


@register.filter
def framework_url(item_id: str, name: str) -> str:
    """The link to `name` for a framework item (competency, domain, principle): reversed once per
    process for each id, the ids being a fixed set."""
    return _reversed(*_where(), name, str(item_id))


@register.filter
def pk_url(pk, name: str) -> str:
    """The link to `name` for a primary key: the pattern reversed once per process, the key put in
    its place (a whole number, as the `int` converter would write it)."""
    before, after = _around_key(*_where(), name)
    return f"{before}{int(pk)}{after}"


@register.simple_tag
def url_once(name: str) -> str:
    """The link to `name`, which takes no arguments: reversed once per process."""
    return _plain(*_where(), name)
