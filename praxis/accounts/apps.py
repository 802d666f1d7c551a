from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """People, organisations, memberships, invitations, supervision, and the access policy."""

    name = "praxis.accounts"
    label = "accounts"
