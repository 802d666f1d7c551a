"""Writes that matter for the site shell."""

import hashlib
import json

from django.db import transaction

from praxis.framework import Framework
from praxis.framework.serialise import framework_to_data

from .models import FrameworkVersion


def framework_checksum(data: dict) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@transaction.atomic
def record_framework_version(framework: Framework) -> tuple[FrameworkVersion, bool]:
    """Store the framework's content once; loading the same content again changes nothing."""
    data = framework_to_data(framework)
    return FrameworkVersion.objects.get_or_create(
        framework_key=framework.id,
        checksum=framework_checksum(data),
        defaults={"version": framework.version, "content": data},
    )
