"""Shared building blocks for the SVG charts: escaping, number formatting, text layout, legend.

Standard library only. Nothing here knows about Django or the rest of Praxis.

Styling. Every chart carries the same small ``<style>`` block (``STYLE``) with default colours.
All of its selectors are scoped to the chart root class ``pxc`` or to ``pxc-*`` classes, so
when several charts are inlined in one HTML page (where an inline SVG ``<style>`` applies to the
whole document) they neither clash with each other nor restyle anything else on the page. The
defaults use one or two class selectors; a page restyles a chart with a more specific selector,
for example ``.report .pxc-s1 .pxc-line { stroke: ... }``, or through the ``css_class`` given to
a series or group, which is added alongside the default ``pxc-s1``/``pxc-g1`` classes.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

SVG_NS = "http://www.w3.org/2000/svg"

#: Number of distinct series styles (colour + line pattern + marker shape) before they repeat.
SERIES_STYLES = 4
#: Number of distinct default group colours before they repeat.
GROUP_STYLES = 4

# Default colours, all at least 4.5:1 on white (text) and well above the 3:1 needed for graphics:
# ink #1d2327, muted #4f5b62; series: burnt orange #b34700, slate #4f5b62 (dashed), purple
# #6a3d9a (dotted), teal #0d5c58 (dash-dot); groups follow the site's domain colours
# #0b6e69, #3b4aa5, #8c3f6b, then #5c5a00.
STYLE = (
    '.pxc{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}'
    ".pxc text{fill:#1d2327;font-size:14px}"
    ".pxc .pxc-small{font-size:13px;fill:#4f5b62}"
    ".pxc .pxc-note{font-size:12px;fill:#4f5b62;font-style:italic}"
    ".pxc-radar-chart text{font-size:15px}"
    ".pxc-compact text{font-size:12px}"
    ".pxc-compact .pxc-small{font-size:11px}"
    ".pxc .pxc-grid{fill:none;stroke:#c3cbc8;stroke-width:1}"
    ".pxc .pxc-grid-edge{fill:none;stroke:#7d8a86;stroke-width:1.25}"
    ".pxc .pxc-spoke{stroke:#c3cbc8;stroke-width:1}"
    ".pxc .pxc-plot{fill:#fff;stroke:none}"
    ".pxc .pxc-text-bg{fill:#fff;fill-opacity:0.85}"
    ".pxc .pxc-line{fill:none;stroke-width:2.5;stroke-linejoin:round;stroke-linecap:round}"
    ".pxc .pxc-area{stroke:none;fill-opacity:0.12}"
    ".pxc .pxc-marker{stroke-width:2}"
    ".pxc-s1 .pxc-line{stroke:#b34700}"
    ".pxc-s1 .pxc-area,.pxc-s1 .pxc-marker{fill:#b34700;stroke:#b34700}"
    ".pxc-s2 .pxc-line{stroke:#4f5b62;stroke-dasharray:7 4;stroke-linecap:butt}"
    ".pxc-s2 .pxc-area{fill:#4f5b62;fill-opacity:0.07}"
    ".pxc-s2 .pxc-marker{fill:#fff;stroke:#4f5b62}"
    ".pxc-s3 .pxc-line{stroke:#6a3d9a;stroke-dasharray:2 4}"
    ".pxc-s3 .pxc-area,.pxc-s3 .pxc-marker{fill:#6a3d9a;stroke:#6a3d9a}"
    ".pxc-s4 .pxc-line{stroke:#0d5c58;stroke-dasharray:10 4 2 4;stroke-linecap:butt}"
    ".pxc-s4 .pxc-area{fill:#0d5c58}"
    ".pxc-s4 .pxc-marker{fill:#fff;stroke:#0d5c58}"
    ".pxc .pxc-band{stroke:none}"
    ".pxc .pxc-band-key{fill:#fff;font-size:12px;font-weight:700}"
    ".pxc-g1 .pxc-band,.pxc-g1.pxc-band{fill:#0b6e69}"
    ".pxc-g2 .pxc-band,.pxc-g2.pxc-band{fill:#3b4aa5}"
    ".pxc-g3 .pxc-band,.pxc-g3.pxc-band{fill:#8c3f6b}"
    ".pxc-g4 .pxc-band,.pxc-g4.pxc-band{fill:#5c5a00}"
)

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPACE = re.compile(r"\s+")
_ID_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")


@dataclass(frozen=True)
class Series:
    name: str  # e.g. "This assessment", "Previous assessment"
    # One value per radar axis or per line-chart x label. None means "no value": the chart leaves
    # a gap and never plots it as zero.
    values: Sequence[float | None]
    css_class: str = ""


# --- text and numbers -------------------------------------------------------------------------


def clean(text: str) -> str:
    """Single-line text safe for XML 1.0: control characters dropped, whitespace collapsed."""
    return _SPACE.sub(" ", _INVALID_XML.sub("", str(text))).strip()


def esc(text: str) -> str:
    """Cleaned and escaped for use in element content or a double-quoted attribute."""
    return escape(clean(text), quote=True)


def num(value: float) -> str:
    """A coordinate rounded to 2 decimals, without trailing zeros or a negative zero."""
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def classes(*names: str) -> str:
    """A class attribute value from the non-empty names, escaped."""
    return esc(" ".join(clean(name) for name in names if name and clean(name)))


def check_id_prefix(id_prefix: str) -> str:
    if not isinstance(id_prefix, str) or not _ID_PREFIX.match(id_prefix):
        raise ValueError(
            f"id_prefix must start with a letter and use only letters, digits, '-' and '_': {id_prefix!r}"
        )
    return id_prefix


def check_range(low: float, high: float, what: str) -> tuple[float, float]:
    low, high = float(low), float(high)
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        raise ValueError(f"{what}: the maximum must be a finite number above the minimum ({low}, {high})")
    return low, high


def check_series(series: Sequence[Series], count: int, what: str) -> list[list[float | None]]:
    """Each series' values as floats (or None), checked for length and finiteness."""
    checked = []
    for item in series:
        values = list(item.values)
        if len(values) != count:
            raise ValueError(
                f"series {item.name!r} has {len(values)} values but the chart has {count} {what}"
            )
        row: list[float | None] = []
        for value in values:
            if value is None:
                row.append(None)
                continue
            number = float(value)
            if not math.isfinite(number):
                raise ValueError(f"series {item.name!r} has a value that is not a finite number: {value!r}")
            row.append(number)
        checked.append(row)
    return checked


