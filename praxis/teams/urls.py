from django.urls import path

from . import views

app_name = "teams"
urlpatterns = [
    path("organisations/<slug:slug>/teams/", views.index, name="index"),
    path("organisations/<slug:slug>/teams/new/", views.create, name="create"),
    path("organisations/<slug:slug>/teams/<int:team_id>/", views.team, name="team"),
    path("organisations/<slug:slug>/teams/<int:team_id>/delete/", views.team_delete, name="team_delete"),
    path("organisations/<slug:slug>/teams/<int:team_id>/place/", views.team_place, name="team_place"),
    path("organisations/<slug:slug>/teams/<int:team_id>/remove/", views.team_unplace, name="team_unplace"),
    path("organisations/<slug:slug>/my-team-choices/", views.consent, name="consent"),
    path("organisations/<slug:slug>/heat-map/", views.heat_map, name="heat_map"),
    path("organisations/<slug:slug>/heat-map/export/", views.heat_map_export, name="heat_map_export"),
    path("organisations/<slug:slug>/heat-map.svg", views.heat_map_svg, name="heat_map_svg"),
    path(
        "organisations/<slug:slug>/heat-map/<str:competency_id>/",
        views.heat_map_competency,
        name="heat_map_competency",
    ),
    path("organisations/<slug:slug>/team-statistics/", views.team_statistics, name="statistics"),
    path("organisations/<slug:slug>/team-report.pdf", views.report_pdf, name="report_pdf"),
    path("organisations/<slug:slug>/team-growth/", views.team_growth, name="growth"),
]
