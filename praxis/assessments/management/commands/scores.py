"""``praxis scores rebuild``: write the stored scores of submitted assessments again from answers."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from praxis.assessments.models import Assessment
from praxis.assessments.services import assessment_results_rebuild


class Command(BaseCommand):
    help = "Rebuild the stored competency scores of submitted assessments from their answers."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{rebuild}")
        rebuild = sub.add_parser(
            "rebuild", help="Score every submitted assessment again and store the scores."
        )
        rebuild.add_argument("--owner", metavar="EMAIL", help="Only this person's assessments.")

    def handle(self, *args, action, owner=None, **options):
        assessments = Assessment.objects.all()
        if owner:
            assessments = assessments.filter(owner__email__iexact=owner)
        count = assessment_results_rebuild(assessments=assessments)
        self.stdout.write(f"Stored the scores of {count} submitted assessment{'s' if count != 1 else ''}.")
