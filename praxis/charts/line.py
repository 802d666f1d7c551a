"""Line chart of growth over time as a self-contained, accessible SVG string.

The x axis is the sequence of assessments in order, evenly spaced; the y axis is the score. A
``None`` value is a gap: no point, and the line stops before it and starts again after it (it is
never drawn at zero, nor bridged across). Values outside ``y_min``..``y_max`` are drawn at the
nearest edge; their tooltips still give the real value.

``compact=True`` is a small multiple for a grid of charts (one per competency): a 320 wide
viewBox, smaller text, only the first and last x labels, only the lowest and highest y labels, a
legend only when there is more than one series and no note about gaps (explain gaps once for the
whole grid).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ._svg import (
    LegendItem,
    Series,
    check_id_prefix,
    check_range,
    check_series,
    clamp,
    clean,
    legend,
    num,
    path_runs,
    point,
    series_class,
    shorten,
    svg_open,
    text_block,
    text_width,
    value_words,
    wrap,
)

__all__ = ["Series", "line_chart"]

MISSING_NOTE = "A gap in a line means no value was recorded for that assessment."


def _levels(y_min: float, y_max: float, y_labels: Sequence[tuple[float, str]]) -> list[tuple[float, str]]:
    levels = sorted(((float(value), clean(label)) for value, label in y_labels), key=lambda level: level[0])
    for value, label in levels:
        if not y_min <= value <= y_max:
            raise ValueError(f"y label {label!r} ({value}) is outside the range {y_min} to {y_max}")
    if levels:
        return levels
    span = y_max - y_min
    steps = int(span) if span == int(span) and 1 <= span <= 10 else 4
    return [(y_min + span * k / steps, num(y_min + span * k / steps)) for k in range(steps + 1)]


def line_chart(
    x_labels: Sequence[str],
    series: Sequence[Series],
    *,
    y_min: float,
    y_max: float,
    y_labels: Sequence[tuple[float, str]] = (),
    title: str,
    description: str,
    id_prefix: str = "line",
    compact: bool = False,
) -> str:
    """A line chart with one evenly spaced x position per label and one line per series.

    ``y_labels`` are (value, label) pairs drawn as labelled horizontal gridlines (for example
    ``(3, "Proficient")``); without them the gridlines are plain numbers. ``title`` and
    ``description`` become the accessible name and description (ids ``{id_prefix}-title`` and
    ``{id_prefix}-desc``); use a distinct ``id_prefix`` for each chart on a page. Raises
    ValueError for inconsistent input.
    """
    check_id_prefix(id_prefix)
    low, high = check_range(y_min, y_max, "line chart y range")
    labels = [clean(label) for label in x_labels]
    series = list(series)
    if not labels:
        raise ValueError("a line chart needs at least one x label")
    values = check_series(series, len(labels), "x labels")
    y_labels = tuple(y_labels)
    levels = _levels(low, high, y_labels)
    count = len(labels)

    if compact:
        width, font, small, marker = 320.0, 12.0, 11.0, 3.5
        margin, plot_height, y_chars, x_chars, x_lines = 6.0, 80.0, 12, 16, 1
        shown_levels = [levels[0], levels[-1]] if len(levels) > 1 else levels
    else:
        width, font, small, marker = 560.0, 14.0, 13.0, 4.5
        margin, plot_height, y_chars, x_chars, x_lines = 10.0, 200.0, 18, 12, 2
        shown_levels = levels
    level_texts = {value: shorten(label, y_chars)[0] for value, label in shown_levels}

    # Horizontal layout: y labels to the left of the plot, then the plot to the right margin.
    y_label_width = max((text_width(text, small) for text in level_texts.values()), default=0.0)
    plot_left = margin + y_label_width + (6 if y_label_width else 0)
    plot_right = width - margin
    plot_top = margin + small * 0.6
    plot_bottom = plot_top + plot_height

    # x labels: thinned so they never overlap, always keeping the latest; at full size, dates are
    # first allowed to wrap ("12 Mar" over "2026") if that lets every label show.
    if compact:
        pad = 10.0
        shown_x = sorted({0, count - 1})
        x_lines_of = [[shorten(label, x_chars)[0]] for label in labels]
    else:
        for chars in (x_chars, 7):
            x_lines_of = [wrap(label, chars, x_lines)[0] or [""] for label in labels]
            x_widths = [max(text_width(line, small) for line in lines) for lines in x_lines_of]
            # Room for half of the last label inside the margin, and for half of the first one
            # within the y label column.
            half_first = x_widths[0] / 2 - (plot_left - margin)
            pad = min(max(14.0, x_widths[-1] / 2, half_first), (plot_right - plot_left) / 3)
            spacing = (plot_right - plot_left - 2 * pad) / (count - 1) if count > 1 else math.inf
            every = max(1, math.ceil((max(x_widths) + small / 2) / spacing)) if count > 1 else 1
            if every == 1:
                break
        shown_x = [index for index in range(count) if (count - 1 - index) % every == 0]
    if count == 1:
        xs = [(plot_left + plot_right) / 2]
    else:
        xs = [plot_left + pad + (plot_right - plot_left - 2 * pad) * i / (count - 1) for i in range(count)]

    def y_of(value: float) -> float:
        return plot_bottom - plot_height * (clamp(value, low, high) - low) / (high - low)

    body: list[str] = [
        f'<rect class="pxc-plot" x="{num(plot_left)}" y="{num(plot_top)}"'
        f' width="{num(plot_right - plot_left)}" height="{num(plot_height)}"/>'
    ]

    body.append('<g class="pxc-grid-lines">')
    for value, _ in levels:
        css = "pxc-grid-edge" if value == low else "pxc-grid"
        y = y_of(value)
        body.append(
            f'<line class="{css}" x1="{num(plot_left)}" y1="{num(y)}" x2="{num(plot_right)}" y2="{num(y)}"/>'
        )
    if levels[0][0] != low:
        body.append(
            f'<line class="pxc-grid-edge" x1="{num(plot_left)}" y1="{num(plot_bottom)}"'
            f' x2="{num(plot_right)}" y2="{num(plot_bottom)}"/>'
        )
    for x in xs:
        body.append(
            f'<line class="pxc-grid-edge" x1="{num(x)}" y1="{num(plot_bottom)}"'
            f' x2="{num(x)}" y2="{num(plot_bottom + 4)}"/>'
        )
    body.append("</g>")

    body.append('<g class="pxc-y-labels">')
    for value, _ in shown_levels:
        text = level_texts[value]
        if text:
            body.append(
                text_block(
                    plot_left - 6,
                    y_of(value) + small * 0.35,
                    [text],
                    line_height=small,
                    anchor="end",
                    css="pxc-small",
                )
            )
    body.append("</g>")

    body.append('<g class="pxc-x-labels">')
    x_baseline = plot_bottom + 6 + small
    x_height = 0.0
    for index in shown_x:
        if compact and count > 1:
            anchor = "start" if index == 0 else "end"
            x = xs[index] - pad if index == 0 else xs[index] + pad
            lines = x_lines_of[index]
        else:
            anchor, x, lines = "middle", xs[index], x_lines_of[index]
        tooltip = labels[index] if " ".join(lines) != labels[index] else ""
        body.append(
            text_block(
                x, x_baseline, lines, line_height=small * 1.2, anchor=anchor, css="pxc-small", tooltip=tooltip
            )
        )
        x_height = max(x_height, small * 1.2 * len(lines))
    body.append("</g>")

    any_missing = False
    for index in reversed(range(len(series))):
        item, row = series[index], values[index]
        points = [None if value is None else (x, y_of(value)) for x, value in zip(xs, row, strict=True)]
        any_missing = any_missing or any(p is None for p in points)
        parts = [f'<g class="{series_class(index, item)}">']
        line = path_runs(points, closed=False)
        if line:
            parts.append(f'<path class="pxc-line" d="{line}"/>')
        for position, (label, value, p) in enumerate(zip(labels, row, points, strict=True)):
            if value is None or p is None:
                continue
            tooltip = f"{clean(item.name)}, {label}: {value_words(value, y_labels)}"
            parts.append(point(index, p[0], p[1], marker, tooltip, f'data-index="{position}"'))
        parts.append("</g>")
        body.append("".join(parts))

    bottom = x_baseline - small + x_height
    if series and (not compact or len(series) > 1):
        legend_top = bottom + (6 if compact else 14)
        legend_svg, legend_height = legend(
            [LegendItem("series", index, item.name, item.css_class) for index, item in enumerate(series)],
            x=margin,
            y=legend_top,
            width=width - 2 * margin,
            font_size=font,
            marker_size=marker,
            note=MISSING_NOTE if any_missing and not compact else "",
        )
        body.append(legend_svg)
        bottom = legend_top + legend_height
    height = bottom + margin
    css = "pxc-line-chart pxc-compact" if compact else "pxc-line-chart"
    return svg_open(width, height, id_prefix, css, title, description) + "".join(body) + "</svg>"
