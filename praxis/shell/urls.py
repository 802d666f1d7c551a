from django.urls import path

import praxis.core.inputs  # noqa: F401  (registers the <id:...> converter)

from . import recently_deleted, views

app_name = "shell"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("accounts/data/", views.personal_data_download, name="personal_data"),
    path("accounts/delete/", views.account_delete, name="account_delete"),
    path("deleted/", recently_deleted.index, name="deleted"),
    path("deleted/<id:pk>/restore/", recently_deleted.restore, name="deleted_restore"),
]
