from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("people/<id:pk>/", views.conversation, name="supervisee"),
    path("people/<id:pk>/pdf/", views.supervisee_pdf, name="supervisee_pdf"),
    path("people/<id:pk>/notes/", views.note_add, name="note_add"),
    path("people/<id:pk>/actions/", views.action_propose, name="action_propose"),
    path("people/<id:pk>/seen/", views.mark_seen, name="mark_seen"),
    path("actions/<id:pk>/accept/", views.action_accept, name="action_accept"),
    path("actions/<id:pk>/decline/", views.action_decline, name="action_decline"),
]
