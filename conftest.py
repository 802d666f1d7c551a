"""Shared test set-up. Browser tests run Playwright inside Django's live server thread."""

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Tests never depend on a `collectstatic` run: static URLs use the files' plain names."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
