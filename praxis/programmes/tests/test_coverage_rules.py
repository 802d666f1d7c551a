"""The four gaps of a mapping, decided by the pure coverage module."""

from praxis.programmes.coverage import (
    HIGHEST_BEFORE_LOWEST,
    MODULE_UNMAPPED,
    NEVER_ADDRESSED,
    NEVER_BEYOND_LOWEST,
    Row,
    coverage,
)

MODULES = [1, 2, 3]
COMPETENCIES = ["a", "b", "c", "d"]


def kinds(result, competency_id):
    return [g.kind for g in result.gaps if g.competency_id == competency_id]


def test_a_competency_no_module_maps_is_never_addressed():
    result = coverage(module_ids=MODULES, competency_ids=COMPETENCIES, rows=[Row(1, "a", 0)], levels=3)
    assert kinds(result, "b") == [NEVER_ADDRESSED]


def test_introduced_everywhere_is_never_beyond_the_lowest_level():
    rows = [Row(1, "a", 0), Row(2, "a", 0)]
    result = coverage(module_ids=MODULES, competency_ids=["a"], rows=rows, levels=3)
    assert kinds(result, "a") == [NEVER_BEYOND_LOWEST]


def test_mastered_before_introduced_names_both_modules():
    rows = [Row(1, "a", 2), Row(3, "a", 0)]
    result = coverage(module_ids=MODULES, competency_ids=["a"], rows=rows, levels=3)
    (gap,) = result.gaps_of(HIGHEST_BEFORE_LOWEST)
    assert (gap.highest_module_id, gap.lowest_module_id) == (1, 3)


def test_mastered_without_ever_being_introduced_is_a_gap():
    rows = [Row(1, "a", 1), Row(2, "a", 2)]
    result = coverage(module_ids=MODULES, competency_ids=["a"], rows=rows, levels=3)
    (gap,) = result.gaps_of(HIGHEST_BEFORE_LOWEST)
    assert gap.lowest_module_id is None


def test_a_progression_in_module_order_has_no_gap():
    rows = [Row(1, "a", 0), Row(2, "a", 1), Row(3, "a", 2)]
    result = coverage(module_ids=MODULES, competency_ids=["a"], rows=rows, levels=3)
    assert result.gaps == []


def test_module_order_not_row_order_decides():
    rows = [Row(3, "a", 0), Row(1, "a", 2)]
    result = coverage(module_ids=[3, 1], competency_ids=["a"], rows=rows, levels=3)
    assert kinds(result, "a") == []


def test_a_module_introducing_one_key_activity_and_mastering_another_is_not_a_gap():
    rows = [Row(1, "a", 0, activity_id="a.1"), Row(1, "a", 2, activity_id="a.2")]
    result = coverage(module_ids=[1], competency_ids=["a"], rows=rows, levels=3)
    assert result.gaps == []
    cell = result.cell(1, "a")
    assert (cell.level, cell.activities, cell.whole) == (2, 2, False)


def test_a_module_mapped_to_nothing_is_a_gap():
    result = coverage(
        module_ids=MODULES, competency_ids=["a"], rows=[Row(1, "a", 0), Row(2, "a", 2)], levels=3
    )
    assert [g.module_id for g in result.gaps_of(MODULE_UNMAPPED)] == [3]


def test_rows_of_retired_competencies_or_unknown_modules_count_for_nothing():
    result = coverage(module_ids=[1], competency_ids=["a"], rows=[Row(1, "old", 2), Row(9, "a", 2)], levels=3)
    assert kinds(result, "a") == [NEVER_ADDRESSED]
    assert result.gaps_of(MODULE_UNMAPPED)[0].module_id == 1


def test_a_scale_of_two_levels_works_the_same_way():
    result = coverage(
        module_ids=[1, 2], competency_ids=["a"], rows=[Row(1, "a", 1), Row(2, "a", 0)], levels=2
    )
    assert kinds(result, "a") == [HIGHEST_BEFORE_LOWEST]
