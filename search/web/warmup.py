"""Pay a serving process's one-time costs before its first reader does.

The first search of a process imports the index backend and pyvi's model,
opens the index (facet columns, the live-document mask), reads the label
tables and compiles the result templates: about a second, on a reader's
request. `preload(application)` sends one JSON search and one result page
through the WSGI application itself, so every layer (middleware, URL
resolver, translations, templates) is ready when the worker starts accepting.
"""

from __future__ import annotations

import gc
import io
import logging
import sys
import time
from urllib.parse import urlencode

log = logging.getLogger(__name__)

#: Words of the archive's own subject, so segmentation and every facet run.
QUERY = "công tác cán bộ trương thi mai"
PATHS = ("/api/search/", "/search/")


def _host() -> str:
    """Return a host name the site accepts (requests to others are refused)."""
    from django.conf import settings

    for host in settings.ALLOWED_HOSTS:
        host = host.lstrip(".")
        if host and host != "*":
            return host.split(":")[0]
    return "localhost"


def _environ(path: str, query: str, host: str) -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": host,
        "SERVER_PORT": "80",
        "HTTP_HOST": host,
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def preload(application) -> dict[str, str]:
    """Send the warm-up requests through application; return path → status.

    Nothing here may stop the server: an index that cannot be read yet is the
    first reader's message to see, not a failed start.
    """
    statuses: dict[str, str] = {}
    started = time.perf_counter()
    host = _host()
    for path in PATHS:
        seen: list[str] = []
        try:
            body = application(
                _environ(path, urlencode({"q": QUERY}), host),
                lambda status, headers, exc_info=None, seen=seen: seen.append(status),
            )
            for _chunk in body:
                pass
            if hasattr(body, "close"):
                body.close()
        except Exception:  # noqa: BLE001 - logged; serving goes on
            log.exception("Warm-up request to %s failed", path)
            seen.append("error")
        statuses[path] = seen[0] if seen else "no answer"
    gc.collect()
    gc.freeze()
    log.info("Warm-up in %.0f ms: %s", (time.perf_counter() - started) * 1000, statuses)
    return statuses
