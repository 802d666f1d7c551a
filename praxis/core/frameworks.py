"""Which framework this installation uses, loaded once per process."""

from functools import cache

from django.conf import settings

from praxis.framework import Framework, bundled_framework, load_framework


@cache
def current_framework() -> Framework:
    """The framework named by PRAXIS_FRAMEWORK_FILE, or the bundled ISP framework."""
    if settings.PRAXIS_FRAMEWORK_FILE:
        return load_framework(settings.PRAXIS_FRAMEWORK_FILE)
    return bundled_framework()
