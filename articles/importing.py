"""Persist parsed articles: the database half of the importer.

`articles.ingest` turns files into `ParsedArticle` values without touching the
database; this module saves them, one transaction per article, skipping copies
already in the archive, and collects a report that the command, the admin upload
page and the tests all read the same way.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from django.db import IntegrityError, OperationalError, transaction
from django.dispatch import Signal

from . import ingest, text
from .models import Article, Source
from .progress import start_phase

logger = logging.getLogger(__name__)
T = TypeVar("T")

writes_finished = Signal()
"""Sent by a command that wrote articles, just before it exits.

Receivers finish work derived from the writes (the search app applies the index
updates they queued) and return None, or a line saying what they could not do.
"""


def finish_writes(sender, progress=None) -> list[str]:
    """Tell receivers a command has finished writing; return their problems."""
    replies = writes_finished.send(sender=sender, progress=progress)
    return [problem for _, problem in replies if problem]


@dataclass
class ImportReport:
    """What one import run did, in the shape `--json` prints."""

    files: int = 0
    created: int = 0
    duplicates: int = 0
    failed: list[dict] = field(default_factory=list)
    articles: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def as_dict(self) -> dict:
        return {
            "files": self.files,
            "created": self.created,
            "duplicates": self.duplicates,
            "failed": self.failed,
            "articles": self.articles,
            "warnings": self.warnings,
        }

    def fail(self, path: Path | str, reason: str, line: int | None = None) -> None:
        where = f"dòng {line}: " if line else ""
        self.failed.append({"path": str(path), "reason": f"{where}{reason}"})


def source_for(parsed: ingest.ParsedArticle) -> Source | None:
    """Return the Source row for a parsed article, creating it on first sight."""
    name = parsed.source_name or parsed.source_code
    if not name:
        return None
    source, created = Source.objects.get_or_create(
        name=name, defaults={"code": parsed.source_code}
    )
    if not created and parsed.source_code and not source.code:
        source.code = parsed.source_code
        source.save(update_fields=["code"])
    return source


class SavedButUnannounced(Exception):
    """The article was committed, but a hook run at commit failed afterwards.

    Commit hooks queue the search index update; the row itself is safe.
    """

    def __init__(self, article: Article, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.article = article
        self.cause = cause


def save_parsed(parsed: ingest.ParsedArticle, file_name: str) -> Article | None:
    """Save one parsed article in its own transaction; return None for a copy.

    Raise SavedButUnannounced when the row was committed but a commit hook
    failed, so the caller neither retries a saved article nor calls it lost.
    """
    if Article.objects.filter(content_hash=parsed.content_hash).exists():
        return None
    article = Article(
        title=parsed.title,
        title_derived=parsed.title_derived,
        lead=parsed.lead,
        body=parsed.body,
        captions="\n".join(parsed.captions),
        section=parsed.section,
        byline=parsed.byline,
        url=text.web_url(parsed.url),
        published_at=parsed.published_at,
        source_file=file_name,
        source_position=parsed.position,
    )
    try:
        with transaction.atomic():
            article.source = source_for(parsed)
            article.full_clean(exclude=["content_hash", "source"])
            article.save()
    except IntegrityError:
        # Another writer saved the same content between the check and the insert.
        if Article.objects.filter(content_hash=parsed.content_hash).exists():
            return None
        raise
    except Exception as exc:
        if article.pk is not None and Article.objects.filter(pk=article.pk).exists():
            raise SavedButUnannounced(article, exc) from exc
        raise
    return article


# Lock waits beyond the database's own timeout (SQLite's busy timeout, a
# PostgreSQL deadlock or serialization failure) are worth a few more tries.
RETRY_DELAYS = (0.5, 2.0, 5.0)
_TRANSIENT = ("database is locked", "database table is locked", "busy", "deadlock")


def _transient(exc: BaseException) -> bool:
    message = str(exc).lower()
    return isinstance(exc, OperationalError) and (
        any(part in message for part in _TRANSIENT) or "could not serialize" in message
    )


def with_retries(step: Callable[..., T], *args) -> T:
    """Run step(*args), again after a pause while it fails on a busy database.

    Only for steps that undo themselves on failure (one transaction each).
    """
    for delay in RETRY_DELAYS:
        try:
            return step(*args)
        except OperationalError as exc:
            if not _transient(exc):
                raise
            logger.warning("Database busy (%s); trying again in %.1f s", exc, delay)
            time.sleep(delay)
    return step(*args)


def _announce(article: Article) -> None:
    # Saving again runs the commit hooks that queue the index update.
    article.save(update_fields=["updated_at"])


def import_paths(
    paths: Iterable[str | Path],
    *,
    max_page_bytes: int,
    after_save: Callable[[Article], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import every page and JSONL file under paths; never abort on one bad item."""
    report = ImportReport()
    files, problems = ingest.discover(paths)
    for problem in problems:
        report.fail(problem.path, problem.reason, problem.line)
    start_phase(progress, "reading", len(files), unit="files")
    for done, path in enumerate(files, 1):
        file_ok = True
        for item in ingest.read_file(path, max_page_bytes=max_page_bytes):
            if isinstance(item, ingest.FileProblem):
                report.fail(item.path, item.reason, item.line)
                file_ok = file_ok and item.line is not None
                continue
            unannounced: SavedButUnannounced | None = None
            try:
                article = with_retries(save_parsed, item, path.name)
            except SavedButUnannounced as exc:
                article, unannounced = exc.article, exc
            except Exception as exc:  # one bad article must not stop the batch
                logger.exception("Could not save an article from %s", path)
                report.fail(
                    path, f"không lưu được bài viết: {exc}", item.position or None
                )
                continue
            if article is None:
                report.duplicates += 1
                continue
            report.created += 1
            if item.url and not article.url:
                report.warnings.append(
                    {
                        "id": article.pk,
                        "reason": "bỏ địa chỉ gốc không phải địa chỉ web "
                        f"http(s): {item.url[:80]!r}",
                    }
                )
            report.articles.append(
                {
                    "id": article.pk,
                    "title": article.title,
                    "published_at": article.published_at.isoformat()
                    if article.published_at
                    else None,
                    "source": article.source.name if article.source else None,
                    "file": path.name,
                }
            )
            if after_save is not None:
                try:
                    with_retries(after_save, article)
                except Exception as exc:  # the article itself is already safe
                    logger.exception(
                        "Post-import step failed for article %s", article.pk
                    )
                    # A failure, not a warning: the article lacks its officials
                    # and codes until `extract_metadata --article ID` runs.
                    report.fail(
                        path,
                        f"bài {article.pk} đã lưu nhưng chưa trích xuất được "
                        f"người và văn bản ({exc}); chạy lại `extract_metadata "
                        f"--article {article.pk}`",
                        item.position or None,
                    )
            if unannounced is not None:
                try:
                    with_retries(_announce, article)
                except Exception as exc:
                    logger.exception(
                        "Could not queue article %s for search", article.pk
                    )
                    report.fail(
                        path,
                        f"bài {article.pk} đã lưu nhưng chưa vào hàng đợi cập nhật "
                        f"chỉ mục tìm kiếm ({unannounced.cause}; {exc}); chạy "
                        f"`rebuild_index` để tìm được bài này",
                        item.position or None,
                    )
        if file_ok:
            report.files += 1
        if progress:
            progress(done)
    return report
