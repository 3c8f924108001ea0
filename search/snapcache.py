"""Bounded caches that live with one index snapshot.

A snapshot's `memo` lasts as long as the snapshot: the backend hands a fresh one
out when a write publishes new segments, so whatever is cached here is dropped
with the snapshot it was computed from. Entries also expire after `TTL` seconds,
so what a search reads from the database beside the index (titles, labels,
document subjects) is never older than the label tables' own cache
(`search.labels`).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

TTL = 60.0
_MISSING = object()


class LRU:
    """A thread-safe mapping of at most `size` entries, least recently used out."""

    def __init__(self, size: int, ttl: float = TTL) -> None:
        self.size = size
        self.ttl = ttl
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._mutex = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: Hashable, default: Any = None) -> Any:
        """Return the value kept for key (and mark it used), else default."""
        with self._mutex:
            found = self._entries.get(key, _MISSING)
            if found is not _MISSING and time.monotonic() - found[0] <= self.ttl:
                self._entries.move_to_end(key)
                self.hits += 1
                return found[1]
            self.misses += 1
            return default

    def put(self, key: Hashable, value: Any) -> None:
        with self._mutex:
            self._entries[key] = (time.monotonic(), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def get_or_compute(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """Return the value kept for key, computing and keeping it when missing."""
        found = self.get(key, _MISSING)
        if found is _MISSING:
            found = compute()
            self.put(key, found)
        return found


def of(snap, name: str, size: int) -> LRU:
    """Return the snapshot's cache called name, made on first use.

    One cache per database the ORM reads articles from here (the primary, or the
    replica inside `replica_reads`): a cached page holds rows read beside the
    index, and a standby's rows may be older than the primary's.
    """
    from django.db import router

    from articles.models import Article

    key = f"lru:{name}:{router.db_for_read(Article)}"
    cache = snap.memo.get(key)
    if cache is None:
        cache = snap.memo.setdefault(key, LRU(size))
    return cache
