"""``praxis restore FILE``: replace the whole database with a backup made by ``praxis backup``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from praxis.core import backups


class Command(BaseCommand):
    help = (
        "Replace every row of the database with those in FILE, a backup made by `praxis backup` "
        "on the same kind of database. Stop the site first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="A backup made by `praxis backup`.")
        parser.add_argument(
            "--no-input", "--noinput", action="store_false", dest="interactive", help="Do not ask to confirm."
        )
        parser.add_argument("--database", default="default", help="Which database (default: default).")

    def handle(self, *args, file, interactive, database, **options):
        path = Path(file).expanduser()
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        target = backups.describe(database)
        if interactive:
            answer = input(
                f"This replaces everything in {target} with the backup in {path}.\n"
                "Stop the site first. Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            backups.restore(path, database)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {target} from {path}. If the backup came from an older version of Praxis, "
            "run `praxis migrate` before starting the site."
        )
