"""The radar chart: valid, accessible SVG whose geometry tells the truth about the values."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from praxis.charts import Axis, Group, Series, radar_chart

from .svgtools import (
    S,
    all_text,
    by_class,
    distance,
    ids,
    parse,
    path_coordinates,
    points,
    series_groups,
    text_of,
    tooltip,
    translate,
)

SCALE = [(1, "Not yet"), (2, "Developing"), (3, "Proficient"), (4, "Expert")]
GROUPS = [
    Group("co-creation", "Co-creation and engagement", "domain-co-creation"),
    Group("improvement", "Ongoing improvement"),
    Group("sustaining", "Sustaining change"),
]


def fifteen_axes():
    sizes = [("co-creation", 5), ("improvement", 6), ("sustaining", 4)]
    return [
        Axis(f"{group}-{i}", f"Competency {group} {i}", group) for group, size in sizes for i in range(size)
    ]


def chart(axes=None, series=None, **options):
    axes = fifteen_axes() if axes is None else axes
    if series is None:
        series = [Series("This assessment", [3] * len(axes))]
    arguments = {
        "scale_min": 1,
        "scale_max": 4,
        "scale_labels": SCALE,
        "groups": GROUPS,
        "title": "Competency profile",
        "description": "Scores for each competency.",
    }
    arguments.update(options)
    return radar_chart(axes, series, **arguments)


def centre_and_radius(root):
    (outer,) = by_class(root, "pxc-grid-edge")
    return (float(outer.get("cx")), float(outer.get("cy"))), float(outer.get("r"))


def test_output_is_svg_that_scales_to_its_container():
    root = parse(chart())
    assert root.get("width") == "100%"
    assert root.get("height") is None
    x, y, width, height = (float(n) for n in root.get("viewBox").split())
    assert (x, y) == (0, 0) and 300 < width < 1200 and 300 < height < 1200


def test_accessible_name_and_description():
    root = parse(chart(title="Profile for Sam", description="Fifteen competencies, two assessments."))
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    title, desc = root.find(f"{S}title"), root.find(f"{S}desc")
    assert (title.get("id"), title.text) == (title_id, "Profile for Sam")
    assert (desc.get("id"), desc.text) == (desc_id, "Fifteen competencies, two assessments.")
    assert len(ids(root)) == len(set(ids(root)))


def test_distinct_id_prefixes_give_distinct_ids():
    first, second = parse(chart(id_prefix="profile-1")), parse(chart(id_prefix="profile-2"))
    assert first.get("aria-labelledby") == "profile-1-title profile-1-desc"
    assert not set(ids(first)) & set(ids(second))


@pytest.mark.parametrize("prefix", ["", "1chart", "a b", 'x"y', "<p>"])
def test_unsafe_id_prefix_is_refused(prefix):
    with pytest.raises(ValueError, match="id_prefix"):
        chart(id_prefix=prefix)


@pytest.mark.parametrize("count", [3, 5, 15, 24])
def test_one_spoke_per_axis(count):
    axes = [Axis(f"a{i}", f"Axis {i}") for i in range(count)]
    root = parse(chart(axes, [Series("Now", [2] * count)], groups=()))
    assert len(by_class(root, "pxc-spoke")) == count


def test_first_spoke_is_at_twelve_o_clock_and_the_rest_go_clockwise():
    root = parse(chart())
    (cx, cy), radius = centre_and_radius(root)
    spokes = [(float(s.get("x2")), float(s.get("y2"))) for s in by_class(root, "pxc-spoke")]
    assert spokes[0] == pytest.approx((cx, cy - radius), abs=0.01)
    assert spokes[1][0] > cx and spokes[-1][0] < cx  # second to the right, last to the left
    assert spokes[3][0] > cx and spokes[3][1] < spokes[4][1]  # still going down the right side


def test_value_at_scale_max_lands_on_the_outer_ring():
    axes = fifteen_axes()
    root = parse(chart(axes, [Series("Now", [4] * len(axes))]))
    centre, radius = centre_and_radius(root)
    for element in points(series_groups(root)[0]):
        assert distance(translate(element), centre) == pytest.approx(radius, abs=0.01)


def test_value_at_scale_min_is_on_its_own_spoke_not_at_the_centre():
    axes = fifteen_axes()
    root = parse(chart(axes, [Series("Now", [1] * len(axes))]))
    centre, radius = centre_and_radius(root)
    positions = [translate(element) for element in points(series_groups(root)[0])]
    assert len(set(positions)) == len(axes)
    for position in positions:
        assert 0.05 * radius < distance(position, centre) < 0.2 * radius


def test_values_are_spaced_evenly_between_the_rings():
    axes = fifteen_axes()
    root = parse(chart(axes, [Series("Now", [1, 2, 3, 4, 2.5] * 3)]))
    centre, radius = centre_and_radius(root)
    rings = sorted(
        float(circle.get("r")) for circle in root.iter(f"{S}circle") if "pxc-grid" in circle.get("class")
    )
    assert len(rings) == 4 and rings[-1] == radius
    distances = [distance(translate(p), centre) for p in points(series_groups(root)[0])][:5]
    assert distances[:4] == pytest.approx(rings, abs=0.01)
    assert distances[4] == pytest.approx((rings[1] + rings[2]) / 2, abs=0.01)


def test_missing_value_has_no_point_and_nothing_goes_to_the_centre():
    axes = fifteen_axes()
    values = [3] * len(axes)
    values[4] = None
    root = parse(chart(axes, [Series("Now", [3] * len(axes)), Series("Before", values)]))
    centre, radius = centre_and_radius(root)
    before = series_groups(root)[1]
    plotted = {p.get("data-axis") for p in points(before)}
    assert axes[4].id not in plotted and len(plotted) == len(axes) - 1
    for p in points(before):
        assert distance(translate(p), centre) > 0.1 * radius
    (line,) = by_class(before, "pxc-line")
    for coordinate in path_coordinates(line.get("d")):
        assert distance(coordinate, centre) > 0.1 * radius


def test_missing_value_breaks_the_line_on_both_sides_and_drops_the_shading():
    axes = fifteen_axes()
    values = [2.0] * len(axes)
    values[4] = None
    root = parse(chart(axes, [Series("Before", values)]))
    group = series_groups(root)[0]
    assert not by_class(group, "pxc-area")
    (line,) = by_class(group, "pxc-line")
    d = line.get("d")
    # One open run from spoke 5 round to spoke 3: no closing, and spokes 3 and 5 are not joined.
    assert d.count("M") == 1 and "Z" not in d
    coordinates = path_coordinates(d)
    assert len(coordinates) == len(axes) - 1
    spoke_points = {p.get("data-axis"): translate(p) for p in points(group)}
    assert coordinates[0] == pytest.approx(spoke_points[axes[5].id], abs=0.01)
    assert coordinates[-1] == pytest.approx(spoke_points[axes[3].id], abs=0.01)
    assert "A break in a line marks a missing value" in " ".join(all_text(root))


def test_isolated_values_are_points_without_lines():
    axes = [Axis(f"a{i}", f"Axis {i}") for i in range(6)]
    root = parse(chart(axes, [Series("Now", [2, None, 3, None, 4, None])], groups=()))
    group = series_groups(root)[0]
    assert len(points(group)) == 3
    assert not by_class(group, "pxc-line") and not by_class(group, "pxc-area")


def test_complete_series_is_a_closed_shaded_shape():
    axes = fifteen_axes()
    group = series_groups(parse(chart(axes, [Series("Now", [2] * len(axes))])))[0]
    (area,) = by_class(group, "pxc-area")
    assert area.get("d").endswith("Z")


def test_every_point_has_a_tooltip_in_words():
    axes = [
        Axis("co-learning", "Co-learning"),
        Axis("brokering", "Brokering"),
        Axis("co-design", "Co-design"),
    ]
    root = parse(chart(axes, [Series("This assessment", [3, 2.5, None])], groups=()))
    tips = [tooltip(p) for p in points(series_groups(root)[0])]
    assert tips == ["This assessment, Co-learning: 3 (Proficient)", "This assessment, Brokering: 2.5"]


def test_tooltips_without_scale_labels_give_the_number_alone():
    axes = [Axis("a", "A"), Axis("b", "B"), Axis("c", "C")]
    root = parse(chart(axes, [Series("Now", [3, 2, 1])], groups=(), scale_labels=()))
    assert [tooltip(p) for p in points(series_groups(root)[0])] == ["Now, A: 3", "Now, B: 2", "Now, C: 1"]


def test_series_differ_by_more_than_colour():
    axes = fifteen_axes()
    root = parse(chart(axes, [Series("Now", [3] * 15, "mine"), Series("Before", [2] * 15)]))
    groups = series_groups(root)
    assert "mine" in groups[0].get("class").split()
    first_marker = points(groups[0])[0][1].tag
    second_marker = points(groups[1])[0][1].tag
    assert first_marker != second_marker
    style = root.find(f"{S}style").text
    assert re.search(r"\.pxc-s2 \.pxc-line\{[^}]*stroke-dasharray", style)
    assert not re.search(r"\.pxc-s1 \.pxc-line\{[^}]*stroke-dasharray", style)


def test_gridlines_are_labelled_with_the_scale():
    texts = all_text(parse(chart()))
    for _, label in SCALE:
        assert label in texts


def test_gridlines_without_labels_are_numbered():
    texts = all_text(parse(chart(scale_labels=(), scale_min=0, scale_max=4)))
    assert {"0", "1", "2", "3", "4"} <= set(texts)


def test_groups_get_a_band_a_letter_and_a_legend_entry():
    root = parse(chart())
    bands = [band for band in by_class(root, "pxc-band") if band.tag == f"{S}path"]
    assert [tooltip(band) for band in bands] == [group.label for group in GROUPS]
    texts = all_text(root)
    for group in GROUPS:
        assert group.label in texts
    assert texts.count("A") == 2 and texts.count("B") == 2 and texts.count("C") == 2
    assert by_class(root, "domain-co-creation")


def test_unknown_group_is_refused():
    axes = [Axis("a", "A", "nowhere"), Axis("b", "B"), Axis("c", "C")]
    with pytest.raises(ValueError, match="nowhere"):
        chart(axes, [Series("Now", [1, 2, 3])])


def test_legend_names_every_series():
    axes = fifteen_axes()
    texts = all_text(
        parse(chart(axes, [Series("This assessment", [3] * 15), Series("Previous assessment", [2] * 15)]))
    )
    assert "This assessment" in texts and "Previous assessment" in texts


def test_long_labels_wrap_onto_at_most_three_lines():
    long = "Build capacity through coaching, mentoring and technical assistance for everyone involved"
    axes = [Axis("long", long), Axis("b", "Brokering"), Axis("c", "Co-design")]
    root = parse(chart(axes, [Series("Now", [1, 2, 3])], groups=()))
    (label,) = [t for t in root.iter(f"{S}text") if text_of(t).startswith("Build")]
    lines = [span.text for span in label.findall(f"{S}tspan")]
    assert len(lines) == 3 and all(len(line) <= 19 for line in lines)
    assert lines[-1].endswith("…")
    assert tooltip(label) == long


def test_labels_are_escaped():
    nasty = '<b>&"quoted"</b>'
    axes = [Axis("a", nasty, "g"), Axis("b", "Plain", "g"), Axis("c", "Other", "g")]
    svg = chart(
        axes,
        [Series(nasty, [1, 2, 3], css_class='x" onload="alert(1)')],
        groups=[Group("g", nasty)],
        scale_labels=[(1, nasty)],
        title=nasty,
        description=nasty,
    )
    root = parse(svg)
    assert root.find(f"{S}title").text == nasty and root.find(f"{S}desc").text == nasty
    assert all_text(root).count('<b>&"quoted"</b>') >= 3
    assert not [element for element in root.iter() if element.tag in ("b", f"{S}b")]
    assert "onload" not in [attribute for element in root.iter() for attribute in element.attrib]


def test_output_is_deterministic():
    values = [1.23456, 2.5, None, 3.999] + [2] * 11
    make = lambda: chart(fifteen_axes(), [Series("Now", list(values)), Series("Before", [2] * 15)])  # noqa: E731
    assert make() == make()


def test_numbers_have_at_most_two_decimals():
    values = [1 + i / 7 for i in range(15)]
    svg = chart(fifteen_axes(), [Series("Now", values)])
    assert not re.search(r"\d\.\d{3,}", svg)


def test_out_of_range_values_are_drawn_at_the_edge_with_their_real_value_in_the_tooltip():
    axes = [Axis("a", "A"), Axis("b", "B"), Axis("c", "C")]
    root = parse(chart(axes, [Series("Now", [5, 0, 2])], groups=()))
    centre, radius = centre_and_radius(root)
    high, low, _ = points(series_groups(root)[0])
    assert distance(translate(high), centre) == pytest.approx(radius, abs=0.01)
    assert tooltip(high) == "Now, A: 5" and tooltip(low) == "Now, B: 0"


@pytest.mark.parametrize(
    ("series", "options", "message"),
    [
        ([Series("Now", [1, 2])], {}, "has 2 values"),
        ([Series("Now", [1, 2, float("nan")])], {}, "finite"),
        ([Series("Now", [1, 2, 3])], {"scale_min": 4, "scale_max": 1}, "maximum"),
        ([Series("Now", [1, 2, 3])], {"scale_labels": [(9, "Nine")]}, "outside"),
    ],
)
def test_inconsistent_input_is_refused(series, options, message):
    axes = [Axis("a", "A"), Axis("b", "B"), Axis("c", "C")]
    with pytest.raises(ValueError, match=message):
        chart(axes, series, groups=(), **options)


values_strategy = st.floats(min_value=1, max_value=4, allow_nan=False) | st.none()


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=3, max_value=20).flatmap(
        lambda n: st.lists(values_strategy, min_size=n, max_size=n)
    )
)
def test_values_in_range_always_land_inside_the_plot(values):
    axes = [Axis(f"a{i}", f"Axis {i}") for i in range(len(values))]
    root = parse(chart(axes, [Series("Now", values)], groups=()))
    centre, radius = centre_and_radius(root)
    drawn = points(series_groups(root)[0])
    assert len(drawn) == sum(value is not None for value in values)
    for p in drawn:
        assert 0.1 * radius < distance(translate(p), centre) <= radius + 0.01
    for line in by_class(series_groups(root)[0], "pxc-line"):
        for coordinate in path_coordinates(line.get("d")):
            assert distance(coordinate, centre) <= radius + 0.01


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60), st.text(st.characters(exclude_categories=("Cc", "Cs", "Cn")), max_size=60))
def test_any_text_makes_well_formed_svg(label, name):
    """Control characters cannot appear in XML, so they are dropped; everything else survives."""
    axes = [Axis("a", label), Axis("b", "B"), Axis("c", "C")]
    root = parse(chart(axes, [Series(name, [1, None, 3])], groups=(), title=name, description=label))
    assert root.get("role") == "img"
    assert (root.find(f"{S}title").text or "") == " ".join(name.split())
