"""Radar (spider) chart as a self-contained, accessible SVG string.

Geometry. One spoke per axis, the first at 12 o'clock, then clockwise. A value maps linearly from
``scale_min`` (a small inner ring, 12% of the radius, never the centre) to ``scale_max`` (the outer
ring). Keeping the minimum off the centre means every real value, even the lowest, is a visible
point on its own spoke, and nothing is ever drawn at the centre. Values outside the scale are drawn
at the nearest end of it; their tooltips still give the real value.

Missing values (``None``). A series with a value on every spoke is a closed, lightly shaded shape.
A series with any missing value is drawn honestly instead: no shading (an area would need a value
that does not exist), a point only on spokes that have a value, and a line only between
neighbouring spokes that both have one, so the line breaks on either side of the gap rather than
cutting across it. A note under the legend explains the breaks whenever a value is missing.

Groups. Spokes whose axes share a group get a coloured band just outside the outer ring, marked
with a letter (A, B, C…) that the legend repeats, so groups can be told apart without colour.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ._svg import (
    GROUP_STYLES,
    LegendItem,
    Series,
    check_id_prefix,
    check_range,
    check_series,
    clamp,
    classes,
    clean,
    esc,
    legend,
    num,
    path_runs,
    point,
    series_class,
    svg_open,
    text_block,
    text_width,
    value_words,
    wrap,
)

__all__ = ["Axis", "Group", "Series", "radar_chart"]


@dataclass(frozen=True)
class Axis:
    """One spoke of the radar."""

    id: str
    label: str  # e.g. "Co-learning"; long labels wrap onto up to 3 lines of about 18 characters
    group: str = ""  # a Group id; spokes of the same group share a coloured band and group label


@dataclass(frozen=True)
class Group:
    id: str
    label: str  # e.g. "Co-creation and engagement"
    css_class: str = ""


RADIUS = 150.0
INNER = RADIUS * 0.12  # where scale_min sits
BAND_INNER = RADIUS + 8
BAND_OUTER = RADIUS + 25
FONT = 15.0
LINE_HEIGHT = 18.0
RING_FONT = 13.0
LABEL_CHARS = 18
LABEL_LINES = 3
MARKER = 4.5
MARGIN = 10.0
MIN_WIDTH = 380.0
MISSING_NOTE = "A break in a line marks a missing value; shapes with a missing value are not shaded."


def _key(index: int) -> str:
    return chr(ord("A") + index) if index < 26 else str(index + 1)


def _polar(radius: float, angle: float) -> tuple[float, float]:
    return radius * math.sin(angle), -radius * math.cos(angle)


def _sector(cx: float, cy: float, start: float, end: float) -> str:
    """Path data of the band (an annulus sector) between two angles, clockwise."""
    large = 1 if end - start > math.pi else 0
    ox1, oy1 = _polar(BAND_OUTER, start)
    ox2, oy2 = _polar(BAND_OUTER, end)
    ix2, iy2 = _polar(BAND_INNER, end)
    ix1, iy1 = _polar(BAND_INNER, start)
    return (
        f"M{num(cx + ox1)} {num(cy + oy1)}"
        f"A{num(BAND_OUTER)} {num(BAND_OUTER)} 0 {large} 1 {num(cx + ox2)} {num(cy + oy2)}"
        f"L{num(cx + ix2)} {num(cy + iy2)}"
        f"A{num(BAND_INNER)} {num(BAND_INNER)} 0 {large} 0 {num(cx + ix1)} {num(cy + iy1)}Z"
    )


@dataclass(frozen=True)
class _Label:
    """An axis label block, positioned relative to the chart centre."""

    lines: tuple[str, ...]
    angle: float
    radius: float
    width: float
    tooltip: str

    @property
    def height(self) -> float:
        return LINE_HEIGHT * len(self.lines)

    @property
    def _side(self) -> float:
        # -1 (wholly left of its anchor point) .. 0 (centred on it) .. 1 (wholly right of it).
        return max(-1.0, min(1.0, math.sin(self.angle) / 0.55))

    @property
    def anchor(self) -> str:
        return "start" if self._side == 1 else "end" if self._side == -1 else "middle"

    @property
    def x(self) -> float:
        """The x of the text anchor."""
        x = _polar(self.radius, self.angle)[0]
        return x if self.anchor != "middle" else x + self._side * self.width / 2

    @property
    def left(self) -> float:
        return _polar(self.radius, self.angle)[0] + (self._side - 1) * self.width / 2

    @property
    def top(self) -> float:
        # Near the top the block sits above its point, near the bottom below it, at the sides centred.
        y = _polar(self.radius, self.angle)[1]
        return y - self.height / 2 - math.cos(self.angle) * self.height / 2

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def overlaps(self, other: _Label) -> bool:
        gap = 8.0
        return not (
            self.left + self.width + gap <= other.left
            or other.left + other.width + gap <= self.left
            or self.bottom + gap <= other.top
            or other.bottom + gap <= self.top
        )


def _axis_label(axis: Axis, angle: float, radius: float) -> _Label:
    lines, shortened = wrap(axis.label, LABEL_CHARS, LABEL_LINES)
    width = max((text_width(line, FONT) for line in lines), default=0.0)
    return _Label(tuple(lines), angle, radius, width, clean(axis.label) if shortened else "")


def _separate(labels: list[_Label]) -> list[_Label]:
    """Push overlapping neighbouring labels outwards, each time moving whichever needs less."""
    count = len(labels)
    for _ in range(4 * count):
        moved = False
        for index in range(count if count > 2 else count - 1):
            a, b = index, (index + 1) % count
            if not labels[a].overlaps(labels[b]):
                continue
            best: tuple[float, int] | None = None
            for which, other in ((a, b), (b, a)):
                for step in range(1, 31):
                    shifted = replace(labels[which], radius=labels[which].radius + 2.0 * step)
                    if not shifted.overlaps(labels[other]):
                        if best is None or 2.0 * step < best[0]:
                            best = (2.0 * step, which)
                        break
            if best is not None:
                labels[best[1]] = replace(labels[best[1]], radius=labels[best[1]].radius + best[0])
                moved = True
        if not moved:
            break
    return labels


def _runs(axes: Sequence[Axis]) -> list[tuple[str, int, int]]:
    """Consecutive spokes of the same group as (group id, first index, last index)."""
    runs: list[tuple[str, int, int]] = []
    for index, axis in enumerate(axes):
        if runs and runs[-1][0] == axis.group:
            runs[-1] = (axis.group, runs[-1][1], index)
        else:
            runs.append((axis.group, index, index))
    return [run for run in runs if run[0]]


def radar_chart(
    axes: Sequence[Axis],
    series: Sequence[Series],
    *,
    scale_min: float,
    scale_max: float,
    scale_labels: Sequence[tuple[float, str]] = (),
    groups: Sequence[Group] = (),
    title: str,
    description: str,
    id_prefix: str = "radar",
) -> str:
    """A radar chart: one spoke per axis from 12 o'clock clockwise, one shape per series.

    ``scale_labels`` are (value, label) pairs, each drawn as a labelled concentric gridline
    (for example ``(3, "Proficient")``); without them the rings are plain numbers. ``groups``
    names the groups that ``Axis.group`` refers to; when it is empty, axis groups are ignored.
    ``title`` and ``description`` become the accessible name and description (``<title>`` and
    ``<desc>``, ids ``{id_prefix}-title`` and ``{id_prefix}-desc``); use a distinct ``id_prefix``
    for each chart on a page. Raises ValueError for inconsistent input.
    """
    check_id_prefix(id_prefix)
    low, high = check_range(scale_min, scale_max, "radar scale")
    axes = list(axes)
    series = list(series)
    if not axes:
        raise ValueError("a radar chart needs at least one axis")
    values = check_series(series, len(axes), "axes")
    scale_labels = tuple(scale_labels)
    levels = [(float(value), str(label)) for value, label in scale_labels]
    for value, label in levels:
        if not low <= value <= high:
            raise ValueError(f"scale label {label!r} ({value}) is outside the scale {low} to {high}")
    if not levels:
        span = high - low
        steps = int(span) if span == int(span) and 1 <= span <= 10 else 4
        levels = [(low + span * k / steps, num(low + span * k / steps)) for k in range(steps + 1)]
    group_index = {group.id: index for index, group in enumerate(groups)}
    if groups:
        unknown = sorted({axis.group for axis in axes if axis.group and axis.group not in group_index})
        if unknown:
            raise ValueError(f"axes refer to groups that are not in groups: {', '.join(unknown)}")
        runs = _runs(axes)
    else:
        runs = []

    count = len(axes)
    step = 2 * math.pi / count
    angles = [step * index for index in range(count)]

    def radius_of(value: float) -> float:
        return INNER + (RADIUS - INNER) * (clamp(value, low, high) - low) / (high - low)

    # Layout relative to the centre, then shift everything so the viewBox starts at 0 0.
    label_radius = (BAND_OUTER if runs else RADIUS) + 12
    labels = _separate(
        [_axis_label(axis, angle, label_radius) for axis, angle in zip(axes, angles, strict=True)]
    )
    ring_labels = [
        (radius_of(value), clean(label)) for value, label in sorted(levels, key=lambda level: level[0])
    ]
    edge = BAND_OUTER if runs else RADIUS
    min_x = min([-edge, *(label.left for label in labels)])
    max_x = max([edge, *(label.left + label.width for label in labels)])
    min_y = min([-edge, *(label.top for label in labels)])
    max_y = max([edge, *(label.bottom for label in labels)])
    width = max(max_x - min_x + 2 * MARGIN, MIN_WIDTH)
    cx = (width - (max_x - min_x)) / 2 - min_x
    cy = MARGIN - min_y

    body: list[str] = []

    # Group bands, with a letter key on each.
    for group_id, first, last in runs:
        index = group_index[group_id]
        group = groups[index]
        gap = 2.5 / BAND_OUTER
        start = angles[first] - step / 2 + gap
        end = angles[last] + step / 2 - gap
        mid = (start + end) / 2
        kx, ky = _polar((BAND_INNER + BAND_OUTER) / 2, mid)
        body.append(
            f'<g class="{classes("pxc-group", f"pxc-g{index % GROUP_STYLES + 1}", group.css_class)}">'
            f'<path class="pxc-band" d="{_sector(cx, cy, start, end)}">'
            f"<title>{esc(group.label)}</title></path>"
            + text_block(
                cx + kx,
                cy + ky + 12 * 0.36,
                [_key(index)],
                line_height=LINE_HEIGHT,
                anchor="middle",
                css="pxc-band-key",
            )
            + "</g>"
        )

    # Concentric gridlines at each scale level, the outer edge of the scale drawn darker.
    body.append('<g class="pxc-grid-rings">')
    ring_radii = sorted({round(radius, 2) for radius, _ in ring_labels} | {RADIUS})
    for radius in ring_radii:
        css = "pxc-grid-edge" if radius == RADIUS else "pxc-grid"
        body.append(f'<circle class="{css}" cx="{num(cx)}" cy="{num(cy)}" r="{num(radius)}"/>')
    body.append("</g>")

    body.append('<g class="pxc-spokes">')
    for angle in angles:
        x, y = _polar(RADIUS, angle)
        body.append(
            f'<line class="pxc-spoke" x1="{num(cx)}" y1="{num(cy)}" x2="{num(cx + x)}" y2="{num(cy + y)}"/>'
        )
    body.append("</g>")

    # Level labels just right of the 12 o'clock spoke on a pale backing: above their ring, except
    # the outermost, which goes just inside so that it stays clear of the group bands.
    body.append('<g class="pxc-levels">')
    for radius, label in ring_labels:
        if not label:
            continue
        text_w = text_width(label, RING_FONT)
        # just inside each ring and left of the 12 o'clock spoke: labels never overlap each other
        # or sit under the first axis's points
        x, baseline = cx - 6 - text_w, cy - radius + RING_FONT + 2
        body.append(
            f'<rect class="pxc-text-bg" x="{num(x - 2)}" y="{num(baseline - RING_FONT * 0.85)}"'
            f' width="{num(text_w + 4)}" height="{num(RING_FONT * 1.1)}" rx="2"/>'
            + text_block(x, baseline, [label], line_height=RING_FONT, css="pxc-small")
        )
    body.append("</g>")

    body.append('<g class="pxc-axis-labels">')
    for label in labels:
        body.append(
            text_block(
                cx + label.x,
                cy + label.top + LINE_HEIGHT * 0.75,
                label.lines,
                line_height=LINE_HEIGHT,
                anchor=label.anchor,
                tooltip=label.tooltip,
            )
        )
    body.append("</g>")

    # Series, last first so that the first series (usually the current one) is drawn on top.
    any_missing = False
    for index in reversed(range(len(series))):
        item, row = series[index], values[index]
        points: list[tuple[float, float] | None] = []
        for value, angle in zip(row, angles, strict=True):
            if value is None:
                points.append(None)
            else:
                x, y = _polar(radius_of(value), angle)
                points.append((cx + x, cy + y))
        complete = all(p is not None for p in points)
        any_missing = any_missing or not complete
        parts = [f'<g class="{series_class(index, item)}">']
        outline = path_runs(points, closed=True)
        if complete and outline:
            parts.append(f'<path class="pxc-area" d="{outline}"/>')
        if outline:
            parts.append(f'<path class="pxc-line" d="{outline}"/>')
        for axis, value, p in zip(axes, row, points, strict=True):
            if value is None or p is None:
                continue
            tooltip = f"{clean(item.name)}, {clean(axis.label)}: {value_words(value, scale_labels)}"
            parts.append(point(index, p[0], p[1], MARKER, tooltip, f'data-axis="{esc(axis.id)}"'))
        parts.append("</g>")
        body.append("".join(parts))

    items = [LegendItem("series", index, item.name, item.css_class) for index, item in enumerate(series)]
    used = []
    for group_id, _, _ in runs:
        if group_id not in used:
            used.append(group_id)
    for group_id in sorted(used, key=lambda group_id: group_index[group_id]):
        index = group_index[group_id]
        items.append(
            LegendItem("group", index, groups[index].label, groups[index].css_class, key=_key(index))
        )
    legend_top = cy + max_y + 22
    legend_svg, legend_height = legend(
        items,
        x=MARGIN,
        y=legend_top,
        width=width - 2 * MARGIN,
        font_size=FONT,
        marker_size=MARKER,
        note=MISSING_NOTE if any_missing else "",
    )
    height = legend_top + legend_height + MARGIN
    return (
        svg_open(width, height, id_prefix, "pxc-radar-chart", title, description)
        + "".join(body)
        + legend_svg
        + "</svg>"
    )
