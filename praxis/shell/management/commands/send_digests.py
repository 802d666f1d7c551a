"""`praxis send_digests`: this week's e-mail digest to everyone who switched it on. For cron, for
example every Monday at 07:00; safe to run more often, as each person gets one a week at most."""

from django.core.management.base import BaseCommand, CommandError

from praxis.core.inputs import iso_date

from ...digest import digests_send


class Command(BaseCommand):
    help = "Send the weekly digest to everyone who switched it on (once a week at most; nothing when quiet)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Send as if today were this date (YYYY-MM-DD), for testing.")

    def handle(self, *args, today=None, **options):
        day = None
        if today:
            day = iso_date(today)
            if day is None:
                raise CommandError(f"--today must be a date like 2026-11-30, not {today!r}.")
        self.stdout.write(str(digests_send(day)))
