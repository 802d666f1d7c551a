"""WSGI entry point for gunicorn: ``gunicorn praxis.wsgi``.

It refuses to start, with one clear line, when Praxis is not ready to serve real people: the local
secret key, or static files never collected (see praxis.core.deploy). `runserver` does not load it.
"""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

from praxis.core.deploy import refusals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "praxis.settings")
application = get_wsgi_application()

if problems := refusals():
    raise ImproperlyConfigured("Praxis will not start: " + "; and ".join(problems))
