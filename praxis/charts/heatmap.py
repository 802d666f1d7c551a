"""The team heat map as SVG, for print: people down the side, competencies across, grouped by
domain; each cell shows the level's name as text *and* a fill (never colour alone), with "N/A" and
"Not scored" cells distinct from every level (hatched and blank).

Pure: plain strings and numbers in, an SVG string out; the same input gives the same string.
Fills are light enough for dark text at 4.5:1: the level's name is always readable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ._svg import check_id_prefix, classes, esc, num, shorten, svg_open, text_block

NOT_APPLICABLE = "na"
NOT_SCORED = "none"

# Level fills, lowest first (levels beyond the fifth repeat the last); all lighter than #c8d9ee so
# #1d2327 text stays above 4.5:1 on every one.
_FILLS = ("#fbe3d6", "#fdf0c4", "#e6f0d2", "#cfe8e3", "#c8d9ee")
HEAT_STYLE = (
    ".pxc-heat .pxc-cell{stroke:#ffffff;stroke-width:1}"
    ".pxc-heat .pxc-heat-na{fill:url(#{prefix}-hatch)}"
    ".pxc-heat .pxc-heat-none{fill:#ffffff;stroke:#8a969c;stroke-dasharray:3 2}"
    ".pxc-heat .pxc-cell-text{font-size:11px}"
    ".pxc-heat .pxc-head{font-size:10px;font-weight:600}"
    ".pxc-heat .pxc-name{font-size:12px}"
    ".pxc-heat .pxc-domain{font-size:12px;font-weight:700}"
)


@dataclass(frozen=True)
class Column:
    id: str
    name: str
    group: str  # the domain's name; columns of one group must be adjacent


@dataclass(frozen=True)
class HeatCell:
    text: str  # the level's name, "N/A" or "Not scored"
    level: int | None = None  # 1-based position on the scale; None for N/A and not scored
    state: str = ""  # "na" or "none" when there is no level


NAME_WIDTH, CELL_WIDTH, CELL_HEIGHT, HEAD_HEIGHT, DOMAIN_HEIGHT = 170, 88, 26, 58, 22


def _fill_class(cell: HeatCell) -> str:
    if cell.level is None:
        return f"pxc-heat-{NOT_APPLICABLE if cell.state == NOT_APPLICABLE else NOT_SCORED}"
    return f"pxc-heat-{max(1, min(cell.level, len(_FILLS)))}"


def heat_map_chart(
    columns: Sequence[Column],
    rows: Sequence[tuple[str, Sequence[HeatCell]]],
    *,
    title: str,
    description: str,
    id_prefix: str = "heat",
) -> str:
    """An SVG table: one row per (name, cells), one cell per column, in the columns' order."""
    check_id_prefix(id_prefix)
    for name, cells in rows:
        if len(cells) != len(columns):
            raise ValueError(f"row {name!r} has {len(cells)} cells for {len(columns)} columns")
    width = NAME_WIDTH + CELL_WIDTH * len(columns)
    top = DOMAIN_HEIGHT + HEAD_HEIGHT
    height = top + CELL_HEIGHT * max(len(rows), 1) + 4
    fills = "".join(f".pxc-heat .pxc-heat-{i}{{fill:{fill}}}" for i, fill in enumerate(_FILLS, start=1))
    parts = [
        svg_open(width, height, id_prefix, "pxc-heat", title, description),
        f"<style>{HEAT_STYLE.replace('{prefix}', id_prefix)}{fills}</style>",
        f'<defs><pattern id="{id_prefix}-hatch" width="6" height="6" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(45)"><rect width="6" height="6" fill="#eef1f2"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#8a969c" stroke-width="1.5"/></pattern></defs>',
    ]
    # domain headings over their adjacent columns
    start = 0
    while start < len(columns):
        end = start
        while end + 1 < len(columns) and columns[end + 1].group == columns[start].group:
            end += 1
        x = NAME_WIDTH + CELL_WIDTH * start
        label, _ = shorten(columns[start].group, max(4, (end - start + 1) * 11))
        parts.append(text_block(x + 4, 15, [label], line_height=13, css="pxc-domain"))
        start = end + 1
    for index, column in enumerate(columns):
        x = NAME_WIDTH + CELL_WIDTH * index + 3
        words, line, lines = column.name.split(), "", []
        for word in words:
            if line and len(line) + 1 + len(word) > 14:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines.append(line)
        lines = lines[:4]
        parts.append(
            text_block(x, DOMAIN_HEIGHT + 13, lines, line_height=12, css="pxc-head", tooltip=column.name)
        )
    for r, (name, cells) in enumerate(rows):
        y = top + CELL_HEIGHT * r
        short, cut = shorten(name, 22)
        parts.append(
            text_block(4, y + 17, [short], line_height=13, tooltip=name if cut else "", css="pxc-name")
        )
        for c, cell in enumerate(cells):
            x = NAME_WIDTH + CELL_WIDTH * c
            text, _ = shorten(cell.text, 12)
            parts.append(
                f'<g class="pxc-cellgroup"><title>{esc(name)}, {esc(columns[c].name)}: '
                f"{esc(cell.text)}</title>"
                f'<rect class="{classes("pxc-cell", _fill_class(cell))}" x="{num(x)}" y="{num(y)}"'
                f' width="{num(CELL_WIDTH)}" height="{num(CELL_HEIGHT)}"/>'
                + text_block(
                    x + CELL_WIDTH / 2, y + 17, [text], line_height=12, anchor="middle", css="pxc-cell-text"
                )
                + "</g>"
            )
    parts.append("</svg>")
    return "".join(parts)
