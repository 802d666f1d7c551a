from django.core.management.base import BaseCommand

from praxis.core import jobs


class Command(BaseCommand):
    help = "Delete the results of jobs older than 7 days, and the jobs (run daily from cron)."

    def handle(self, *args, **options):
        count = jobs.purge()
        self.stdout.write(f"Removed {count} expired job{'' if count == 1 else 's'} and their files.")
