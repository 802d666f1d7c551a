"""Server-side SVG charts: pure Python, standard library only, no Django.

The charts are strings of SVG meant to be inlined in HTML pages and rendered to PDF by
WeasyPrint, so they use no JavaScript: colours come from CSS classes with defaults in a small
``<style>`` element inside each chart (see ``praxis.charts._svg`` for how pages restyle them).
Each chart is an accessible image (``role="img"`` labelled by its ``<title>`` and ``<desc>``),
scales to its container through its viewBox and is deterministic: the same input always gives
the same string.
"""

from .change import ChangeRow, change_chart
from .heatmap import Column, HeatCell, heat_map_chart
from .line import line_chart
from .radar import Axis, Group, Series, radar_chart

__all__ = [
    "Axis",
    "ChangeRow",
    "Column",
    "Group",
    "HeatCell",
    "Series",
    "change_chart",
    "heat_map_chart",
    "line_chart",
    "radar_chart",
]
