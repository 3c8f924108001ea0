"""Baseline: stock Django PostgreSQL full-text search, as a Django team writes it.

A `SearchVector` over `unaccent`ed title, lead and body (configuration
'simple', weights A/B/C) stored in a column with a GIN index, filled by one
`update()`; `SearchQuery` (websearch syntax, the query `unaccent`ed too) and
`SearchRank` for the result page; facet counts by `GROUP BY`: years and
sources over the article rows, officials and codes over an (article, facet,
value) table. The tables live in a PostgreSQL database the benchmark command
provides (`NEWSARCHIVE_BENCH_STOCK_PG`); with none it is reported as skipped.
"""

from __future__ import annotations

import os
import time

ALIAS = "bench_stock_pg"
ARTICLES = "bench_stock_article"
TAGS = "bench_stock_tag"
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
    """Return the (article, tag) models of the stock tables, defined once."""
    global _models
    if _models is None:
        from django.contrib.postgres.search import SearchVectorField
        from django.db import models as m

        class StockArticle(m.Model):
            title = m.TextField()
            lead = m.TextField()
            body = m.TextField()
            published_at = m.DateTimeField()
            source_id = m.BigIntegerField(null=True)
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

            class Meta:
                app_label = "search"
                db_table = TAGS
                managed = False
                indexes = [m.Index(fields=["facet", "value", "article"])]

            def __str__(self) -> str:
                return f"{self.facet}:{self.value}"

        _models = StockArticle, StockTag
    return _models


def _load(conn, StockArticle, StockTag) -> float:
    """Create the tables and copy the articles and their facets; return seconds."""
    from articles.models import Article, DocumentCitation, PersonMention

    started = time.perf_counter()
    with conn.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        cursor.execute(f"DROP TABLE IF EXISTS {TAGS}, {ARTICLES}")
    with conn.schema_editor() as editor:
        editor.create_model(StockArticle)
        editor.create_model(StockTag)
    fields = ("pk", "title", "lead", "body", "published_at", "source_id")
    rows = Article.objects.order_by("pk").values_list(*fields)
    batch = []
    for pk, title, lead, body, published, source in rows.iterator(chunk_size=1000):
        batch.append(StockArticle(pk, title, lead, body, published, source))
        if len(batch) == 1000:
            StockArticle.objects.using(ALIAS).bulk_create(batch)
            batch = []
    StockArticle.objects.using(ALIAS).bulk_create(batch)
    tags = [
        StockTag(article_id=a, facet="official", value=v)
        for a, v in PersonMention.objects.values_list("article_id", "person__slug")
    ]
    tags += [
        StockTag(article_id=a, facet="code", value=v)
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
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from django.db.models import Count, F, Func, TextField, Value
    from django.db.models.functions import ExtractYear

    from .baselines import _measure

    skipped = os.environ.get("NEWSARCHIVE_BENCH_STOCK_PG_SKIP")
    url = os.environ.get("NEWSARCHIVE_BENCH_STOCK_PG")
    if skipped or not url:
        reason = skipped or "no PostgreSQL database was given to the benchmark"
        return {"skipped": f"no PostgreSQL server answers ({reason})"}
    conn = _connect(url)
    StockArticle, StockTag = models()
    copy_seconds = _load(conn, StockArticle, StockTag)
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

    def run(q: str, filters: dict, limit: int = 20):
        qs, query = matching(q, filters)
        if query is not None:
            page = qs.annotate(rank=SearchRank(F("search_vector"), query))
            page = page.order_by("-rank", "pk")
        else:
            page = qs.order_by("-published_at", "-pk")
        results = list(page.values_list("pk", "title", "lead")[:limit])
        count = qs.count()
        tags = StockTag.objects.using(ALIAS).filter(article__in=qs.values("pk"))
        facets = list(tags.values("facet", "value").annotate(n=Count("pk")).order_by())
        years = qs.annotate(year=ExtractYear("published_at")).values("year")
        facets += list(years.annotate(n=Count("pk")).order_by())
        facets += list(qs.values("source_id").annotate(n=Count("pk")).order_by())
        return results, count, facets

    def found_ids(q: str) -> set[int]:
        qs, _query = matching(q, {})
        return set(qs.values_list("pk", flat=True))

    figures, recall = _measure(classes, truth, run, found_ids)
    with conn.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TAGS}, {ARTICLES}")
    conn.close()
    return {
        "index_rate_per_s": round(n / seconds, 1),
        "copy_seconds": round(copy_seconds, 1),
        "index_size_mb": round(size, 1),
        "latency": figures,
        "recall": recall,
    }
