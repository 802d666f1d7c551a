from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("praxis.core.urls")),
    path("guide/", include("praxis.guide.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "praxis.core.views.not_found"
