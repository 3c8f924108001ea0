"""The shared PostgreSQL backend: one index row per article in the project's database.

Rows (`schema`) hold the pre-analysed terms of `IndexDocument.terms()` as
tsvectors built in Python (`rows`; PostgreSQL's own text search configuration
is never used): syllables and syllable pairs in one column, title, lead and
pyvi compounds in their own, keyword values as "field:value" lexemes; keyword
facets as text[] and text columns, field lengths and the sort key. They are
written in the article's own transaction (`transactional = True`:
`search.indexing.signals` writes them on save and delete), so a change is
searchable exactly when it commits. A row trigger keeps, in the same
transaction, the statistics ranking and facets need (document count, field
length sums, each term's document frequency, each facet value's count: signed
deltas, compacted from time to time, `stats`) and title postings (`schema`).

Plans become SQL (`sql`): recall as tsqueries `@@` GIN-indexed tsvectors (a
plan's part within one column is one tsquery, so the index answers it without
reading a row), filters as array and text conditions. Every search statement
runs with sequential scans and JIT off: a common term would otherwise make the
planner test `@@` row by row, decompressing every row's vectors.

Ranking is the Whoosh backend's BM25F, not an approximation, for up to
`EXACT_UP_TO` candidates: the same K1=1.2, B=0.75, idf = log(N/(df+1))+1,
field boosts (title 3.0, lead 1.5) folded into term weights, field lengths
quantised as Whoosh stores them, keyword fields scoring as Whoosh scores them,
and the plan's sums, masks and boosts evaluated in double precision (`ranking`
reads each term frequency from an in-memory copy of the row's vectors, made
once per row: its count of positions, capped at PostgreSQL's 256; the
document frequencies come from the statistics tables inside the same
statement). The statistics
differ from Whoosh only where Whoosh counts deleted documents not yet merged
away: N, df and average lengths here are those of the live rows. Beyond
`EXACT_UP_TO` candidates, the best `SHORTLIST` by the plan's title and keyword
terms (read from the postings, not from the candidates' rows) are ranked
exactly: a documented approximation, measured at 2 000 articles as 98 % of the
top 20 in common with exact ranking of every candidate. Ties go to the lower
article id; newest and oldest order by sort key, then article id, undated
articles (sort key 0) last in both.

Snapshots are statement-consistent (READ COMMITTED): each count, page and
facet is one statement; the statistics are read once per snapshot, and reused
by the next snapshot that sees the same data. A search is two statements: the
first count (with the facet counts of the same rows, and the check whether
the last snapshot's statistics still hold), then the ranked page (shortlist,
document frequencies and scoring in one statement). The archive-wide facet
totals are read with the check only when it runs on its own (browsing reads
them all, a typed document number the code totals), else when asked for: a
page with words counts its facets within its matches.
`rebuild` fills shadow tables and renames them in (`rebuild`).
"""

from .snapshot import PostgresBackend, PostgresSnapshot

__all__ = ["PostgresBackend", "PostgresSnapshot"]
