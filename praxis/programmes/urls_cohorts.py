"""Cohort URLs, included from praxis/urls.py under cohorts/ (namespace "cohorts")."""

from django.urls import path

import praxis.core.inputs  # noqa: F401  (registers the <id:...> converter)

from . import views_cohorts as views

app_name = "cohorts"
urlpatterns = [
    path("", views.index, name="index"),
    path("programme/<id:programme_id>/", views.programme_cohorts, name="programme"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/windows/<slug:phase>/", views.window, name="window"),
    path("<id:pk>/invite/", views.invite, name="invite"),
    path("<id:pk>/link/", views.join_link, name="join_link"),
    path("<id:pk>/report/", views.report, name="report"),
    path("<id:pk>/reliability/", views.reliability, name="reliability"),
    path("<id:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("join/<str:token>/", views.join, name="join"),
    path("<id:pk>/mine/", views.mine, name="mine"),
    path("<id:pk>/mine/choices/", views.consents, name="consents"),
    path("<id:pk>/mine/start/<slug:phase>/", views.start, name="start"),
    path("<id:pk>/mine/then/", views.then, name="then"),
]
