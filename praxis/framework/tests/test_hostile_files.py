"""Hostile framework files and CASE packages are refused with one clear problem, never a traceback.

Every file here is generated: deep nesting, billion laughs, oversized, too many values, CASE
packages whose isChildOf links form a cycle, leave items unattached or hold too many items.
"""

import json
import os
from pathlib import Path

import pytest

from praxis.framework import FrameworkError, load_framework
from praxis.framework.case import CaseImportError, case_size_problem, case_to_data, to_case
from praxis.framework.case_schema import case_problems
from praxis.framework.limits import MAX_BYTES, MAX_CASE_ITEMS, MAX_DEPTH, MAX_VALUES
from praxis.framework.loader import read_data

from .conftest import MINI

BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{b}: &{b} [" + ",".join([f"*{a}"] * 9) + "]" for a, b in zip("abcdefgh", "bcdefghi", strict=True)]
)


def only_problem(path, **kwargs) -> str:
    """The single problem reading ``path`` gives, as the one line the command prints."""
    with pytest.raises(FrameworkError) as caught:
        read_data(path, **kwargs)
    [problem] = caught.value.problems
    return str(problem)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def nested_yaml(depth: int) -> str:
    return "a: " + "[" * (depth - 1) + "]" * (depth - 1) + "\n"  # the top mapping is level 1


def nested_json(depth: int) -> str:
    return '{"a": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}"


# -- nesting ----------------------------------------------------------------------------------


@pytest.mark.parametrize("maker, suffix", [(nested_yaml, ".yaml"), (nested_json, ".json")])
def test_nesting_up_to_the_limit_is_read(tmp_path, maker, suffix):
    data = read_data(write(tmp_path, f"ok{suffix}", maker(MAX_DEPTH)))
    depth, node = 2, data["a"]  # the top mapping, then the outer list
    while node:
        depth, node = depth + 1, node[0]
    assert depth == MAX_DEPTH


def test_yaml_one_level_too_deep_names_the_line(tmp_path):
    path = write(tmp_path, "deep.yaml", nested_yaml(MAX_DEPTH + 1))
    assert only_problem(path) == f"{path}: line 1: is nested more than {MAX_DEPTH} levels deep"


def test_deep_block_yaml_names_the_line(tmp_path):
    path = write(tmp_path, "deep.yaml", "".join(" " * i + "- \n" for i in range(1_000)))
    assert only_problem(path) == f"{path}: line {MAX_DEPTH + 1}: is nested more than {MAX_DEPTH} levels deep"


def test_yaml_nested_far_beyond_the_recursion_limit(tmp_path):
    path = write(tmp_path, "deep.yaml", nested_yaml(100_000))
    assert only_problem(path).endswith(f"is nested more than {MAX_DEPTH} levels deep")


def test_json_one_level_too_deep_names_the_path(tmp_path):
    path = write(tmp_path, "deep.json", nested_json(MAX_DEPTH + 1))
    assert only_problem(path) == f"{path}: a[0][0][0]…: is nested more than {MAX_DEPTH} levels deep"


def test_json_nested_beyond_the_recursion_limit(tmp_path):
    path = write(tmp_path, "deep.json", nested_json(20_000))  # json.loads would raise RecursionError
    assert only_problem(path) == f"{path}: is nested more than {MAX_DEPTH} levels deep"


# -- aliases ------------------------------------------------------------------------------------


def test_billion_laughs_is_refused_at_the_first_anchor(tmp_path):
    path = write(tmp_path, "laughs.yaml", BILLION_LAUGHS)
    assert only_problem(path) == (
        f"{path}: line 1: defines the anchor &a: YAML anchors and aliases are not allowed"
    )


def test_an_alias_is_refused(tmp_path):
    path = write(tmp_path, "alias.yaml", "id: x\ntitle: *name\n")
    assert only_problem(path) == (
        f"{path}: line 2: uses the alias *name: YAML anchors and aliases are not allowed"
    )


# -- size -------------------------------------------------------------------------------------


def test_default_size_limit_is_5_mb():
    assert MAX_BYTES == 5_000_000


def test_oversized_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.yaml"
    with path.open("wb") as stream:  # sparse: 70 MB on paper, nothing on disc
        stream.truncate(70_000_000)
    assert only_problem(path) == f"{path}: is 70,000,000 bytes, more than the limit of 5,000,000 bytes"


def test_size_limit_is_a_parameter(tmp_path):
    path = write(tmp_path, "small.yaml", "id: x\n" + "# padding\n" * 20)
    assert read_data(path, 1_000) == {"id": "x"}
    assert only_problem(path, max_bytes=100).endswith("more than the limit of 100 bytes")
    with pytest.raises(FrameworkError, match="more than the limit of 100 bytes"):
        load_framework(path, 100)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_endless_file_reads_only_up_to_the_limit():
    assert only_problem("/dev/zero", max_bytes=1_000) == "/dev/zero: has more than the limit of 1,000 bytes"


# -- number of values -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, text",
    [
        ("block.yaml", "items:\n" + "- a\n" * MAX_VALUES),
        ("flow.yaml", "items: [" + "1," * MAX_VALUES + "1]\n"),
        ("list.json", '{"items": [' + "1," * MAX_VALUES + "1]}"),
        ("maps.json", '{"items": [' + "{}," * (2 * MAX_VALUES) + "{}]}"),  # refused before parsing
    ],
)
def test_too_many_values_are_refused(tmp_path, name, text):
    path = write(tmp_path, name, text)
    assert only_problem(path).endswith(f"has more than {MAX_VALUES:,} values (mappings, lists and scalars)")


