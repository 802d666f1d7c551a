"""Reads for the guide pages: the framework in use, shaped for templates."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse

from praxis.core.frameworks import current_framework
from praxis.framework.model import Competency, Domain, Principle
from praxis.framework.search import Hit
from praxis.framework.search import search as search_framework


def _get(lookup, slug: str):
    try:
        return lookup(slug)
    except KeyError:
        raise Http404("No such item in the framework") from None


def get_competency(slug: str) -> Competency:
    return _get(current_framework().competency, slug)


def get_principle(slug: str) -> Principle:
    return _get(current_framework().principle, slug)


def get_domain(slug: str) -> Domain:
    return _get(current_framework().domain, slug)


def neighbours(competency: Competency) -> tuple[Competency | None, Competency | None]:
    """The competencies before and after this one in guide order."""
    ordered = current_framework().competencies
    index = ordered.index(competency)
    previous = ordered[index - 1] if index > 0 else None
    following = ordered[index + 1] if index + 1 < len(ordered) else None
    return previous, following


KIND_LABELS = {
    "definition": "Definition",
    "context": "Context",
    "principle": "Principle",
    "domain": "Domain",
    "competency": "Competency",
    "overview": "Competency overview",
    "key-activity": "Key activity",
    "hint": "Helpful hint",
    "sublist-item": "Competency detail",
    "prompt": "Reflective prompt",
    "dilemma": "Dilemma",
    "question": "Reflective question",
    "resource": "Resource",
}


@dataclass(frozen=True)
class SearchResult:
    hit: Hit
    kind_label: str
    url: str


def _url_for(hit: Hit) -> str:
    doc = hit.document
    if doc.kind in ("principle",):
        return reverse("guide:principle", args=[doc.owner_id])
    if doc.kind == "domain":
        return reverse("guide:domain", args=[doc.owner_id])
    if doc.kind in ("competency", "overview", "hint", "prompt"):
        anchor = {"overview": "#overview", "hint": "#hint", "prompt": "#reflect"}.get(doc.kind, "")
        return reverse("guide:competency", args=[doc.owner_id]) + anchor
    if doc.kind in ("key-activity", "sublist-item"):
        return reverse("guide:competency", args=[doc.owner_id]) + f"#{doc.item_id}"
    section = {
        "about": "guide:about",
        "dilemmas": "guide:dilemmas",
        "questions": "guide:questions",
        "resources": "guide:resources",
    }[doc.owner_id]
    return reverse(section) + f"#{doc.item_id}"


def search(query: str) -> list[SearchResult]:
    return [
        SearchResult(hit=hit, kind_label=KIND_LABELS[hit.document.kind], url=_url_for(hit))
        for hit in search_framework(current_framework(), query)
    ]
