"""The research export: a zip of consented, de-identified, item-level data with its codebook.

Rules, and why:

- **Consent, read when the export runs.** Only members with ``research_consent`` in the
  organisation are in (`praxis.accounts.policy.research_consenting`); someone who withdrew before
  the job ran is left out. Notes need a second, separate consent *and* the exporter's asking:
  agreeing to share ratings is not agreeing to share what one wrote, which may name people.
- **Pseudonymous, per export.** The respondent code is HMAC-SHA-256 of the user id with a key made
  for this export and never stored, so codes link a person's rows within one export and nowhere
  else (two exports cannot be joined, nor a code traced back by anyone, us included).
- **Coarse dates.** The month of submission only; no names, e-mail addresses, job titles,
  organisations' members or any other field of the account.
- **The minimum group size.** Fewer consenting respondents than the organisation's threshold
  (`praxis.scoring.disclosure`, never below 3) and nothing is made: the job fails, saying so.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib.util
import io
import secrets
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from praxis.accounts.models import Organisation
from praxis.assessments import scores
from praxis.assessments.structure import questionnaire_for
from praxis.core.errors import PraxisError
from praxis.core.frameworks import current_framework, framework_for_version
from praxis.scoring.disclosure import may_show, threshold

from . import codebook, selectors

# data.sav needs the optional `spss` extra (pyreadstat, pandas); imported only when used, since
# pandas takes a second to import and most processes never write a .sav.
SAV_AVAILABLE = all(importlib.util.find_spec(name) for name in ("pyreadstat", "pandas"))

SAV_NOT_APPLICABLE = -9
CHUNK = 2000  # assessments read at a time
KINDS = {"full": "full (one rating per key activity)", "quick": "quick (one rating per competency)"}


class ExportRefused(PraxisError):
    pass


@dataclass(frozen=True)
class Export:
    filename: str
    content: bytes
    respondents: int
    rows: int


def too_few_message(t: int, kind: str) -> str:
    return (
        f"Fewer than {t} members who agreed to research use have submitted a {kind} assessment, so no "
        f"export can be made: {t} is this organisation's minimum group size, which keeps anyone from "
        "being picked out."
    )


def may_export(organisation: Organisation, kind: str) -> bool:
    """Enough consenting respondents for the organisation's minimum group size."""
    return may_show(selectors.respondent_count(organisation, kind), threshold(organisation.min_group_size))


def build(
    organisation: Organisation,
    *,
    kind: str,
    free_text: bool = False,
    progress: Callable[[int, str], None] = lambda percent, message: None,
) -> Export:
    assessments = list(selectors.consented_assessments(organisation, kind))
    respondents = len({a.owner_id for a in assessments})
    t = threshold(organisation.min_group_size)
    if not may_show(respondents, t):
        raise ExportRefused(too_few_message(t, kind))
    progress(5, f"Reading {len(assessments)} assessments")
    framework = current_framework()
    questionnaire = questionnaire_for(framework, kind)
    items = [(item.id, item.competency_id, item.text) for item in questionnaire.items.values()]
    cols = codebook.columns(framework, items, free_text=free_text)
    writers = selectors.free_text_owners(organisation) if free_text else set()
    key = secrets.token_bytes(32)  # this export's only: never stored, so codes link nothing else

    def code(user_id: int) -> str:
        return hmac.new(key, str(user_id).encode(), hashlib.sha256).hexdigest()[:16]

    versions = sorted(
        {framework_for_version(pk).version for pk in {a.framework_version_id for a in assessments}}
    )
    rows = []
    # a chunk at a time, so no query carries more ids than any database accepts
    for start in range(0, len(assessments), CHUNK):
        chunk = assessments[start : start + CHUNK]
        ids = [a.pk for a in chunk]
        answers = selectors.answers_of(ids)
        stored = scores.scores_of_many(chunk)
        notes = selectors.notes_of(ids) if free_text else {}
        for a in chunk:
            row = {
                "respondent": code(a.owner_id),
                "submitted_month": timezone.localtime(a.submitted_at).strftime("%Y-%m"),
                "framework_version": framework_for_version(a.framework_version_id).version,
            }
            given = answers.get(a.pk, {})
            score_of = stored.get(a.pk, {})
            written = notes.get(a.pk, {}) if a.owner_id in writers else {}
            for c in cols:
                if c.role == "item":
                    row[c.name] = given.get(c.source_id)
                elif c.role == "score":
                    found = score_of.get(c.source_id)
                    row[c.name] = None if found is None or found.score is None else round(found.score, 4)
                elif c.role == "note":
                    row[c.name] = written.get(c.source_id)
            rows.append(row)
        progress(
            5 + 65 * (start + len(chunk)) // len(assessments),
            f"De-identified {start + len(chunk)} assessments",
        )
    # in the order of the codes, which says nothing about who joined or answered first
    rows.sort(key=lambda r: (r["respondent"], r["submitted_month"]))
    for number, row in enumerate(rows, start=1):
        row["record_id"] = number
    progress(70, "Writing the files")

    created = timezone.now().strftime("%Y-%m-%d")
    sav = _sav(cols, rows, framework)
    files = {
        "data.csv": codebook.data_csv(cols, rows),
        "datapackage.json": codebook.datapackage(
            cols, framework, created=created, respondents=respondents, rows=len(rows)
        ),
        "redcap_dictionary.csv": codebook.redcap_dictionary(cols, framework),
        "README.txt": codebook.readme(
            framework,
            organisation=organisation.name,
            kind=KINDS[kind],
            created=created,
            respondents=respondents,
            rows=len(rows),
            versions=versions or [framework.version],
            free_text=free_text,
            sav=sav is not None,
        ),
    }
    if sav is not None:
        files["data.sav"] = sav
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    progress(95, "Packing the zip")
    return Export(f"praxis-research-{kind}-{created}.zip", buffer.getvalue(), respondents, len(rows))


def _sav(cols: list[codebook.Column], rows: list[dict], framework) -> bytes | None:
    """data.sav for SPSS when pyreadstat (and pandas) are installed, else None."""
    if not SAV_AVAILABLE:
        return None
    import pandas
    import pyreadstat

    labels = {level.value: level.label for level in framework.scale.levels}
    labels[SAV_NOT_APPLICABLE] = framework.scale.not_applicable.label
    data = {}
    for c in cols:
        values = [row.get(c.name) for row in rows]
        if c.role in ("item", "score", "record"):
            numbers = [
                SAV_NOT_APPLICABLE if v == "NA" else (float("nan") if v is None else float(v)) for v in values
            ]
            data[c.name] = pandas.Series(numbers, dtype="float64")
        else:
            data[c.name] = pandas.Series(["" if v is None else str(v) for v in values], dtype="object")
    frame = pandas.DataFrame(data)
    items = [c.name for c in cols if c.role == "item"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.sav"
        pyreadstat.write_sav(
            frame,
            str(path),
            column_labels={c.name: c.title[:250] for c in cols},
            variable_value_labels=dict.fromkeys(items, labels),
            missing_ranges={name: [SAV_NOT_APPLICABLE] for name in items},
        )
        return path.read_bytes()