# -- values YAML's types cannot hold ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, message",
    [("a: 2024-13-45\n", "month must be in 1..12"), ("a: " + "9" * 5_000 + "\n", "Exceeds the limit")],
)
def test_impossible_values_are_problems_not_tracebacks(tmp_path, text, message):
    problem = only_problem(write(tmp_path, "odd.yaml", text))
    assert "is not valid YAML" in problem and message in problem


def test_the_bundled_framework_still_loads_identically():
    import yaml

    from praxis.framework.loader import BUNDLED_FRAMEWORK

    assert read_data(BUNDLED_FRAMEWORK) == yaml.safe_load(BUNDLED_FRAMEWORK.read_text(encoding="utf-8"))


# -- CASE packages --------------------------------------------------------------------------------


@pytest.fixture
def package():
    return to_case(load_framework(MINI))


def competency_of(package) -> str:
    return next(i["identifier"] for i in package["CFItems"] if i["CFItemType"] == "Competency")


def item(package, n: int) -> dict:
    return {
        "identifier": f"00000000-0000-4000-8000-{n:012d}",
        "uri": f"https://praxis.invalid/case/CFItems/{n}",
        "fullStatement": f"Item {n}",
        "CFItemType": "Key activity",
        "lastChangeDateTime": package["CFDocument"]["lastChangeDateTime"],
    }


def child_of(package, n: int, child: str, parent: str) -> dict:
    def link(identifier):
        return {"title": "x", "identifier": identifier, "uri": f"https://praxis.invalid/{identifier}"}

    return {
        "identifier": f"10000000-0000-4000-8000-{n:012d}",
        "associationType": "isChildOf",
        "uri": f"https://praxis.invalid/case/CFAssociations/{n}",
        "originNodeURI": link(child),
        "destinationNodeURI": link(parent),
        "lastChangeDateTime": package["CFDocument"]["lastChangeDateTime"],
    }


def add(package, count: int, parents) -> list[str]:
    """``count`` new items, item n the child of ``parents(ids, n)`` (None: unattached)."""
    new = [item(package, n) for n in range(count)]
    ids = [i["identifier"] for i in new]
    package["CFItems"] += new
    for n in range(count):
        parent = parents(ids, n)
        if parent is not None:
            package["CFAssociations"].append(child_of(package, n, ids[n], parent))
    return ids


def only_case_problem(package) -> str:
    assert case_problems(package) == []  # sound by the schema: the trouble is in the tree
    with pytest.raises(CaseImportError) as caught:
        case_to_data(package)
    [problem] = caught.value.problems
    return problem


def test_cycle_is_reported_with_its_ids(package):
    a, b, c = add(package, 3, lambda ids, n: ids[(n + 1) % 3])
    assert only_case_problem(package) == (
        f"CFAssociations: isChildOf links form a cycle of 3 items: {a} → {b} → {c} → {a}"
    )


def test_item_its_own_parent_is_a_cycle(package):
    [a] = add(package, 1, lambda ids, n: ids[n])
    assert only_case_problem(package) == f"CFAssociations: isChildOf links form a cycle of 1 items: {a} → {a}"


def test_long_cycle_shows_five_ids(package):
    ids = add(package, 2_000, lambda ids, n: ids[(n + 1) % len(ids)])
    problem = only_case_problem(package)
    assert problem == (
        "CFAssociations: isChildOf links form a cycle of 2,000 items: " + " → ".join(ids[:5]) + " → …"
    )


def test_orphans_are_counted_and_some_named(package):
    ids = add(package, 7, lambda ids, n: None)
    assert only_case_problem(package) == (
        "CFItems: 7 items are not attached to the document by isChildOf: "
        + ", ".join(ids[:5])
        + " and 2 more"
    )


def test_items_hanging_from_an_unknown_parent_are_orphans(package):
    [a] = add(package, 1, lambda ids, n: "20000000-0000-4000-8000-000000000000")
    assert only_case_problem(package) == f"CFItems: 1 item is not attached to the document by isChildOf: {a}"


def test_item_with_two_parents_is_refused(package):
    [a] = add(package, 1, lambda ids, n: competency_of(package))
    package["CFAssociations"].append(child_of(package, 99, a, package["CFDocument"]["identifier"]))
    assert only_case_problem(package) == (
        "CFAssociations: 1 items are the child (isChildOf) of more than one parent, "
        f"which Praxis cannot place: {a}"
    )


def test_too_deep_a_tree_is_refused(package):
    top = competency_of(package)
    ids = add(package, 1_000, lambda ids, n: ids[n - 1] if n else top)
    problem = only_case_problem(package)
    assert problem == f"CFItems: nested more than {MAX_DEPTH} levels deep at {ids[MAX_DEPTH - 2]}"


def test_too_many_items_are_refused_before_the_schema_check(package):
    add(package, MAX_CASE_ITEMS, lambda ids, n: None)
    message = f"CFItems: has {len(package['CFItems']):,} entries; at most {MAX_CASE_ITEMS:,} are accepted"
    assert case_size_problem(package) == message
    assert case_problems(package) == [message]
    with pytest.raises(CaseImportError, match="at most 3,000 are accepted"):
        case_to_data(package)


def test_generated_package_of_200_000_unattached_items_is_refused(tmp_path, package):
    package["CFItems"] += [{"identifier": str(n), "fullStatement": "x"} for n in range(200_000)]
    path = write(tmp_path, "many.json", json.dumps(package))
    assert os.path.getsize(path) < MAX_BYTES * 2
    problem = only_problem(path, max_bytes=MAX_BYTES * 2)
    assert problem == f"{path}: has more than {MAX_VALUES:,} values (mappings, lists and scalars)"


def test_a_sound_package_still_imports(package):
    add(package, 3, lambda ids, n: competency_of(package))
    assert case_to_data(package)["domains"]
