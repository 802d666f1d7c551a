"""The competency framework as data: typed model, loader, exports and imports. Pure Python."""

from .loader import FrameworkError, Problem, bundled_framework, load_framework, parse_framework
from .model import Competency, Domain, Framework, KeyActivity, Principle, Scale

__all__ = [
    "Competency",
    "Domain",
    "Framework",
    "FrameworkError",
    "KeyActivity",
    "Principle",
    "Problem",
    "Scale",
    "bundled_framework",
    "load_framework",
    "parse_framework",
]
