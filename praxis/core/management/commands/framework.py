"""``praxis framework export|import|validate|load``: the framework file and its exchange formats."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from praxis.core.frameworks import current_framework
from praxis.core.services import record_framework_version
from praxis.framework import FrameworkError, parse_framework
from praxis.framework.case import CaseImportError, case_size_problem, case_to_data, to_case
from praxis.framework.case_schema import case_problems
from praxis.framework.loader import read_data
from praxis.framework.moodle import to_moodle_csv
from praxis.framework.serialise import to_json, to_yaml

MAX_LISTED = 100  # problems printed; the count says how many more there are


def _summary(framework) -> str:
    activities = sum(len(c.key_activities) for c in framework.competencies)
    return (
        f"{framework.title} {framework.version}: {len(framework.principles)} principles, "
        f"{len(framework.domains)} domains, {len(framework.competencies)} competencies, "
        f"{activities} key activities"
    )


class Command(BaseCommand):
    help = "Export, import, validate or load the competency framework."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{export,import,validate,load}")

        export = sub.add_parser("export", help="Write the framework as CASE JSON, Moodle CSV or JSON.")
        export.add_argument("--format", choices=["case", "moodle", "json", "yaml"], required=True)
        export.add_argument("--output", "-o", help="File to write (default: standard output).")
        export.add_argument("--file", help="Framework file to export (default: the one in use).")
        export.add_argument(
            "--base-uri", default=settings.SITE_URL, help="Base of the URIs in a CASE package."
        )

        imp = sub.add_parser("import", help="Read a CASE package into Praxis's framework format.")
        imp.add_argument("source", metavar="FILE", help="A CASE 1.0 package (JSON).")
        imp.add_argument("--output", "-o", help="File to write (.yaml or .json; default: YAML on stdout).")

        validate = sub.add_parser("validate", help="Check a framework file or CASE package.")
        validate.add_argument("source", metavar="FILE")

        sub.add_parser("load", help="Record the framework in use in the database (idempotent).")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    # -- actions -----------------------------------------------------------------------------

    def handle_export(self, format, output, file, base_uri, **_):
        framework = self._load(file) if file else current_framework()
        if format == "case":
            text = json.dumps(to_case(framework, base_uri), indent=2, ensure_ascii=False) + "\n"
        elif format == "moodle":
            text = to_moodle_csv(framework)
        elif format == "json":
            text = to_json(framework)
        else:
            text = to_yaml(framework)
        self._write(text, output)

    def handle_import(self, source, output, **_):
        package = self._read_any(source, as_json=True)
        too_big = case_size_problem(package)
        if too_big:
            self._fail(source, [too_big])
        problems = case_problems(package)
        if problems:
            self._fail(source, [f"not a valid CASE 1.0 package: {p}" for p in problems])
        try:
            data = case_to_data(package)
            framework = parse_framework(data, source)
        except CaseImportError as exc:
            self._fail(source, exc.problems)
        except FrameworkError as exc:
            self._fail(source, [str(p) for p in exc.problems])
        as_json = bool(output) and Path(output).suffix.lower() == ".json"
        self._write(to_json(framework) if as_json else to_yaml(framework), output)
        if output:
            self.stderr.write(f"Imported {_summary(framework)} into {output}")

    def handle_validate(self, source, **_):
        data = self._read_any(source)
        if "CFDocument" in data:
            problems = case_problems(data)
            if problems:
                self._fail(source, problems)
            try:
                framework = parse_framework(case_to_data(data), source)
            except CaseImportError as exc:
                self._fail(source, exc.problems)
            except FrameworkError as exc:
                self._fail(source, [str(p) for p in exc.problems])
            kind = "CASE package"
        else:
            framework = self._load(source, data)
            kind = "framework file"
        self.stdout.write(f"OK: {source} is a valid {kind}. {_summary(framework)}.")

    def handle_load(self, **_):
        framework = current_framework()
        version, created = record_framework_version(framework)
        verb = "Loaded" if created else "Already loaded:"
        self.stdout.write(f"{verb} {_summary(framework)} (checksum {version.checksum[:12]}).")

    # -- helpers -----------------------------------------------------------------------------

    def _fail(self, source: str, problems: list[str]):
        """Exit 1 naming every problem: one problem is one line, several are listed then counted."""
        lines = [problem if problem.startswith(source) else f"{source}: {problem}" for problem in problems]
        if len(lines) == 1:
            raise CommandError(lines[0], returncode=1)
        for line in lines[:MAX_LISTED]:
            self.stderr.write(line)
        if len(lines) > MAX_LISTED:
            self.stderr.write(f"{source}: … and {len(lines) - MAX_LISTED:,} more")
        raise CommandError(f"{len(lines):,} problems found in {source}.", returncode=1)

    def _read_any(self, source: str, as_json: bool | None = None) -> dict:
        try:
            return read_data(source, settings.PRAXIS_FRAMEWORK_MAX_BYTES, as_json=as_json)
        except FrameworkError as exc:
            self._fail(source, [str(p) for p in exc.problems])

    def _load(self, source: str, data: dict | None = None):
        if data is None:
            data = self._read_any(source)
        try:
            return parse_framework(data, source)
        except FrameworkError as exc:
            self._fail(source, [str(p) for p in exc.problems])

    def _write(self, text: str, output: str | None) -> None:
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
