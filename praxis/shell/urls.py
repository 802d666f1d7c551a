from django.urls import path

from . import views

app_name = "shell"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("accounts/data/", views.personal_data_download, name="personal_data"),
    path("accounts/delete/", views.account_delete, name="account_delete"),
]

# Joined to the assessments namespace in praxis/urls.py, so the address and the name
# ("assessments:results") stay as they were while the shell composes the page.
assessment_urlpatterns = [
    path("<int:pk>/results/", views.assessment_results, name="results"),
]
