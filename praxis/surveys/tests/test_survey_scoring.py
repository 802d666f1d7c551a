"""Scoring a survey export: Praxis's rules, every problem named by row and column, nothing guessed."""

import csv
import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from praxis import scoring as praxis_scoring  # its reliability (scipy) loads on first use
from praxis.core.spreadsheet import csv_text
from praxis.framework import bundled_framework
from praxis.scoring import score_competencies, score_domains
from praxis.surveys import scoring
from praxis.surveys.scoring import NOT_APPLICABLE, UNANSWERED, score_matrix, score_survey

from . import files

FRAMEWORK = bundled_framework()
STRUCTURE = {c.id: [a.id for a in c.key_activities] for c in FRAMEWORK.competencies}
ITEMS = [item for items in STRUCTURE.values() for item in items]
MAPPING = files.mapping_csv(FRAMEWORK)


def score(survey, mapping=MAPPING, **kwargs):
    return score_survey(survey, mapping, FRAMEWORK, **kwargs)


def messages(result):
    return [str(p) for p in result.problems]


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def with_cell(text: str, row: int, column: str, value: str) -> str:
    """The CSV text with one cell changed (row as in the file, 1 being the first)."""
    rows = rows_of(text)
    rows[row - 1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.floats(0, 0.6), st.floats(0, 0.6))
def test_vectorised_scores_are_praxis_scoring_respondent_by_respondent(seed, na, blank):
    rng = np.random.default_rng(seed)
    codes = rng.integers(1, 6, size=(12, len(ITEMS))).astype(np.int8)
    codes[rng.random(codes.shape) < na] = NOT_APPLICABLE
    codes[rng.random(codes.shape) < blank] = UNANSWERED
    mapped = rng.random(len(ITEMS)) < 0.8  # some key activities not in the survey at all
    items = [i for i, keep in zip(ITEMS, mapped, strict=True) if keep]
    vectorised = score_matrix(codes[:, mapped], items, STRUCTURE)
    for r in range(len(codes)):
        answers = {
            item: (None if code == NOT_APPLICABLE else int(code))
            for item, code in zip(items, codes[r, mapped], strict=True)
            if code != UNANSWERED
        }
        expected = score_competencies(STRUCTURE, answers)
        for competency, s in expected.items():
            got = vectorised[competency][r]
            assert (s.score is None and np.isnan(got)) or got == pytest.approx(s.score, abs=1e-12)


def test_a_qualtrics_export_is_scored_by_praxis_rules_with_domains():
    result = score(files.qualtrics_csv(FRAMEWORK, 40, seed=3))
    assert result.ok and result.source == "Qualtrics" and result.respondents == 40
    header, first = result.scores.header, result.scores.rows[0]
    assert first[:2] == ["R_000001", 4]  # data start on row 4, after the three header rows
    grid = rows_of(files.qualtrics_csv(FRAMEWORK, 40, seed=3))[3]
    answers = {}
    for (_column, item), value in zip(files.item_columns(FRAMEWORK), grid[7:], strict=True):
        if value:
            answers[item] = None if value == files.NA_CODE else int(value)
    competencies = score_competencies(STRUCTURE, answers)
    domains = score_domains({d.id: [c.id for c in d.competencies] for d in FRAMEWORK.domains}, competencies)
    for competency, s in competencies.items():
        assert first[header.index(competency)] == (None if s.score is None else round(s.score, 4))
    for domain, d in domains.items():
        assert first[header.index(f"domain: {domain}")] == pytest.approx(d.score, abs=1e-4)


def test_redcap_raw_and_labels_exports_give_the_same_scores():
    raw = score(files.redcap_csv(FRAMEWORK, 30, seed=5))
    labels = score(files.redcap_csv(FRAMEWORK, 30, seed=5, as_labels=True))
    assert raw.ok and labels.ok and raw.source == "REDCap"
    assert raw.scores.rows == labels.scores.rows
    assert raw.scores.rows[0][0] == "1"  # record_id


def test_the_reliability_summary_matches_praxis_scoring_reliability():
    text = files.redcap_csv(FRAMEWORK, 80, seed=9)
    result = score(text)
    row = result.reliability.rows[0]
    assert row[0] == "co-learning" and row[2] == 7
    grid = np.array(rows_of(text)[1:], dtype=object)[:, 2:9]
    matrix = np.array([[float(v) if v not in ("", files.NA_CODE) else np.nan for v in r] for r in grid])
    alpha = praxis_scoring.cronbach_alpha(matrix)
    assert row[3] == alpha.n and row[4] == round(alpha.value, 3)


def test_reliability_is_left_out_below_the_minimum_group_size():
    result = score(files.redcap_csv(FRAMEWORK, 6, seed=1, na=0, blank=0), min_group_size=10)
    assert result.ok
    assert all(row[4] is None and row[7] is None and row[8] is None for row in result.reliability.rows)


def test_a_bad_cell_is_named_by_row_and_column_and_nothing_is_scored():
    text = with_cell(files.qualtrics_csv(FRAMEWORK, 10), 6, "Q3", "=1+2")
    result = score(text)
    assert not result.ok and result.scores is None
    assert messages(result) == [
        "Row 6, column 'Q3': '=1+2' is not an answer this column can hold "
        "(levels 1, 2, 3, 4, 5, or their labels; not applicable: 9, not applicable)."
    ]


@pytest.mark.parametrize("value", ["3.0", "٣", "²", "1e0", "+3", "0", "6", "03", "three", "3 ", "NaN"])
def test_values_that_look_like_numbers_but_are_not_levels_are_refused(value):
    result = score(with_cell(files.redcap_csv(FRAMEWORK, 5), 3, "Q7", value))
    if value == "3 ":
        assert result.ok  # space around a level is trimmed
    else:
        assert [(p.row, p.column) for p in result.problems] == [(3, "Q7")]


