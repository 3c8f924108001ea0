"""Baseline: stock Django PostgreSQL full-text search, as a Django team writes it.

A `SearchVector` over `unaccent`ed title, lead and body (configuration
'simple', weights A/B/C) stored in a column with a GIN index, filled by one
`update()`; `SearchQuery` (websearch syntax, the query `unaccent`ed too) and
`SearchRank` for the result page; facet counts by `GROUP BY`: years and
sources over the article rows, officials and codes over an (article, facet,
value) table. The tables live in a PostgreSQL database the benchmark command
provides (`NEWSARCHIVE_BENCH_STOCK_PG`); with none it is reported as skipped.

Measured at two levels, each against the same level of ours (`runner`):

- page: the result page a Django team writes by hand: the page's 20 rows with
  their source, officials and codes, the title and a snippet of lead and body
  highlighted by `SearchHeadline` (`ts_headline`), the count and the facet
  counts. The headline uses the text search configuration of PostgreSQL's
  `unaccent` documentation (`simple` with the `unaccent` dictionary first), so
  an accentless query marks the accented words it matched;
- engine: matching, ranking, the count, the facet counts and the ids of the
  top 20 only.
"""

from __future__ import annotations

import os
import time

ALIAS = "bench_stock_pg"
ARTICLES = "bench_stock_article"
TAGS = "bench_stock_tag"
SOURCES = "bench_stock_source"
#: Text search configuration of the headlines: 'simple' behind 'unaccent'.
HEADLINE = "bench_stock_unaccent"
_models: tuple | None = None


def _connect(url: str):
    """Add the stock database as a connection alias (settings of `default`)."""
    import dj_database_url
    from django.db import connections

    config = dict(connections.settings["default"])
    parsed = dj_database_url.parse(url)
    config.update(
        {k: parsed[k] for k in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT")}
    )
    config["OPTIONS"] = {}
    connections.settings[ALIAS] = config
    return connections[ALIAS]


def models() -> tuple:
    """Return the (article, tag, source) models of the stock tables, defined once."""
    global _models
    if _models is None:
        from django.contrib.postgres.search import SearchVectorField
        from django.db import models as m

        class StockSource(m.Model):
            name = m.CharField(max_length=200)

            class Meta:
                app_label = "search"
                db_table = SOURCES
                managed = False

            def __str__(self) -> str:
                return self.name

        class StockArticle(m.Model):
            title = m.TextField()
            lead = m.TextField()
            body = m.TextField()
            published_at = m.DateTimeField()
            source = m.ForeignKey(
                StockSource, null=True, on_delete=m.DO_NOTHING, db_constraint=False
            )
            search_vector = SearchVectorField(null=True)

            class Meta:
                app_label = "search"
                db_table = ARTICLES
                managed = False

            def __str__(self) -> str:
                return self.title

        class StockTag(m.Model):
            article = m.ForeignKey(
                StockArticle, on_delete=m.CASCADE, db_constraint=False
            )
            facet = m.CharField(max_length=20)
            value = m.CharField(max_length=300)
            label = m.CharField(max_length=300)  # what the page shows

            class Meta:
                app_label = "search"
                db_table = TAGS
                managed = False
                indexes = [m.Index(fields=["facet", "value", "article"])]

            def __str__(self) -> str:
                return f"{self.facet}:{self.value}"

        _models = StockArticle, StockTag, StockSource
    return _models


def _drop(cursor) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {TAGS}, {ARTICLES}, {SOURCES}")
    cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {HEADLINE}")


def _load(conn, StockArticle, StockTag, StockSource) -> float:
    """Create the tables and copy the articles and their facets; return seconds."""
    from articles.models import Article, DocumentCitation, PersonMention, Source

    started = time.perf_counter()
    with conn.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        _drop(cursor)
        cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {HEADLINE} (COPY = simple)")
        cursor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {HEADLINE} ALTER MAPPING FOR "
            "hword, hword_part, word WITH unaccent, simple"
        )
    with conn.schema_editor() as editor:
        editor.create_model(StockSource)
        editor.create_model(StockArticle)
        editor.create_model(StockTag)
    StockSource.objects.using(ALIAS).bulk_create(
        StockSource(pk, name) for pk, name in Source.objects.values_list("pk", "name")
    )
    fields = ("pk", "title", "lead", "body", "published_at", "source_id")
    rows = Article.objects.order_by("pk").values_list(*fields)
    batch = []
    for pk, title, lead, body, published, source in rows.iterator(chunk_size=1000):
        batch.append(StockArticle(pk, title, lead, body, published, source))
        if len(batch) == 1000:
            StockArticle.objects.using(ALIAS).bulk_create(batch)
            batch = []
    StockArticle.objects.using(ALIAS).bulk_create(batch)
    people = PersonMention.objects.values_list(
        "article_id", "person__slug", "person__name"
    )
    tags = [
        StockTag(article_id=a, facet="official", value=v, label=n) for a, v, n in people
    ]
    tags += [
        StockTag(article_id=a, facet="code", value=v, label=v)
        for a, v in DocumentCitation.objects.values_list("article_id", "document__code")
    ]
    StockTag.objects.using(ALIAS).bulk_create(tags, batch_size=5000)
    return time.perf_counter() - started


