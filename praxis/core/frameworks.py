"""Which framework this installation uses, loaded once per process."""

from functools import cache

from django.conf import settings

from praxis.framework import Framework, bundled_framework, load_framework, parse_framework

from .models import FrameworkVersion
from .services import record_framework_version


@cache
def current_framework() -> Framework:
    """The framework named by PRAXIS_FRAMEWORK_FILE, or the bundled ISP framework."""
    if settings.PRAXIS_FRAMEWORK_FILE:
        return load_framework(settings.PRAXIS_FRAMEWORK_FILE, settings.PRAXIS_FRAMEWORK_MAX_BYTES)
    return bundled_framework()


_by_version: dict[int, Framework] = {}


def framework_for_version(version: FrameworkVersion | int) -> Framework:
    """The framework exactly as stored in a FrameworkVersion row, parsed once per process.

    Takes the row or its id: callers holding only `framework_version_id` never load the row's
    content (about 100 KB of JSON) just to find a framework this process already knows.
    """
    pk = version if isinstance(version, int) else version.pk
    if pk not in _by_version:
        row = version if isinstance(version, FrameworkVersion) else FrameworkVersion.objects.get(pk=pk)
        _by_version[pk] = parse_framework(row.content, f"framework version {pk}")
    return _by_version[pk]


def current_framework_version() -> FrameworkVersion:
    """The FrameworkVersion row for the framework in use, recorded on first need."""
    version, _ = record_framework_version(current_framework())
    _by_version.setdefault(version.pk, current_framework())
    return version
