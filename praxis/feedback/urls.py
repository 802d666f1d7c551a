from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.round_page, name="round"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/report/pdf/", views.report_pdf, name="report_pdf"),
    path("<int:pk>/sharing/", views.sharing, name="sharing"),
    path("<int:pk>/add-focus/", views.add_focus, name="add_focus"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("r/<str:token>/", views.rater, name="rater"),
    path("r/<str:token>/autosave/", views.rater_autosave, name="rater_autosave"),
]
