"""No URL parameter, however hostile, makes a page, feed, export or API answer 500."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from urllib.parse import quote

import feedparser
import pytest
from django.test import Client

from .conftest import HCM, add_article, index_all

pytestmark = pytest.mark.django_db

CONTROLS = [
    *(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"),
    "\x7f",
    *(chr(c) for c in range(0x80, 0xA0)),
]
# A value that percent-encodes a lone surrogate (invalid UTF-8 on the wire).
SURROGATE = object()

HOSTILE = [
    "²",
    "٣",
    "-1",
    "0",
    "9223372036854775808",
    "-9223372036854775809",
    "1e9",
    "1-QĐ/TW",
    "2020-ồ2",
    "2020-13",
    "9999-01",
    "x\x01",
    "\x00",
    SURROGATE,
    "x" * 5000,
    "²" * 5000,
    "../../etc/passwd",
    '<script>alert("x")</script>',
    "' OR '1'='1",
    '"; DROP TABLE articles_article; --',
    "\ufffe",
    "\ufdd0",
    " ",
    "",
]

# Every parameter a page reads, with the company it needs to be read at all (a
# month is read within a year; a position in a result list within a search).
PARAMS = [
    ("q", {}),
    ("page", {}),
    ("page", {"q": "can bo"}),
    ("sort", {}),
    ("year", {}),
    ("month", {}),
    ("month", {"year": "2020"}),
    ("year", {"month": "3"}),
    ("source", {}),
    ("official", {}),
    ("code", {}),
    ("doc_type", {}),
    ("section", {}),
    ("issuer", {}),
    *((f"fq_{name}", {}) for name in ("official", "code", "year", "source")),
    ("fq_month", {"year": "2019"}),
    ("more", {}),
    ("day", {}),
    ("n", {"q": "can bo"}),
]

JSON_PREFIXES = ("/api/", "/search/suggest/")


def encode(value) -> str:
    if value is SURROGATE:
        return "%ED%A0%80"
    return quote(value, safe="")


def urls(archive) -> list[str]:
    article = archive.mai_article
    return [
        "/",
        "/search/",
        "/search/feed/",
        "/search/export.csv",
        "/api/search/",
        "/api/autocomplete/",
        "/api/facets/official/",
        "/search/suggest/",
        f"/officials/{archive.people['Trương Thị Mai'].slug}/",
        "/documents/205-QĐ/TW/",
        "/archive/2023/",
        "/archive/2019/3/",
        article.get_absolute_url(),
    ]


def check(client: Client, path: str, params: list[tuple[str, object]]) -> str:
    """Return why the request failed, or "" if it answered sanely."""
    query = "&".join(f"{quote(k)}={encode(v)}" for k, v in params)
    try:
        response = client.get(f"{path}?{query}")
        if response.streaming:
            body = b"".join(response.streaming_content)
        else:
            body = response.content
    except Exception as exc:  # the test client re-raises what the view raised
        return f"{type(exc).__name__}: {str(exc)[:120]}"
    if response.status_code >= 500:
        return f"status {response.status_code}"
    if path.startswith(JSON_PREFIXES):
        try:
            json.loads(body)
        except ValueError:
            return "not JSON"
    if path == "/search/feed/" and response.status_code == 200:
        parsed = feedparser.parse(body)
        if parsed.bozo:
            return f"invalid feed: {parsed.bozo_exception}"
    return ""


def describe(path, params, why) -> str:
    shown = [(k, "<surrogate>" if v is SURROGATE else repr(v)[:40]) for k, v in params]
    return f"{path} {shown}: {why}"


@pytest.fixture
def guest():
    return Client(raise_request_exception=True)


@pytest.mark.parametrize("index", range(13))
def test_every_page_survives_every_hostile_parameter(archive, guest, index):
    path = urls(archive)[index]
    failures = []
    for name, company in PARAMS:
        for value in HOSTILE:
            params = [*company.items(), (name, value)]
            why = check(guest, path, params)
            if why:
                failures.append(describe(path, params, why))
    assert not failures, "\n".join(failures[:40])


@pytest.mark.parametrize("index", range(13))
def test_every_page_survives_every_control_character(archive, guest, index):
    # Each character alone in the query (it reaches titles, feeds and pages),
    # and all of them at once in every other parameter.
    path = urls(archive)[index]
    cases = [[("q", f"x{char}")] for char in CONTROLS]
    every = "x" + "".join(CONTROLS)
    cases += [[*company.items(), (name, every)] for name, company in PARAMS]
    failures = []
    for params in cases:
        why = check(guest, path, params)
        if why:
            failures.append(describe(path, params, why))
    assert not failures, "\n".join(failures[:40])


@pytest.mark.parametrize(
    "path, params",
    [
        ("/search/", {"page": "²"}),
        ("/search/feed/", {"page": "²"}),
        ("/search/export.csv", {"page": "²"}),
        ("/officials/truong-thi-mai/", {"page": "²"}),
        ("/search/", {"year": "2020", "month": "²"}),
        ("/api/search/", {"year": "2020", "month": "²"}),
        ("/search/", {"source": "²"}),
        ("/search/", {"source": "9223372036854775808"}),
        ("/officials/truong-thi-mai/", {"source": "9223372036854775808"}),
        ("/search/", {"month": "1-QĐ/TW"}),
        ("/search/", {"month": "2020-ồ2"}),
        ("/search/feed/", {"q": "x\x01"}),
        ("/archive/2019/3/", {"day": "²"}),
    ],
)
def test_the_fuzz_reproductions_answer_without_error(archive, guest, path, params):
    assert check(guest, path, list(params.items())) == ""


def test_bad_values_are_ignored_and_the_good_ones_kept(archive, client):
    response = client.get(
        "/search/",
        {"q": "can bo", "year": "2019", "month": "²", "source": "²", "page": "٣"},
    )
    assert response.status_code == 200
    state = response.context["state"]
    assert state.filters == {"year": ["2019"]}
    assert state.page == 1
    assert response.context["search_page"].count == 24


def test_control_characters_are_removed_from_the_query(archive, client):
    response = client.get("/search/", {"q": "can\x01 bo\x7f\x85"})
    assert response.context["state"].q == "can bo"
    feed = client.get("/search/feed/", {"q": "truong\x00 thi mai\x1b"})
    assert feed.status_code == 200
    parsed = feedparser.parse(feed.content)
    assert not parsed.bozo
    assert parsed.feed.title == "newsarchive: “truong thi mai”"


def test_a_random_fuzz_of_the_table_never_answers_500(archive, guest):
    rng = random.Random(13)
    paths = urls(archive)
    names = sorted({name for name, _ in PARAMS} | {"year", "month"})
    alphabet = [*CONTROLS, "²", "٣", "ồ", "Đ", "-", "/", "%", "'", '"', "<", "0", "9"]
    failures = []
    for _ in range(400):
        params = []
        for _ in range(rng.randint(1, 4)):
            if rng.random() < 0.5:
                value = rng.choice(HOSTILE)
            else:
                value = "".join(
                    rng.choice(alphabet)
                    if rng.random() < 0.7
                    else chr(rng.randint(32, 0x2FFF))
                    for _ in range(rng.randint(1, 12))
                )
            params.append((rng.choice(names), value))
        path = rng.choice(paths)
        why = check(guest, path, params)
        if why:
            failures.append(describe(path, params, why))
    assert not failures, "\n".join(failures[:40])


# Stored data ------------------------------------------------------------------


@pytest.fixture
def dirty_article(archive):
    from django.db import connection

    # PostgreSQL refuses NUL in text columns; SQLite stores it.
    nul = "\x00" if connection.vendor == "sqlite" else ""
    from articles.models import Article

    dirty = {
        "title": f"Hội nghị\x01 cán bộ{nul} đặc biệt\x7f",
        "body": f"Nội dung\x01 về cán bộ đặc biệt{nul} và\x85 công tác.\x0b",
        "lead": "Mở đầu\x01.",
    }
    article = add_article(
        dirty["title"], dirty["body"], dt.datetime(2024, 5, 6, 7, 8, tzinfo=HCM)
    )
    # Saves strip control characters now; rows stored before still carry them.
    Article.objects.filter(pk=article.pk).update(**dirty)
    article.refresh_from_db()
    index_all()
    return article


def test_stored_control_characters_render_in_every_page(dirty_article, client):
    for path, params in [
        (dirty_article.get_absolute_url(), {"q": "dac biet"}),
        ("/search/", {"q": "dac biet"}),
        ("/", {}),
        ("/articles/", {}),
        ("/archive/2024/", {}),
        ("/archive/2024/5/", {}),
        ("/api/search/", {"q": "dac biet"}),
        (f"/api/articles/{dirty_article.pk}/", {}),
    ]:
        response = client.get(path, params)
        assert response.status_code == 200, path


def test_stored_control_characters_never_break_the_atom_feed(dirty_article, client):
    response = client.get("/search/feed/", {"q": "dac biet"})
    assert response.status_code == 200
    assert b"\x01" not in response.content and b"\x00" not in response.content
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    (entry,) = parsed.entries
    assert entry.title == "Hội nghị cán bộ đặc biệt"
    assert entry.updated


def test_every_feed_entry_has_updated_and_self_carries_the_query(archive, client):
    response = client.get("/search/feed/", {"q": "can bo", "year": "2019"})
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == 24
    assert all(entry.get("updated") for entry in parsed.entries)
    self_link = next(link.href for link in parsed.feed.links if link.rel == "self")
    assert "/search/feed/?" in self_link
    assert "q=can+bo" in self_link and "year=2019" in self_link


def test_an_undated_article_still_has_updated_in_the_feed(archive, client):
    response = client.get("/search/feed/", {"q": "khong ngay"})
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    (entry,) = parsed.entries
    assert entry.updated


def test_stored_control_characters_are_removed_from_the_csv(dirty_article, client):
    response = client.get("/search/export.csv", {"q": "dac biet"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][1] == "Hội nghị cán bộ đặc biệt"


@pytest.mark.parametrize(
    "title", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
)
def test_csv_export_defuses_formula_cells(archive, client, title):
    from articles.models import Article

    article = add_article(
        title + " bài thử công thức",
        "Bài thử công thức bảng tính.",
        dt.datetime(2024, 1, 2, 3, 4, tzinfo=HCM),
    )
    # Saves strip control characters; a row stored before may still hold one.
    Article.objects.filter(pk=article.pk).update(title=title + " bài thử công thức")
    index_all()
    response = client.get("/search/export.csv", {"q": "cong thuc"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(body)))
    assert row[header.index("title")] == "'" + title + " bài thử công thức"
    assert row[header.index("url")].startswith("http")
