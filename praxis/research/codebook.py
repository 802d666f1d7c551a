"""What a research export's columns are and how they are described: one list of columns feeds the
data file, the Frictionless Table Schema (``datapackage.json``), the REDCap data dictionary, the
SPSS labels and the README, so the five never disagree. No database here.

Variable names are the framework's stable ids made safe for REDCap and SPSS (lower case, letters,
digits and ``_``; ids longer than 60 characters are shortened with a hash of the id, so they stay
unique and stable); every column's description carries the exact id.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass

from praxis.framework import Framework

NOT_APPLICABLE = "NA"  # "not applicable to my role": never a zero, never counted
NOT_ANSWERED = ""  # left unanswered (or, for notes, not written or not agreed to)
MISSING_VALUES = [NOT_ANSWERED, NOT_APPLICABLE]
NAME_MAX = 60
FORM = "competency_self_assessment"

REDCAP_COLUMNS = [
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
]


@dataclass(frozen=True)
class Column:
    name: str  # the variable's name in data.csv, datapackage.json, REDCap and SPSS
    role: str  # record, respondent, month, version, item, score, note
    title: str
    description: str
    source_id: str = ""  # the framework's id of what it measures
    section: str = ""  # the competency it belongs to (REDCap's section header)


def variable_name(source_id: str, prefix: str = "") -> str:
    name = prefix + re.sub(r"[^a-z0-9]+", "_", source_id.lower()).strip("_")
    if len(name) > NAME_MAX:
        name = f"{name[: NAME_MAX - 8]}_{hashlib.sha256(source_id.encode()).hexdigest()[:7]}"
    return name


def columns(framework: Framework, items: list[tuple[str, str, str]], *, free_text: bool) -> list[Column]:
    """The export's columns: the record, the respondent, month and framework version, then every
    item (``items``: item id, competency id, text, in the questionnaire's order), each competency's
    score and, if asked for, each competency's note."""
    competency_names = {c.id: c.name for c in framework.competencies}
    made = [
        Column(
            "record_id", "record", "Record", "Row number in this export (one row per submitted assessment)."
        ),
        Column(
            "respondent",
            "respondent",
            "Respondent code",
            "Pseudonymous respondent code: a keyed hash of the person, with a key made for this export and "
            "never stored. Rows with the same code are the same person in this export only.",
        ),
        Column(
            "submitted_month", "month", "Month submitted", "Month the assessment was submitted (YYYY-MM)."
        ),
        Column(
            "framework_version",
            "version",
            "Framework version",
            "Version of the framework it was answered on.",
        ),
    ]
    seen_section = set()
    for item_id, competency_id, text in items:
        section = competency_names.get(competency_id, competency_id)
        made.append(
            Column(
                variable_name(item_id),
                "item",
                text,
                f"Rating of '{item_id}' ({section}).",
                item_id,
                section if competency_id not in seen_section else "",
            )
        )
        seen_section.add(competency_id)
    made += _per_competency(
        framework,
        "score",
        "Score of '{id}': the mean of its rated items, not-applicable items left out; "
        "empty when none was rated.",
    )
    if free_text:
        made += _per_competency(
            framework,
            "note",
            "What the person wrote against '{id}', as written. Empty unless they wrote something and "
            "agreed to its use.",
        )
    return made


def _per_competency(framework: Framework, kind: str, description: str) -> list[Column]:
    """A column of `kind` for each competency, named `<kind>_<id>`; `{id}` in the description is its id."""
    return [
        Column(variable_name(c.id, f"{kind}_"), kind, f"{c.name}: {kind}", description.format(id=c.id), c.id)
        for c in framework.competencies
    ]


def data_csv(cols: list[Column], rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in cols])
    for row in rows:
        writer.writerow(["" if row.get(c.name) is None else row[c.name] for c in cols])
    return out.getvalue().encode("utf-8")


def _field(column: Column, framework: Framework) -> dict:
    field = {"name": column.name, "title": column.title, "description": column.description}
    levels = [level.value for level in framework.scale.levels]
    if column.role == "record":
        field |= {"type": "integer", "constraints": {"required": True, "unique": True, "minimum": 1}}
    elif column.role == "respondent":
        field |= {"type": "string", "constraints": {"required": True, "pattern": "[0-9a-f]{16}"}}
    elif column.role == "month":
        field |= {"type": "yearmonth", "constraints": {"required": True}}
    elif column.role == "version":
        field |= {"type": "string", "constraints": {"required": True}}
    elif column.role == "item":
        field |= {
            "type": "integer",
            "constraints": {"minimum": min(levels), "maximum": max(levels)},
            "praxis:levels": {str(level.value): level.label for level in framework.scale.levels},
        }
    elif column.role == "score":
        field |= {"type": "number", "constraints": {"minimum": min(levels), "maximum": max(levels)}}
    else:
        field |= {"type": "string"}
    return field


