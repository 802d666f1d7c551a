from django.shortcuts import render

from .frameworks import current_framework


def home(request):
    framework = current_framework()
    return render(
        request,
        "core/home.html",
        {"definitions": {d.id: d for d in framework.definitions}},
    )


def not_found(request, exception=None):
    return render(request, "core/404.html", status=404)
