from django.apps import AppConfig


class ShellConfig(AppConfig):
    """The site shell: home page, dashboard, error pages and demo data. It may import every app;
    no app imports it."""

    name = "praxis.shell"
    label = "shell"
