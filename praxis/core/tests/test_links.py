"""The cached link filters (praxis/core/templatetags/links.py) give exactly what `{% url %}` gives,
whatever the key, the framework id or the script prefix the site is served under."""

import pytest
from django.template import Context, Template
from django.urls import clear_script_prefix, set_script_prefix


def _both(tag: str, fast: str, value) -> tuple[str, str]:
    context = Context({"v": value})
    return (
        Template("{% url " + tag + " v %}").render(context),
        Template("{% load links %}{{ v|" + fast + " }}").render(context),
    )


@pytest.mark.parametrize("pk", [1, 7, 42, 918273645, 10**12])
@pytest.mark.parametrize("name", ["assessments:results", "development:detail", "supervision:supervisee"])
def test_a_link_by_key_is_what_url_gives(name, pk):
    slow, fast = _both(f"'{name}'", f'pk_url:"{name}"', pk)
    assert fast == slow and str(pk) in fast


@pytest.mark.parametrize("item_id", ["facilitation", "co-learning", "brokering"])
def test_a_link_to_the_guide_is_what_url_gives(item_id):
    slow, fast = _both("'guide:competency'", 'framework_url:"guide:competency"', item_id)
    assert fast == slow and fast.endswith(f"/{item_id}/")


def test_links_follow_the_script_prefix_the_site_is_served_under():
    # each link read once without the prefix first, so a cache that ignored the prefix would show
    _both("'assessments:results'", 'pk_url:"assessments:results"', 5)
    _both("'guide:domain'", 'framework_url:"guide:domain"', "how")
    set_script_prefix("/praxis/")
    try:
        slow, fast = _both("'assessments:results'", 'pk_url:"assessments:results"', 5)
        slow_guide, fast_guide = _both("'guide:domain'", 'framework_url:"guide:domain"', "how")
    finally:
        clear_script_prefix()
    assert fast == slow and fast.startswith("/praxis/")
    assert fast_guide == slow_guide and fast_guide.startswith("/praxis/")
    unprefixed = _both("'assessments:results'", 'pk_url:"assessments:results"', 5)[1]
    assert unprefixed == slow.removeprefix("/praxis")


def test_a_key_that_is_not_a_whole_number_is_refused():
    with pytest.raises(ValueError):
        Template('{% load links %}{{ v|pk_url:"assessments:results" }}').render(Context({"v": "5/../admin"}))


@pytest.mark.parametrize("name", ["shell:dashboard", "journal:index", "guide:overview", "accounts:logout"])
def test_a_link_without_arguments_is_what_url_gives_with_or_without_a_script_prefix(name):
    def both() -> tuple[str, str]:
        return (
            Template("{% url '" + name + "' %}").render(Context()),
            Template("{% load links %}{% url_once '" + name + "' as href %}{{ href }}").render(Context()),
        )

    plain = both()
    set_script_prefix("/praxis/")
    try:
        prefixed = both()
    finally:
        clear_script_prefix()
    assert plain[0] == plain[1] and prefixed[0] == prefixed[1] == "/praxis" + plain[0]
