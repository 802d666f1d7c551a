from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    """Education programmes: modules mapped to the competencies, cohorts with pre and post
    assessments, and the cohort report."""

    name = "praxis.programmes"
    label = "programmes"
