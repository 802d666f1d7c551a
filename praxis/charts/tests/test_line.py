"""The line chart of growth over time: valid, accessible SVG with honest gaps."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from praxis.charts import Series, line_chart

from .svgtools import (
    S,
    all_text,
    by_class,
    ids,
    parse,
    path_coordinates,
    points,
    series_groups,
    tooltip,
    translate,
)

SCALE = [(1, "Not yet"), (2, "Developing"), (3, "Proficient"), (4, "Expert")]
DATES = ["12 Mar 2025", "3 Jun 2025", "20 Sep 2025", "14 Jan 2026", "12 Mar 2026"]


def chart(x_labels=None, series=None, **options):
    x_labels = DATES if x_labels is None else x_labels
    if series is None:
        series = [Series("Self-assessment", [1, 2, 2, 3, 4][: len(x_labels)])]
    arguments = {
        "y_min": 1,
        "y_max": 4,
        "y_labels": SCALE,
        "title": "Growth in co-learning",
        "description": "Scores over five assessments.",
    }
    arguments.update(options)
    return line_chart(x_labels, series, **arguments)


def plot_area(root):
    (rect,) = by_class(root, "pxc-plot")
    x, y = float(rect.get("x")), float(rect.get("y"))
    return x, y, x + float(rect.get("width")), y + float(rect.get("height"))


def view_box(root):
    return tuple(float(n) for n in root.get("viewBox").split())


def test_output_is_accessible_svg_that_scales():
    root = parse(chart(id_prefix="growth-7"))
    assert root.get("role") == "img" and root.get("width") == "100%"
    assert root.get("aria-labelledby") == "growth-7-title growth-7-desc"
    assert root.find(f"{S}title").get("id") == "growth-7-title"
    assert root.find(f"{S}title").text == "Growth in co-learning"
    assert root.find(f"{S}desc").get("id") == "growth-7-desc"
    assert root.find(f"{S}desc").text == "Scores over five assessments."
    assert view_box(root)[:2] == (0, 0)


def test_distinct_id_prefixes_give_distinct_ids():
    assert not set(ids(parse(chart(id_prefix="a")))) & set(ids(parse(chart(id_prefix="b"))))


def test_points_follow_the_values():
    root = parse(chart(series=[Series("Me", [1, 2, 3, 4, 2.5])]))
    left, top, right, bottom = plot_area(root)
    positions = [translate(p) for p in points(series_groups(root)[0])]
    xs = [x for x, _ in positions]
    assert xs == sorted(xs) and left < xs[0] and xs[-1] < right
    steps = [b - a for a, b in zip(xs, xs[1:], strict=False)]
    assert max(steps) - min(steps) <= 0.02  # evenly spaced, up to rounding
    assert positions[0][1] == pytest.approx(bottom, abs=0.01) and positions[3][1] == pytest.approx(
        top, abs=0.01
    )
    assert positions[4][1] == pytest.approx((top + bottom) / 2, abs=0.01)


def test_none_leaves_a_gap():
    root = parse(chart(series=[Series("Me", [1, 2, None, 3, 4])]))
    _, _, _, bottom = plot_area(root)
    group = series_groups(root)[0]
    assert [p.get("data-index") for p in points(group)] == ["0", "1", "3", "4"]
    (line,) = by_class(group, "pxc-line")
    d = line.get("d")
    assert d.count("M") == 2  # two separate runs, nothing bridging the gap
    gap_x = sorted(x for x, _ in path_coordinates(d))
    middle_x = (gap_x[1] + gap_x[2]) / 2
    assert all(abs(x - middle_x) > 1 for x, _ in path_coordinates(d))
    assert all(y < bottom or x != middle_x for x, y in path_coordinates(d))
    assert "A gap in a line means no value was recorded for that assessment." in all_text(root)


def test_leading_and_isolated_values():
    root = parse(chart(series=[Series("Me", [None, 2, None, None, 3])]))
    group = series_groups(root)[0]
    assert len(points(group)) == 2 and not by_class(group, "pxc-line")


def test_tooltips_give_values_in_words():
    root = parse(chart(series=[Series("Self-assessment", [3, 2.25, None, 1, 4])]))
    tips = [tooltip(p) for p in points(series_groups(root)[0])]
    assert tips[0] == "Self-assessment, 12 Mar 2025: 3 (Proficient)"
    assert tips[1] == "Self-assessment, 3 Jun 2025: 2.25"
    assert len(tips) == 4


def test_tooltips_without_y_labels_give_the_number_alone():
    root = parse(chart(["a", "b"], [Series("Me", [50, 75.5])], y_labels=(), y_min=0, y_max=100))
    assert [tooltip(p) for p in points(series_groups(root)[0])] == ["Me, a: 50", "Me, b: 75.5"]


def test_second_series_is_dashed_with_other_markers_and_both_are_in_the_legend():
    root = parse(
        chart(series=[Series("Self-assessment", [1, 2, 3, 3, 4]), Series("Supervisor", [1, 1, 2, 3, 3])])
    )
    groups = series_groups(root)
    assert points(groups[0])[0][1].tag != points(groups[1])[0][1].tag
    texts = all_text(root)
    assert "Self-assessment" in texts and "Supervisor" in texts


def test_full_size_shows_every_label_that_fits():
    texts = all_text(parse(chart()))
    for label in SCALE:
        assert label[1] in texts
    for date in DATES:
        assert date in texts or date.rsplit(" ", 1)[0] in texts  # may wrap "12 Mar" over "2025"


def test_many_labels_are_thinned_keeping_the_latest():
    dates = [f"{day} Jan 2026" for day in range(1, 29)]
    root = parse(chart(dates, [Series("Me", [2] * 28)]))
    (x_labels,) = by_class(root, "pxc-x-labels")
    shown = [" ".join(span.text for span in text.iter(f"{S}tspan")) for text in x_labels.iter(f"{S}text")]
    assert 2 <= len(shown) < 28
    assert shown[-1].replace(" ", "") == "28Jan2026"


def test_compact_is_a_small_multiple_with_fewer_labels():
    root = parse(
        chart(compact=True, series=[Series("Me", [1, 2, 3, 3, 4]), Series("Supervisor", [1, 1, 2, 2, 3])])
    )
    _, _, width, height = view_box(root)
    assert width == 320 and 120 <= height <= 180
    assert "pxc-compact" in root.get("class").split()
    (x_labels,) = by_class(root, "pxc-x-labels")
    assert [tooltip(t) if t.find(f"{S}title") is not None else t[0].text for t in x_labels] == [
        DATES[0],
        DATES[-1],
    ]
    (y_labels,) = by_class(root, "pxc-y-labels")
    assert [t[0].text for t in y_labels] == ["Not yet", "Expert"]


def test_compact_single_series_has_no_legend():
    root = parse(chart(compact=True))
    assert not by_class(root, "pxc-legend")


def test_single_assessment_is_centred():
    root = parse(chart(["12 Mar 2026"], [Series("Me", [3])]))
    left, _, right, _ = plot_area(root)
    ((x, _),) = [translate(p) for p in points(series_groups(root)[0])]
    assert x == pytest.approx((left + right) / 2, abs=0.01)


def test_numbered_gridlines_without_y_labels():
    texts = all_text(
        parse(chart(y_labels=(), y_min=0, y_max=100, series=[Series("Me", [0, 50, 100, 75, 25])]))
    )
    assert {"0", "25", "50", "75", "100"} <= set(texts)


def test_labels_are_escaped():
    nasty = "<b>&</b>"
    root = parse(
        chart([nasty, "x"], [Series(nasty, [1, 2])], title=nasty, description=nasty, y_labels=[(1, nasty)])
    )
    assert root.find(f"{S}title").text == nasty
    assert all_text(root).count(nasty) >= 3
    assert not [element for element in root.iter() if element.tag in ("b", f"{S}b")]


def test_output_is_deterministic_with_two_decimal_numbers():
    make = lambda: chart(series=[Series("Me", [1.111111, 2.2222, None, 3.33333, 3.999999])])  # noqa: E731
    assert make() == make()
    assert not re.search(r"\d\.\d{3,}", make())


@pytest.mark.parametrize(
    ("x_labels", "series", "options", "message"),
    [
        ([], [], {}, "at least one"),
        (["a", "b"], [Series("Me", [1])], {}, "has 1 values"),
        (["a"], [Series("Me", [float("inf")])], {}, "finite"),
        (["a"], [Series("Me", [1])], {"y_min": 2, "y_max": 2}, "maximum"),
        (["a"], [Series("Me", [1])], {"id_prefix": "no spaces"}, "id_prefix"),
    ],
)
def test_inconsistent_input_is_refused(x_labels, series, options, message):
    with pytest.raises(ValueError, match=message):
        chart(x_labels, series, **options)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=30).flatmap(
        lambda n: st.lists(
            st.floats(min_value=-5, max_value=5, allow_nan=False) | st.none(), min_size=n, max_size=n
        )
    ),
    st.booleans(),
)
def test_values_in_range_always_land_inside_the_plot(values, compact):
    labels = [f"Assessment {i + 1}" for i in range(len(values))]
    root = parse(chart(labels, [Series("Me", values)], y_min=-5, y_max=5, y_labels=(), compact=compact))
    left, top, right, bottom = plot_area(root)
    group = series_groups(root)[0]
    drawn = points(group)
    assert len(drawn) == sum(value is not None for value in values)
    coordinates = [translate(p) for p in drawn]
    for line in by_class(group, "pxc-line"):
        coordinates += path_coordinates(line.get("d"))
    for x, y in coordinates:
        assert left <= x <= right and top - 0.01 <= y <= bottom + 0.01
    _, _, width, height = view_box(root)
    assert right <= width and bottom <= height
