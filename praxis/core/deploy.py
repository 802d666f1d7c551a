"""What must be true before Praxis serves real people, decided once.

`praxis/wsgi.py` (gunicorn's entry point) refuses to start while any of these fail, and
`check --deploy` reports them as errors. `runserver`, the tests and `make demo` never load
praxis/wsgi.py, so a fresh checkout still runs with the local key. PRAXIS_DEBUG=1 switches the
refusals off: a debugging server is not a production one.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core import checks

MANIFEST = "staticfiles.json"  # written by `collectstatic` with WhiteNoise's manifest storage
NEW_KEY = "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"


def secret_key_problem() -> str | None:
    key = settings.SECRET_KEY or ""
    if key == settings.INSECURE_SECRET_KEY or key.startswith("django-insecure"):
        return f"PRAXIS_SECRET_KEY is not set. Set it to a long random value, e.g. from: {NEW_KEY}"
    if len(key) < 50 or len(set(key)) < 5:
        return f"PRAXIS_SECRET_KEY is too short (under 50 characters). Make a new one with: {NEW_KEY}"
    return None


def static_files_problem() -> str | None:
    manifest = Path(settings.STATIC_ROOT) / MANIFEST
    if not manifest.is_file():
        return (
            f"the static files have not been collected ({manifest} is missing). "
            "Run `praxis collectstatic --no-input` first."
        )
    return None


def refusals() -> list[str]:
    """Why Praxis must not serve yet, in words for the operator; empty when all is well."""
    if settings.DEBUG:
        return []
    return [problem for problem in (secret_key_problem(), static_files_problem()) if problem]


@checks.register(checks.Tags.security, deploy=True)
def check_secret_key(app_configs=None, **kwargs):
    problem = None if settings.DEBUG else secret_key_problem()
    return [checks.Error(f"Praxis will not start: {problem}", id="praxis.E001")] if problem else []
