from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The site shell: home page, error pages, the framework in use, operational commands."""

    name = "praxis.core"
    label = "core"
