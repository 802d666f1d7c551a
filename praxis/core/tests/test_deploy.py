"""Gunicorn's entry point refuses to serve with the local secret key or without collected static
files, with one clear line; `runserver`, the tests and `make demo` are unaffected."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from praxis.core import deploy

ROOT = Path(__file__).resolve().parents[3]
GOOD_KEY = "k" * 30 + "ey-for-tests-only-0123456789abcdefgh"


def start_gunicorn_app(tmp_path, **env):
    """Import praxis.wsgi as gunicorn does, in a fresh interpreter with only these settings."""
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith("PRAXIS_") and k != "DJANGO_SETTINGS_MODULE"
    }
    clean.update(PRAXIS_VAR_DIR=str(tmp_path), PRAXIS_STATIC_ROOT=str(tmp_path / "static"), **env)
    return subprocess.run(
        [sys.executable, "-c", "import praxis.wsgi"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def collected(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')


def test_gunicorn_refuses_to_start_without_a_secret_key(tmp_path):
    collected(tmp_path)
    result = start_gunicorn_app(tmp_path)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "Praxis will not start: PRAXIS_SECRET_KEY is not set" in last_line


def test_gunicorn_refuses_a_short_secret_key(tmp_path):
    collected(tmp_path)
    result = start_gunicorn_app(tmp_path, PRAXIS_SECRET_KEY="secret")
    assert result.returncode != 0 and "PRAXIS_SECRET_KEY is too short" in result.stderr


def test_gunicorn_refuses_to_start_without_collected_static_files(tmp_path):
    result = start_gunicorn_app(tmp_path, PRAXIS_SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "the static files have not been collected" in last_line
    assert "Run `praxis collectstatic --no-input` first." in last_line


def test_gunicorn_starts_with_a_key_and_collected_static_files(tmp_path):
    collected(tmp_path)
    result = start_gunicorn_app(tmp_path, PRAXIS_SECRET_KEY=GOOD_KEY)
    assert result.returncode == 0, result.stderr


def test_a_debugging_server_may_use_the_local_key(tmp_path):
    result = start_gunicorn_app(tmp_path, PRAXIS_DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_runserver_does_not_load_the_guarded_entry_point():
    assert django_settings.WSGI_APPLICATION is None  # runserver builds its own application


@pytest.mark.parametrize(
    ("key", "refused"),
    [
        (django_settings.INSECURE_SECRET_KEY, True),
        ("django-insecure-" + "x" * 60, True),
        ("short", True),
        (GOOD_KEY, False),
    ],
)
def test_check_deploy_reports_an_unsafe_secret_key(settings, key, refused):
    settings.SECRET_KEY = key
    errors = deploy.check_secret_key()
    assert [e.id for e in errors] == (["praxis.E001"] if refused else [])
