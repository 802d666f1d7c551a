"""Every page of the framework guide renders what it promises, for anyone, without queries."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from praxis.framework import bundled_framework

FRAMEWORK = bundled_framework()


def h1s(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)]


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


STATIC_PAGES = [
    reverse("shell:home"),
    reverse("guide:overview"),
    reverse("guide:about"),
    reverse("guide:principles"),
    reverse("guide:dilemmas"),
    reverse("guide:questions"),
    reverse("guide:resources"),
    reverse("guide:search"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", STATIC_PAGES)
def test_page_has_one_h1_landmarks_and_no_queries(client, url, django_assert_num_queries):
    with django_assert_num_queries(0):
        html = get(client, url)
    assert len(h1s(html)) == 1
    assert '<main id="main"' in html and "<header" in html and "<footer" in html
    assert 'href="#main"' in html  # skip link


@pytest.mark.parametrize("competency", FRAMEWORK.competencies, ids=lambda c: c.id)
def test_competency_page_shows_everything_about_it(client, competency):
    html = get(client, reverse("guide:competency", args=[competency.id]))
    assert h1s(html) == [competency.name]
    for statement in competency.overview:
        assert escape(statement) in html
    for activity in competency.all_key_activities():
        assert f'id="{activity.id}"' in html
        assert escape(activity.text) in html
    for sublist in competency.sublists:
        assert f'id="{sublist.id}"' in html
    assert "Helpful hint" in html
    for principle_id in competency.principles:
        assert reverse("guide:principle", args=[principle_id]) in html
    assert competency.source in html


@pytest.mark.parametrize("principle", FRAMEWORK.principles, ids=lambda p: p.id)
def test_principle_page(client, principle):
    html = get(client, reverse("guide:principle", args=[principle.id]))
    assert h1s(html) == [principle.name]
    for competency in FRAMEWORK.competencies_for_principle(principle.id):
        assert reverse("guide:competency", args=[competency.id]) in html


@pytest.mark.parametrize("domain", FRAMEWORK.domains, ids=lambda d: d.id)
def test_domain_page_lists_its_competencies(client, domain):
    html = get(client, reverse("guide:domain", args=[domain.id]))
    assert h1s(html) == [domain.name]
    for competency in domain.competencies:
        assert reverse("guide:competency", args=[competency.id]) in html


def test_map_links_every_principle_and_competency(client):
    html = get(client, reverse("guide:overview"))
    for principle in FRAMEWORK.principles:
        assert reverse("guide:principle", args=[principle.id]) in html
    for competency in FRAMEWORK.competencies:
        assert reverse("guide:competency", args=[competency.id]) in html


def test_dilemmas_questions_and_resources_are_all_listed(client):
    dilemmas = get(client, reverse("guide:dilemmas"))
    assert all(f'id="{d.id}"' in dilemmas for d in FRAMEWORK.dilemmas)
    questions = get(client, reverse("guide:questions"))
    assert all(f'id="{q.id}"' in questions for q in FRAMEWORK.reflective_questions)
    assert all(f'id="{s.id}"' in questions for s in FRAMEWORK.reflective_questions[6].sub_questions)
    resources = get(client, reverse("guide:resources"))
    assert all(f'href="{r.url}"' in resources for r in FRAMEWORK.resources)


@pytest.mark.parametrize(
    "url",
    ["/guide/competencies/not-a-competency/", "/guide/principles/be-loud/", "/guide/domains/x/", "/nowhere/"],
)
def test_unknown_slugs_get_the_sites_404_page(client, url):
    html = get(client, url, status=404)
    assert "We can’t find that page" in html
    assert 'class="site-header"' in html


def test_a_principle_slug_is_not_a_competency(client):
    get(client, reverse("guide:competency", args=["be-curious"]), status=404)


def test_search_highlights_matches_and_links_to_the_item(client):
    html = get(client, reverse("guide:search") + "?q=go-between")
    assert "<mark>" in html
    assert reverse("guide:competency", args=["brokering"]) + "#brokering.act-as-bridge" in html


@pytest.mark.parametrize("query", ["", "   ", "?!%", "x" * 5000])
def test_search_handles_empty_and_odd_queries(client, query):
    html = (
        get(client, reverse("guide:search"), status=200)
        if not query
        else get(client, reverse("guide:search") + "?q=" + query)
    )
    assert len(h1s(html)) == 1


def test_search_explains_a_query_without_words(client):
    html = get(client, reverse("guide:search") + "?q=%3F%21")
    assert "has no words to search for" in html


def test_search_says_when_nothing_matches(client):
    html = get(client, reverse("guide:search") + "?q=zzyzx")
    assert "Nothing in the framework matches" in html


def test_search_escapes_what_was_typed(client):
    html = get(client, reverse("guide:search") + "?q=<script>alert(1)</script>")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
