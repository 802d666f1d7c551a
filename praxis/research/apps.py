from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "praxis.research"
    label = "research"
    verbose_name = "Research exports"
