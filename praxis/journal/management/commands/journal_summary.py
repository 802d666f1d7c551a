"""``praxis journal_summary rebuild | check``: the journal's derived per-competency figures."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from praxis.journal import summary


class Command(BaseCommand):
    help = "Rebuild the journal's per-competency, per-month figures from the entries, or check them."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{rebuild,check}")
        sub.add_parser("rebuild", help="Recompute every row from the entries and store it.")
        sub.add_parser("check", help="Compare the stored rows with a recompute; exit 1 if they differ.")

    def handle(self, *args, action, **options):
        if action == "rebuild":
            written = summary.rebuild()
            self.stdout.write(f"Rebuilt the journal summary: {written:,} rows.")
            return
        found = summary.differences()
        if found:
            for line in found[:20]:
                self.stderr.write(line)
            raise CommandError(f"The journal summary differs from a recompute in {len(found):,} rows.")
        self.stdout.write("The journal summary matches a recompute.")