def datapackage(
    cols: list[Column], framework: Framework, *, created: str, respondents: int, rows: int
) -> bytes:
    """A Frictionless Data Package with one tabular resource, data.csv, and its Table Schema."""
    package = {
        "profile": "tabular-data-package",
        "name": "praxis-research-export",
        "title": f"{framework.title}: self-assessments, de-identified",
        "description": (
            f"{rows} submitted self-assessments by {respondents} respondents who agreed to research use. "
            "See README.txt."
        ),
        "created": f"{created}T00:00:00Z",  # RFC 3339, to the day
        "resources": [
            {
                "name": "data",
                "path": "data.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "header": True},
                "schema": {
                    "fields": [_field(c, framework) for c in cols],
                    "missingValues": MISSING_VALUES,
                    "primaryKey": ["record_id"],
                },
            }
        ],
    }
    return json.dumps(package, indent=2, ensure_ascii=False).encode("utf-8")


def _choices(framework: Framework) -> str:
    levels = [f"{level.value}, {level.label}" for level in framework.scale.levels]
    return " | ".join([*levels, f"{NOT_APPLICABLE}, {framework.scale.not_applicable.label}"])


def redcap_dictionary(cols: list[Column], framework: Framework) -> bytes:
    """A REDCap data dictionary (the 18 standard columns) for data.csv: ratings as radio buttons
    with not applicable coded NA, scores as numbers, notes as notes, the rest as text."""
    levels = [level.value for level in framework.scale.levels]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(REDCAP_COLUMNS)
    for c in cols:
        field_type, choices, validation, low, high, note = "text", "", "", "", "", ""
        if c.role == "record":
            validation, low = "integer", "1"
        elif c.role == "month":
            note = "YYYY-MM"
        elif c.role == "item":
            field_type, choices, note = "radio", _choices(framework), c.source_id
        elif c.role == "score":
            validation, low, high, note = "number", str(min(levels)), str(max(levels)), c.source_id
        elif c.role == "note":
            field_type, note = "notes", c.source_id
        row = dict.fromkeys(REDCAP_COLUMNS, "")
        row |= {
            "Variable / Field Name": c.name,
            "Form Name": FORM,
            "Section Header": c.section,
            "Field Type": field_type,
            "Field Label": c.title,
            "Choices, Calculations, OR Slider Labels": choices,
            "Field Note": note,
            "Text Validation Type OR Show Slider Number": validation,
            "Text Validation Min": low,
            "Text Validation Max": high,
        }
        writer.writerow([row[k] for k in REDCAP_COLUMNS])
    return out.getvalue().encode("utf-8")


FREE_TEXT_INCLUDED = """Notes are included for people who agreed to that too (a second, separate choice);
for everyone else they are empty. They are as written and may name people or places: read them
before sharing them further."""


def readme(
    framework: Framework,
    *,
    organisation: str,
    kind: str,
    created: str,
    respondents: int,
    rows: int,
    versions: list[str],
    free_text: bool,
    sav: bool,
) -> bytes:
    scale = "\n".join(
        f"  {level.value} = {level.label}: {level.description}" for level in framework.scale.levels
    )
    na = framework.scale.not_applicable
    files = [
        "  data.csv               the data, one row per submitted assessment (UTF-8, comma-separated)",
        "  datapackage.json       its codebook as a Frictionless Data Package (Table Schema)",
        "  redcap_dictionary.csv  its codebook as a REDCap data dictionary",
    ]
    if sav:
        files.append(
            "  data.sav               the same data for SPSS, labelled; not applicable = -9, user-missing"
        )
    files.append("  README.txt             this file")
    if not sav:
        files.append("  (No data.sav for SPSS: it is made where Praxis has its `spss` extra installed.)")
    text = f"""Praxis research export
======================

What the data are
-----------------
Self-assessments of implementation support practitioners against "{framework.title}"
(framework version {", ".join(versions)}), {kind} assessments, submitted by members of {organisation}
who agreed that their de-identified answers may be used for research.

Respondents: {respondents}
Rows (submitted assessments): {rows}
Made: {created}

One row per submitted assessment; a person who submitted more than one has several rows with
the same respondent code. The code is a keyed hash (HMAC-SHA-256) of the person, with a key made
for this export and then thrown away: codes cannot be linked to people, nor across two exports.
Dates are given to the month only. No names or e-mail addresses are included. Members who had
not agreed, or had withdrawn their agreement when the export was made, are not included.

The scale
---------
Each item is one key activity (full assessment) or one competency (quick assessment), rated:
{scale}
  {NOT_APPLICABLE} = {na.label}: {na.description}

Missing values
--------------
  NA     not applicable to the person's role: it is not a zero, and is left out of every score
  empty  not answered

A competency's score is the mean of its rated items, leaving out the not-applicable ones; it is
empty when none was rated.

Free text
---------
{FREE_TEXT_INCLUDED if free_text else "Not included."}

Files
-----
{chr(10).join(files)}

Column names are the framework's ids made safe for REDCap and SPSS; each column's description
in datapackage.json gives the exact id.
"""
    return text.encode("utf-8")
