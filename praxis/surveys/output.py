"""The files a scored survey becomes: the scores and the reliability summary, each written by the
one table writer (``praxis.core.spreadsheet``), side by side in a folder or together in a zip."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .scoring import Result

README = """Survey scored by Praxis ({source}, {respondents} respondents).

{scores}: one row per respondent (the respondent id and the row in the file), then each
competency's score and each domain's score. A competency is scored when at least half of its key
activities are answered (rated or not applicable) and at least one is rated: its score is the mean
of the rated ones. Key activities the mapping does not name count as unanswered. A domain's score
is the mean of its scored competencies. Empty: not scored.

{reliability}: per competency with mapped items, the respondents who rated every mapped item (n),
Cronbach's alpha with its 95 % confidence interval (Feldt), McDonald's omega (one-factor minres)
and each item's correlation with the rest; empty where fewer than {threshold} respondents count.
"""


def files_of(result: Result, file_format: str) -> dict[str, bytes]:
    """File name → content: the scores and the reliability summary."""
    return {
        f"{result.scores.name}.{file_format}": result.scores.content(file_format),
        f"{result.reliability.name}.{file_format}": result.reliability.content(file_format),
    }


def zip_bytes(result: Result, file_format: str) -> bytes:
    files = files_of(result, file_format)
    names = list(files)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
        archive.writestr(
            "README.txt",
            README.format(
                source=result.source,
                respondents=result.respondents,
                scores=names[0],
                reliability=names[1],
                threshold=result.threshold,
            ),
        )
    return out.getvalue()


def reliability_path(output: Path) -> Path:
    """Where the reliability summary goes beside the scores: scores.csv → scores-reliability.csv."""
    return output.with_name(f"{output.stem}-reliability{output.suffix}")
