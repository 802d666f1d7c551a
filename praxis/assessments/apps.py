from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    """Self-assessment: answering, principles reflection, results, history and sharing."""

    name = "praxis.assessments"
    label = "assessments"
