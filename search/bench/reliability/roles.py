"""Work done in processes of their own: writers that save articles like the admin.

`reliability_check --role NAME --role-args JSON` runs one of these in a new
process, so writes cross processes as an editor's do. Each prints JSON lines
on stdout: one per write ({"pk", "token", "t"}) and a last {"done": …}.
"""

from __future__ import annotations

import json
import random
import sys
import time

from django.db import close_old_connections

LETTERS = "bcdfghjklmnpqrstvwxz"


def token(prefix: str, number: int) -> str:
    """Return a made-up word found in no article: letters only, one syllable run."""
    out = []
    number += 1
    while number:
        number, digit = divmod(number, len(LETTERS))
        out.append(LETTERS[digit])
    return prefix + "".join(reversed(out))


def admin_save(article) -> None:
    """Save as the admin does: the row, then extraction of its metadata."""
    from articles.services import extract_article

    article.save()
    extract_article(article)


def _emit(record: dict) -> None:
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


def _retitle(article, word: str) -> None:
    base = " ".join(w for w in article.title.split() if not w.startswith("zq"))
    article.title = f"{base} {word}"[:500]


# The soak's editor saves an article every 2 s (the writer of the serving
# benchmark's mix): a busy newsroom, not a bulk import, which has its own section.
SOAK_WRITE_EVERY = 2.0


def soak_writer(seconds: float, seed: int, pause: float = SOAK_WRITE_EVERY) -> None:
    """Give existing articles a new unique title word until seconds have passed."""
    from articles.models import Article

    rng = random.Random(seed)
    ids = list(Article.objects.values_list("pk", flat=True))
    deadline = time.monotonic() + seconds
    written = errors = 0
    while time.monotonic() < deadline:
        word = token("zqs", written + errors)
        try:
            article = Article.objects.get(pk=rng.choice(ids))
            _retitle(article, word)
            admin_save(article)
            _emit({"pk": article.pk, "token": word, "t": time.time()})
            written += 1
        except Exception as exc:  # the figure is how often a save fails
            errors += 1
            _emit({"error": f"{type(exc).__name__}: {exc}"[:300]})
            close_old_connections()
        time.sleep(pause)
    # Like the admin's web process, it leaves its rows to the server's writers
    # (the soak runs beside a server): no apply of its own at exit.
    _emit({"done": {"written": written, "errors": errors}})


def concurrent_writer(index: int, operations: int, shared: list[int]) -> None:
    """Create articles and retitle shared ones while other writers do the same."""
    from articles.models import Article, Source

    rng = random.Random(1000 + index)
    source, _ = Source.objects.get_or_create(name="Báo Độ Tin Cậy")
    created, updated, errors = [], [], []
    for op in range(operations):
        word = token(f"zqw{LETTERS[index]}", op)
        try:
            if op % 2 == 0:
                article = Article(
                    title=f"Bài viết đồng thời {word}",
                    lead="Ban Tổ chức Trung ương triển khai công tác cán bộ.",
                    body=f"Nội dung thử ghi đồng thời {word}. "
                    "Đồng chí Trương Thị Mai phát biểu chỉ đạo hội nghị.",
                    source=source,
                )
                admin_save(article)
                created.append({"pk": article.pk, "token": word, "t": time.time()})
            else:
                article = Article.objects.get(pk=rng.choice(shared))
                _retitle(article, word)
                admin_save(article)
                updated.append({"pk": article.pk, "token": word, "t": time.time()})
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}"[:300])
            close_old_connections()
    _finish({"created": created, "updated": updated, "errors": errors})


def enqueue_all() -> None:
    """Queue an index update for every article (work for a drain to be killed in)."""
    from articles.models import Article
    from search.models import PendingUpdate

    ids = list(Article.objects.values_list("pk", flat=True))
    PendingUpdate.objects.bulk_create(
        [PendingUpdate(article_id=pk, action="update") for pk in ids]
    )
    _emit({"done": {"queued": len(ids)}})


def _finish(result: dict) -> None:
    """Apply what this process queued when no server does, then report."""
    from articles.importing import finish_writes

    problems = finish_writes(None)
    result["index_problems"] = problems
    _emit({"done": result})


ROLES = {
    "soak_writer": soak_writer,
    "concurrent_writer": concurrent_writer,
    "enqueue_all": enqueue_all,
}


def run(name: str, args: dict) -> None:
    ROLES[name](**args)
