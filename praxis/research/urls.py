from django.urls import path

from . import views

app_name = "research"
urlpatterns = [
    path("<slug:slug>/export/", views.export_page, name="export"),
]
