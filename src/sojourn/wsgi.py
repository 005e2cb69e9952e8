"""WSGI entry point for gunicorn: `gunicorn sojourn.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sojourn.settings")
application = get_wsgi_application()
