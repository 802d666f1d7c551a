from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    """Multi-rater feedback: rounds, private rater links, anonymity-safe reports."""

    name = "praxis.feedback"
    label = "feedback"
