"""Read the statistics the index table's trigger keeps, and compact them.

Writers add signed deltas (`schema.DELTA`); a reader sums the compacted row
(`schema.STATS`) and the deltas of each key in one statement, so a figure is
exact for the data the statement sees. Compaction moves the committed deltas
into the compacted rows in one transaction (readers see either side whole); a
process compacts after its own writes added `COMPACT_AFTER` article changes,
once they commit, and at most one process compacts at a time.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

from django.db import connection, transaction

from .schema import DELTA, STATS, compact_sql

#: Article writes by this process after which it compacts the statistics.
COMPACT_AFTER = 500
#: pg_advisory_xact_lock key of compaction (any constant; "NAst" in ASCII).
COMPACT_LOCK = 0x4E417374
log = logging.getLogger(__name__)
_pending = 0
_pending_lock = threading.Lock()


def stat_query(keys: Iterable[tuple[str, str]] = (), fields: Iterable[str] = ()):
    """Return (SQL, params) giving (field, term, n) for each (field, term) key
    and for every term of each of fields (zero counts included)."""
    keys = list(keys)
    fields = list(fields)
    parts, params = [], []
    for table in (STATS, DELTA):
        if keys:
            parts.append(
                f"SELECT s.field, s.term, s.n FROM unnest(%s::text[], %s::text[]) "
                f"AS k (field, term) JOIN {table} AS s "
                "ON s.field = k.field AND s.term = k.term"
            )
            params += [[k[0] for k in keys], [k[1] for k in keys]]
        if fields:
            parts.append(
                f"SELECT field, term, n FROM {table} WHERE field = ANY(%s::text[])"
            )
            params.append(fields)
    union = " UNION ALL ".join(parts) or "SELECT NULL, NULL, 0::bigint WHERE FALSE"
    query = (
        f"SELECT field, term, sum(n)::bigint FROM ({union}) AS x (field, term, n) "
        "GROUP BY field, term"
    )
    return query, params


def compact() -> bool:
    """Fold the committed deltas into the statistics; False when another
    process is compacting them now."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [COMPACT_LOCK])
        if not cursor.fetchone()[0]:
            return False
        cursor.execute(compact_sql())
    return True


def compact_later(changes: int) -> None:
    """Count article changes written by this process; once there are enough,
    compact after the writing transaction commits."""
    global _pending
    with _pending_lock:
        _pending += changes
        if _pending < COMPACT_AFTER:
            return
        _pending = 0
    transaction.on_commit(_compact_quietly)


def _compact_quietly() -> None:
    try:
        compact()
    except Exception:  # the writes are committed; compaction can wait
        log.exception("Could not compact the search statistics")
