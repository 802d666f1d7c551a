"""Scoring a survey export by Praxis's rules: a REDCap or Qualtrics CSV file and a mapping in,
per-respondent competency and domain scores and a reliability summary out.

``score_survey(file, mapping)`` is the one entry point: ``praxis score-survey``, the upload page
and (for large files, at merge) a background job all call it. It reads everything, checks
everything, and returns a ``Result`` that holds either the two tables or the errors — never both,
so whoever writes files writes nothing when anything is wrong. Nothing here touches the database.

**The survey file.** UTF-8 CSV (a byte-order mark is fine). A *Qualtrics* export has three header
rows (column names, question texts, ``{"ImportId": …}``); it is recognised by its third row. A
*REDCap* export has one header row: variable names (raw export) or field labels (labels export).
Data rows are numbered as in the file, the first header row being row 1.

**The mapping file.** CSV with a header row naming at least ``column`` and ``item``:

- ``column``: the survey column's name, exactly as in the survey's first header row;
- ``item``: the id of the key activity it rates (``co-learning.build-trust-and-respect``);
- ``labels`` (optional): value labels, ``1=Not yet;2=Emerging;…`` — each code is a level of the
  framework's scale and each label is how a labels export writes it;
- ``not_applicable`` (optional): the codes or labels that mean "not applicable to my role",
  separated by ``;`` (``9;N/A``).

A cell holds a level (``1`` … ``5`` in ASCII digits), the scale's own label (``Proficient``), one
of the column's value labels, one of its not-applicable codes, or nothing (unanswered). Anything
else — ``3.0``, ``٣``, ``=1+2`` — is an error that names its row and column; nothing is guessed.

**Scores** follow ``praxis.scoring``: a competency's score is the mean of its rated items when at
least half of its key activities are answered (rated or not applicable) and at least one is
rated; unmapped key activities count as unanswered; a domain's score is the mean of its scored
competencies. They are computed with numpy over the whole file at once, and the tests check them
against ``praxis.scoring.score_competencies`` respondent by respondent.

**Reliability** per competency is ``praxis.scoring.reliability`` over the mapped items (listwise:
respondents who rated every mapped item of that competency), shown when at least the minimum
group size of respondents count (``praxis.scoring.disclosure``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from praxis import scoring  # its reliability (and scipy) load on first use, not when a worker starts
from praxis.core.frameworks import current_framework
from praxis.core.spreadsheet import Table
from praxis.framework import Framework
from praxis.scoring.disclosure import may_show, threshold

if TYPE_CHECKING:
    import numpy as np

MAX_ERRORS = 20  # listed; the count says how many more there are
MAX_ROWS = 200_000  # respondents in one file (a 10,000-respondent export takes about a third of a second)
MAX_CELL = 10_000  # characters in one cell: an answer is a word or two, a question text a paragraph
NOT_APPLICABLE, UNANSWERED = -1, 0  # codes in the answer matrix besides the levels (1 … top)
RESPONDENT_COLUMNS = ("ResponseId", "record_id", "Record ID", "Response ID")
_QUALTRICS_IMPORT = re.compile(r'\s*\{\s*"ImportId"')


@dataclass(frozen=True)
class Problem:
    """One thing wrong, said so that the person can find it and fix it."""

    file: str  # "survey" or "mapping"
    row: int | None  # as in the file, the first row being 1
    column: str | None
    message: str

    def __str__(self) -> str:
        where = " of the mapping" if self.file == "mapping" else ""
        place = []
        if self.row is not None:
            place.append(f"row {self.row}{where}")
        if self.column is not None:
            place.append(f"column {self.column!r}")
        prefix = ", ".join(place)
        return f"{prefix[:1].upper()}{prefix[1:]}: {self.message}" if prefix else self.message


class SurveyError(Exception):
    """Raised inside the reader at the first problem that makes reading further pointless."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class Result:
    """Either the tables (``ok``) or the problems; ``more_problems`` counts those not listed."""

    problems: list[Problem] = field(default_factory=list)
    more_problems: int = 0
    source: str = ""  # "Qualtrics" or "REDCap"
    respondents: int = 0
    scores: Table | None = None
    reliability: Table | None = None
    threshold: int = 3  # the minimum group size the reliability summary was shown with

    @property
    def ok(self) -> bool:
        return not self.problems and self.scores is not None


