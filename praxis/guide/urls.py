from django.urls import path

from . import views

app_name = "guide"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("about/", views.about, name="about"),
    path("search/", views.search, name="search"),
    path("principles/", views.principles, name="principles"),
    path("principles/<slug:slug>/", views.principle, name="principle"),
    path("domains/<slug:slug>/", views.domain, name="domain"),
    path("competencies/<slug:slug>/", views.competency, name="competency"),
    path("dilemmas/", views.dilemmas, name="dilemmas"),
    path("reflective-questions/", views.questions, name="questions"),
    path("resources/", views.resources, name="resources"),
]