def test_labels_and_not_applicable_codes_are_read_whatever_their_case():
    text = with_cell(
        with_cell(files.redcap_csv(FRAMEWORK, 5), 2, "Q1", " not yet "), 3, "Q1", "NOT APPLICABLE"
    )
    assert score(text).ok


def test_at_most_twenty_problems_are_listed_and_the_rest_counted():
    text = files.redcap_csv(FRAMEWORK, 30)
    for row in range(2, 32):
        text = with_cell(text, row, "Q2", "x")
    result = score(text)
    assert len(result.problems) == 20 and result.more_problems == 10


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "The file is empty."),
        (b"\n\n  \n", "The file is empty."),
        ("record_id,Q1\n1,3\n".encode("utf-16"), "The file is UTF-16 text."),
        ("record_id,Q1\n1,Très\n".encode("latin-1"), "Row 2: This is not UTF-8 text"),
        (b"record_id,Q1\x00\n", "Row 1: The file holds a NUL character"),
        (b"record_id," + b"x" * 200_000 + b"\n", "Row 1: This row cannot be read as CSV"),
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
            "Row 2: This is not UTF-8 text",
        ),
        (b"<html><body>Sign in</body></html>", "column 'Q1': The mapping names this column; the file has no"),
    ],
)
def test_malformed_files_are_refused_in_a_sentence(content, expected):
    mapping = "column,item\nQ1,co-learning.build-trust-and-respect\n"
    result = score(content, mapping)
    assert not result.ok
    assert expected in messages(result)[0]


@pytest.mark.parametrize("mapping", [b'"', b'""\n'])
def test_a_mapping_of_text_but_no_record_is_refused_as_empty(mapping):
    result = score("record_id,Q1\n1,3\n", mapping)
    assert not result.ok and "The file is empty." in messages(result)[0]


def test_a_row_with_too_few_cells_and_a_header_without_answers_are_named():
    text = files.redcap_csv(FRAMEWORK, 3).splitlines()
    result = score("\n".join([*text, "4,,3"]))
    assert messages(result) == [f"Row 5: This row has 3 cells; the header has {len(rows_of(text[0])[0])}."]
    assert messages(score(text[0])) == ["The file has a header but no answers."]


def test_a_file_of_very_many_short_rows_is_refused_at_the_row_limit(monkeypatch):
    monkeypatch.setattr(scoring, "MAX_ROWS", 50)
    result = score("record_id,Q1\n" + "1,3\n" * 100)
    assert messages(result) == ["Row 52: The file has more than 50 rows: split it."]


def test_a_mapped_column_that_appears_twice_is_ambiguous():
    text = "record_id,Q1,Q1\n1,3,4\n"
    result = score(text, "column,item\nQ1,co-learning.build-trust-and-respect\n")
    assert messages(result) == [
        "Row 1, column 'Q1': Two columns have this name, so which one is meant is unclear."
    ]


@pytest.mark.parametrize(
    ("mapping", "expected"),
    [
        ("col,key\nQ1,x\n", "Row 1 of the mapping: The header has no 'column' column."),
        (
            "column,item\nQ1,no-such-activity\n",
            "Row 2 of the mapping, column 'item': 'no-such-activity' is not a key",
        ),
        (
            "column,item\n,co-learning.build-trust-and-respect\n",
            "Row 2 of the mapping, column 'column': The survey",
        ),
        (
            "column,item\nQ1,co-learning.build-trust-and-respect\nQ1,co-learning.build-readiness\n",
            "Row 3 of the mapping, column 'column': 'Q1' is mapped already, in row 2.",
        ),
        (
            "column,item\nQ1,co-learning.build-trust-and-respect\nQ2,co-learning.build-trust-and-respect\n",
            "Row 3 of the mapping, column 'item': 'co-learning.build-trust-and-respect' is mapped already",
        ),
        (
            "column,item,labels\nQ1,co-learning.build-trust-and-respect,7=Expert\n",
            "'7=Expert' should read code=label",
        ),
        (
            "column,item,labels\nQ1,co-learning.build-trust-and-respect,Not yet\n",
            "'Not yet' should read code=label",
        ),
        ("column,item,not_applicable\nQ1,co-learning.build-trust-and-respect,3\n", "'3' is already a level"),
        ("column,item\n", "The mapping maps no column"),
    ],
)
def test_mapping_problems_name_their_row_and_column(mapping, expected):
    result = score("record_id,Q1,Q2\n1,3,4\n", mapping)
    assert not result.ok
    assert expected in messages(result)[0]
    assert all(p.file == "mapping" for p in result.problems)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400))
def test_any_file_is_scored_or_refused_never_an_exception(content):
    mapping = "column,item,labels,not_applicable\nQ1,co-learning.build-trust-and-respect,1=A;2=B,9\n"
    for survey in (content, b"record_id,Q1\n" + (content.encode() if isinstance(content, str) else content)):
        result = score(survey, mapping)
        assert result.ok or result.problems
    as_mapping = score("record_id,Q1\n1,3\n", content)  # the mapping side too
    assert as_mapping.ok or as_mapping.problems


def test_the_scores_table_neutralises_a_formula_looking_respondent_id():
    text = with_cell(files.redcap_csv(FRAMEWORK, 3), 2, "record_id", '=HYPERLINK("x")')
    result = score(text)
    assert result.ok
    assert csv_text(result.scores.header, result.scores.rows).splitlines()[1].startswith("\"'=HYPERLINK")
