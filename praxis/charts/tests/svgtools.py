"""Helpers for reading the charts back: parse the SVG and pull out what the tests look at."""

import math
import re
import xml.etree.ElementTree as ET

NS = "http://www.w3.org/2000/svg"
S = f"{{{NS}}}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{S}svg"
    return root


def has_class(element: ET.Element, name: str) -> bool:
    return name in element.get("class", "").split()


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [element for element in root.iter() if has_class(element, name)]


def translate(element: ET.Element) -> tuple[float, float]:
    match = re.fullmatch(r"translate\((-?[\d.]+) (-?[\d.]+)\)", element.get("transform", ""))
    assert match, element.get("transform")
    return float(match[1]), float(match[2])


def series_groups(root: ET.Element) -> dict[int, ET.Element]:
    """The drawn series groups keyed by series position (pxc-s1 is the first series)."""
    groups = {}
    for element in by_class(root, "pxc-series"):
        (number,) = [int(c[5:]) for c in element.get("class").split() if re.fullmatch(r"pxc-s\d+", c)]
        groups[number - 1] = element
    return groups


def points(group: ET.Element) -> list[ET.Element]:
    return by_class(group, "pxc-point")


def tooltip(element: ET.Element) -> str:
    return element.find(f"{S}title").text


def text_of(element: ET.Element) -> str:
    """The visible text of a <text> element: its lines joined by spaces."""
    spans = element.findall(f"{S}tspan")
    return " ".join(span.text or "" for span in spans) if spans else element.text or ""


def all_text(root: ET.Element) -> list[str]:
    return [text_of(element) for element in root.iter(f"{S}text")]


def ids(root: ET.Element) -> list[str]:
    return [element.get("id") for element in root.iter() if element.get("id")]


def path_coordinates(d: str) -> list[tuple[float, float]]:
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])
