"""The Atom feed and the CSV export say how each hit matches the search."""

from __future__ import annotations

import csv
import io

import feedparser

from .conftest import create_article, index_now
from .test_partial import LONG, long_query_archive  # noqa: F401 (fixture)
from .test_subjects import regulation_205  # noqa: F401 (fixture)

SCHEME = "urn:newsarchive:match"


def feed_matches(client, q: str) -> list[tuple[str, list[tuple[str, str]]]]:
    response = client.get("/search/feed/", {"q": q})
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return [
        (
            entry.title,
            [
                (t["term"], t["label"])
                for t in entry.get("tags", [])
                if t.get("scheme") == SCHEME
            ],
        )
        for entry in parsed.entries
    ]


def csv_rows(client, q: str) -> list[dict]:
    response = client.get("/search/export.csv", {"q": q})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def test_feed_and_csv_flag_partial_matches(long_query_archive, client):  # noqa: F811
    full, most, _little = long_query_archive
    assert feed_matches(client, LONG) == [
        (full.title, []),
        (most.title, [("partial", "khớp một phần")]),
    ]
    rows = csv_rows(client, LONG)
    assert [(r["id"], r["match"]) for r in rows] == [
        (str(full.pk), "full"),
        (str(most.pk), "partial"),
    ]


def test_feed_and_csv_flag_hits_found_by_subject(regulation_205, client):  # noqa: F811
    citing, by_subject, _unrelated = regulation_205
    assert feed_matches(client, "qd 205") == [
        (citing.title, []),
        (by_subject.title, [("subject", "theo trích yếu")]),
    ]
    rows = csv_rows(client, "qd 205")
    assert [(r["id"], r["match"]) for r in rows] == [
        (str(citing.pk), "full"),
        (str(by_subject.pk), "subject"),
    ]


def test_csv_still_escapes_formulas_next_to_the_match_column(empty_index, client):
    article = create_article(title="=HYPERLINK(1) cán bộ", body="Công tác cán bộ.")
    index_now(article)
    (row,) = csv_rows(client, "cán bộ")
    assert row["title"] == "'=HYPERLINK(1) cán bộ" and row["match"] == "full"
