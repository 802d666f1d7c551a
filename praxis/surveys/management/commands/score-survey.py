"""``praxis score-survey FILE --mapping MAP --output OUT [--format csv|xlsx]``.

Writes the scores to OUT and the reliability summary beside it (``OUT-reliability.csv``), both
or neither: any problem is printed with its row and column, exit 1, and no file is written.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from praxis.surveys.output import reliability_path
from praxis.surveys.scoring import score_survey


class Command(BaseCommand):
    help = "Score a REDCap or Qualtrics CSV export by Praxis's rules through a mapping file."
    # Reads two files and writes two: the system checks (which import every URL and view) are
    # not this command's business, and cost a third of its start-up.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="The survey export (CSV, UTF-8).")
        parser.add_argument(
            "--mapping", required=True, help="The mapping: column,item,labels,not_applicable."
        )
        parser.add_argument("--output", "-o", required=True, help="Where to write the scores.")
        parser.add_argument("--format", choices=["csv", "xlsx"], help="Default: from OUT's suffix, else csv.")
        parser.add_argument(
            "--min-group-size",
            type=int,
            default=None,
            help="Fewest respondents a reliability figure needs (≥ 3).",
        )

    def handle(self, *args, **options):
        output = Path(options["output"])
        file_format = options["format"] or ("xlsx" if output.suffix.lower() == ".xlsx" else "csv")
        paths = {}
        for name in ("file", "mapping"):
            path = Path(options[name])
            if not path.is_file():
                raise CommandError(f"{path}: no such file.")
            paths[name] = path
        result = score_survey(paths["file"], paths["mapping"], min_group_size=options["min_group_size"])
        if not result.ok:
            for problem in result.problems:
                name = paths["mapping" if problem.file == "mapping" else "file"]
                self.stderr.write(f"{name}: {problem}")
            if result.more_problems:
                self.stderr.write(f"… and {result.more_problems} more.")
            raise CommandError(
                f"Nothing was written: {len(result.problems) + result.more_problems} problem(s)."
            )
        targets = {output: result.scores, reliability_path(output): result.reliability}
        written = [
            (_write_temporary(path, table.content(file_format)), path) for path, table in targets.items()
        ]
        for temporary, path in written:
            os.replace(temporary, path)
        self.stdout.write(
            f"Scored {result.respondents} respondents ({result.source}): {output}, {reliability_path(output)}"
        )


def _write_temporary(path: Path, content: bytes) -> str:
    """Write beside the target first, so a failure half-way leaves no half-written file."""
    handle, name = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        out.write(content)
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(name, 0o666 & ~mask)  # as an ordinary new file, not mkstemp's owner-only
    return name
