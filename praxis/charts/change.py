"""Mean change with its confidence interval, one row per competency or domain (a forest plot).

Each row is a dot at the mean change (post minus pre) with a line across its 95 % confidence
interval; a vertical line marks "no change". A row whose figure may not be shown (too few
learners, or no pairs) has no dot and says why in words, so a withheld figure is never drawn as
zero. Domain rows are drawn as diamonds, with their label in bold, above their competencies.

The x range is symmetric around zero and wide enough for every interval (at least ``min_span``),
so the eye reads left as "lower than before" and right as "higher than before"; values beyond a
given range are drawn at its edge, their tooltip giving the real figures.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ._svg import check_id_prefix, clamp, esc, num, svg_open, text_block, wrap

__all__ = ["ChangeRow", "change_chart"]


@dataclass(frozen=True)
class ChangeRow:
    label: str
    mean_diff: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    # Why there is no dot (e.g. "Withheld: fewer than 3 learners"); shown in place of the figure.
    note: str = ""
    domain: bool = False  # a domain's row: a diamond and a bold label


def _finite(value: float | None) -> float | None:
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"a change must be a finite number, not {value!r}")
    return number


def _span(rows: Sequence[ChangeRow], min_span: float) -> float:
    largest = max(
        (abs(v) for r in rows for v in (r.mean_diff, r.ci_low, r.ci_high) if v is not None),
        default=0.0,
    )
    return max(min_span, math.ceil(largest * 2) / 2)  # to the next half point


def change_chart(
    rows: Sequence[ChangeRow],
    *,
    title: str,
    description: str,
    id_prefix: str = "change",
    min_span: float = 1.0,
    max_span: float | None = None,
) -> str:
    """The rows as an accessible SVG string; ``title`` and ``description`` name it for screen
    readers (the page shows the same figures in a table). Raises ValueError for bad input."""
    check_id_prefix(id_prefix)
    rows = list(rows)
    if not rows:
        raise ValueError("a change chart needs at least one row")
    for row in rows:
        for value in (row.mean_diff, row.ci_low, row.ci_high):
            _finite(value)
        if row.ci_low is not None and row.ci_high is not None and row.ci_low > row.ci_high:
            raise ValueError(f"row {row.label!r}: the interval's low end is above its high end")
    span = _span(rows, float(min_span))
    if max_span is not None:
        span = min(span, float(max_span))

    width, font, small = 640.0, 14.0, 13.0
    margin, label_width, row_height = 10.0, 230.0, 40.0
    plot_left = margin + label_width + 10
    plot_right = width - margin - 10
    top = margin + small * 1.6  # room for the axis words above the plot
    plot_top = top
    plot_bottom = plot_top + row_height * len(rows)

    def x_of(value: float) -> float:
        return plot_left + (plot_right - plot_left) * (clamp(value, -span, span) + span) / (2 * span)

    step = 0.5 if span <= 2 else 1.0
    ticks = [k * step for k in range(-int(span / step), int(span / step) + 1)]
    body = [
        f'<rect class="pxc-plot" x="{num(plot_left)}" y="{num(plot_top)}"'
        f' width="{num(plot_right - plot_left)}" height="{num(plot_bottom - plot_top)}"/>',
        '<g class="pxc-grid-lines">',
    ]
    for tick in ticks:
        css = "pxc-grid-edge" if tick == 0 else "pxc-grid"
        x = x_of(tick)
        body.append(
            f'<line class="{css}" x1="{num(x)}" y1="{num(plot_top)}" x2="{num(x)}" y2="{num(plot_bottom)}"/>'
        )
    body.append("</g>")
    body.append(
        text_block(plot_left, margin + small, ["← lower than before"], line_height=small, css="pxc-small")
        + text_block(
            plot_right,
            margin + small,
            ["higher than before →"],
            line_height=small,
            anchor="end",
            css="pxc-small",
        )
    )
    body.append('<g class="pxc-x-labels">')
    for tick in ticks:
        words = ("+" if tick > 0 else "−" if tick < 0 else "") + num(abs(tick))
        body.append(
            text_block(
                x_of(tick),
                plot_bottom + 6 + small,
                [words],
                line_height=small,
                anchor="middle",
                css="pxc-small",
            )
        )
    body.append("</g>")

    max_chars = int(label_width / (font * 0.55))
    for index, row in enumerate(rows):
        y_top = plot_top + row_height * index
        mid = y_top + row_height / 2
        lines, cut = wrap(row.label, max_chars, 2)
        lines = lines or [""]
        line_height = font * 1.15
        first = mid - line_height * (len(lines) - 1) / 2 + font * 0.35
        body.append(
            text_block(
                margin,
                first,
                lines,
                line_height=line_height,
                css="pxc-domain-label" if row.domain else "",
                tooltip=row.label if cut else "",
            )
        )
        if row.mean_diff is None:
            note = row.note or "No figure"
            body.append(
                text_block(
                    (plot_left + plot_right) / 2,
                    mid + small * 0.35,
                    [note],
                    line_height=small,
                    anchor="middle",
                    css="pxc-note",
                )
            )
            continue
        tooltip = f"{row.label}: mean change {_signed(row.mean_diff)}"
        if row.ci_low is not None and row.ci_high is not None:
            tooltip += f", 95% interval {_signed(row.ci_low)} to {_signed(row.ci_high)}"
        parts = [f'<g class="pxc-series pxc-s1 pxc-change"><title>{esc(tooltip)}</title>']
        if row.ci_low is not None and row.ci_high is not None:
            x1, x2 = x_of(row.ci_low), x_of(row.ci_high)
            parts.append(
                f'<path class="pxc-line" d="M{num(x1)} {num(mid)}L{num(x2)} {num(mid)}'
                f"M{num(x1)} {num(mid - 6)}L{num(x1)} {num(mid + 6)}"
                f'M{num(x2)} {num(mid - 6)}L{num(x2)} {num(mid + 6)}"/>'
            )
        x = x_of(row.mean_diff)
        if row.domain:
            s = 7.5
            parts.append(
                f'<path class="pxc-marker" d="M{num(x)} {num(mid - s)}L{num(x + s)} {num(mid)}'
                f'L{num(x)} {num(mid + s)}L{num(x - s)} {num(mid)}Z"/>'
            )
        else:
            parts.append(f'<circle class="pxc-marker" cx="{num(x)}" cy="{num(mid)}" r="5.5"/>')
        parts.append("</g>")
        body.append("".join(parts))

    height = plot_bottom + 6 + small * 1.6 + margin
    return (
        svg_open(width, height, id_prefix, "pxc-change-chart", title, description)
        + "<style>.pxc .pxc-domain-label{font-weight:700}</style>"
        + "".join(body)
        + "</svg>"
    )


def _signed(value: float) -> str:
    rounded = round(value, 2)
    if rounded == 0:
        return "0.00"
    return f"{'+' if rounded > 0 else '−'}{abs(rounded):.2f}"
