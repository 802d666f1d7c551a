from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    """Development plans (reflective question 7): focuses, resources, people, next steps, check-ins."""

    name = "praxis.development"
    label = "development"
