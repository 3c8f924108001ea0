"""Which database a query goes to: every write to the primary, lag-tolerant reads
to the read replica when one is configured (`DATABASE_REPLICA_URL`).

A read goes to the replica only when it says it tolerates replication lag: the
PostgreSQL search backend's snapshots pass the hint `lag_ok=True`, and ORM reads
inside `replica_reads()` count as such. Everything else — the admin, imports,
re-extraction, the index writer, `rebuild_index`, `check_index` — reads the
primary, because each reads something it is about to write or compare with
what it wrote, and a replica may not have it yet.

Read-your-writes: while the primary's connection is inside a transaction
(`transaction.atomic`), every read goes to the primary, since the replica cannot
see what that transaction wrote (an editor's save and the index row written in
it). After the commit a new search reads the replica, which shows the change
once it has replayed it (the replay lag, see docs/scaling.md).
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_replica_scope: ContextVar[bool] = ContextVar("replica_reads", default=False)


@contextlib.contextmanager
def replica_reads():
    """Let ORM reads in this block go to the replica (they tolerate its lag)."""
    token = _replica_scope.set(True)
    try:
        yield
    finally:
        _replica_scope.reset(token)


def replica_configured() -> bool:
    """Return True when the settings define the replica alias."""
    return REPLICA in connections.settings


class PrimaryReplicaRouter:
    """Send writes to the primary and lag-tolerant reads to the replica."""

    def db_for_read(self, model, **hints) -> str:
        if not (hints.get("lag_ok") or _replica_scope.get()):
            return DEFAULT_DB_ALIAS
        if not replica_configured() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # The replica is a copy of the primary: rows from either belong together.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        # A standby is read-only and receives the schema by replication.
        return db != REPLICA
