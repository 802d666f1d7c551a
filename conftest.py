"""Shared test set-up. Browser tests run Playwright inside Django's live server thread."""

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
