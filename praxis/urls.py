from django.contrib import admin
from django.urls import include, path

from praxis.assessments import urls as assessments_urls
from praxis.shell import urls as shell_urls

urlpatterns = [
    path("", include("praxis.shell.urls")),
    path("", include("praxis.accounts.urls")),
    path("guide/", include("praxis.guide.urls")),
    path(
        "assessments/",
        include(
            (assessments_urls.urlpatterns + shell_urls.assessment_urlpatterns, assessments_urls.app_name)
        ),
    ),
    path("plans/", include("praxis.development.urls")),
    path("journal/", include("praxis.journal.urls")),
    path("feedback/", include("praxis.feedback.urls")),
    path("supervision/", include("praxis.supervision.urls")),
    path("", include("praxis.teams.urls_people")),
    path("programmes/", include("praxis.programmes.urls")),
    path("surveys/", include("praxis.surveys.urls")),
    path("jobs/", include("praxis.core.job_urls")),
    path("research/", include("praxis.research.urls")),
    path("", include("praxis.teams.urls")),
    path("cohorts/", include("praxis.programmes.urls_cohorts")),
    path("admin/", admin.site.urls),
]

handler403 = "praxis.shell.views.forbidden"
handler404 = "praxis.shell.views.not_found"
