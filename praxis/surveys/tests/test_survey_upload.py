"""The upload page and `praxis score-survey` do the same thing, and write nothing when anything is wrong."""

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from praxis.core.frameworks import current_framework
from praxis.surveys import forms
from praxis.surveys.scoring import score_survey

from . import files

FRAMEWORK = current_framework()
URL = reverse("surveys:score")


def upload(name, content):
    return SimpleUploadedFile(name, content.encode() if isinstance(content, str) else content, "text/csv")


def post(client, survey, mapping=None, file_format="csv"):
    return client.post(
        URL,
        {
            "survey": upload("survey.csv", survey),
            "mapping": upload("mapping.csv", mapping or files.mapping_csv(FRAMEWORK)),
            "format": file_format,
        },
    )


@pytest.mark.django_db
def test_a_lead_uploads_a_qualtrics_export_and_downloads_scores_and_reliability(client, lena):
    client.force_login(lena)
    survey = files.qualtrics_csv(FRAMEWORK, 25, seed=2)
    response = post(client, survey)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["README.txt", "survey-reliability.csv", "survey-scores.csv"]
    rows = list(csv.reader(io.StringIO(archive.read("survey-scores.csv").decode())))
    expected = score_survey(survey, files.mapping_csv(FRAMEWORK), FRAMEWORK).scores
    assert rows[0] == expected.header and len(rows) == 26
    assert rows[1][:3] == ["R_000001", "4", str(expected.rows[0][2])]
    assert "Qualtrics, 25 respondents" in archive.read("README.txt").decode()


@pytest.mark.django_db
def test_xlsx_downloads_hold_both_tables_as_workbooks(client, lena):
    client.force_login(lena)
    response = post(client, files.redcap_csv(FRAMEWORK, 12), file_format="xlsx")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    book = load_workbook(io.BytesIO(archive.read("survey-scores.xlsx")))
    assert book.active.max_row == 13 and book.active["A1"].value == "respondent"
    assert "survey-reliability.xlsx" in archive.namelist()


@pytest.mark.django_db
def test_a_bad_row_is_shown_beside_the_survey_field_and_nothing_is_downloaded(client, lena):
    client.force_login(lena)
    rows = files.qualtrics_csv(FRAMEWORK, 5).splitlines()
    rows[5] = rows[5].replace(",R_000003,,", ",R_000003,,seven", 1)
    response = post(client, "\n".join(rows))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    errors = response.context["form"].errors
    assert list(errors) == ["survey"]
    assert errors["survey"][0].startswith("Row 6, column 'Q1': 'seven3' is not an answer")
    assert b"Row 6, column" in response.content


@pytest.mark.django_db
def test_mapping_problems_are_shown_beside_the_mapping_field(client, lena):
    client.force_login(lena)
    response = post(client, files.redcap_csv(FRAMEWORK, 3), mapping="column,item\nQ1,nope\n")
    assert list(response.context["form"].errors) == ["mapping"]


@pytest.mark.django_db
def test_an_upload_over_the_size_cap_is_refused_before_it_is_read(client, lena, monkeypatch):
    monkeypatch.setattr(forms, "SURVEY_MAX_BYTES", 1000)
    client.force_login(lena)
    response = post(client, files.redcap_csv(FRAMEWORK, 20))
    assert "the page takes files up to" in response.context["form"].errors["survey"][0]


@pytest.mark.django_db
def test_hostile_uploads_never_give_a_500(client, lena):
    client.force_login(lena)
    for content in [b"", b"\xff\xfe\x00\x00", b"\x00" * 100, b"a,b\n" * 50_000, "é".encode("latin-1") * 10]:
        response = post(client, content, mapping=content or b"x")
        assert response.status_code == 200 and response.context["form"].errors
    assert client.post(URL, {"survey": "not a file", "mapping": "", "format": "pdf"}).status_code == 200


@pytest.mark.django_db
def test_only_leads_may_score_surveys(client, alice):
    client.force_login(alice)
    assert client.get(URL).status_code == 403
    assert post(client, files.redcap_csv(FRAMEWORK, 3)).status_code == 403
    assert client.get(reverse("surveys:mapping_template")).status_code == 403


@pytest.mark.django_db
def test_the_mapping_template_lists_every_key_activity(client, lena):
    client.force_login(lena)
    rows = list(csv.reader(io.StringIO(client.get(reverse("surveys:mapping_template")).content.decode())))
    assert len(rows) == 1 + sum(len(c.key_activities) for c in FRAMEWORK.competencies)
    assert rows[1][1] == FRAMEWORK.competencies[0].key_activities[0].id


def test_the_command_writes_scores_and_reliability_beside_each_other(tmp_path):
    (tmp_path / "survey.csv").write_text(files.redcap_csv(FRAMEWORK, 30, as_labels=True))
    (tmp_path / "map.csv").write_text(files.mapping_csv(FRAMEWORK))
    out = io.StringIO()
    call_command(
        "score-survey",
        str(tmp_path / "survey.csv"),
        mapping=str(tmp_path / "map.csv"),
        output=str(tmp_path / "scores.xlsx"),
        stdout=out,
    )
    assert "Scored 30 respondents (REDCap)" in out.getvalue()
    assert load_workbook(tmp_path / "scores.xlsx").active.max_row == 31
    assert load_workbook(tmp_path / "scores-reliability.xlsx").active["A2"].value == "co-learning"


def test_the_command_names_every_problem_and_writes_nothing(tmp_path):
    rows = files.redcap_csv(FRAMEWORK, 5).splitlines()
    rows[2] = rows[2].replace(",,", ",,=cmd|' /C calc'!A0", 1)
    (tmp_path / "survey.csv").write_text("\n".join(rows))
    (tmp_path / "map.csv").write_text(files.mapping_csv(FRAMEWORK))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was written: 1 problem"):
        call_command(
            "score-survey",
            str(tmp_path / "survey.csv"),
            mapping=str(tmp_path / "map.csv"),
            output=str(tmp_path / "scores.csv"),
            stderr=err,
        )
    assert "survey.csv: Row 3, column 'Q1'" in err.getvalue()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.csv", "survey.csv"]
