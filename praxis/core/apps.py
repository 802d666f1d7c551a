from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The kernel every app builds on: the framework in use and its version model, typed input,
    text limits and the one error base. It imports no other Praxis app."""

    name = "praxis.core"
    label = "core"

    def ready(self):
        from . import deploy  # noqa: F401  registers the `check --deploy` refusals
