from django.urls import path

import praxis.core.inputs  # noqa: F401  (registers the <id:...> converter)

from . import views

app_name = "development"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("evidence/", views.link_evidence, name="link_evidence"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/pdf/", views.plan_pdf, name="pdf"),
    path("<id:pk>/check-in/", views.check_in, name="check_in"),
    path("<id:pk>/comments/", views.comment, name="comment"),
    path("<id:pk>/comments/read/", views.comments_read, name="comments_read"),
    # one URL, one view and one form per change
    path("<id:pk>/update/", views.plan_update, name="plan_update"),
    path("<id:pk>/activate/", views.activate, name="activate"),
    path("<id:pk>/complete/", views.complete, name="complete"),
    path("<id:pk>/sharing/", views.sharing, name="sharing"),
    path("<id:pk>/focuses/add/", views.focus_add, name="focus_add"),
    path("<id:pk>/focuses/add-from-assessment/", views.focuses_add_from, name="focuses_add_from"),
    path("<id:pk>/focuses/<id:focus>/update/", views.focus_update, name="focus_update"),
    path("<id:pk>/focuses/<id:focus>/remove/", views.focus_remove, name="focus_remove"),
    path("<id:pk>/focuses/<id:focus>/resources/add/", views.resource_add, name="resource_add"),
    path(
        "<id:pk>/focuses/<id:focus>/resources/<id:item>/remove/",
        views.resource_remove,
        name="resource_remove",
    ),
    path("<id:pk>/focuses/<id:focus>/people/add/", views.person_add, name="person_add"),
    path("<id:pk>/focuses/<id:focus>/mentors/add/", views.mentor_add, name="mentor_add"),
    path("<id:pk>/focuses/<id:focus>/people/<id:item>/remove/", views.person_remove, name="person_remove"),
    path("<id:pk>/focuses/<id:focus>/steps/add/", views.step_add, name="step_add"),
    path("<id:pk>/steps/<id:step>/status/", views.step_status, name="step_status"),
    path("<id:pk>/steps/<id:step>/remove/", views.step_remove, name="step_remove"),
]
