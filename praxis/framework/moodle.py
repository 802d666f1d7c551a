"""Moodle's competency-framework CSV (admin tool ``tool_lpimportcsv``).

Fourteen columns in Moodle's order; one framework row, then every domain, competency and key
activity (nested key activities too) with the tree given by ``Parent ID number``. Moodle models
competencies only, so principles and the guide's reflective material are not part of the file.
Moodle scales have no "not applicable" item: the scale carries our numbered levels, and those we
count as proficient are flagged proficient in the scale configuration, the first as default.
"""

from __future__ import annotations

import csv
import html
import io
import json

from .model import Framework, KeyActivity

HEADERS = (
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross-referenced competency ID numbers",
    "Exported ID (optional)",
    "Is framework",
    "Taxonomy",
)
HTML_FORMAT = "1"
SHORT_NAME_LIMIT = 100  # Moodle truncates longer short names


def _short(text: str) -> str:
    return text if len(text) <= SHORT_NAME_LIMIT else text[: SHORT_NAME_LIMIT - 1].rstrip() + "…"


def _paragraphs(*texts: str) -> str:
    return "".join(f"<p>{html.escape(t)}</p>" for t in texts if t)


def _row(parent: str, idnumber: str, name: str, description: str, **extra) -> list[str]:
    row = dict.fromkeys(HEADERS, "")
    row.update(
        {
            "Parent ID number": parent,
            "ID number": idnumber,
            "Short name": _short(name),
            "Description": description,
            "Description format": HTML_FORMAT,
        }
    )
    row.update(extra)
    return [row[h] for h in HEADERS]


def scale_configuration(framework: Framework) -> str:
    levels = framework.scale.levels
    proficient = [i for i, level in enumerate(levels, 1) if level.proficient]
    config: list[dict] = [{"scaleid": "1"}]
    config += [{"id": i, "scaledefault": 1 if i == proficient[0] else 0, "proficient": 1} for i in proficient]
    return json.dumps(config, separators=(",", ":"))


def _depth(activity: KeyActivity) -> int:
    return 1 + max((_depth(c) for c in activity.children), default=0)


def to_moodle_csv(framework: Framework) -> str:
    """The CSV text Moodle's "Import competency framework" accepts."""
    rows = [list(HEADERS)]
    activity_depth = max((_depth(a) for c in framework.competencies for a in c.key_activities), default=1)
    taxonomy = ",".join(["domain", "competency"] + ["practice"] * activity_depth)
    rows.append(
        _row(
            "",
            framework.id,
            framework.short_title,
            _paragraphs(framework.description, f"Source: {framework.source.title}"),
            **{
                "Scale values": ",".join(level.label for level in framework.scale.levels),
                "Scale configuration": scale_configuration(framework),
                "Is framework": "1",
                "Taxonomy": taxonomy,
            },
        )
    )

    def activity_rows(activity: KeyActivity, parent: str) -> None:
        rows.append(_row(parent, activity.id, activity.text, _paragraphs(activity.text)))
        for child in activity.children:
            activity_rows(child, activity.id)

    for domain in framework.domains:
        rows.append(_row("", domain.id, domain.name, _paragraphs(domain.description)))
        for competency in domain.competencies:
            description = _paragraphs(competency.summary, *competency.overview)
            rows.append(_row(domain.id, competency.id, competency.name, description))
            for activity in competency.key_activities:
                activity_rows(activity, competency.id)

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()
