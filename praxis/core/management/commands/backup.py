"""``praxis backup FILE``: a consistent copy of the whole database, taken while the site runs."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from praxis.core import backups


class Command(BaseCommand):
    help = (
        "Write a backup of the whole database to FILE: SQLite's online backup (a database file) or "
        "pg_dump's custom format on PostgreSQL. Safe while the site is running."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="Where to write the backup.")
        parser.add_argument("--force", action="store_true", help="Replace FILE if it already exists.")
        parser.add_argument("--database", default="default", help="Which database (default: default).")

    def handle(self, *args, file, force, database, **options):
        path = Path(file).expanduser()
        if path.exists() and not force:
            raise CommandError(f"{path} already exists. Choose another name, or add --force to replace it.")
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent} is not a folder. Create it first.")
        try:
            backups.backup(path, database)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        size = path.stat().st_size
        self.stdout.write(f"Backed up {backups.describe(database)} to {path} ({size:,} bytes).")
