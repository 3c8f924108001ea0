"""The PostgreSQL backend's side of the neutral interface."""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import (
    DEFAULT_DB_ALIAS,
    OperationalError,
    connection,
    connections,
    router,
    transaction,
)

from ...documents import UNDATED
from ...plan import KEYWORD_FIELDS, Node
from ..base import MULTI_VALUED, Query, RebuildStats, SearchBackend, Snapshot
from . import ranking, schema, sql
from .rows import document_row, usable
from .schema import ARRAY_FACETS, LENGTH_FIELDS, TABLE, TEXT_FACETS
from .stats import compact_later, stat_query

VECTOR_CASTS = ["%s::tsvector"] * (len(schema.VECTORS) + 1)
PLACEHOLDERS = ", ".join(
    ["%s", *VECTOR_CASTS]
    + ["%s::text[]"] * len(ARRAY_FACETS)
    + ["%s"] * len(TEXT_FACETS)
    + ["%s::integer[]", "%s::integer[]", "%s", "%s"]
)
COLUMN_LIST = ", ".join(schema.COLUMNS)

logger = logging.getLogger(__name__)
# Every search statement runs with these, for that statement only (SET LOCAL
# in the statement's own implicit transaction; inside an open transaction they
# last to its end). A term in nearly every row makes the planner scan the
# table and test `@@` row by row, which decompresses every row's vectors; the
# GIN index answers the same condition from its posting lists alone, without
# reading a vector (its matches need no recheck). JIT compiling costs more
# than these statements take.
PLANNER = "SET LOCAL enable_seqscan = off; SET LOCAL jit = off; "

#: Candidates up to which ranking is exact BM25F over all of them; beyond, the
#: best SHORTLIST by title and keyword terms (from the postings, see
#: `ranking`) are ranked exactly, topped up with the lowest ids when fewer of
#: them match (a documented approximation: an article matching only in its
#: lead or body can miss the first pages of a query that matches thousands).
EXACT_UP_TO = 1_000
SHORTLIST = 300
SHORTLIST_FIELDS = frozenset({schema.POSTING_FIELD, *KEYWORD_FIELDS})
#: The statistics of the whole index: the document count and field lengths.
CORPUS_KEYS = [schema.DOCS_KEY, *((schema.LENGTH_KEY, f) for f in LENGTH_FIELDS)]
#: The facets a result page shows: a snapshot reads their archive-wide totals
#: with the corpus figures, and their counts within the first match set it
#: counts with that count (`count`), so a search needs no statement for them.
PAGE_FACETS = ("official", "code", "doc_type", "year", "month", "source", "section")
PAGE_FACETS += ("post", "party_term")


def upsert_sql(table: str) -> str:
    """Return the statement adding or replacing one row (a new version)."""
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in schema.COLUMNS[1:])
    return (
        f"INSERT INTO {table} ({COLUMN_LIST}) VALUES ({PLACEHOLDERS}) "
        f"ON CONFLICT (article_id) DO UPDATE SET {updates}, "
        f"version = nextval('{schema.VERSIONS}')"
    )


@dataclass(slots=True)
class Matches:
    """A match set: a condition over the index table, counted at most once."""

    where: str
    params: list
    count: int | None = None
    #: The part of where on the small columns (filters, excluded ids).
    filters: str = "TRUE"
    filter_params: list = field(default_factory=list)
    #: The plans the rest of where tests.
    recall: Node | None = None
    excluded: Node | None = None
    #: Facet → value → count within the set, when read with its count.
    facets: dict[str, dict[str, int]] | None = None


@dataclass(slots=True)
class _Memo:
    """What a snapshot derives from the whole index: ranking statistics, the
    document count, and the layers' memo (facet totals, code keys)."""

    df: dict[tuple[str, str], int] = field(default_factory=dict)
    avg: dict[str, float] | None = None
    live: int | None = None
    memo: dict[str, Any] = field(default_factory=dict)


# The last snapshot's statistics per database, reused by the next snapshot
# when the data it can see is the same. PostgreSQL's own snapshot
# (`pg_current_snapshot()`: the committed transactions visible) says that for
# other connections' writes; this process's writes inside a still open
# transaction do not show in it, so they count in `_local_writes` too.
_corpus: dict[str, tuple[tuple, _Memo]] = {}
_corpus_lock = threading.Lock()
_local_writes = itertools.count()
_local_version = 0


def _wrote() -> None:
    global _local_version
    _local_version = next(_local_writes)