def _index(conn, StockArticle) -> float:
    """Fill the search vector column and build its GIN index; return seconds."""
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector
    from django.db.models import F, Func, TextField

    def unaccent(name: str):
        return Func(F(name), function="unaccent", output_field=TextField())

    started = time.perf_counter()
    vector = (
        SearchVector(unaccent("title"), weight="A", config="simple")
        + SearchVector(unaccent("lead"), weight="B", config="simple")
        + SearchVector(unaccent("body"), weight="C", config="simple")
    )
    StockArticle.objects.using(ALIAS).update(search_vector=vector)
    with conn.schema_editor() as editor:
        index = GinIndex(fields=["search_vector"], name=f"{ARTICLES}_vector_gin")
        editor.add_index(StockArticle, index)
    with conn.cursor() as cursor:
        cursor.execute(f"ANALYZE {ARTICLES}")
        cursor.execute(f"ANALYZE {TAGS}")
    return time.perf_counter() - started


def stock_django_postgres(classes, truth) -> dict:
    """Index and query the corpus with stock Django PostgreSQL search."""
    from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
    from django.db.models import Count, F, Func, TextField, Value
    from django.db.models.functions import Concat, ExtractYear

    from .baselines import _measure

    skipped = os.environ.get("NEWSARCHIVE_BENCH_STOCK_PG_SKIP")
    url = os.environ.get("NEWSARCHIVE_BENCH_STOCK_PG")
    if skipped or not url:
        reason = skipped or "no PostgreSQL database was given to the benchmark"
        return {"skipped": f"no PostgreSQL server answers ({reason})"}
    conn = _connect(url)
    StockArticle, StockTag, StockSource = models()
    copy_seconds = _load(conn, StockArticle, StockTag, StockSource)
    n = StockArticle.objects.using(ALIAS).count()
    seconds = _index(conn, StockArticle)
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT pg_total_relation_size(%s) + pg_total_relation_size(%s)",
            [ARTICLES, TAGS],
        )
        size = cursor.fetchone()[0] / 2**20

    def search_query(q: str):
        typed = Func(Value(q), function="unaccent", output_field=TextField())
        return SearchQuery(typed, config="simple", search_type="websearch")

    def matching(q: str, filters: dict):
        qs = StockArticle.objects.using(ALIAS)
        query = search_query(q) if q.strip() else None
        if query is not None:
            qs = qs.filter(search_vector=query)
        for facet, values in filters.items():
            if facet == "year":
                qs = qs.filter(published_at__year=int(values[0]))
            else:
                tagged = StockTag.objects.using(ALIAS).filter(
                    facet=facet, value=values[0]
                )
                qs = qs.filter(pk__in=tagged.values("article_id"))
        return qs, query

    def ranked(qs, query):
        if query is None:
            return qs.order_by("-published_at", "-pk")
        page = qs.annotate(rank=SearchRank(F("search_vector"), query))
        return page.order_by("-rank", "pk")

    def counts(qs):
        count = qs.count()
        tags = StockTag.objects.using(ALIAS).filter(article__in=qs.values("pk"))
        facets = list(tags.values("facet", "value").annotate(n=Count("pk")).order_by())
        years = qs.annotate(year=ExtractYear("published_at")).values("year")
        facets += list(years.annotate(n=Count("pk")).order_by())
        facets += list(qs.values("source_id").annotate(n=Count("pk")).order_by())
        return count, facets

    def engine(q: str, filters: dict, limit: int = 20):
        qs, query = matching(q, filters)
        ids = list(ranked(qs, query).values_list("pk", flat=True)[:limit])
        return ids, *counts(qs)

    def headline(expression, query, **options):
        return SearchHeadline(
            expression,
            query,
            config=HEADLINE,
            start_sel="<mark>",
            stop_sel="</mark>",
            **options,
        )

    def page(q: str, filters: dict, limit: int = 20):
        qs, query = matching(q, filters)
        rows = ranked(qs, query).select_related("source")
        if query is not None:
            text = Concat("lead", Value("\n\n"), "body", output_field=TextField())
            rows = rows.annotate(
                title_html=headline("title", query, highlight_all=True),
                snippet=headline(text, query),
            )
        else:  # browsing: nothing to highlight, the lead is the snippet
            rows = rows.annotate(title_html=F("title"), snippet=F("lead"))
        fields = ("pk", "title_html", "snippet", "published_at", "source__name")
        results = list(rows.values(*fields)[:limit])
        labels: dict[int, dict[str, list[str]]] = {}
        shown = StockTag.objects.using(ALIAS).filter(
            article_id__in=[r["pk"] for r in results]
        )
        for pk, facet, label in shown.order_by("pk").values_list(
            "article_id", "facet", "label"
        ):
            labels.setdefault(pk, {}).setdefault(facet, []).append(label)
        for r in results:
            r.update(labels.get(r["pk"], {}))
        return results, *counts(qs)

    def found_ids(q: str) -> set[int]:
        qs, _query = matching(q, {})
        return set(qs.values_list("pk", flat=True))

    page_figures, recall = _measure(classes, truth, page, found_ids)
    engine_figures, _same = _measure(classes, truth, engine, found_ids)
    with conn.cursor() as cursor:
        _drop(cursor)
    conn.close()
    return {
        "index_rate_per_s": round(n / seconds, 1),
        "copy_seconds": round(copy_seconds, 1),
        "index_size_mb": round(size, 1),
        "latency_page": page_figures,
        "latency_engine": engine_figures,
        "recall": recall,
    }
