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

# One search and one result page through the application before the first
# reader's: the index, pyvi's model, label tables and templates are loaded
# when the worker starts (`search.web.warmup`). NEWSARCHIVE_PRELOAD=0 skips it.
if os.environ.get("NEWSARCHIVE_PRELOAD", "1") != "0":
    from search.web.warmup import preload as _preload

    _preload(application)
