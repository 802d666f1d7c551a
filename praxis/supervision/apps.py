from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    """The supervision conversation: one page per supervisee for their supervisor, composed from
    what the practitioner shared (results, plan, journal), with notes and agreed actions."""

    name = "praxis.supervision"
    label = "supervision"
