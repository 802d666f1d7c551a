from django.apps import AppConfig


class JournalConfig(AppConfig):
    """The reflective journal and practice log: entries, tags, evidence, summaries."""

    name = "praxis.journal"
    label = "journal"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .search import ensure_sqlite_index

        post_migrate.connect(ensure_sqlite_index, sender=self)
