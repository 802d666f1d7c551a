from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import forms, views

app_name = "accounts"
urlpatterns = [
    path("accounts/signup/", views.sign_up, name="signup"),
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/password/", views.ChangePasswordView.as_view(), name="password_change"),
    path("accounts/verify/", views.email_verification, name="email_verification"),
    path("accounts/verify/<str:token>/", views.email_verify, name="email_verify"),
    path("accounts/password-reset/", views.ResetPasswordView.as_view(), name="password_reset"),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            form_class=forms.NewPassword,
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("organisations/new/", views.organisation_new, name="organisation_new"),
    path("organisations/<slug:slug>/", views.organisation, name="organisation"),
    path("organisations/<slug:slug>/invite/", views.organisation_invite, name="organisation_invite"),
    path(
        "organisations/<slug:slug>/members/<int:membership_id>/role/",
        views.organisation_role,
        name="organisation_role",
    ),
    path(
        "organisations/<slug:slug>/members/<int:membership_id>/remove/",
        views.organisation_remove,
        name="organisation_remove",
    ),
    path(
        "organisations/<slug:slug>/supervision/",
        views.organisation_supervision,
        name="organisation_supervision",
    ),
    path("organisations/<slug:slug>/people/", views.organisation_people, name="organisation_people"),
    path("organisations/<slug:slug>/leave/", views.organisation_leave, name="organisation_leave"),
    path("organisations/<slug:slug>/privacy/", views.organisation_privacy, name="organisation_privacy"),
    path(
        "organisations/<slug:slug>/peer-mentor/",
        views.organisation_peer_mentor,
        name="organisation_peer_mentor",
    ),
    path(
        "organisations/<slug:slug>/research-consent/",
        views.organisation_research_consent,
        name="organisation_research_consent",
    ),
    path("supervision/<int:pk>/confirm/", views.supervision_confirm, name="supervision_confirm"),
    path("supervision/<int:pk>/decline/", views.supervision_decline, name="supervision_decline"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
