"""`praxis framework export|import|validate|load` from the command line."""

import csv
import json
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from praxis.core.models import FrameworkVersion
from praxis.framework import bundled_framework, load_framework
from praxis.framework.case_schema import case_problems

MINI = Path("praxis/framework/tests/fixtures/mini-framework.yaml")


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("framework", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_case_to_a_file_validates(tmp_path):
    target = tmp_path / "isp.case.json"
    run("export", "--format", "case", "--output", str(target))
    package = json.loads(target.read_text())
    assert case_problems(package) == []
    assert package["CFDocument"]["title"] == bundled_framework().title


def test_export_moodle_to_stdout_parses_back():
    out, _ = run("export", "--format", "moodle")
    rows = list(csv.reader(StringIO(out)))
    assert rows[0][0] == "Parent ID number" and len(rows[0]) == 14
    assert rows[1][12] == "1"


def test_export_json_loads_as_the_same_framework(tmp_path):
    target = tmp_path / "isp.json"
    run("export", "--format", "json", "-o", str(target))
    assert load_framework(target) == bundled_framework()


def test_export_of_another_framework_file():
    out, _ = run("export", "--format", "json", "--file", str(MINI))
    assert json.loads(out)["id"] == "mini"


def test_export_import_export_is_identical(tmp_path):
    first = tmp_path / "first.json"
    imported = tmp_path / "imported.yaml"
    second = tmp_path / "second.json"
    run("export", "--format", "case", "-o", str(first))
    _, err = run("import", str(first), "-o", str(imported))
    assert "Imported Core competencies for implementation support practitioners" in err
    run("export", "--format", "case", "--file", str(imported), "-o", str(second))
    assert first.read_text() == second.read_text()


def test_validate_ok_for_framework_file_and_case_package(tmp_path):
    out, _ = run("validate", "praxis/framework/data/isp-competencies.yaml")
    assert out.startswith("OK: ") and "15 competencies, 115 key activities" in out
    package = tmp_path / "p.json"
    run("export", "--format", "case", "-o", str(package))
    out, _ = run("validate", str(package))
    assert "is a valid CASE package" in out


def test_validate_lists_every_error_and_exits_1(tmp_path):
    broken = tmp_path / "broken.yaml"
    text = (
        MINI.read_text()
        .replace("        name: Planning\n", "")
        .replace("            title: Kinds of plan\n", "")
    )
    broken.write_text(text)
    with pytest.raises(CommandError) as caught:
        run("validate", str(broken))
    assert caught.value.returncode == 1
    assert "2 problems found" in str(caught.value)


def test_validate_problem_lines_name_file_and_path(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(MINI.read_text().replace("        name: Planning\n", ""))
    with pytest.raises(CommandError) as caught:
        run("validate", str(broken))
    # one problem is the error itself: one line, not the line and a count
    assert str(caught.value) == f"{broken}: domains[craft].competencies[planning]: missing 'name'"


def test_several_problems_are_listed_then_counted(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(MINI.read_text().replace("        name: Planning\n", "").replace("name: Reviewing", ""))
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("framework", "validate", str(broken), stdout=StringIO(), stderr=err)
    assert str(caught.value) == f"2 problems found in {broken}."
    assert all(line.startswith(f"{broken}: ") for line in err.getvalue().splitlines())


def test_import_of_malformed_json_writes_nothing(tmp_path):
    source = tmp_path / "bad.json"
    source.write_text("{not json")
    target = tmp_path / "out.yaml"
    with pytest.raises(CommandError):
        run("import", str(source), "-o", str(target))
    assert not target.exists()


def test_import_of_json_that_is_not_case_is_refused(tmp_path):
    source = tmp_path / "other.json"
    source.write_text(json.dumps({"CFItems": []}))
    with pytest.raises(CommandError) as caught:
        run("import", str(source))
    assert "'CFDocument' is a required property" in str(caught.value)


@pytest.mark.django_db
def test_load_records_the_framework_once():
    out, _ = run("load")
    assert out.startswith("Loaded ")
    out, _ = run("load")
    assert out.startswith("Already loaded:")
    version = FrameworkVersion.objects.get()
    assert version.framework_key == "isp-competencies"
    assert version.content["domains"][0]["name"] == "Co-creation and engagement"


def test_a_long_list_of_problems_is_cut_short(tmp_path):
    data = yaml.safe_load(MINI.read_text())
    data["principles"] += [{"id": f"extra-{n}"} for n in range(150)]  # each lacks its fields
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(data))
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("framework", "validate", str(broken), stdout=StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert str(caught.value) == f"150 problems found in {broken}."
    assert len(lines) == 101 and lines[-1] == f"{broken}: … and 50 more"