def value_words(value: float, labels: Sequence[tuple[float, str]]) -> str:
    """'3 (Proficient)' when the value sits exactly on a labelled level, else '2.5'."""
    words = num(value)
    for level, label in labels:
        if abs(float(level) - value) < 1e-9 and clean(label):
            return f"{words} ({clean(label)})"
    return words


def clamp(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


# Rough advance widths (in em) of a wide sans-serif such as DejaVu Sans, so that estimates err on
# the generous side whatever font the reader ends up with.
_NARROW = set("ijlI.,:;'|!`")
_SEMI = set('ftr()[]{}-/\\"* ')
_WIDE = set("mwMW@%…—")


def text_width(text: str, size: float) -> float:
    """Estimated rendered width of a line of text at a font size (user units)."""
    total = 0.0
    for char in text:
        if char in _NARROW:
            total += 0.3
        elif char in _SEMI:
            total += 0.38
        elif char in _WIDE:
            total += 0.95
        elif char.isupper() or char.isdigit():
            total += 0.68
        else:
            total += 0.63
    return total * size


def wrap(text: str, width: int, max_lines: int) -> tuple[list[str], bool]:
    """Text broken into at most ``max_lines`` lines of about ``width`` characters.

    Returns the lines and whether the text had to be shortened (the last line then ends in '…').
    """
    text = clean(text)
    if not text:
        return [], False
    lines = textwrap.wrap(text, width=width, break_long_words=True, break_on_hyphens=True)
    if len(lines) <= max_lines:
        return lines, False
    last = " ".join(lines[max_lines - 1 :])
    last = last[: width - 1].rstrip(" -") + "…"
    return [*lines[: max_lines - 1], last], True


def shorten(text: str, width: int) -> tuple[str, bool]:
    text = clean(text)
    if len(text) <= width:
        return text, False
    return text[: width - 1].rstrip(" -") + "…", True


# --- elements ---------------------------------------------------------------------------------


def svg_open(width: float, height: float, id_prefix: str, css: str, title: str, description: str) -> str:
    return (
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {num(width)} {num(height)}" width="100%"'
        f' class="{classes("pxc", css)}" role="img"'
        f' aria-labelledby="{id_prefix}-title {id_prefix}-desc">'
        f'<title id="{id_prefix}-title">{esc(title)}</title>'
        f'<desc id="{id_prefix}-desc">{esc(description)}</desc>'
        f"<style>{STYLE}</style>"
    )


def text_block(
    x: float,
    first_baseline: float,
    lines: Sequence[str],
    *,
    line_height: float,
    anchor: str = "start",
    css: str = "",
    tooltip: str = "",
) -> str:
    """A <text> element with one <tspan> per line, each at absolute coordinates."""
    parts = [f'<text class="{classes("pxc-text", css)}" text-anchor="{anchor}">']
    if tooltip:
        parts.append(f"<title>{esc(tooltip)}</title>")
    for index, line in enumerate(lines):
        y = first_baseline + index * line_height
        parts.append(f'<tspan x="{num(x)}" y="{num(y)}">{esc(line)}</tspan>')
    parts.append("</text>")
    return "".join(parts)


def marker_shape(index: int, size: float) -> str:
    """The marker for series ``index`` centred on (0, 0): circle, square, triangle, diamond."""
    shape = index % SERIES_STYLES
    s = size
    if shape == 0:
        return f'<circle class="pxc-marker" cx="0" cy="0" r="{num(s)}"/>'
    if shape == 1:
        return (
            f'<rect class="pxc-marker" x="{num(-s * 0.85)}" y="{num(-s * 0.85)}"'
            f' width="{num(s * 1.7)}" height="{num(s * 1.7)}"/>'
        )
    if shape == 2:
        return (
            f'<path class="pxc-marker" d="M0 {num(-s * 1.2)}L{num(s * 1.1)} {num(s * 0.8)}'
            f'L{num(-s * 1.1)} {num(s * 0.8)}Z"/>'
        )
    return (
        f'<path class="pxc-marker" d="M0 {num(-s * 1.25)}L{num(s * 1.25)} 0'
        f'L0 {num(s * 1.25)}L{num(-s * 1.25)} 0Z"/>'
    )


def point(index: int, x: float, y: float, size: float, tooltip: str, data: str) -> str:
    """A data point: a marker translated to (x, y) with a <title> tooltip giving its value."""
    return (
        f'<g class="pxc-point" transform="translate({num(x)} {num(y)})" {data}>'
        f"<title>{esc(tooltip)}</title>{marker_shape(index, size)}</g>"
    )


def series_class(index: int, series: Series) -> str:
    return classes("pxc-series", f"pxc-s{index % SERIES_STYLES + 1}", series.css_class)


def path_runs(points: Sequence[tuple[float, float] | None], *, closed: bool) -> str:
    """Path data joining consecutive present points; a None breaks the line.

    With ``closed`` the points wrap around (radar): a complete set becomes one closed shape, and
    an incomplete one is joined only between neighbours that both have a value.
    """
    count = len(points)
    if count == 0:
        return ""
    if closed and all(p is not None for p in points):
        if count < 2:
            return ""
        return "M" + "L".join(f"{num(x)} {num(y)}" for x, y in points) + "Z"  # type: ignore[misc]
    if closed:
        # Start just after a missing value so that a run crossing the end of the list stays whole.
        start = next(i for i, p in enumerate(points) if p is None) + 1
        order = [points[(start + k) % count] for k in range(count)]
    else:
        order = list(points)
    runs: list[list[tuple[float, float]]] = [[]]
    for p in order:
        if p is None:
            runs.append([])
        else:
            runs[-1].append(p)
    return "".join("M" + "L".join(f"{num(x)} {num(y)}" for x, y in run) for run in runs if len(run) >= 2)


# --- legend -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegendItem:
    kind: str  # "series" or "group"
    index: int
    label: str
    css_class: str = ""
    key: str = ""  # the letter shown on a group band


def legend(
    items: Iterable[LegendItem],
    *,
    x: float,
    y: float,
    width: float,
    font_size: float,
    marker_size: float,
    note: str = "",
    note_size: float = 12,
) -> tuple[str, float]:
    """Legend items flowed into rows within ``width`` from (x, y). Returns SVG and its height."""
    line_height = font_size * 1.3
    swatch = font_size * 2.2
    gap = font_size * 0.6
    spacing = font_size * 1.6
    parts = ['<g class="pxc-legend">']
    cursor_x, row_top, row_height = x, y, line_height
    kind = ""
    for item in items:
        max_chars = max(8, int((width - swatch - gap) / (font_size * 0.6)))
        lines, _ = wrap(item.label, max_chars, 3)
        lines = lines or [""]
        item_width = swatch + gap + max(text_width(line, font_size) for line in lines)
        item_height = line_height * len(lines)
        # Groups start on a row of their own, and an item that does not fit starts a new row.
        if cursor_x > x and (cursor_x + item_width > x + width or item.kind != kind):
            cursor_x, row_top, row_height = x, row_top + row_height + font_size * 0.5, line_height
        mid = row_top + line_height / 2
        if item.kind == "series":
            parts.append(
                f'<g class="{classes(f"pxc-s{item.index % SERIES_STYLES + 1}", item.css_class)}">'
                f'<path class="pxc-line" d="M{num(cursor_x)} {num(mid)}h{num(swatch)}"/>'
                f'<g transform="translate({num(cursor_x + swatch / 2)} {num(mid)})">'
                f"{marker_shape(item.index, marker_size)}</g></g>"
            )
        else:
            box_h = font_size * 1.05
            band = classes("pxc-band", f"pxc-g{item.index % GROUP_STYLES + 1}", item.css_class)
            parts.append(
                f'<rect class="{band}"'
                f' x="{num(cursor_x)}" y="{num(mid - box_h / 2)}" width="{num(swatch)}"'
                f' height="{num(box_h)}" rx="2"/>'
                + text_block(
                    cursor_x + swatch / 2,
                    mid + font_size * 0.28,
                    [item.key],
                    line_height=line_height,
                    anchor="middle",
                    css="pxc-band-key",
                )
            )
        parts.append(
            text_block(
                cursor_x + swatch + gap,
                mid + font_size * 0.35,
                lines,
                line_height=line_height,
            )
        )
        cursor_x += item_width + spacing
        row_height = max(row_height, item_height)
        kind = item.kind
    bottom = row_top + row_height
    if note:
        max_chars = max(8, int(width / (note_size * 0.6)))
        note_lines, _ = wrap(note, max_chars, 3)
        parts.append(
            text_block(
                x,
                bottom + note_size * 0.5 + note_size,
                note_lines,
                line_height=note_size * 1.25,
                css="pxc-note",
            )
        )
        bottom += note_size * 0.5 + note_size * 1.25 * len(note_lines)
    parts.append("</g>")
    return "".join(parts), bottom - y
