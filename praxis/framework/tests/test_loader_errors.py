"""Every loader error names the file, the path inside it and what is wrong."""

import pytest
import yaml

from praxis.framework import FrameworkError, load_framework, parse_framework


def problems_for(data, name="test.yaml") -> list[str]:
    with pytest.raises(FrameworkError) as caught:
        parse_framework(data, name)
    return [str(p) for p in caught.value.problems]


def competency(data, index=0):
    return data["domains"][0]["competencies"][index]


def test_missing_file_is_reported_by_name(tmp_path):
    with pytest.raises(FrameworkError, match=r"nowhere\.yaml: file not found"):
        load_framework(tmp_path / "nowhere.yaml")


def test_invalid_yaml_reports_the_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("id: x\ndomains: [unclosed\n")
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    message = str(caught.value)
    assert "broken.yaml: line" in message and "not valid YAML" in message


def test_invalid_json_reports_the_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"id": "x",\n "domains": }')
    with pytest.raises(FrameworkError, match=r"broken\.json: line 2: is not valid JSON"):
        load_framework(path)


def test_top_level_must_be_a_mapping(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- just\n- a list\n")
    with pytest.raises(FrameworkError, match="mapping at the top level"):
        load_framework(path)


def test_missing_name_names_the_competency(mini_data):
    del competency(mini_data)["name"]
    assert problems_for(mini_data) == ["test.yaml: domains[craft].competencies[planning]: missing 'name'"]


def test_empty_key_activity_list_is_an_error(mini_data):
    competency(mini_data, 1)["key_activities"] = []
    assert problems_for(mini_data) == [
        "test.yaml: domains[craft].competencies[reviewing].key_activities: must not be empty"
    ]


def test_duplicate_id_names_both_places(mini_data):
    competency(mini_data, 1)["key_activities"][0]["id"] = "planning.review"
    [problem] = problems_for(mini_data)
    assert "domains[craft].competencies[reviewing].key_activities[planning.review].id" in problem
    assert "duplicate id 'planning.review'" in problem
    assert "first used at domains[craft].competencies[planning].key_activities[planning.review]" in problem


def test_unknown_principle_reference(mini_data):
    competency(mini_data)["principles"] = ["listen", "shout"]
    assert problems_for(mini_data) == [
        "test.yaml: domains[craft].competencies[planning].principles[1]: unknown principle 'shout'"
    ]


def test_unknown_resource_category(mini_data):
    mini_data["resources"][0]["category"] = "films"
    assert problems_for(mini_data) == [
        "test.yaml: resources[handbook].category: unknown resource category 'films'"
    ]


def test_sublist_must_elaborate_its_own_key_activity(mini_data):
    competency(mini_data)["sublists"][0]["elaborates"] = "reviewing.look-back"
    [problem] = problems_for(mini_data)
    assert "sublists[planning.kinds].elaborates" in problem
    assert "'reviewing.look-back' is not a key activity of 'planning'" in problem


def test_scale_without_a_proficient_level(mini_data):
    for level in mini_data["scale"]["levels"]:
        level.pop("proficient", None)
    assert problems_for(mini_data) == [
        "test.yaml: scale.levels: no level is marked proficient: mark at least one with 'proficient: true'"
    ]


def test_scale_values_must_rise(mini_data):
    mini_data["scale"]["levels"][1]["value"] = 1
    assert "level values must rise strictly" in problems_for(mini_data)[0]


def test_proficient_levels_must_be_the_top_ones(mini_data):
    mini_data["scale"]["levels"][0]["proficient"] = True
    assert "proficient levels must be the highest ones" in problems_for(mini_data)[0]


def test_not_applicable_cannot_be_a_number(mini_data):
    mini_data["scale"]["not_applicable"]["value"] = 0
    [problem] = problems_for(mini_data)
    assert problem.startswith("test.yaml: scale.not_applicable: has an unknown field")


def test_retired_ids_cannot_be_reused(mini_data):
    mini_data["retired_ids"] = ["planning.review"]
    [problem] = problems_for(mini_data)
    assert "id 'planning.review' is retired and may not be used again" in problem


def test_ids_must_be_slugs(mini_data):
    competency(mini_data)["id"] = "Planning Stuff"
    problems = problems_for(mini_data)
    assert any("'Planning Stuff' is not a valid id" in p for p in problems)


def test_questions_must_be_numbered_in_order(mini_data):
    mini_data["reflective_questions"][0]["number"] = 2
    assert problems_for(mini_data) == [
        "test.yaml: reflective_questions: questions must be numbered 1, 2, 3 … in order"
    ]


def test_all_problems_are_reported_at_once(mini_data):
    del competency(mini_data)["name"]
    competency(mini_data, 1)["key_activities"] = []
    mini_data["title"] = ""
    assert len(problems_for(mini_data)) == 3


def test_yaml_and_json_files_load_the_same(tmp_path, mini_data):
    import json

    (tmp_path / "f.yaml").write_text(yaml.safe_dump(mini_data))
    (tmp_path / "f.json").write_text(json.dumps(mini_data))
    assert load_framework(tmp_path / "f.yaml") == load_framework(tmp_path / "f.json")


def test_an_observer_description_needs_its_text_and_its_source(mini_data):
    competency(mini_data)["observer_description"] = {"text": "They plan well."}
    competency(mini_data, 1)["observer_description"] = "They review."
    problems = problems_for(mini_data)
    assert len(problems) == 2
    assert "competencies[planning].observer_description" in problems[0] and "'source'" in problems[0]
    assert "competencies[reviewing].observer_description" in problems[1]


def test_an_observer_description_is_read_with_its_source(mini_data):
    competency(mini_data)["observer_description"] = {"text": " They plan well. ", "source": "Planning"}
    planning = parse_framework(mini_data, "test.yaml").competency("planning")
    assert (planning.observer_description, planning.observer_source) == ("They plan well.", "Planning")
    assert planning.for_observer == "They plan well."
