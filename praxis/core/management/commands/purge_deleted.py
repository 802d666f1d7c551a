from django.core.management.base import BaseCommand

from praxis.core import trash


class Command(BaseCommand):
    help = "Remove for good what people deleted more than 30 days ago (run daily from cron)."

    def handle(self, *args, **options):
        count = trash.purge()
        self.stdout.write(f"Removed {count} deleted item{'' if count == 1 else 's'} older than 30 days.")
