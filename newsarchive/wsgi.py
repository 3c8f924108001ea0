"""WSGI entry point: `gunicorn newsarchive.wsgi` (runserver serves it too)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsarchive.settings")

application = get_wsgi_application()

# A serving process applies queued index updates in the background, those left
# by earlier processes (an import with no server running) first. runserver
# imports this module only in the process that serves, never in its reloader.
from search.indexing.sync import start as _start_search_writer  # noqa: E402

_start_search_writer()
