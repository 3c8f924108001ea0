"""Judged relevance: score the search service against queries judged by hand.

A judged set (`tests/data/relevance/judged.json`) names folders of raw pages and,
per query, the pages a reader would want, graded 2 (the page is about it) or 1
(it substantially mentions it). `run()` imports the pages with the production
importer and extractor, indexes them on the configured backend, asks the search
form (what the results page and `/api/search/` use) for each query and scores
the ranking: recall@k, reciprocal rank of the first relevant page, nDCG@k.
`run_isolated()` does it in a child process with a throwaway data folder and
database, so the archive being served is never touched.

The metric functions and `evaluate()` are pure; they take rankings of page keys.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

SPLITS = ("dev", "holdout")
GRADES = (1, 2)
# How deep each query's ranking is read: a relevant page below it is a miss
# with no rank.
DEPTH = 100
TEMP_PREFIX = "newsarchive-relevance-"


class JudgedSetError(ValueError):
    """The judged set cannot be used: its file, a query or a page is wrong."""


@dataclass(frozen=True, slots=True)
class Judgment:
    file: str
    grade: int
    reason: str


@dataclass(frozen=True, slots=True)
class JudgedQuery:
    id: str
    query: str
    kind: str
    split: str
    relevant: tuple[Judgment, ...]

    @property
    def grades(self) -> dict[str, int]:
        return {j.file: j.grade for j in self.relevant}


@dataclass(frozen=True, slots=True)
class JudgedSet:
    path: Path
    page_dirs: tuple[Path, ...]
    queries: tuple[JudgedQuery, ...]

    def select(self, split: str) -> list[JudgedQuery]:
        """Return the queries of one split, or all of them for "all"."""
        if split == "all":
            return list(self.queries)
        if split not in SPLITS:
            raise JudgedSetError(f"unknown split {split!r}")
        return [q for q in self.queries if q.split == split]

    def page_files(self) -> dict[str, Path]:
        """Return every raw page of the set by file name; judged pages must exist."""
        files: dict[str, Path] = {}
        for folder in self.page_dirs:
            if not folder.is_dir():
                raise JudgedSetError(f"page folder not found: {folder}")
            for path in sorted(folder.glob("*.txt")):
                if path.name in files:
                    raise JudgedSetError(f"two pages named {path.name}")
                files[path.name] = path
        missing = sorted(
            {j.file for q in self.queries for j in q.relevant} - set(files)
        )
        if missing:
            raise JudgedSetError(f"judged pages not found: {', '.join(missing)}")
        return files


def load_judged(path: Path | str) -> JudgedSet:
    """Read and check a judged set; page folders are relative to its file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise JudgedSetError(f"file not found: {path}") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise JudgedSetError(f"{path}: not a JSON file ({exc})") from exc
    if not isinstance(data, dict):
        raise JudgedSetError(f"{path}: expected an object with pages and queries")
    pages = data.get("pages")
    if not isinstance(pages, list) or not pages:
        raise JudgedSetError(f"{path}: 'pages' must list page folders")
    queries = data.get("queries")
    if not isinstance(queries, list) or not queries:
        raise JudgedSetError(f"{path}: 'queries' must be a non-empty list")
    parsed = tuple(_query(item, n) for n, item in enumerate(queries, 1))
    ids = [q.id for q in parsed]
    if len(set(ids)) != len(ids):
        raise JudgedSetError(f"{path}: query ids are not unique")
    dirs = tuple((path.parent / str(p)).resolve() for p in pages)
    return JudgedSet(path=path, page_dirs=dirs, queries=parsed)


def _query(item: object, n: int) -> JudgedQuery:
    where = f"query {n}"
    if not isinstance(item, dict):
        raise JudgedSetError(f"{where}: expected an object")
    text, kind, split = item.get("query"), item.get("kind"), item.get("split")
    if not isinstance(text, str) or not text.strip():
        raise JudgedSetError(f"{where}: 'query' must be non-empty text")
    if not isinstance(kind, str) or not kind:
        raise JudgedSetError(f"{where}: 'kind' must be non-empty text")
    if split not in SPLITS:
        raise JudgedSetError(f"{where}: 'split' must be one of {', '.join(SPLITS)}")
    relevant = item.get("relevant")
    if not isinstance(relevant, list) or not relevant:
        raise JudgedSetError(f"{where}: 'relevant' must list at least one page")
    judgments = []
    for entry in relevant:
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise JudgedSetError(f"{where}: each relevant page needs a 'file'")
        if entry.get("grade") not in GRADES:
            raise JudgedSetError(f"{where}: {entry['file']}: grade must be 1 or 2")
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise JudgedSetError(f"{where}: {entry['file']}: a reason is required")
        judgments.append(Judgment(entry["file"], entry["grade"], reason))
    if len({j.file for j in judgments}) != len(judgments):
        raise JudgedSetError(f"{where}: a page is judged twice")
    return JudgedQuery(
        id=str(item.get("id") or f"q{n:02d}"),
        query=text,
        kind=kind,
        split=split,
        relevant=tuple(judgments),
    )


