"""Search backends behind one interface (`base`); the settings choose one.

`NEWSARCHIVE_SEARCH_BACKEND` names it: `whoosh` (embedded, the default) or
`postgres` (shared by every process and machine that uses the database).
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.utils.module_loading import import_string

from .base import Query, SearchBackend, SearchUnavailable, Snapshot

__all__ = [
    "Query",
    "SearchBackend",
    "SearchUnavailable",
    "Snapshot",
    "get_backend",
    "reset",
]

BACKENDS = {
    "whoosh": "search.backends.whoosh.WhooshBackend",
    "postgres": "search.backends.postgres.PostgresBackend",
}

_lock = threading.Lock()
_backends: dict[str, SearchBackend] = {}


def backend_name() -> str:
    """Return the configured backend's name."""
    return getattr(settings, "SEARCH_BACKEND", "whoosh")


def get_backend(name: str | None = None) -> SearchBackend:
    """Return the (process-wide) instance of the configured or named backend."""
    name = name or backend_name()
    found = _backends.get(name)
    if found is None:
        if name not in BACKENDS:
            raise ValueError(
                f"Unknown search backend {name!r}; choose one of {', '.join(BACKENDS)}"
            )
        with _lock:
            found = _backends.get(name)
            if found is None:
                found = _backends[name] = import_string(BACKENDS[name])()
    return found


def reset() -> None:
    """Forget backend instances and what they cache (tests switch backends)."""
    with _lock:
        for backend in _backends.values():
            backend.forget()
        _backends.clear()
