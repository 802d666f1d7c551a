"""Writes that matter for the site shell."""

import hashlib
import json
from functools import cache

from django.db import transaction

from praxis.framework import Framework
from praxis.framework.serialise import framework_to_data

from .models import FrameworkVersion


def framework_checksum(data: dict) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@cache
def _canonical(framework: Framework) -> tuple[dict, str]:
    data = framework_to_data(framework)
    return data, framework_checksum(data)


@transaction.atomic
def record_framework_version(framework: Framework) -> tuple[FrameworkVersion, bool]:
    """Store the framework's content once; loading the same content again changes nothing."""
    data, checksum = _canonical(framework)
    return FrameworkVersion.objects.get_or_create(
        framework_key=framework.id,
        checksum=checksum,
        defaults={"version": framework.version, "content": data},
    )