# Metrics over one ranking (a sequence of page keys, best first) and the grades
# of the relevant pages (pages not in `grades` are not relevant).


def ranks(ranking: Sequence[str], grades: Mapping[str, int]) -> dict[str, int | None]:
    """Return the 1-based rank of each relevant page, None when it is absent."""
    position = {key: i for i, key in reversed(list(enumerate(ranking, 1)))}
    return {key: position.get(key) for key in grades}


def recall_at(ranking: Sequence[str], grades: Mapping[str, int], k: int) -> float:
    """Return the share of the relevant pages found in the first k results."""
    relevant = {key for key, grade in grades.items() if grade > 0}
    if not relevant:
        return 1.0
    return len(relevant & set(ranking[:k])) / len(relevant)


def reciprocal_rank(ranking: Sequence[str], grades: Mapping[str, int]) -> float:
    """Return 1/rank of the first relevant page, 0 when none is ranked."""
    for i, key in enumerate(ranking, 1):
        if grades.get(key, 0) > 0:
            return 1.0 / i
    return 0.0


def ndcg_at(ranking: Sequence[str], grades: Mapping[str, int], k: int) -> float:
    """Return nDCG@k with gains 2^grade - 1 and a log2(rank + 1) discount."""
    seen: set[str] = set()
    dcg = 0.0
    for i, key in enumerate(ranking[:k], 1):
        if key not in seen:  # a page listed twice gains once
            seen.add(key)
            dcg += (2 ** grades.get(key, 0) - 1) / math.log2(i + 1)
    ideal = sorted((g for g in grades.values() if g > 0), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 1) for i, g in enumerate(ideal, 1))
    return dcg / idcg if idcg else 1.0


Ranker = Callable[[JudgedQuery], tuple[list[str], int]]
"""A judged query in; its ranked page keys (to some depth) and hit count out."""


def score_query(query: JudgedQuery, ranking: Sequence[str], count: int, k: int):
    """Return the figures of one query, with the rank of each relevant page."""
    grades = query.grades
    found = ranks(ranking, grades)
    return {
        "id": query.id,
        "query": query.query,
        "kind": query.kind,
        "split": query.split,
        "count": count,
        f"recall_at_{k}": round(recall_at(ranking, grades, k), 4),
        "reciprocal_rank": round(reciprocal_rank(ranking, grades), 4),
        f"ndcg_at_{k}": round(ndcg_at(ranking, grades, k), 4),
        "ranks": found,
        "misses": [key for key, rank in found.items() if rank is None or rank > k],
        "top": list(ranking[:3]),
    }


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return round(sum(values) / len(values), 4) if values else 0.0


def summarize(scored: list[dict], k: int) -> dict:
    """Return the mean figures of scored queries, overall and per kind."""
    recall, ndcg = f"recall_at_{k}", f"ndcg_at_{k}"

    def means(items: list[dict]) -> dict:
        return {
            recall: _mean(q[recall] for q in items),
            "mrr": _mean(q["reciprocal_rank"] for q in items),
            ndcg: _mean(q[ndcg] for q in items),
        }

    kinds: dict[str, list[dict]] = {}
    for item in scored:
        kinds.setdefault(item["kind"], []).append(item)
    return {
        "query_count": len(scored),
        **means(scored),
        "by_kind": {
            name: {"queries": len(items), **means(items)}
            for name, items in sorted(kinds.items())
        },
    }


def evaluate(queries: Iterable[JudgedQuery], rank: Ranker, k: int = 10) -> dict:
    """Run every query through rank() and return the figures, overall and each."""
    if k < 1:
        raise ValueError("k must be at least 1")
    scored = []
    for query in queries:
        ranking, count = rank(query)
        scored.append(score_query(query, ranking, count, k))
    return {"k": k, **summarize(scored, k), "queries": scored}


# Running it: the pages in a database and index, the queries through the form.


def load_pages(judged: JudgedSet, progress=None) -> dict[str, int]:
    """Import the set's pages as production does and index them; return their ids.

    The importer runs the extractor on each page (`after_import`), then the
    queued index updates are applied, as `import_articles` does before it exits.
    """
    from django.conf import settings

    from articles.importing import import_paths
    from articles.services import after_import

    from . import labels
    from .backends import get_backend
    from .indexing import sync

    files = judged.page_files()
    report = import_paths(
        list(files.values()),
        max_page_bytes=settings.NEWSARCHIVE_MAX_PAGE_BYTES,
        after_save=after_import,
        progress=progress,
    )
    if report.failed:
        failed = "; ".join(
            f"{Path(f['path']).name}: {f['reason']}" for f in report.failed
        )
        raise JudgedSetError(f"pages not imported: {failed}")
    by_file = {item["file"]: item["id"] for item in report.articles}
    copies = sorted(set(files) - set(by_file))
    if copies:
        raise JudgedSetError(
            f"pages skipped as copies of others (or already in the archive): "
            f"{', '.join(copies)}"
        )
    # Queued after each commit by the save signals; queued again here so that
    # the pages are indexed inside a caller's transaction too (the tests').
    for pk in by_file.values():
        sync.enqueue_article(pk)
    sync.flush(progress)
    get_backend().forget()
    labels.invalidate()
    return by_file


