"""URLs of the gaps, learning-match and offer pages; included from praxis/urls.py."""

from django.urls import path

import praxis.core.inputs  # noqa: F401  (registers the <id:...> converter)

from . import views_people as views

app_name = "teams_people"
urlpatterns = [
    path("organisations/<slug:slug>/gaps/", views.gaps_page, name="gaps"),
    path("organisations/<slug:slug>/learning/", views.learning, name="learning"),
    path("organisations/<slug:slug>/learning/wishes/", views.wish_add, name="wish_add"),
    path("organisations/<slug:slug>/learning/wishes/remove/", views.wish_remove, name="wish_remove"),
    path("organisations/<slug:slug>/matches/", views.matches_page, name="matches"),
    path("organisations/<slug:slug>/matches/introduce/", views.introduce, name="introduce"),
    path("organisations/<slug:slug>/offer/", views.offers, name="offers"),
    path("organisations/<slug:slug>/offer/start/", views.offer_start, name="offer_start"),
    path("organisations/<slug:slug>/offer/<id:pk>/", views.offer_edit, name="offer_edit"),
    path("organisations/<slug:slug>/offer/<id:pk>/redraft/", views.offer_redraft, name="offer_redraft"),
    path(
        "organisations/<slug:slug>/offer/<id:pk>/versions/<id:number>/",
        views.offer_version,
        name="offer_version",
    ),
    path(
        "organisations/<slug:slug>/offer/<id:pk>/versions/<id:number>/restore/",
        views.offer_restore,
        name="offer_restore",
    ),
    path(
        "organisations/<slug:slug>/offer/<id:pk>/versions/<id:number>/pdf/",
        views.offer_version_pdf,
        name="offer_version_pdf",
    ),
    path("organisations/<slug:slug>/offer/<id:pk>/publish/", views.offer_publish, name="offer_publish"),
    path("organisations/<slug:slug>/offer/<id:pk>/unpublish/", views.offer_unpublish, name="offer_unpublish"),
    path("offer/<slug:slug>/", views.offer_public, name="offer_public"),
    path("offer/<slug:slug>/pdf/", views.offer_public_pdf, name="offer_public_pdf"),
]