class PostgresSnapshot(Snapshot):
    """A read view of the index table.

    Each answer is one SQL statement, consistent in itself (statement-level
    consistency, PostgreSQL's READ COMMITTED): a write committed between two
    calls of one request can show in the later one. The figures BM25 needs
    (document count, average lengths, document frequencies) are read once per
    snapshot, so one request ranks with one set of statistics.

    The statements go to the database the router gives lag-tolerant reads
    (`db`: the read replica when one is configured and no transaction is open
    on the primary); when the replica fails, the snapshot reads the primary.
    """

    def __init__(self) -> None:
        from articles.models import Article

        self.db: str = router.db_for_read(Article, lag_ok=True)
        self._shared: _Memo | None = None
        self._counted = False

    @property
    def _stats(self) -> _Memo:
        return self._checked(PAGE_FACETS)

    def _checked(self, facets: Iterable[str]) -> _Memo:
        """Return the memo, made by the check (`_check_sql`) on its own when
        this snapshot has none yet; that check reads the totals of facets."""
        if self._shared is None:
            query, params, known = self._check_sql(facets)
            self._shared = self._take_check(self._rows(query, params), known)
        return self._shared

    def totals_many(self, facets: Iterable[str]) -> dict[str, dict[str, int]]:
        facets = list(facets)
        # A first read of the snapshot (a typed document number, resolved
        # before anything is counted): the check reads these totals with it.
        self._checked(facets)
        return super().totals_many(facets)

    def totals(self, facet: str) -> dict[str, int]:
        return self.totals_many([facet])[facet]

    @property
    def memo(self) -> dict[str, Any]:
        return self._stats.memo

    def _check_sql(self, facets: Iterable[str] = ()) -> tuple[str, list, list]:
        """Return (SQL, params, known) of the check whether the last snapshot
        saw the same data, with rows (i, a, b, n) to hand to `_take_check`.

        Only when the data differ it reads the corpus figures and the
        archive-wide totals of facets for the new memo. It is a statement of
        its own or part of the snapshot's first count (`count`), so a search
        needs no statement for it. Totals not read are read when asked for
        (`Snapshot.totals`): a search with words needs none of them unless a
        filter's value has no hit or it names a document number."""
        with _corpus_lock:
            cached = _corpus.get(self.db)
        known = [None, None]
        if cached is not None and cached[0][2] == _local_version:
            known = list(cached[0][:2])
        facets = [f for f in facets if f in ARRAY_FACETS or f in TEXT_FACETS]
        figures, params = stat_query(CORPUS_KEYS, fields=facets)
        # The gate only holds stable functions and parameters: the planner
        # tests it once, and reads no statistics when it is false.
        query = (
            "SELECT -3, pg_current_snapshot()::text, "
            "txid_current_if_assigned()::text, NULL::bigint "
            "UNION ALL SELECT -2, f.field, f.term, f.n "
            f"FROM ({figures}) AS f (field, term, n) "
            "WHERE (pg_current_snapshot()::text, txid_current_if_assigned()) "
            "IS DISTINCT FROM (%s::text, %s::bigint)"
        )
        return query, [*params, *known], (known, facets)

    def _take_check(self, rows: list[tuple], check: tuple) -> _Memo:
        """Return the memo of the check's rows: the last one when it saw the
        same data, else a new one of the figures read."""
        known, facets = check
        seen, own = next((a, b) for i, a, b, _n in rows if i == -3)
        key = (seen, None if own is None else int(own), _local_version)
        with _corpus_lock:
            cached = _corpus.get(self.db)
            if cached is not None and cached[0] == key:
                return cached[1]
            memo = _Memo()
            _corpus[self.db] = (key, memo)
        if [key[0], key[1]] == known:
            # Another thread replaced the memo meanwhile, and the check read
            # no figures: they are read when needed (_read_stats, totals).
            return memo
        found: dict[tuple[str, str], int] = {}
        totals: dict[str, dict[str, int]] = {f: {} for f in facets}
        for i, f, t, n in rows:
            if i != -2:
                continue
            if f in totals:
                if n > 0:
                    totals[f][t] = n
            else:
                found[(f, t)] = n
        memo.live = found.get(schema.DOCS_KEY, 0)
        n = memo.live or 1
        memo.avg = {f: found.get((schema.LENGTH_KEY, f), 0) / n for f in LENGTH_FIELDS}
        memo.memo.update({f"totals:{f}": counts for f, counts in totals.items()})
        return memo

    def _rows(self, query: str, params=()) -> list[tuple]:
        try:
            with connections[self.db].cursor() as cursor:
                cursor.execute(PLANNER + query, params)
                while cursor.nextset():
                    pass
                return cursor.fetchall()
        except OperationalError:
            if self.db == DEFAULT_DB_ALIAS:
                raise
            # A replica down or cancelling for replay: the primary has it all.
            logger.warning("search replica %r failed; reading the primary", self.db)
            connections[self.db].close()
            self.db = DEFAULT_DB_ALIAS
            return self._rows(query, params)

    def _read_stats(self, keys: Iterable[tuple[str, str]] = ()) -> None:
        """Read the corpus figures (once) and the frequencies of keys not read."""
        stats = self._stats
        wanted = [k for k in dict.fromkeys(keys) if k not in stats.df]
        if stats.live is not None and not wanted:
            return
        if stats.live is None:
            wanted += CORPUS_KEYS
        usable_keys = []
        for key in wanted:
            if key[0].startswith("#") or sql.column_term(*key) is not None:
                usable_keys.append(key)
            else:
                stats.df[key] = 0  # no row can hold it (NUL, over-long)
        found = {}
        if usable_keys:
            query, params = stat_query(usable_keys)
            found = {(f, t): n for f, t, n in self._rows(query, params)}
        for key in usable_keys:
            stats.df[key] = found.get(key, 0)
        if stats.live is None:
            stats.live = stats.df.pop(schema.DOCS_KEY)
            n = stats.live or 1
            stats.avg = {
                f: stats.df.pop((schema.LENGTH_KEY, f)) / n for f in LENGTH_FIELDS
            }

    @property
    def live_count(self) -> int:
        self._read_stats()
        return self._stats.live

    # Statistics for the ranker.

    def avg_length(self, field_name: str) -> float:
        """Return the average length of a field over the indexed articles."""
        self._read_stats()
        return self._stats.avg.get(field_name, 0.0)

    def doc_frequency(self, field: str, term: str) -> int:
        self._read_stats([(field, term)])
        return self._stats.df[(field, term)]

    def doc_frequencies(self, field: str, terms: Iterable[str]) -> dict[str, int]:
        """Look many terms up in one statement (spelling candidates: hundreds)."""
        terms = list(dict.fromkeys(terms))
        self._read_stats((field, t) for t in terms)
        return {t: self._stats.df[(field, t)] for t in terms}

    # Match sets.

    def match(self, query: Query) -> Matches:
        params: list = []
        conditions = []
        if query.recall is not None:
            conditions.append(sql.recall(query.recall, params))
        if query.excluded is not None:
            conditions.append(f"NOT {sql.recall(query.excluded, params)}")
        recall_conditions, recall_params = len(conditions), len(params)
        for name, values in query.filters.items():
            if not values:
                continue
            kept = [v for v in values if usable(v)]
            if not kept or (name in MULTI_VALUED and len(kept) < len(values)):
                # No stored value can equal these (NUL, over-long values).
                conditions.append("FALSE")
                continue
            if name in ARRAY_FACETS:
                operator = "@>" if name in MULTI_VALUED else "&&"
                conditions.append(f"({name} {operator} %s::text[])")
            elif name in TEXT_FACETS:
                conditions.append(f"({name} = ANY(%s::text[]))")
            else:
                continue
            params.append(kept)
        if query.exclude_ids:
            conditions.append("(article_id <> ALL(%s::bigint[]))")
            params.append(list(query.exclude_ids))
        return Matches(
            " AND ".join(conditions) or "TRUE",
            params,
            filters=" AND ".join(conditions[recall_conditions:]) or "TRUE",
            filter_params=params[recall_params:],
            recall=query.recall,
            excluded=query.excluded,
        )

    def count(self, matches: Matches) -> int:
        if matches.count is None:
            if matches.where == "TRUE":
                matches.count = self.live_count
            elif not self._counted:
                # A search counts the match set its page's facets count first:
                # one read of the matches' small columns gives both.
                self._counted = True
                check = self._check_sql() if self._shared is None else None
                counted = self._facet_rows(matches, PAGE_FACETS, True, check)
                matches.count = counted.pop(None)
                matches.facets = counted
            else:
                matches.count = self._rows(
                    f"SELECT count(*) FROM {TABLE} WHERE {matches.where}",
                    matches.params,
                )[0][0]
        return matches.count

    def top(self, matches: Matches, rank: Node | None, order: str, stop: int):
        if stop <= 0:
            return []
        if order == "relevance" and rank is not None:
            return self._ranked(matches, rank, stop)
        direction = "ASC" if order == "oldest" else "DESC"
        # Undated articles (sort key UNDATED) last in both orders: the dated
        # and the undated are each read in the order of the sort key index
        # (an ORDER BY on `sortkey = UNDATED` would sort every match).
        part = (
            f"(SELECT article_id, sortkey, %s AS g FROM {TABLE} "
            f"WHERE ({matches.where}) AND sortkey {{}} {UNDATED} "
            f"ORDER BY sortkey {direction}, article_id {direction} LIMIT %s)"
        )
        rows = self._rows(
            f"SELECT article_id FROM ({part.format('<>')} UNION ALL "
            f"{part.format('=')}) AS t "
            f"ORDER BY g, sortkey {direction}, article_id {direction} LIMIT %s",
            [0, *matches.params, stop, 1, *matches.params, stop, stop],
        )
        return [r[0] for r in rows]

    def _ranked(self, matches: Matches, rank: Node, stop: int) -> list[int]:
        if self.count(matches) <= EXACT_UP_TO:
            scored = self._exact(matches.where, matches.params, rank, stop)
            return [i for i, _ in scored]
        # Many candidates: reading every candidate's vectors would be most of
        # the time. Shortlist by the title and keyword terms (postings and
        # keyword index), then rank the shortlist exactly, in one statement.
        size = max(SHORTLIST, stop)
        ranker = sql.Ranker(self, SHORTLIST_FIELDS)
        _mask, score = ranker.score(rank)
        found = ranking.shortlist_query(
            ranker, score, matches.filters, matches.filter_params, size, size
        )
        listed, listed_params = (
            (f"ARRAY({found[0]})", found[1]) if found else ("'{}'::bigint[]", [])
        )
        # The shortlist's rows are read by id; the query's words are tested on
        # the vectors the scoring reads anyway.
        scored = self._exact(
            f"({matches.filters}) AND article_id = ANY({listed})",
            [*matches.filter_params, *listed_params],
            rank,
            stop,
            (matches.recall, matches.excluded),
        )
        if len(scored) < min(stop, matches.count):
            # Too few of the shortlist match the whole query: as if the other
            # candidates all scored zero there, the lowest ids come next.
            seen = [i for i, _ in scored]
            extra = self._rows(
                f"SELECT article_id FROM {TABLE} WHERE ({matches.where}) "
                f"AND article_id <> ALL({listed}) "
                "AND article_id <> ALL(%s::bigint[]) ORDER BY article_id LIMIT %s",
                [*matches.params, *listed_params, seen, size],
            )
            scored += self._exact(
                f"({matches.where}) AND article_id = ANY(%s::bigint[])",
                [*matches.params, [r[0] for r in extra]],
                rank,
                stop,
            )
            scored.sort(key=lambda r: (-r[1], r[0]))
        return [i for i, _ in scored[:stop]]

    def _exact(
        self, where, params, rank, stop, recheck=(None, None)
    ) -> list[tuple[int, float]]:
        """Return (article id, score) of the best `stop` rows matching where
        (and recheck's recall and exclusion, see `ranking.exact_query`)."""
        ranker = sql.Ranker(self)
        mask, score = ranker.score(rank)
        if not ranker.slots:
            return []
        query, params = ranking.exact_query(
            ranker, mask, score, where, params, stop, recheck
        )
        return [(r[0], r[1]) for r in self._rows(query, params)]

    def facet_counts_many(
        self, matches: Matches | None, facets: Iterable[str]
    ) -> dict[str, dict[str, int]]:
        """Count several facets in one statement over one read of the matches."""
        facets = [f for f in facets if f in ARRAY_FACETS or f in TEXT_FACETS]
        out: dict[str, dict[str, int]] = {f: {} for f in facets}
        if not facets:
            return out
        if matches is None or matches.where == "TRUE":
            # The whole index: the facet totals the trigger keeps.
            query, params = stat_query(fields=facets)
            for facet, value, n in self._rows(query, params):
                if n > 0:
                    out[facet][value] = n
            return out
        if matches.facets is not None and all(f in matches.facets for f in facets):
            return {f: dict(matches.facets[f]) for f in facets}
        return self._facet_rows(matches, facets)

    def _facet_rows(self, matches: Matches, facets, with_count=False, check=None):
        """Count facets within matches in one statement over one read of them;
        with_count, the number of matches too (under the key None); with
        check (`_check_sql`), the snapshot's check as well."""
        parts = (
            ["SELECT -1, NULL::text, NULL::text, count(*) FROM m"] if with_count else []
        )
        for i, facet in enumerate(facets):
            if facet in ARRAY_FACETS:
                # unnest in the select list: a lateral join per row costs
                # two to three times as much.
                parts.append(
                    f"SELECT {i}, value, NULL, count(*) FROM "
                    f"(SELECT unnest({facet}) AS value FROM m) AS u GROUP BY value"
                )
            else:
                parts.append(
                    f"SELECT {i}, {facet}, NULL, count(*) FROM m "
                    f"WHERE {facet} IS NOT NULL GROUP BY {facet}"
                )
        params = list(matches.params)
        if check is not None:
            parts.append(check[0])
            params += check[1]
        # Only the small facet columns are read, never the vectors.
        query = (
            f"WITH m AS MATERIALIZED (SELECT {', '.join(facets) or 'NULL'} "
            f"FROM {TABLE} WHERE {matches.where}) " + " UNION ALL ".join(parts)
        )
        out: dict = {f: {} for f in facets}
        if with_count:
            out[None] = 0
        rows = self._rows(query, params)
        if check is not None:
            self._shared = self._take_check(rows, check[2])
        for i, value, _b, n in rows:
            if i == -1:
                out[None] = n
            elif i >= 0 and n:
                out[facets[i]][value] = n
        return out

    def facet_counts(self, matches: Matches | None, facet: str) -> dict[str, int]:
        if matches is None or matches.where == "TRUE":
            return self.facet_counts_many(None, [facet]).get(facet, {})
        if matches.facets is not None and facet in matches.facets:
            return dict(matches.facets[facet])
        where, params = matches.where, matches.params
        if facet in ARRAY_FACETS:
            query = (
                f"SELECT value, count(*) FROM (SELECT unnest({facet}) AS value "
                f"FROM {TABLE} WHERE {where}) AS u GROUP BY value"
            )
        elif facet in TEXT_FACETS:
            query = (
                f"SELECT {facet}, count(*) FROM {TABLE} "
                f"WHERE {facet} IS NOT NULL AND ({where}) GROUP BY {facet}"
            )
        else:
            return {}
        return {value: n for value, n in self._rows(query, params) if n}


