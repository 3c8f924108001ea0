"""The SQL that ranks candidates: exact BM25F over rows, and the title shortlist.

Both fill the slots of a `sql.Ranker` (`t0`, `t1`, …: one term frequency per
(field, term) of the rank plan) and order by its score, ties to the lower
article id.

Exact: each candidate row's vectors are read once. A stored vector is
TOASTed (compressed, out of line): every function given the column reads and
decompresses it again, so each vector the plan needs is first copied into
memory once (`setweight` with no lexemes: the vector unchanged, detoasted),
and every term frequency is then a binary search in that copy. `ts_rank_cd`
with all weights 1 over a one-lexeme query is exactly the lexeme's number of
positions. (Cutting the copy down to the plan's lexemes with `ts_filter`, as
this module did before, costs more than the lookups it makes cheaper:
measured at 2 000 articles, 107 against 58 ms for the copies alone.)

Shortlist: for each title term of the plan, its best title matches come from
the postings table in BM25 order (`schema.POSTINGS`: higher tf, then shorter
title, then lower id), `per_term` of them; for each keyword term the first
`per_term` holders by id (a keyword scores the same in every document). Their
union is scored by the same formula over the frequencies it carries (a term
that did not list an article counts zero for it), within the query's filters.
"""

from __future__ import annotations

from ...plan import Node
from ...plan import terms as plan_terms
from .rows import lexeme
from .schema import KEYS_COLUMN, POSTING_FIELD, POSTINGS, TABLE
from .sql import ALL_ONES, column_term, recall


def _cut(column: str) -> str:
    return f"v_{column}"


def exact_query(
    ranker,
    mask: str,
    score: str,
    where: str,
    params: list,
    stop: int,
    recheck: tuple[Node | None, Node | None] = (None, None),
):
    """Return (SQL, params) listing (article_id, score) of the best `stop` rows
    matching where, scored exactly.

    recheck is (recall, excluded) of the query when where holds only its
    conditions on small columns: they are then tested on the in-memory
    copies of the vectors, which reads each vector once instead of again for
    the test.
    """
    tfs, tf_params = [], []
    columns: list[str] = []
    for i, (_field, column, value) in enumerate(ranker.slots):
        if column == KEYS_COLUMN:
            tfs.append(f"({column} @@ %s::tsquery)::int::float8 AS t{i}")
        else:
            columns.append(column)
            tf = f"ts_rank_cd({ALL_ONES}, {_cut(column)}, %s::tsquery)::float8"
            tfs.append(f"{tf} AS t{i}")
        tf_params.append(lexeme(value))
    for node in recheck:
        for term in plan_terms(node) if node is not None else ():
            found = column_term(term.field, term.text)
            if found is not None and found[0] != KEYS_COLUMN:
                columns.append(found[0])
    lexemes = dict.fromkeys(columns)
    # An in-memory copy of each vector read (see the module's docstring).
    cuts = [f"setweight({c}, 'D', '{{}}'::text[]) AS {_cut(c)}" for c in lexemes]
    renamed = {c: _cut(c) for c in lexemes}
    tests, test_params = [], []
    recall_node, excluded_node = recheck
    if recall_node is not None:
        tests.append(recall(recall_node, test_params, renamed))
    if excluded_node is not None:
        tests.append(f"NOT {recall(excluded_node, test_params, renamed)}")
    inner = ", ".join(["article_id", "qlengths AS q", KEYS_COLUMN, *cuts])
    # OFFSET 0 keeps each level apart: the copies are made once per row,
    # and each tf once per row.
    idfs, idf_params = ranker.idf_sql()
    query = (
        f"WITH w AS MATERIALIZED ({idfs}) "
        f"SELECT article_id, {score} AS score FROM ("
        f"SELECT article_id, q, {', '.join(tfs)} FROM ("
        f"SELECT {inner} FROM {TABLE} WHERE {where} OFFSET 0) AS c "
        f"WHERE {' AND '.join(tests) or 'TRUE'} OFFSET 0) AS m, w "
        f"WHERE {mask} ORDER BY score DESC, article_id ASC LIMIT %s"
    )
    return query, [*idf_params, *tf_params, *params, *test_params, stop]


def shortlist_query(
    ranker, score: str, where: str, params: list, per_term: int, size: int
):
    """Return (SQL, params) listing the `size` best article ids of the union of
    each title and keyword term's best `per_term` documents, within where
    (conditions on the small columns only)."""
    parts, part_params = [], []
    for i, (field, column, value) in enumerate(ranker.slots):
        if column == KEYS_COLUMN:
            parts.append(
                f"(SELECT {i} AS slot, article_id AS pid, 1 AS tf FROM {TABLE} "
                f"WHERE {KEYS_COLUMN} @@ %s::tsquery ORDER BY article_id LIMIT %s)"
            )
            part_params += [lexeme(value), per_term]
        elif field == POSTING_FIELD:
            parts.append(
                f"(SELECT {i} AS slot, article_id AS pid, tf FROM {POSTINGS} "
                "WHERE field = %s AND term = %s "
                "ORDER BY tf DESC, fl, article_id LIMIT %s)"
            )
            part_params += [field, value, per_term]
    if not parts:
        return None
    tfs = ", ".join(
        f"coalesce(max(tf) FILTER (WHERE slot = {i}), 0)::float8 AS t{i}"
        for i in range(len(ranker.slots))
    )
    # Each listed article's frequencies first, then its small columns by id.
    idfs, idf_params = ranker.idf_sql()
    query = (
        f"WITH w AS MATERIALIZED ({idfs}), p AS ({' UNION ALL '.join(parts)}), "
        f"a AS (SELECT pid, {tfs} FROM p GROUP BY pid) "
        f"SELECT article_id FROM (SELECT a.*, d.article_id, d.qlengths AS q "
        f"FROM a JOIN {TABLE} AS d ON d.article_id = a.pid WHERE {where}) AS m, "
        f"w ORDER BY {score} DESC, article_id ASC LIMIT %s"
    )
    return query, [*idf_params, *part_params, *params, size]
