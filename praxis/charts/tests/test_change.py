"""The change chart (mean change with its interval): valid, accessible SVG that never draws a
withheld figure as zero."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from praxis.charts import ChangeRow, change_chart

from .svgtools import S, all_text, by_class, ids, parse, path_coordinates, tooltip

ROWS = [
    ChangeRow("Co-creation and engagement", 0.6, 0.3, 0.9, domain=True),
    ChangeRow("Co-learning", 0.5, 0.1, 0.9),
    ChangeRow("Brokering", -0.25, -0.6, 0.1),
    ChangeRow("Co-design", note="Withheld: fewer than 3 learners"),
]


def chart(rows=ROWS, **options):
    return change_chart(rows, title="Change per competency", description="Mean change.", **options)


def _dot_x(group):
    (circle,) = list(group.iter(f"{S}circle")) or [None]
    return float(circle.get("cx")) if circle is not None else None


def _zero_x(root):
    (zero,) = [line for line in by_class(root, "pxc-grid-edge") if line.tag == f"{S}line"]
    return float(zero.get("x1"))


def test_is_an_accessible_image_named_by_its_title_and_description():
    root = parse(chart())
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "change-title change-desc"
    assert root.find(f"{S}title").text == "Change per competency"
    assert len(ids(root)) == len(set(ids(root)))


def test_a_rise_sits_right_of_no_change_and_a_drop_left():
    root = parse(chart())
    groups = by_class(root, "pxc-change")
    zero = _zero_x(root)
    assert len(groups) == 3  # the withheld row has no mark at all
    rise, drop = _dot_x(groups[1]), _dot_x(groups[2])
    assert rise > zero > drop


def test_the_interval_line_spans_low_to_high_around_the_dot():
    root = parse(chart())
    group = by_class(root, "pxc-change")[1]
    (line,) = [e for e in group if e.get("class") == "pxc-line"]
    xs = [x for x, _ in path_coordinates(line.get("d"))]
    assert min(xs) < _dot_x(group) < max(xs)
    assert "mean change +0.50, 95% interval +0.10 to +0.90" in tooltip(group)


def test_a_withheld_row_says_why_in_words_and_is_not_drawn_at_zero():
    root = parse(chart())
    assert "Withheld: fewer than 3 learners" in all_text(root)
    assert len(by_class(root, "pxc-change")) == 3


def test_domains_are_diamonds_with_bold_labels():
    root = parse(chart())
    domain = by_class(root, "pxc-change")[0]
    assert not list(domain.iter(f"{S}circle"))
    assert by_class(root, "pxc-domain-label")


def test_the_range_is_symmetric_and_holds_every_interval():
    root = parse(chart([ChangeRow("Wide", 1.2, 0.4, 2.1)]))
    labels = all_text(root)
    assert "+2" in labels and "−2" in labels
    (plot,) = by_class(root, "pxc-plot")
    line = next(e for e in by_class(root, "pxc-change")[0] if e.get("class") == "pxc-line")
    xs = [x for x, _ in path_coordinates(line.get("d"))]
    assert float(plot.get("x")) < min(xs) and max(xs) < float(plot.get("x")) + float(plot.get("width"))


def test_a_single_figure_without_an_interval_is_still_a_dot():
    root = parse(chart([ChangeRow("One pair", 1.0)]))
    assert _dot_x(by_class(root, "pxc-change")[0]) > _zero_x(root)


@pytest.mark.parametrize(
    "rows, message",
    [
        ([], "at least one row"),
        ([ChangeRow("x", float("nan"))], "finite"),
        ([ChangeRow("x", 0.1, 0.5, 0.2)], "low end"),
    ],
)
def test_bad_input_is_refused_with_a_reason(rows, message):
    with pytest.raises(ValueError, match=message):
        chart(rows)


def test_text_is_escaped_and_the_same_input_gives_the_same_chart():
    rows = [ChangeRow('<script>"x" & y</script>', 0.1, -0.1, 0.3)]
    svg = chart(rows)
    assert "<script>" not in svg and svg == chart(rows)
    parse(svg)


changes = st.floats(min_value=-9, max_value=9, allow_nan=False)


@settings(max_examples=50)
@given(st.lists(st.tuples(changes, changes, changes), min_size=1, max_size=20))
def test_any_figures_give_well_formed_svg_with_marks_inside_the_plot(triples):
    rows = [ChangeRow(f"C{i}", m, min(a, b, m), max(a, b, m)) for i, (m, a, b) in enumerate(triples)]
    root = parse(chart(rows))
    (plot,) = by_class(root, "pxc-plot")
    left, right = float(plot.get("x")), float(plot.get("x")) + float(plot.get("width"))
    for group in by_class(root, "pxc-change"):
        assert left <= _dot_x(group) <= right
