"""Survey exports and mappings made up for tests and the bench: REDCap (raw or labels) and
Qualtrics (three header rows), answers driven by one factor per competency so reliability is real."""

from __future__ import annotations

import csv
import io
import json

import numpy as np

from praxis.framework import Framework

NA_CODE = "9"


def item_columns(framework: Framework) -> list[tuple[str, str]]:
    """(survey column name, key activity id) for every key activity, in guide order."""
    ids = [a.id for c in framework.competencies for a in c.key_activities]
    return [(f"Q{n}", item) for n, item in enumerate(ids, start=1)]


def answers(framework: Framework, n: int, *, seed: int = 0, na: float = 0.03, blank: float = 0.02):
    """n × items levels (1..5), with NA_CODE for not applicable and "" for unanswered, as text."""
    rng = np.random.default_rng(seed)
    columns = []
    for competency in framework.competencies:
        factor = rng.standard_normal(n)
        for _ in competency.key_activities:
            loading = rng.uniform(0.5, 0.85)
            latent = loading * factor + np.sqrt(1 - loading**2) * rng.standard_normal(n)
            columns.append(np.clip(np.round(3 + 1.1 * latent), 1, 5).astype(int))
    levels = np.column_stack(columns).astype(str).astype(object)
    levels[rng.random(levels.shape) < na] = NA_CODE
    levels[rng.random(levels.shape) < blank] = ""
    return levels


def mapping_csv(framework: Framework, *, labels: bool = True, columns=None) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["column", "item", "labels", "not_applicable"])
    value_labels = ";".join(f"{level.value}={level.label}" for level in framework.scale.levels)
    for column, item in columns or item_columns(framework):
        writer.writerow([column, item, value_labels if labels else "", f"{NA_CODE};Not applicable"])
    return out.getvalue()


def redcap_csv(framework: Framework, n: int, *, seed: int = 0, as_labels: bool = False, **kwargs) -> str:
    grid = answers(framework, n, seed=seed, **kwargs)
    names = [column for column, _ in item_columns(framework)]
    if as_labels:
        label = {str(level.value): level.label for level in framework.scale.levels} | {
            NA_CODE: "Not applicable"
        }
        grid = np.vectorize(lambda v: label.get(v, v), otypes=[object])(grid)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["record_id", "redcap_survey_identifier", *names, "survey_complete"])
    for i, row in enumerate(grid.tolist(), start=1):
        writer.writerow([str(i), "", *row, "2"])
    return out.getvalue()


def qualtrics_csv(framework: Framework, n: int, *, seed: int = 0, **kwargs) -> str:
    grid = answers(framework, n, seed=seed, **kwargs)
    names = [column for column, _ in item_columns(framework)]
    lead = ["StartDate", "EndDate", "Status", "Progress", "Finished", "ResponseId", "RecipientEmail"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*lead, *names])
    writer.writerow(
        ["Start Date", "End Date", "Response Type", "Progress", "Finished", "Response ID", "Recipient Email"]
        + [f"Rate your practice - item {i}" for i in range(1, len(names) + 1)]
    )
    writer.writerow(
        [json.dumps({"ImportId": key}) for key in lead]
        + [json.dumps({"ImportId": f"QID{i}"}) for i in range(1, len(names) + 1)]
    )
    for i, row in enumerate(grid.tolist(), start=1):
        writer.writerow(
            ["2026-11-01 10:00:00", "2026-11-01 10:20:00", "IP Address", "100", "1", f"R_{i:06d}", "", *row]
        )
    return out.getvalue()
