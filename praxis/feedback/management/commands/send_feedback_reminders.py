"""``praxis send_feedback_reminders``: remind raters who have not answered, once. Safe to run from cron."""

from django.core.management.base import BaseCommand

from praxis.feedback.services import send_reminders


class Command(BaseCommand):
    help = "E-mail raters who have not responded, once, a few days before their round closes."

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"Sent {sent} reminder{'s' if sent != 1 else ''}.")
