"""The heat map for print: valid SVG, every cell's level named in text, N/A and not scored distinct."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from praxis.charts import Column, HeatCell, heat_map_chart

from .svgtools import all_text, by_class, parse

COLUMNS = [
    Column("a", "Co-learning", "Co-creation"),
    Column("b", "Brokering", "Co-creation"),
    Column("c", "Coaching", "Capacity"),
]


def chart(rows):
    return heat_map_chart(COLUMNS, rows, title="Team heat map", description="Levels of three people.")


def test_each_cell_names_its_level_in_text_and_by_fill():
    root = parse(
        chart(
            [
                (
                    "Ana",
                    [
                        HeatCell("Proficient", 4),
                        HeatCell("N/A", state="na"),
                        HeatCell("Not scored", state="none"),
                    ],
                )
            ]
        )
    )
    text = all_text(root)
    assert "Proficient" in text and "N/A" in text and "Not scored" in text and "Ana" in text
    assert len(by_class(root, "pxc-heat-4")) == 1
    assert len(by_class(root, "pxc-heat-na")) == 1
    assert len(by_class(root, "pxc-heat-none")) == 1
    assert "Co-creation" in text and "Capacity" in text


def test_a_row_with_the_wrong_number_of_cells_is_refused():
    with pytest.raises(ValueError):
        chart([("Ana", [HeatCell("Proficient", 4)])])


def test_the_chart_is_an_accessible_image_and_deterministic():
    svg = chart([("Ana", [HeatCell("Emerging", 2)] * 3)])
    root = parse(svg)
    assert root.get("role") == "img"
    assert svg == chart([("Ana", [HeatCell("Emerging", 2)] * 3)])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.text(max_size=40), st.lists(st.integers(0, 6), min_size=3, max_size=3)), max_size=8)
)
def test_any_names_and_levels_give_well_formed_svg(rows):
    cells = [
        (name, [HeatCell("N/A", state="na") if v == 0 else HeatCell(f"Level {v}", v) for v in values])
        for name, values in rows
    ]
    root = parse(chart(cells))
    assert len(by_class(root, "pxc-cell")) == 3 * len(rows)
