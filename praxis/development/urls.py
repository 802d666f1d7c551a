from django.urls import path

from . import views

app_name = "development"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("evidence/", views.link_evidence, name="link_evidence"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/check-in/", views.check_in, name="check_in"),
    path("<int:pk>/comments/", views.comment, name="comment"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