def form_ranker(by_file: Mapping[str, int], k: int, depth: int = DEPTH) -> Ranker:
    """Return a ranker asking the search form, page by page, as a reader would.

    It reads pages of results until it holds k results and every relevant page,
    or depth results, or the last page.
    """
    from .forms import ArchiveSearchForm

    file_of = {pk: name for name, pk in by_file.items()}

    def rank(query: JudgedQuery) -> tuple[list[str], int]:
        wanted = set(query.grades)
        ranking: list[str] = []
        page = 1
        while True:
            result = ArchiveSearchForm({"q": query.query, "page": str(page)}).search()
            ranking += [file_of.get(item.id, f"#{item.id}") for item in result.results]
            enough = len(ranking) >= k and wanted <= set(ranking)
            if enough or len(ranking) >= depth or page >= result.num_pages:
                return ranking[:depth], result.count
            page += 1

    return rank


def run(judged: JudgedSet, split: str = "all", k: int = 10, progress=None) -> dict:
    """Load the pages into the current database and index, and score the split."""
    from django.db import connection

    from .backends import get_backend

    queries = judged.select(split)
    by_file = load_pages(judged, progress)
    result = evaluate(queries, form_ranker(by_file, k), k)
    return {
        "backend": get_backend().name,
        "database": connection.vendor,
        "split": split,
        "pages": len(by_file),
        **result,
    }


class RelevanceRunError(RuntimeError):
    """The throwaway run could not be set up or did not finish."""


def run_isolated(
    judged_path: Path | str,
    backend: str,
    split: str = "all",
    k: int = 10,
    progress_mode: str = "off",
) -> dict:
    """Run `run()` in a child process with a throwaway data folder and database.

    The child gets its own `NEWSARCHIVE_DATA_DIR` (SQLite file and Whoosh index)
    and, for the PostgreSQL backend, a database created for it on the server of
    `DATABASE_URL` (or `NEWSARCHIVE_BENCH_POSTGRES`, or the local one) and
    dropped afterwards, as the benchmark does.
    """
    from django.conf import settings

    from .bench import pg

    judged_path = Path(judged_path).resolve()
    judged = load_judged(judged_path)
    judged.page_files()
    judged.select(split)  # a wrong split or page fails here, before any work
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as tmp:
        out = Path(tmp) / "result.json"
        env = dict(os.environ)
        env.update(
            NEWSARCHIVE_DATA_DIR=tmp,
            DATABASE_URL=f"sqlite:///{tmp}/relevance.sqlite3",
            DJANGO_DEBUG="1",
            NEWSARCHIVE_SEARCH_BACKEND=backend,
            NEWSARCHIVE_SEARCH_SYNC_THREAD="0",
        )
        env.pop("DATABASE_REPLICA_URL", None)  # a standby of the real archive
        database = None
        try:
            if backend == "postgres":
                reason = pg.unavailable()
                if reason:
                    raise RelevanceRunError(f"PostgreSQL: {reason}")
                database = f"newsarchive_bench_relevance_{os.getpid()}"
                env["DATABASE_URL"] = pg.create(database)
            command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
            command += ["relevance_report", "--worker", str(out)]
            command += ["--judged", str(judged_path), "--split", split, "--k", str(k)]
            command += ["--progress-mode", progress_mode]
            with _exit_on_sigterm():
                done = subprocess.run(command, env=env, cwd=settings.BASE_DIR)
            if done.returncode or not out.exists():
                raise RelevanceRunError(
                    f"the measuring process failed ({done.returncode})"
                )
            return json.loads(out.read_text(encoding="utf-8"))
        finally:
            if database:
                pg.drop(database)


def work(out: Path, judged_path: Path, split: str, k: int, progress=None) -> None:
    """Measure in this process, which must run in a throwaway folder and database."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from .bench.pg import NAME

    data_dir = Path(settings.DATA_DIR)
    name = str(connection.settings_dict["NAME"])
    if TEMP_PREFIX not in data_dir.name:
        raise RelevanceRunError("the measuring process needs a temporary data folder")
    if connection.vendor == "postgresql":
        if not NAME.match(name):
            raise RelevanceRunError("the measuring process needs a throwaway database")
    elif Path(name).resolve().parent != data_dir:
        raise RelevanceRunError("the measuring process needs a throwaway database")
    # Debug is on only to need no secret key; Django would keep every SQL string.
    settings.DEBUG = False
    call_command("migrate", verbosity=0, interactive=False)
    result = run(load_judged(judged_path), split, k, progress)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


class _exit_on_sigterm:
    """Turn SIGTERM into SystemExit, so the child is killed and the throwaway
    database dropped on the way out (in the main thread only)."""

    def __enter__(self):
        import signal
        import threading

        self.previous = None
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGTERM, _raise_exit)
        return self

    def __exit__(self, *exc) -> None:
        if self.previous is not None:
            import signal

            signal.signal(signal.SIGTERM, self.previous)


def _raise_exit(*_args) -> None:
    raise SystemExit(143)


def source_commit(folder: Path | str) -> str | None:
    """Return the commit checked out in folder, or None outside a git checkout."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None
