"""Editing an official or a document reaches every article that names it."""

from __future__ import annotations

import pytest

from articles.models import Document, Person
from search.indexing import sync
from search.indexing.check import check
from search.services import search

from .conftest import create_article


def drained() -> None:
    from search.backends import get_backend

    sync.flush()
    get_backend().forget()


@pytest.fixture
def cited(empty_index):
    articles = [
        create_article(
            title=f"Bài {n} về Quy định 205",
            body=f"Bài {n}: Quy định số 205-QĐ/TW về kiểm soát quyền lực.",
            officials=["Trương Thị Mai"],
            codes=["205-QĐ/TW"],
            published_at="2022-03-01T08:00:00+07:00",
        )
        for n in range(3)
    ]
    drained()
    return articles


def test_correcting_a_document_code_reindexes_the_articles_citing_it(
    cited, django_capture_on_commit_callbacks
):
    document = Document.objects.get(code="205-QĐ/TW")
    document.code, document.number = "206-QĐ/TW", "206"
    with django_capture_on_commit_callbacks(execute=True):
        document.save()
    drained()
    ids = sorted(a.pk for a in cited)
    assert sorted(r.id for r in search("", {"code": "206-QĐ/TW"}).results) == ids
    assert search("", {"code": "205-QĐ/TW"}).count == 0
    assert check(wait=0).ok


def test_renaming_an_official_reindexes_the_articles_naming_them(
    cited, django_capture_on_commit_callbacks
):
    person = Person.objects.get(name="Trương Thị Mai")
    person.slug = "truong-thi-mai-1958"
    with django_capture_on_commit_callbacks(execute=True):
        person.save()
    drained()
    page = search("", {"official": "truong-thi-mai-1958"})
    assert sorted(r.id for r in page.results) == sorted(a.pk for a in cited)
    assert check(wait=0).ok


def test_a_save_that_changes_no_indexed_field_queues_nothing(
    cited, django_capture_on_commit_callbacks
):
    document = Document.objects.get(code="205-QĐ/TW")
    document.issuing_body = "Bộ Chính trị"
    with django_capture_on_commit_callbacks(execute=True):
        document.save()
    assert sync.pending_count() == 0
