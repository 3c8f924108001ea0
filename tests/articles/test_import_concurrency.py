"""Imports beside other writers on SQLite: no article is left without metadata.

Two `import_articles` processes and an editor-like writer share one SQLite file;
every page names an official and a document code, so an article without a
mention or a citation is one whose extraction was lost.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PAGES = 100  # per importer: two importers make 200 pages
OFFICIALS = ["Trương Thị Mai", "Lê Minh Hưng", "Phạm Minh Chính", "Vương Đình Huệ"]
NUMBERS = ["một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"]
# Saves and re-extracts the same article in a loop, holding the write lock
# for a while each time, as an editor saving in the admin does, until told to stop.
EDITOR = """
import time
from pathlib import Path
from django.db import transaction
from articles.models import Article
from articles.services import extract_article
article = Article.objects.create(
    title="Bài biên tập viên sửa",
    body="Đồng chí Trương Thị Mai nhắc lại Quy định 205-QĐ/TW.",
)
saves = 0
while not Path({stop!r}).exists():
    with transaction.atomic():
        article.title = f"Bài biên tập viên sửa lần {{saves}}"
        article.save()
        extract_article(article)
        time.sleep(0.1)
    saves += 1
    time.sleep(0.3)
print(saves)
"""


def _words(n: int) -> str:
    return " ".join(NUMBERS[int(d)] for d in str(n))


def _page(n: int) -> str:
    official = OFFICIALS[n % len(OFFICIALS)]
    return (
        f"Hội nghị cán bộ số {n}: {_words(n)}\n\n"
        f"Sáng 4/7, đồng chí {official}, Ủy viên Bộ Chính trị, chủ trì hội nghị "
        f"lần thứ {_words(n)} quán triệt Quy định 205-QĐ/TW và Kết luận số "
        f"{n + 1}-KL/TW về công tác cán bộ.\n\n"
        f"Hội nghị thảo luận về công tác tổ chức xây dựng Đảng, kỳ {_words(n)}.\n\n"
        "Ngô Khiêm"
    )


def _environment(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        NEWSARCHIVE_DATA_DIR=str(data_dir),
        DATABASE_URL="",
        DJANGO_DEBUG="1",
        NEWSARCHIVE_SEARCH_SYNC_THREAD="0",
    )
    return env


def _start(data_dir: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_environment(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_concurrent_imports_and_an_editor_leave_no_article_without_metadata(
    tmp_path,
):
    data = tmp_path / "data"
    data.mkdir()
    migrate = _start(data, "migrate", "--noinput")
    assert migrate.wait(timeout=300) == 0, migrate.stderr.read()
    folders = []
    for half in range(2):
        folder = tmp_path / f"pages{half}"
        folder.mkdir()
        for n in range(half * PAGES, (half + 1) * PAGES):
            (folder / f"{n:04d}.txt").write_text(_page(n), encoding="utf-8")
        folders.append(folder)

    stop = tmp_path / "stop"
    editor = _start(data, "shell", "-c", EDITOR.format(stop=str(stop)))
    importers = [
        _start(data, "import_articles", str(f), "--json", "--no-progress")
        for f in folders
    ]
    try:
        results = [p.communicate(timeout=900) for p in importers]
    except BaseException:
        for proc in importers:
            proc.kill()
        raise
    finally:
        stop.touch()
        editor_out, editor_err = editor.communicate(timeout=300)
    assert editor.returncode == 0, editor_err[-3000:]
    assert int(editor_out.split()[-1]) > 0  # it really wrote meanwhile

    for proc, (out, err) in zip(importers, results, strict=True):
        report = json.loads(out)
        assert report["failed"] == [], report["failed"]
        assert proc.returncode == 0, err[-3000:]
        assert report["created"] == PAGES

    with sqlite3.connect(data / "newsarchive.sqlite3") as db:
        rows = db.execute(
            "SELECT a.source_file,"
            " (SELECT count(*) FROM articles_personmention m WHERE m.article_id = a.id),"
            " (SELECT count(*) FROM articles_documentcitation c"
            "  WHERE c.article_id = a.id)"
            " FROM articles_article a WHERE a.source_file LIKE '%.txt'"
        ).fetchall()
    assert len(rows) == 2 * PAGES
    bare = [name for name, mentions, citations in rows if not mentions or not citations]
    assert bare == []
