"""Run the search benchmark inside a throwaway data folder and database.

`run()` is called in a child process whose settings point at a temporary folder,
so the real archive and index are never touched.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import resource
import statistics
import time
from pathlib import Path

from django.core.management import call_command

from articles import text
from articles.progress import start_phase

from ..backends import get_backend
from ..backends.whoosh import store
from ..backends.whoosh.vector import forget
from ..services import search
from .corpus import Corpus


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def index_size_mb(backend) -> float:
    """Return the size of the live index: its folder, or its tables and indexes."""
    if backend.name == "postgres":
        from django.db import connection

        from ..backends.postgres.schema import DELTA, GONE, POSTINGS, STATS, TABLE

        with connection.cursor() as cursor:
            tables = [TABLE, GONE, STATS, DELTA, POSTINGS]
            cursor.execute(
                "SELECT sum(pg_total_relation_size(t::regclass))::bigint "
                "FROM unnest(%s::text[]) AS t",
                [tables],
            )
            return round(cursor.fetchone()[0] / 2**20, 1)
    root = store.root_path()
    return round(_dir_mb(root / store.current_name(root)), 1)


def analyse() -> None:
    """Give the planner statistics of the index table, as autovacuum would.

    A rebuild renames a freshly filled table in; the stock Django baseline's
    table is analysed the same way, so both are measured in that steady state.
    """
    from django.db import connection

    from ..backends.postgres.schema import SHADOWS

    with connection.cursor() as cursor:
        for live, _shadow in SHADOWS:
            cursor.execute(f"ANALYZE {live}")


def first_open(backend) -> float:
    """Return the ms to a first snapshot that knows its document count."""
    if backend.name == "postgres":
        from django.db import connections

        connections.close_all()  # a new process connects first
    backend.forget()
    return _time(lambda: backend.snapshot().live_count)


def _cold(backend) -> None:
    """Drop what this process caches of the index (not the OS or server caches)."""
    backend.forget()
    forget(set())


def load(n: int, seed: int = 7) -> tuple[Corpus, dict]:
    """Create n synthetic articles with officials and codes; return ground truth."""
    from articles.models import (
        Article,
        Document,
        DocumentCitation,
        Person,
        PersonMention,
        Source,
    )

    corpus = Corpus(seed)
    people = {}
    for name in corpus.officials:
        person = Person(name=name)
        person.save()
        people[name] = person
    docs = {
        c: Document.objects.create(code=c, doc_type=c.split("-")[1][:2])
        for c in corpus.codes
    }
    sources: dict[str, Source] = {}
    truth = {"official": {}, "code": {}}
    for start in range(0, n, 1000):
        batch = [corpus.article(i) for i in range(start, min(n, start + 1000))]
        rows = []
        for a in batch:
            src = sources.get(a.source) or Source.objects.create(name=a.source)
            sources[a.source] = src
            row = Article(
                title=a.title,
                lead=a.lead,
                body=a.body,
                section=a.section,
                source=src,
                published_at=a.published_at,
            )
            row.content_hash = row.compute_content_hash()
            rows.append(row)
        Article.objects.bulk_create(rows)
        mentions, cites = [], []
        for a, row in zip(batch, rows, strict=True):
            for name in a.officials:
                mentions.append(PersonMention(article=row, person=people[name]))
                truth["official"].setdefault(name, set()).add(row.pk)
            for code in a.codes:
                cites.append(
                    DocumentCitation(article=row, document=docs[code], surface=code)
                )
                truth["code"].setdefault(code, set()).add(row.pk)
        PersonMention.objects.bulk_create(mentions)
        DocumentCitation.objects.bulk_create(cites)
    return corpus, truth


def query_classes(corpus: Corpus, truth: dict, rng: random.Random) -> dict[str, list]:
    """Return (query, filters) samples per query class."""
    common_officials = sorted(
        truth["official"], key=lambda k: -len(truth["official"][k])
    )
    codes = sorted(truth["code"], key=lambda k: -len(truth["code"][k]))
    rare = [corpus.rare[i] for i in range(200, 2000, 90)]
    spell = [
        lambda c: c,
        lambda c: f"{_kind(c).lower().replace('đ', 'd')} {c.split('-')[0]}",
        lambda c: c.replace("-", "/", 1).replace("/TW", "-TW"),
    ]
    return {
        "selective_keyword": [(w, {}) for w in rare[:12]],
        "broad_keyword": [
            (q, {})
            for q in [
                "công tác cán bộ",
                "tổ chức",
                "hội nghị",
                "xây dựng đảng",
                "trung ương",
                "nhiệm vụ",
            ]
        ],
        "phrase": [
            (f'"{q}"', {})
            for q in [
                "kiểm soát quyền lực",
                "Ban Tổ chức Trung ương",
                "công tác cán bộ",
                "đội ngũ cán bộ",
            ]
        ],
        "accentless_official": [(text.fold(n), {}) for n in common_officials[:12]],
        "document_code": [(spell[i % 3](c), {}) for i, c in enumerate(codes[:12])],
        "browse_all_facets": [("", {})] * 6,
        "two_filters_keyword": [
            ("cán bộ", {"official": [_slug(n)], "year": [str(2010 + i % 16)]})
            for i, n in enumerate(common_officials[:10])
        ],
    }


def _kind(code: str) -> str:
    return code.split("-")[1].split("/")[0]


def _slug(name: str) -> str:
    return text.slugify_vi(name)


def _time(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def _stats(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": round(statistics.median(ordered), 2), "p95_ms": round(p95, 2)}


def _search(q: str, filters: dict):
    return search(q, filters, suggest=False, cache=False)


#: The facets the engine-level measurement counts: those the stock Django
#: baseline counts (`stock_pg`), so both do the same work.
ENGINE_FACETS = ("official", "code", "year", "source")


def engine_search(q: str, filters: dict, limit: int = 20):
    """Return the engine's part of a search: top-k ids, count and facet counts.

    Matching, ranking, the count and the counts of `ENGINE_FACETS`, through the
    backend interface's snapshot calls (the tiers of `listing` included, as a
    result page lists them), without building the page: no article rows,
    snippets, labels or suggestion.
    """
    from .. import listing
    from ..query import parse
    from ..services import clean_filters

    snap = get_backend().snapshot()
    chosen = clean_filters(filters)
    hits = listing.build(snap, parse(q), chosen)
    count = hits.total
    pks = hits.ordered("relevance", limit)[0] if count else []
    if hits.lists_everything:
        facets = snap.totals_many(ENGINE_FACETS)
    else:
        facets = snap.facet_counts_many(hits.facet_matches(), ENGINE_FACETS)
    return pks, count, facets


def measure_ours(classes, progress=None, run=None) -> dict:
    """Return cold and warm latency per query class of run (default: a result
    page from `services.search`)."""
    run = run or _search
    backend = get_backend()
    out = {}
    start_phase(progress, "measuring", sum(len(s) for s in classes.values()), "queries")
    done = 0
    for name, samples in classes.items():
        cold, warm = [], []
        for q, filters in samples:
            # Cold: a fresh Whoosh searcher and view, no posting or term arrays
            # cached (facet columns are built when the index opens: first_open);
            # on PostgreSQL a fresh snapshot (no BM25 statistics read yet).
            # The service's own caches of whole pages, facets and result items
            # are off (cache=False): a warm query is searched again, not
            # answered from them (`bench_serve` measures them under load).
            _cold(backend)
            cold.append(_time(lambda q=q, f=filters: run(q, f)))
            for _ in range(3):
                warm.append(_time(lambda q=q, f=filters: run(q, f)))
            done += 1
            if progress is not None:
                progress(done)
        out[name] = {"cold": _stats(cold), "warm": _stats(warm)}
    return out


def _all_pks(q: str) -> set[int]:
    from ..query import parse
    from ..services import _query, clean_filters

    snap = get_backend().snapshot()
    matches = snap.match(_query(parse(q), clean_filters({})))
    return set(snap.top(matches, None, "newest", snap.count(matches)))


def _recall(found: set[int], relevant: set[int]) -> float:
    return round(len(found & relevant) / len(relevant), 4) if relevant else 1.0


def recall_ours(classes, truth) -> dict:
    out = {}
    for cls, key in (("accentless_official", "official"), ("document_code", "code")):
        values = []
        for (q, _f), name in zip(
            classes[cls], _truth_names(classes, truth, cls), strict=True
        ):
            values.append(_recall(_all_pks(q), truth[key][name]))
        out[cls] = round(statistics.mean(values), 4)
    return out


def _truth_names(classes, truth, cls) -> list[str]:
    key = "official" if cls == "accentless_official" else "code"
    ordered = sorted(truth[key], key=lambda k: -len(truth[key][k]))
    return ordered[: len(classes[cls])]


def truth_from_db(seed: int = 7) -> tuple[Corpus, dict]:
    """Return the corpus generator and ground truth of an already loaded corpus."""
    from articles.models import DocumentCitation, PersonMention

    truth: dict = {"official": {}, "code": {}}
    for name, pk in PersonMention.objects.values_list("person__name", "article_id"):
        truth["official"].setdefault(name, set()).add(pk)
    cites = DocumentCitation.objects.values_list("document__code", "article_id")
    for code, pk in cites:
        truth["code"].setdefault(code, set()).add(pk)
    return Corpus(seed), truth


#: How long a run with analysis_from waits for the earlier run's cache to cover
#: this corpus (that run may still be in its pyvi pass).
ANALYSIS_WAIT_S = 3600


def copy_analysis(source: Path, wait_s: float = 0) -> dict:
    """Copy the pyvi analysis cache of an earlier run's SQLite database into
    this one; return the rows copied, the articles without an entry and the
    seconds waited.

    The corpus is generated from a fixed seed, so an earlier run of the same
    size analysed the same texts under the same keys. While that run is still
    in its pyvi pass, wait (up to wait_s) until its cache holds a key for every
    article here; what is still missing then is segmented by the rebuild and
    shows in `rebuild_from_cache_analysed`.
    """
    import sqlite3

    from articles.models import Article

    from ..documents import analysis_key
    from ..models import AnalysisCache

    wanted = {analysis_key(a) for a in Article.objects.iterator(chunk_size=2000)}
    db = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    started = time.monotonic()
    copied = 0
    try:

        def keys() -> set[str]:
            rows = db.execute("SELECT key FROM search_analysiscache")
            return {k for (k,) in rows}

        while len(wanted - keys()) and time.monotonic() - started < wait_s:
            time.sleep(15)
        waited = time.monotonic() - started
        rows = db.execute("SELECT key, words FROM search_analysiscache")
        while batch := rows.fetchmany(2000):
            AnalysisCache.objects.bulk_create(
                [AnalysisCache(key=k, words=w) for k, w in batch if k in wanted],
                ignore_conflicts=True,
            )
            copied += sum(1 for k, _w in batch if k in wanted)
    finally:
        db.close()
    return {
        "rows": copied,
        "articles_missing": len(wanted) - copied,
        "waited_s": round(waited, 1),
    }


def run(
    n: int,
    baselines: bool,
    reuse: bool = False,
    progress=None,
    analysis_from: Path | None = None,
) -> dict:
    """Build the corpus, index it, and measure; return the figures.

    With reuse, a corpus and index already built in this data folder by an
    earlier run are measured again (queries only; no indexing figures). With
    analysis_from (the SQLite database of an earlier run of the same size),
    its pyvi analysis cache is copied in and only the rebuild from the cache
    runs: no end-to-end indexing figure.
    """
    from django.conf import settings

    from articles.models import Article

    from ..models import AnalysisCache

    # The worker runs with DEBUG on (no secret key needed); Django would then keep
    # the last 9 000 SQL strings, bulk inserts of whole articles included, and
    # the memory figures would measure that log rather than the search engine.
    settings.DEBUG = False
    rng = random.Random(11)
    started = time.perf_counter()
    start_phase(progress, "generating")
    corpus, truth = truth_from_db() if reuse else load(n)
    backend = get_backend()
    result: dict = {
        "backend": backend.name,
        "articles": n,
        "corpus_seconds": round(time.perf_counter() - started, 1),
    }
    sizes = [
        len(a.title) + len(a.lead) + len(a.body) for a in Article.objects.all()[:500]
    ]
    result["avg_article_chars"] = round(statistics.mean(sizes))
    if reuse:
        result["reused_index"] = True
    else:
        AnalysisCache.objects.all().delete()
        if analysis_from is not None:
            copied = copy_analysis(analysis_from, ANALYSIS_WAIT_S)
            copied["from"] = analysis_from.parent.name
            result["analysis_cache_copied"] = copied
            result["index_rate_end_to_end_per_s"] = None
        else:
            stats = backend.rebuild(procs=2, progress=progress)
            result["index_rate_end_to_end_per_s"] = round(n / stats.seconds, 1)
        stats = backend.rebuild(procs=2, progress=progress)
        result["rebuild_rate_from_cache_per_s"] = round(n / stats.seconds, 1)
        # Articles pyvi had to segment in that rebuild (0: all from the cache).
        result["rebuild_from_cache_analysed"] = stats.analysed
    if backend.name == "postgres":
        analyse()
    result["index_size_mb"] = index_size_mb(backend)
    gc.collect()
    result["first_open_ms"] = round(first_open(backend), 1)
    # Costs paid once per process, not per query (pyvi's model for query
    # segmentation, Django's URL resolver, label tables): one unmeasured query.
    result["first_query_ms"] = round(_time(lambda: search("khởi động", {})), 1)
    classes = query_classes(corpus, truth, rng)
    # Page level: the result page a user gets (`services.search`: 20 rows with
    # highlighted snippets, labels, facets). Engine level: matching, ranking,
    # count, facet counts and top-k ids only (`engine_search`).
    result["ours"] = measure_ours(classes, progress)
    result["ours_engine"] = measure_ours(classes, progress, engine_search)
    result["levels"] = {
        "ours": "page: services.search, 20 rows with highlighted snippets, "
        "labels, every facet",
        "ours_engine": "engine: matching, ranking, count, facet counts of "
        + ", ".join(ENGINE_FACETS)
        + " and the top 20 ids, through the backend's snapshot",
    }
    result["ours_recall"] = recall_ours(classes, truth)
    result["rss_while_searching_mb"] = round(_rss_mb(), 1)
    result["peak_rss_mb"] = round(_peak_mb(), 1)
    if baselines:
        from .baselines import run_baselines

        result.update(
            run_baselines(classes, truth, result["ours"], n, result["ours_engine"])
        )
    result["generated_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return result


def migrate_quietly() -> None:
    call_command("migrate", verbosity=0, interactive=False)
