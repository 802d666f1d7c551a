from django.urls import path

from . import views

app_name = "journal"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="choose_kind"),
    path("new/<str:kind>/", views.new, name="new"),
    path("suggestions/", views.suggestions, name="suggestions"),
    path("evidence/", views.evidence, name="portfolio"),
    path("evidence/<slug:competency_id>/", views.evidence, name="evidence"),
    path("summary/", views.summary, name="summary"),
    path("shared/", views.shared, name="shared"),
    path("export.csv", views.export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/sharing/", views.sharing, name="sharing"),
]
