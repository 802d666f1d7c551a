from django.urls import path

from . import views

app_name = "shell"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("accounts/data/", views.personal_data_download, name="personal_data"),
    path("accounts/delete/", views.account_delete, name="account_delete"),
]
