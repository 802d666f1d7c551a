from django.apps import AppConfig


class GuideConfig(AppConfig):
    """The framework in the browser: map, competency and principle pages, search."""

    name = "praxis.guide"
    label = "guide"
