from django.urls import path

from . import job_views

app_name = "jobs"
urlpatterns = [
    path("<int:pk>/", job_views.job, name="job"),
    path("<int:pk>/download/", job_views.download, name="download"),
]