class PostgresBackend(SearchBackend):
    """Index rows in the project's PostgreSQL database, written with the articles."""

    name = "postgres"
    transactional = True

    def snapshot(self) -> PostgresSnapshot:
        _require_postgres()
        return PostgresSnapshot()

    def write(self, docs: Iterable, gone: Iterable[int], locked: bool = False) -> None:
        """Upsert the rows of docs and delete those of gone, in the caller's
        transaction (a savepoint of it); locked is for the queue's writer only."""
        _require_postgres()
        rows = [document_row(d) for d in docs]
        gone = sorted(set(gone))
        with transaction.atomic(), connection.cursor() as cursor:
            if rows:
                # Sorted, so concurrent writers lock rows in one order.
                rows.sort(key=lambda r: r[0])
                cursor.executemany(upsert_sql(TABLE), rows)
            _wrote()
            compact_later(len(rows) + len(gone))
            if gone:
                cursor.execute(
                    f"DELETE FROM {TABLE} WHERE article_id = ANY(%s::bigint[])", [gone]
                )
                cursor.execute(
                    f"INSERT INTO {schema.GONE} (article_id) "
                    "SELECT unnest(%s::bigint[])",
                    [gone],
                )

    def rebuild(self, procs: int = 2, progress=None) -> RebuildStats:
        from .rebuild import rebuild

        _require_postgres()
        return rebuild(self, progress=progress)

    def indexed_ids(self) -> set[int]:
        _require_postgres()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT article_id FROM {TABLE}")
            return {r[0] for r in cursor.fetchall()}

    def indexed_versions(self) -> dict[int, str]:
        from .rebuild import indexed_versions

        _require_postgres()
        return indexed_versions()

    def clear(self) -> None:
        _require_postgres()
        _wrote()
        with transaction.atomic(), connection.cursor() as cursor:
            for table in (TABLE, schema.GONE, schema.DELTA, schema.STATS):
                cursor.execute(f"DELETE FROM {table}")

    def forget(self) -> None:
        """Drop the statistics kept for the next snapshot."""
        with _corpus_lock:
            _corpus.clear()


def _require_postgres() -> None:
    if connection.vendor != "postgresql":
        raise RuntimeError(
            "The postgres search backend needs a PostgreSQL database "
            "(DATABASE_URL=postgres://…)."
        )
