from django.urls import path

import praxis.core.inputs  # noqa: F401  (registers the <id:...> converter)

from . import recently_deleted, views

app_name = "shell"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("accounts/data/", views.personal_data_download, name="personal_data"),
    path("accounts/delete/", views.account_delete, name="account_delete"),
    path("dashboard/focuses/<id:pk>/log/", views.focus_log, name="focus_log"),
    path("accounts/digest/", views.digest_preference, name="digest"),
    path("digest/unsubscribe/<str:token>/", views.digest_unsubscribe, name="digest_unsubscribe"),
    path("deleted/", recently_deleted.index, name="deleted"),
    path("deleted/<id:pk>/restore/", recently_deleted.restore, name="deleted_restore"),
]

# Joined to the assessments namespace in praxis/urls.py, so the address and the name
# ("assessments:results") stay as they were while the shell composes the page.
assessment_urlpatterns = [
    path("<int:pk>/results/", views.assessment_results, name="results"),
    path("<int:pk>/results/pdf/", views.assessment_results_pdf, name="results_pdf"),
]
