from django.apps import AppConfig


class JournalConfig(AppConfig):
    """The reflective journal and practice log: entries, tags, evidence, summaries."""

    name = "praxis.journal"
    label = "journal"
