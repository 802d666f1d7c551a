from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/edit/", views.update, name="update"),
    path("<id:pk>/modules/", views.module_add, name="module_add"),
    path("<id:pk>/modules/<id:module_pk>/", views.module, name="module"),
    path("<id:pk>/modules/<id:module_pk>/edit/", views.module_update, name="module_update"),
    path("<id:pk>/modules/<id:module_pk>/mapping/", views.module_mapping, name="module_mapping"),
    path("<id:pk>/modules/<id:module_pk>/delete/", views.module_delete, name="module_delete"),
    path("<id:pk>/staff/", views.staff_add, name="staff_add"),
    path("<id:pk>/staff/<id:staff_pk>/remove/", views.staff_remove, name="staff_remove"),
    path("<id:pk>/coverage/", views.coverage, name="coverage"),
    path("<id:pk>/coverage/pdf/", views.coverage_pdf, name="coverage_pdf"),
    path("<id:pk>/mapping/export/", views.mapping_export, name="mapping_export"),
    path("<id:pk>/mapping/template/", views.mapping_template, name="mapping_template"),
    path("<id:pk>/mapping/import/", views.mapping_import, name="mapping_import"),
    path("<id:pk>/mapping/clear/", views.mapping_clear, name="mapping_clear"),
]
