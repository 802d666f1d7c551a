"""CASE 1.0 export validates against the 1EdTech schema and survives a round trip."""

import re
from collections import Counter, defaultdict

import pytest

from praxis.framework import bundled_framework, load_framework, parse_framework
from praxis.framework.case import CaseImportError, case_to_data, to_case
from praxis.framework.case_schema import case_problems

from .conftest import MINI

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


@pytest.fixture(scope="module")
def package():
    return to_case(bundled_framework())


def test_package_validates_against_case_schema(package):
    assert case_problems(package) == []


def test_schema_check_catches_a_broken_package(package):
    broken = dict(package, CFDocument={k: v for k, v in package["CFDocument"].items() if k != "title"})
    assert any("'title' is a required property" in p for p in case_problems(broken))


def test_identifiers_are_stable_lowercase_uuids(package):
    again = to_case(bundled_framework())
    assert again == package
    identifiers = [package["CFDocument"]["identifier"]] + [i["identifier"] for i in package["CFItems"]]
    identifiers += [a["identifier"] for a in package["CFAssociations"]]
    assert all(UUID.match(i) for i in identifiers)
    assert len(identifiers) == len(set(identifiers))


def test_item_types_cover_the_framework(package):
    types = Counter(item["CFItemType"] for item in package["CFItems"])
    assert types["Principle"] == 6
    assert types["Domain"] == 3
    assert types["Competency"] == 15
    assert types["Key activity"] == 117  # 115 plus two nested sub-points
    declared = {t["title"] for t in package["CFDefinitions"]["CFItemTypes"]}
    assert set(types) == declared


def test_tree_is_given_by_is_child_of_with_sequence_numbers(package):
    parents = defaultdict(list)
    siblings = defaultdict(list)
    for association in package["CFAssociations"]:
        if association["associationType"] == "isChildOf":
            child = association["originNodeURI"]["identifier"]
            parent = association["destinationNodeURI"]["identifier"]
            parents[child].append(parent)
            siblings[parent].append(association["sequenceNumber"])
    assert all(len(p) == 1 for p in parents.values())
    assert {i["identifier"] for i in package["CFItems"]} == set(parents)
    for numbers in siblings.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))
    top = siblings[package["CFDocument"]["identifier"]]
    assert len(top) == 6 + 3  # principles and domains hang from the document


def test_scale_travels_as_a_rubric_per_competency(package):
    [rubric] = package["CFRubrics"]
    assert len(rubric["CFRubricCriteria"]) == 15
    levels = rubric["CFRubricCriteria"][0]["CFRubricCriterionLevels"]
    assert [level["quality"] for level in levels] == [
        "Not yet",
        "Emerging",
        "Developing",
        "Proficient",
        "Advanced",
        "Not applicable to my role",
    ]
    assert "score" not in levels[-1]  # not applicable is never a number


def test_export_import_export_is_identical(package):
    reimported = parse_framework(case_to_data(package), "package.json")
    assert to_case(reimported) == package
    assert reimported.domains == bundled_framework().domains
    assert reimported.scale == bundled_framework().scale


def test_small_framework_round_trips_too():
    mini = load_framework(MINI)
    package = to_case(mini)
    assert case_problems(package) == []
    assert to_case(parse_framework(case_to_data(package))) == package


def test_import_without_a_rubric_says_why(package):
    without = {k: v for k, v in package.items() if k != "CFRubrics"}
    with pytest.raises(CaseImportError, match="no CFRubrics"):
        case_to_data(without)


def test_import_of_a_non_package_says_why():
    with pytest.raises(CaseImportError, match="missing 'CFDocument'"):
        case_to_data({"hello": "world"})
