"""The coverage matrix page and its exports; the mapping exported, its template, and imported."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from praxis.programmes.models import ModuleMapping

pytestmark = pytest.mark.django_db

HEADER = "module,competency,key activity,level,assessed\n"


def upload(text, name="mapping.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def xlsx_upload(rows, name="mapping.xlsx"):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


@pytest.fixture
def mapped(modules):
    first, second, third = modules
    ModuleMapping.objects.create(module=first, competency_id="co-learning", level=2)
    ModuleMapping.objects.create(module=second, competency_id="co-learning", level=0)
    ModuleMapping.objects.create(module=first, competency_id="brokering", level=0)
    ModuleMapping.objects.create(module=second, competency_id="co-design", level=0, assessed=True)
    ModuleMapping.objects.create(module=third, competency_id="co-design", level=1)
    return modules


def test_coverage_page_shows_levels_as_text_and_every_kind_of_gap_in_words(client, alice, programme, mapped):
    ModuleMapping.objects.filter(module=mapped[2]).delete()
    client.force_login(alice)
    page = client.get(reverse("programmes:coverage", args=[programme.pk])).content.decode()
    assert "Co-learning reaches mastered in 1. Foundations before it is introduced in 2. Practice." in page
    assert "Brokering is addressed, but no module takes it beyond introduced." in page
    assert "Tailoring support is not addressed by any module." in page
    assert "3. Capstone is mapped to no competency." in page
    assert "Introduced, assessed here" in page
    assert '<th scope="rowgroup"' in page


def test_coverage_page_runs_a_fixed_number_of_queries(
    client, alice, programme, mapped, django_assert_max_num_queries
):
    client.force_login(alice)
    with django_assert_max_num_queries(12):
        client.get(reverse("programmes:coverage", args=[programme.pk]))


def test_coverage_exports_as_csv_and_xlsx_with_the_same_cells(client, alice, programme, mapped):
    client.force_login(alice)
    url = reverse("programmes:coverage", args=[programme.pk])
    rows = list(csv.reader(io.StringIO(client.get(url + "?format=csv").content.decode())))
    assert rows[0] == ["Domain", "Competency", "1. Foundations", "2. Practice", "3. Capstone", "Gaps"]
    co_learning = next(r for r in rows if r[1] == "Co-learning")
    assert co_learning[2:5] == ["Mastered", "Introduced", ""]
    assert co_learning[5] == "mastered before introduced"
    response = client.get(url + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))][:3] == [
        "Co-creation and engagement",
        "Co-learning",
        "Mastered",
    ]
    assert client.get(url + "?format=pdf").status_code == 404


def test_exported_mapping_imports_back_to_the_same_mapping(client, alice, programme, mapped):
    client.force_login(alice)
    before = set(
        ModuleMapping.objects.values_list("module_id", "competency_id", "activity_id", "level", "assessed")
    )
    exported = client.get(reverse("programmes:mapping_export", args=[programme.pk]) + "?format=xlsx").content
    ModuleMapping.objects.all().delete()
    response = client.post(
        reverse("programmes:mapping_import", args=[programme.pk]),
        {"file": SimpleUploadedFile("m.xlsx", exported)},
    )
    assert response.status_code == 302
    after = set(
        ModuleMapping.objects.values_list("module_id", "competency_id", "activity_id", "level", "assessed")
    )
    assert after == before


def test_import_with_one_bad_row_changes_nothing_and_names_the_row_and_column(
    client, alice, programme, mapped
):
    client.force_login(alice)
    before = ModuleMapping.objects.count()
    text = (
        HEADER
        + "Foundations,co-learning,,Introduced,yes\n"
        + "Practice,Co-design,co-design.build-intervention-fit,Reinforced,no\n"
        + "Capstone,brokering,,Expert,no\n"
    )
    response = client.post(reverse("programmes:mapping_import", args=[programme.pk]), {"file": upload(text)})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Nothing was imported: 1 problem" in page
    assert "<td>4</td><td>level</td>" in page
    assert (
        "“Expert” is not a level of this programme&#x27;s scale (Introduced, Reinforced, Mastered)." in page
    )
    assert ModuleMapping.objects.count() == before


def test_import_replaces_the_whole_mapping_once_the_file_is_right(client, alice, programme, mapped):
    client.force_login(alice)
    text = (
        HEADER
        + "Foundations,co-learning,,introduced,YES\n"
        + "Practice,Co-design,co-design.build-intervention-fit,Reinforced,\n"
    )
    response = client.post(reverse("programmes:mapping_import", args=[programme.pk]), {"file": upload(text)})
    assert response.status_code == 302
    assert set(
        ModuleMapping.objects.values_list("module__name", "competency_id", "activity_id", "level", "assessed")
    ) == {
        ("Foundations", "co-learning", "", 0, True),
        ("Practice", "co-design", "co-design.build-intervention-fit", 1, False),
    }


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("Nowhere,co-learning,,Introduced,no", "module", "No module is called “Nowhere”"),
        ("Foundations,juggling,,Introduced,no", "competency", "“juggling” is not a competency"),
        (
            "Foundations,co-learning,brokering.act-as-bridge,Introduced,no",
            "key activity",
            "not a key activity of Co-learning",
        ),
        ("Foundations,co-learning,,Introduced,maybe", "assessed", "Write yes or no"),
        ("Foundations,co-learning,,,no", "level", "Choose a level"),
    ],
)
def test_each_bad_cell_is_named(client, alice, programme, modules, row, column, words):
    client.force_login(alice)
    response = client.post(
        reverse("programmes:mapping_import", args=[programme.pk]), {"file": upload(HEADER + row + "\n")}
    )
    page = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 422
    assert f"<td>2</td><td>{column}</td>" in page
    assert words in page
    assert not ModuleMapping.objects.exists()


def test_a_repeated_row_is_named_with_the_row_it_repeats(client, alice, programme, modules):
    client.force_login(alice)
    text = HEADER + "Foundations,co-learning,,Introduced,no\nFoundations,Co-learning,,Mastered,no\n"
    page = client.post(
        reverse("programmes:mapping_import", args=[programme.pk]), {"file": upload(text)}
    ).content.decode()
    assert "This repeats row 2" in page


def test_a_missing_column_is_named(client, alice, programme, modules):
    client.force_login(alice)
    page = client.post(
        reverse("programmes:mapping_import", args=[programme.pk]),
        {"file": upload("module,competency\nFoundations,co-learning\n")},
    ).content.decode()
    assert "The header row needs the column level" in page


def test_xlsx_import_reads_columns_in_any_order(client, alice, programme, modules):
    client.force_login(alice)
    file = xlsx_upload(
        [["Level", "Competency", "Module", "Assessed"], ["Mastered", "Co-design", "Capstone", "yes"]]
    )
    response = client.post(reverse("programmes:mapping_import", args=[programme.pk]), {"file": file})
    assert response.status_code == 302
    assert ModuleMapping.objects.get().level == 2


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04not really a zip", b"\xff\xfe\x00m\x00o", b"module,competency\x00,level\n"],
)
def test_a_file_that_is_not_a_mapping_is_refused_with_words(client, alice, programme, modules, content):
    client.force_login(alice)
    response = client.post(
        reverse("programmes:mapping_import", args=[programme.pk]),
        {"file": SimpleUploadedFile("x.csv", content)},
    )
    assert response.status_code == 422
    assert "Nothing was imported" in response.content.decode() or "file" in response.content.decode()
    assert not ModuleMapping.objects.exists()


def test_template_downloads_with_the_programmes_levels(client, alice, programme, modules):
    client.force_login(alice)
    text = client.get(
        reverse("programmes:mapping_template", args=[programme.pk]) + "?format=csv"
    ).content.decode()
    assert text.splitlines()[0] == "module,competency,key activity,level,assessed"
    assert "Foundations,co-learning,,Introduced,no" in text


def test_a_formula_in_a_module_name_is_exported_as_text_and_reads_back(client, alice, programme, modules):
    modules[0].name = "=HYPERLINK(1)"
    modules[0].save()
    ModuleMapping.objects.create(module=modules[0], competency_id="co-learning", level=0)
    client.force_login(alice)
    exported = client.get(reverse("programmes:mapping_export", args=[programme.pk]) + "?format=csv").content
    assert b"'=HYPERLINK(1)" in exported
    ModuleMapping.objects.all().delete()
    response = client.post(
        reverse("programmes:mapping_import", args=[programme.pk]),
        {"file": SimpleUploadedFile("m.csv", exported)},
    )
    assert response.status_code == 302
    assert ModuleMapping.objects.get().module == modules[0]


def test_tutor_cannot_import(client, bob, programme, modules):
    client.force_login(bob)
    assert client.get(reverse("programmes:mapping_import", args=[programme.pk])).status_code == 403
    response = client.post(
        reverse("programmes:mapping_import", args=[programme.pk]),
        {"file": upload(HEADER + "Foundations,co-learning,,Introduced,no\n")},
    )
    assert response.status_code == 403
    assert not ModuleMapping.objects.exists()