@dataclass(frozen=True)
class MappedColumn:
    column: str
    item_id: str
    codes: dict[str, int]  # cell text → level, or NOT_APPLICABLE


# -- reading ------------------------------------------------------------------------------------


def _text(data: bytes | str, file: str) -> str:
    if isinstance(data, str):
        return data
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise SurveyError(
            Problem(
                file, None, None, "The file is UTF-16 text. Export it again as CSV (UTF-8, comma-separated)."
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SurveyError(
            Problem(
                file,
                line,
                None,
                "This is not UTF-8 text, so its letters cannot be read for sure. "
                "Save or export the file as CSV UTF-8 and try again.",
            )
        ) from None


def _read(data: bytes | str | BinaryIO | Path, file: str) -> str:
    if isinstance(data, Path):
        data = data.read_bytes()
    elif hasattr(data, "read"):
        data = data.read()
    if "\x00" in (text := _text(data, file)):
        line = text[: text.index("\x00")].count("\n") + 1
        raise SurveyError(Problem(file, line, None, "The file holds a NUL character: it is not a CSV file."))
    if not text.strip():
        raise SurveyError(Problem(file, None, None, "The file is empty."))
    return text


def _rows(text: str, file: str):
    """(row number, cells) for every record, numbered as in the file; blank records skipped."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise SurveyError(
                Problem(file, number + 1, None, f"This row cannot be read as CSV ({error}).")
            ) from None
        number += 1
        # Checked here, not left to csv's field size limit: that limit is process-wide, and any
        # library may raise it.
        if any(len(cell) > MAX_CELL for cell in cells):
            raise SurveyError(
                Problem(
                    file,
                    number,
                    None,
                    f"This row cannot be read as CSV (a cell is longer than {MAX_CELL:,} characters).",
                )
            )
        # A record that is one empty cell is a blank line; a row of empty cells counts (unanswered).
        if cells and (len(cells) > 1 or cells[0].strip()):
            yield number, cells


# -- the mapping --------------------------------------------------------------------------------

_MAPPING_HEADERS = {
    "column": "column",
    "item": "item",
    "item id": "item",
    "item_id": "item",
    "key activity": "item",
    "labels": "labels",
    "value labels": "labels",
    "value_labels": "labels",
    "not applicable": "not_applicable",
    "not_applicable": "not_applicable",
    "not applicable codes": "not_applicable",
}


def read_mapping(
    data, framework: Framework, items: Mapping[str, str]
) -> tuple[list[MappedColumn], list[Problem]]:
    """The mapping file's columns, or the problems in it. ``items``: key activity id → competency id."""
    problems: list[Problem] = []
    try:
        rows = list(_rows(_read(data, "mapping"), "mapping"))
    except SurveyError as error:
        return [], [error.problem]
    if not rows:  # text, but no record (a lone quote, say)
        return [], [Problem("mapping", None, None, "The file is empty.")]
    header_row, header = rows[0]
    names = [_MAPPING_HEADERS.get(h.strip().lower()) for h in header]
    for needed in ("column", "item"):
        if needed not in names:
            return [], [
                Problem(
                    "mapping",
                    header_row,
                    None,
                    f"The header has no {needed!r} column. The first row should read: "
                    "column,item,labels,not_applicable",
                )
            ]
    where = {name: names.index(name) for name in set(names) if name}
    scale = {level.value: level for level in framework.scale.levels}
    base_codes = {str(value): value for value in scale} | {
        level.label.casefold(): level.value for level in scale.values()
    }
    mapped: list[MappedColumn] = []
    seen_columns: dict[str, int] = {}
    seen_items: dict[str, int] = {}
    for number, cells in rows[1:]:

        def cell(name, cells=cells):
            index = where.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        column, item = cell("column"), cell("item")
        if not column:
            problems.append(Problem("mapping", number, "column", "The survey column's name is missing."))
            continue
        if column in seen_columns:
            problems.append(
                Problem(
                    "mapping",
                    number,
                    "column",
                    f"{column!r} is mapped already, in row {seen_columns[column]}.",
                )
            )
            continue
        seen_columns[column] = number
        if item not in items:
            problems.append(
                Problem(
                    "mapping",
                    number,
                    "item",
                    f"{item[:80]!r} is not a key activity of {framework.title} {framework.version}."
                    if item
                    else "The key activity's id is missing.",
                )
            )
            continue
        if item in seen_items:
            problems.append(
                Problem("mapping", number, "item", f"{item!r} is mapped already, in row {seen_items[item]}.")
            )
            continue
        seen_items[item] = number
        codes = {"": UNANSWERED} | base_codes
        for part in filter(None, (p.strip() for p in cell("labels").split(";"))):
            code, equals, label = part.partition("=")
            code, label = code.strip(), label.strip()
            if not equals or not re.fullmatch(r"[0-9]{1,3}", code) or int(code) not in scale or not label:
                problems.append(
                    Problem(
                        "mapping",
                        number,
                        "labels",
                        f"{part[:80]!r} should read code=label, the code being one of the scale's levels "
                        f"({', '.join(map(str, scale))}).",
                    )
                )
                continue
            codes[label.casefold()] = int(code)
        for code in filter(None, (p.strip() for p in cell("not_applicable").split(";"))):
            if codes.get(code.casefold(), NOT_APPLICABLE) != NOT_APPLICABLE:
                problems.append(
                    Problem(
                        "mapping",
                        number,
                        "not_applicable",
                        f"{code[:80]!r} is already a level, so it cannot also mean not applicable.",
                    )
                )
                continue
            codes[code.casefold()] = NOT_APPLICABLE
        mapped.append(MappedColumn(column, item, codes))
    if not mapped and not problems:
        problems.append(
            Problem("mapping", None, None, "The mapping maps no column: add a row for each item.")
        )
    return mapped, problems


# -- the survey ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answers:
    """The survey's answers as a matrix: one row per respondent, one column per mapped item;
    a level, NOT_APPLICABLE or UNANSWERED."""

    source: str
    respondents: list[str]
    rows: list[int]
    items: list[str]
    codes: np.ndarray  # int8, respondents × items


def read_survey(data, mapped: Sequence[MappedColumn]) -> tuple[Answers | None, list[Problem], int]:
    """The answers of the mapped columns, or the problems (at most MAX_ERRORS, and how many more)."""
    import numpy as np  # on first use: a worker that never scores a survey does not hold it (~15 MiB)

    try:
        text = _read(data, "survey")
        records = _rows(text, "survey")
        header_row, header = next(records, (None, None))
        if header is None:
            return None, [Problem("survey", None, None, "The file is empty.")], 0
        header = [h.strip() for h in header]
        rows = []
        for record in records:
            rows.append(record)
            if len(rows) > MAX_ROWS:
                raise SurveyError(
                    Problem("survey", record[0], None, f"The file has more than {MAX_ROWS:,} rows: split it.")
                )
    except SurveyError as error:
        return None, [error.problem], 0
    source, first = "REDCap", 0
    if len(rows) >= 2 and any(_QUALTRICS_IMPORT.match(c) for c in rows[1][1]):
        source, first = "Qualtrics", 2
    problems: list[Problem] = []
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        positions.setdefault(name, index)
    duplicated = (
        {name for name in header if header.count(name) > 1} if len(set(header)) < len(header) else set()
    )
    for column in mapped:
        if column.column not in positions:
            problems.append(
                Problem(
                    "survey",
                    header_row,
                    column.column,
                    "The mapping names this column; the file has no such column.",
                )
            )
        elif column.column in duplicated:
            problems.append(
                Problem(
                    "survey",
                    header_row,
                    column.column,
                    "Two columns have this name, so which one is meant is unclear.",
                )
            )
    if problems:
        return None, problems[:MAX_ERRORS], max(0, len(problems) - MAX_ERRORS)
    data_rows = rows[first:]
    if not data_rows:
        return None, [Problem("survey", None, None, "The file has a header but no answers.")], 0
    width = len(header)
    id_index = next((positions[c] for c in RESPONDENT_COLUMNS if c in positions), None)
    numbers = [number for number, _ in data_rows]
    count = 0
    for number, cells in data_rows:
        if len(cells) != width:
            count += 1
            if count <= MAX_ERRORS:
                problems.append(
                    Problem(
                        "survey", number, None, f"This row has {len(cells)} cells; the header has {width}."
                    )
                )
    if problems:
        return None, problems, max(0, count - MAX_ERRORS)
    columns: list[list[int]] = []
    by_column = list(zip(*(cells for _, cells in data_rows), strict=True))  # one C-level transpose
    bad = 0
    for column in mapped:
        table = column.codes
        values = by_column[positions[column.column]]
        # Most cells are a code as written: look them all up as they are, then only the others
        # after trimming and folding case.
        found = list(map(table.get, values))
        if None in found:
            for i, code in enumerate(found):
                if code is not None:
                    continue
                value = values[i].strip()
                code = UNANSWERED if not value else table.get(value.casefold())
                if code is None:
                    bad += 1
                    if bad <= MAX_ERRORS:
                        problems.append(
                            Problem("survey", numbers[i], column.column, _not_a_level(value, table))
                        )
                    code = UNANSWERED
                found[i] = code
        columns.append(found)
    if problems:
        return None, problems, max(0, bad - MAX_ERRORS)
    codes = np.array(columns, dtype=np.int8).T
    respondents = (
        [cells[id_index].strip() for _, cells in data_rows]
        if id_index is not None
        else [str(n) for n in numbers]
    )
    return Answers(source, respondents, numbers, [c.item_id for c in mapped], codes), [], 0


def _not_a_level(value: str, table: Mapping[str, int]) -> str:
    levels = sorted({code for code in table.values() if code > 0})
    shown = value if len(value) <= 40 else value[:40] + "…"
    accepted = ", ".join(map(str, levels))
    na = [k for k, v in table.items() if v == NOT_APPLICABLE]
    extra = f"; not applicable: {', '.join(na[:5])}" if na else ""
    return f"{shown!r} is not an answer this column can hold (levels {accepted}, or their labels{extra})."


# -- scoring ------------------------------------------------------------------------------------


def score_matrix(codes: np.ndarray, item_ids: Sequence[str], structure: Mapping[str, Sequence[str]]):
    """Competency scores of every respondent by praxis.scoring's rule, vectorised.

    Returns (competency id → float array with NaN where not scored). A competency is scored when
    at least half of its items (all of them, mapped or not) are answered and at least one is rated.
    """
    import numpy as np  # on first use: a worker that never scores a survey does not hold it (~15 MiB)

    position = {item: j for j, item in enumerate(item_ids)}
    scores = {}
    for competency, items in structure.items():
        columns = [position[i] for i in items if i in position]
        part = codes[:, columns].astype(np.int16)
        rated = part > 0
        answered = rated | (part == NOT_APPLICABLE)
        n_rated = rated.sum(axis=1)
        sums = np.where(rated, part, 0).sum(axis=1)
        scored = (n_rated > 0) & (2 * answered.sum(axis=1) >= len(items))
        with np.errstate(invalid="ignore", divide="ignore"):
            scores[competency] = np.where(scored, sums / np.maximum(n_rated, 1), np.nan)
    return scores


def score_survey(
    file, mapping, framework: Framework | None = None, *, min_group_size: int | None = None
) -> Result:
    """Score a survey export (bytes, text, a path or a binary file) through a mapping file."""
    import numpy as np  # on first use, as above

    if framework is None:
        framework = current_framework()
    structure = {c.id: [a.id for a in c.key_activities] for c in framework.competencies}
    items = {a: c for c, activity_ids in structure.items() for a in activity_ids}
    mapped, problems = read_mapping(mapping, framework, items)
    if problems:
        return Result(problems[:MAX_ERRORS], max(0, len(problems) - MAX_ERRORS))
    answers, problems, more = read_survey(file, mapped)
    if answers is None:
        return Result(problems, more)
    competency_scores = score_matrix(answers.codes, answers.items, structure)
    domains = [(d.id, [c.id for c in d.competencies]) for d in framework.domains]
    domain_scores = {}
    for domain_id, competency_ids in domains:
        stack = np.column_stack([competency_scores[c] for c in competency_ids])
        present = ~np.isnan(stack)
        with np.errstate(invalid="ignore", divide="ignore"):
            domain_scores[domain_id] = np.where(
                present.any(axis=1), np.nansum(stack, axis=1) / np.maximum(present.sum(axis=1), 1), np.nan
            )
    header = ["respondent", "row"] + list(structure) + [f"domain: {d}" for d, _ in domains]
    columns = [competency_scores[c] for c in structure] + [domain_scores[d] for d, _ in domains]
    matrix = np.column_stack(columns).round(4)
    cells = matrix.astype(object)
    cells[np.isnan(matrix)] = None  # not scored: an empty cell
    rows = [
        [respondent, number, *values]
        for respondent, number, values in zip(answers.respondents, answers.rows, cells.tolist(), strict=True)
    ]
    scores = Table("survey-scores", header, rows)
    t = threshold(min_group_size)
    reliability = reliability_table(answers, structure, framework, t)
    return Result(
        threshold=t,
        source=answers.source,
        respondents=len(rows),
        scores=scores,
        reliability=reliability,
    )


def reliability_table(answers: Answers, structure, framework: Framework, t: int) -> Table:
    header = [
        "competency",
        "name",
        "items mapped",
        "n",
        "alpha",
        "alpha 95% CI low",
        "alpha 95% CI high",
        "omega",
        "item-rest correlations",
    ]
    position = {item: j for j, item in enumerate(answers.items)}
    rows = []
    for competency in framework.competencies:
        columns = [position[i] for i in structure[competency.id] if i in position]
        if not columns:
            continue
        figures = reliability_of(answers.codes[:, columns], t)
        rest = "; ".join(
            f"{answers.items[j].split('.')[-1]} {_fmt(r)}"
            for j, r in zip(columns, figures["item_rest"], strict=True)
        )
        rows.append(
            [
                competency.id,
                competency.name,
                len(columns),
                figures["n"],
                figures["alpha"],
                figures["ci_low"],
                figures["ci_high"],
                figures["omega"],
                rest if figures["shown"] else None,
            ]
        )
    return Table("survey-reliability", header, rows)


def reliability_of(codes: np.ndarray, t: int) -> dict:
    """Alpha, its interval, omega and item-rest correlations of one competency's items (levels,
    with not applicable and unanswered as missing), shown only over at least ``t`` respondents."""
    import numpy as np  # on first use: a worker that never scores a survey does not hold it (~15 MiB)

    matrix = np.where(codes > 0, codes, np.nan).astype(float)
    alpha = scoring.cronbach_alpha(matrix)
    shown = may_show(alpha.n, t)
    if not shown:
        return {
            "n": alpha.n,
            "shown": False,
            "alpha": None,
            "ci_low": None,
            "ci_high": None,
            "omega": None,
            "item_rest": [None] * codes.shape[1],
        }
    omega, rest = scoring.mcdonald_omega(matrix), scoring.item_rest_correlations(matrix)
    return {
        "n": alpha.n,
        "shown": True,
        "alpha": _round(alpha.value),
        "ci_low": _round(alpha.ci_low),
        "ci_high": _round(alpha.ci_high),
        "omega": _round(omega.value),
        "item_rest": [_round(r) for r in rest.correlations],
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"
