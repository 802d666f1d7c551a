"""Any framework in Praxis's format loads and exports through the same code as the ISP one."""

from praxis.framework import load_framework
from praxis.framework.serialise import framework_to_data

from .conftest import MINI


def test_small_framework_loads_with_lookups():
    framework = load_framework(MINI)
    assert [c.name for c in framework.competencies] == ["Planning", "Reviewing"]
    planning = framework.competency("planning")
    assert [a.id for a in planning.all_key_activities()] == [
        "planning.agree-goals",
        "planning.agree-goals.write-down",
        "planning.review",
    ]
    assert planning.sublist_for("planning.review").title == "Kinds of plan"
    assert framework.competency_of("planning.agree-goals.write-down") is planning
    assert framework.domain_of(planning).name == "Craft"
    assert framework.competencies_for_principle("listen") == (planning,)
    assert [level.id for level in framework.scale.proficient_levels] == ["teaching"]


def test_lookup_of_wrong_kind_is_a_key_error():
    import pytest

    framework = load_framework(MINI)
    with pytest.raises(KeyError):
        framework.competency("listen")  # a principle, not a competency
    with pytest.raises(KeyError):
        framework.get("missing")


def test_serialised_data_loads_back_identically():
    from praxis.framework import parse_framework

    framework = load_framework(MINI)
    assert parse_framework(framework_to_data(framework)) == framework
