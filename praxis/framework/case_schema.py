"""Validation of CASE 1.0 packages against the 1EdTech JSON schema shipped with Praxis."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import jsonschema

from .case import case_size_problem

SCHEMA_FILE = Path(__file__).parent / "data" / "case-v1p0-cfpackage-schema.json"


@cache
def _validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def case_problems(package: object) -> list[str]:
    """Every way the package breaks the CASE 1.0 schema, as "path: message" lines.

    A package with more items or associations than Praxis accepts gets that one problem, found
    before the (slow) schema check.
    """
    too_big = case_size_problem(package) if isinstance(package, dict) else None
    if too_big:
        return [too_big]
    problems = []
    for error in sorted(_validator().iter_errors(package), key=lambda e: list(map(str, e.path))):
        path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.path).lstrip(".")
        problems.append(f"{path or '(package)'}: {error.message}")
    return problems
