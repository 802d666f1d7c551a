from django.urls import path

from . import views

# The results page ("assessments:results", <pk>/results/) is composed by the site shell, which
# sets scores beside evidence, feedback and plans: see praxis/shell/urls.py and praxis/urls.py.

app_name = "assessments"
urlpatterns = [
    path("new/", views.new, name="new"),
    path("history/<str:kind>/", views.history, name="history"),
    path("history/<str:kind>/export/", views.history_export, name="history_export"),
    path("shared/<slug:slug>/", views.shared, name="shared"),
    path("<int:pk>/", views.resume, name="resume"),
    path("<int:pk>/page/<int:number>/", views.page, name="page"),
    path("<int:pk>/autosave/", views.autosave, name="autosave"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/discard/", views.discard, name="discard"),
    path("<int:pk>/sharing/", views.sharing, name="sharing"),
]
