"""The product's URLs plus /bench/trivial/, a view that only loads the signed-in user: the yardstick
bench/pages.py divides every page's time by. Used only by the benchmarks, never by the product."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from praxis.urls import handler403, handler404
from praxis.urls import urlpatterns as product_urlpatterns

__all__ = ["handler403", "handler404", "urlpatterns"]


@login_required
def trivial(request):
    return HttpResponse(request.user.full_name, content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial, name="bench-trivial"), *product_urlpatterns]
