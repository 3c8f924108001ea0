"""The shared PostgreSQL backend: one index row per article in the project's database.

Rows (`schema`) hold the pre-analysed terms of `IndexDocument.terms()` as
tsvectors built in Python (`rows`; PostgreSQL's own text search configuration
is never used), keyword facets as text[] and text columns, field lengths and
the sort key. They are written in the article's own transaction (`transactional
= True`: `search.indexing.signals` writes them on save and delete), so a change is
searchable exactly when it commits. Plans become SQL (`sql`): recall as
tsqueries `@@` GIN-indexed tsvectors, filters as array and text conditions.

Ranking is the Whoosh backend's BM25F, not an approximation: the same K1=1.2,
B=0.75, idf = log(N/(df+1))+1, field boosts (title 3.0, lead 1.5) folded into
term weights, field lengths quantised as Whoosh stores them, keyword fields
scoring as Whoosh scores them, and the plan's sums, masks and boosts evaluated
in double precision. Term frequencies come from `ts_rank_cd` over one lexeme
with all weights 1, which is exactly the lexeme's count of positions (capped
at PostgreSQL's 256 positions per lexeme). The statistics differ from Whoosh
only where Whoosh counts deleted documents not yet merged away: N, df and
average lengths here are those of the live rows. Ties go to the lower
article id; newest and oldest order by sort key, then article id, undated
articles (sort key 0) last in both.

Snapshots are statement-consistent (READ COMMITTED): each count, page and
facet is one statement; the BM25 statistics are read once per snapshot.
`rebuild` fills a shadow table and renames it in (`rebuild`).
"""

from .snapshot import PostgresBackend, PostgresSnapshot

__all__ = ["PostgresBackend", "PostgresSnapshot"]
