from django.shortcuts import render

from praxis.core.frameworks import current_framework
from praxis.framework.search import MAX_QUERY_LENGTH, query_terms

from . import selectors


def overview(request):
    return render(request, "guide/overview.html")


def about(request):
    return render(request, "guide/about.html")


def principles(request):
    return render(request, "guide/principles.html")


def principle(request, slug):
    item = selectors.get_principle(slug)
    related = current_framework().competencies_for_principle(item.id)
    return render(request, "guide/principle.html", {"principle": item, "related": related})


def domain(request, slug):
    return render(request, "guide/domain.html", {"domain": selectors.get_domain(slug)})


def competency(request, slug):
    item = selectors.get_competency(slug)
    framework = current_framework()
    previous, following = selectors.neighbours(item)
    return render(
        request,
        "guide/competency.html",
        {
            "competency": item,
            "domain": framework.domain_of(item),
            "principles": [framework.principle(p) for p in item.principles],
            "previous": previous,
            "next": following,
            "reflective_questions": [q for q in framework.reflective_questions if q.number in (3, 6, 7)],
        },
    )


def dilemmas(request):
    return render(request, "guide/dilemmas.html")


def questions(request):
    return render(request, "guide/questions.html")


def resources(request):
    framework = current_framework()
    groups = [(c, framework.resources_in(c.id)) for c in framework.resource_categories]
    return render(request, "guide/resources.html", {"groups": [g for g in groups if g[1]]})


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    searchable = bool(query_terms(query))
    results = selectors.search(query) if searchable else []
    return render(
        request,
        "guide/search.html",
        {"query": query, "searchable": searchable, "results": results},
    )
