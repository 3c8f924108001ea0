"""`make demo`'s commands run again in every state of a real data folder.

Each step is a separate `manage.py` process on a fresh SQLite file and Whoosh
index, as an operator runs them: fresh, loaded again, after an editor's save of
a demo article, after more articles were imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
# The Makefile's demo target, without the server it ends with.
DEMO_STEPS = [
    ["migrate", "--noinput"],
    ["load_demo"],
    ["rebuild_index", "--noinput"],
    ["create_demo_admin"],
]
ADMIN_SAVE = """
from articles.models import Article
from articles.services import extract_article
article = Article.objects.get(pk=1)
article.title += " (đã sửa)"
article.save()
mention = article.mentions.first()
mention.titles, mention.is_manual = ["Chức danh sửa tay"], True
mention.save()
extract_article(article)
"""
STATE = """
import json
from articles.models import Article, PersonMention
print(json.dumps({
    "titles": sorted(Article.objects.values_list("title", flat=True)),
    "mentions": PersonMention.objects.count(),
    "extra_mentions": PersonMention.objects.filter(
        article__source_file="them.jsonl").count(),
}))
"""


def manage(data_dir: Path, *args: str) -> str:
    env = dict(os.environ)
    env.update(
        NEWSARCHIVE_DATA_DIR=str(data_dir),
        DATABASE_URL="",
        DJANGO_DEBUG="1",
        NEWSARCHIVE_SEARCH_SYNC_THREAD="0",
    )
    proc = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, (args, proc.stdout[-2000:], proc.stderr[-4000:])
    return proc.stdout


def make_demo(data_dir: Path) -> None:
    for step in DEMO_STEPS:
        manage(data_dir, *step)


def state(data_dir: Path) -> dict:
    return json.loads(manage(data_dir, "shell", "-c", STATE).strip().splitlines()[-1])


def test_make_demo_runs_again_in_every_state(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    make_demo(data)
    fresh = state(data)
    assert len(fresh["titles"]) == 5

    make_demo(data)  # already loaded
    assert state(data) == fresh

    manage(data, "shell", "-c", ADMIN_SAVE)  # an editor saved demo article 1
    assert any(t.endswith("(đã sửa)") for t in state(data)["titles"])
    make_demo(data)
    assert state(data) == fresh  # the demo article is back to its demo state
    manage(data, "loaddata", "demo")  # the README's older spelling works as well
    assert state(data) == fresh

    extra = tmp_path / "them.jsonl"
    extra.write_text(
        json.dumps(
            {
                "title": "Bài ngoài dữ liệu mẫu",
                "body": "Đồng chí Trương Thị Mai dự hội nghị về Quy định 205-QĐ/TW.",
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    manage(data, "import_articles", str(extra))
    manage(data, "shell", "-c", ADMIN_SAVE)
    make_demo(data)
    after = state(data)
    assert after["titles"] == sorted([*fresh["titles"], "Bài ngoài dữ liệu mẫu"])
    assert after["extra_mentions"] >= 1
    assert after["mentions"] == fresh["mentions"] + after["extra_mentions"]
    drift = json.loads(manage(data, "check_index"))
    assert drift["ok"] and drift["db_count"] == 6, drift
