"""Which framework this installation uses, loaded once per process."""

from functools import cache

from django.conf import settings

from praxis.framework import Framework, bundled_framework, load_framework


@cache
def current_framework() -> Framework:
    """The framework named by PRAXIS_FRAMEWORK_FILE, or the bundled ISP framework."""
    if settings.PRAXIS_FRAMEWORK_FILE:
        return load_framework(settings.PRAXIS_FRAMEWORK_FILE, settings.PRAXIS_FRAMEWORK_MAX_BYTES)
    return bundled_framework()


_by_version: dict[int, Framework] = {}


def framework_for_version(version) -> Framework:
    """The framework exactly as stored in a FrameworkVersion row (parsed once per process)."""
    from praxis.framework import parse_framework

    if version.pk not in _by_version:
        _by_version[version.pk] = parse_framework(version.content, f"framework version {version.pk}")
    return _by_version[version.pk]


def current_framework_version():
    """The FrameworkVersion row for the framework in use, recorded on first need."""
    from .services import record_framework_version

    version, _ = record_framework_version(current_framework())
    _by_version.setdefault(version.pk, current_framework())
    return version
