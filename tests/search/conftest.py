"""Fixtures: the five seed articles in the database and in a fresh on-disk index."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data" / "search"


@pytest.fixture(autouse=True)
def _no_writer_thread(settings):
    # Tests drain the queue explicitly; the thread is exercised in test_sync.
    settings.SEARCH_SYNC_THREAD = False


BACKENDS = ("whoosh", "postgres")


@pytest.fixture(params=BACKENDS)
def search_backend(request, settings, db):
    """Run the test once per search backend (the behaviour suite).

    The PostgreSQL backend runs when the tests' database is PostgreSQL; tests
    marked `whoosh_only` exercise Whoosh internals and run on Whoosh alone.
    """
    from django.db import connection

    from search import backends

    name = request.param
    if name != "whoosh" and request.node.get_closest_marker("whoosh_only"):
        pytest.skip("exercises the Whoosh backend's internals")
    if name == "postgres" and connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL backend needs DATABASE_URL=postgres://…")
    settings.SEARCH_BACKEND = name
    backends.reset()
    yield backends.get_backend()
    backends.reset()


@pytest.fixture
def empty_index(search_backend):
    """Give the test an empty index of its backend and forget cached names."""
    from search import labels

    search_backend.clear()
    labels.invalidate()
    yield
    search_backend.forget()
    labels.invalidate()


def create_article(**fields):
    """Create an article with its officials and cited codes."""
    from articles.codekeys import find_codes
    from articles.models import (
        Article,
        Document,
        DocumentCitation,
        Person,
        PersonMention,
        Source,
    )

    officials = fields.pop("officials", [])
    codes = fields.pop("codes", [])
    source = fields.pop("source", None)
    if source:
        fields["source"], _ = Source.objects.get_or_create(name=source)
    if isinstance(fields.get("published_at"), str):
        fields["published_at"] = dt.datetime.fromisoformat(fields["published_at"])
    article = Article.objects.create(**fields)
    for name in officials:
        person = Person.objects.by_key(name) or Person.objects.create(name=name)
        PersonMention.objects.create(article=article, person=person, surface=name)
    for code in codes:
        ref = find_codes(code)[0]
        document, _ = Document.objects.get_or_create(
            code=code,
            defaults={
                "doc_type": ref.doc_type.upper().replace("QD", "QĐ"),
                "number": ref.number,
                "issuer": ref.issuer.upper(),
            },
        )
        DocumentCitation.objects.create(
            article=article,
            document=document,
            surface=code,
            doc_type=document.doc_type,
            number=document.number,
        )
    return article


def index_now(*articles) -> None:
    """Queue and apply index updates for articles right away."""
    from search.backends import get_backend
    from search.indexing import sync

    for article in articles:
        sync.enqueue_article(article.pk)
    sync.flush()
    get_backend().forget()


@pytest.fixture
def seeds(empty_index):
    """Create and index the five seed articles; return them in file order."""
    rows = json.loads((DATA / "articles.json").read_text())
    articles = [create_article(**row) for row in rows]
    index_now(*articles)
    return articles
