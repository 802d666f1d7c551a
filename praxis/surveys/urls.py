from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("score/", views.score, name="score"),
    path("score/mapping.csv", views.mapping_template, name="mapping_template"),
    path("reliability/<slug:slug>/", views.reliability, name="reliability"),
]
