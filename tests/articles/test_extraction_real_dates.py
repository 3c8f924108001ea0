"""No article is dated after its publication or after the day it was imported.

Every real page of the evaluation sets (and the seed and held-out sets) goes
through the page parser and the extractor; the event date must never fall after
the publication date the page prints, and neither may fall after today. Then the
development pages are imported for real and the stored dates are checked
against the moment the rows were created.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from articles import ingest
from articles.extraction import extract
from articles.importing import import_paths
from articles.models import Article
from articles.services import after_import

DATA = Path(__file__).resolve().parents[1] / "data" / "extraction"
FOLDERS = [DATA / "real" / s for s in ("dev", "test", "holdout", "holdout2")]
FOLDERS += [DATA / "in", DATA / "heldout"]
PAGES = sorted(p for folder in FOLDERS for p in folder.glob("*.txt"))


def test_every_split_has_its_pages():
    for folder in FOLDERS:
        assert list(folder.glob("*.txt")), folder


@pytest.mark.parametrize("path", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_page_is_dated_after_its_publication_or_today(path):
    (page,) = [
        item
        for item in ingest.read_file(path, max_page_bytes=20 * 1024 * 1024)
        if isinstance(item, ingest.ParsedArticle)
    ] or [None]
    if page is None:
        pytest.skip("the page parser refuses this page")
    today = date.today()
    published = page.published_at.date() if page.published_at else None
    found = extract(
        page.body,
        title=page.title,
        lead=page.lead,
        captions=page.captions,
        byline=page.byline,
        published=published,
    )
    if published:
        assert published <= today
    if found.event_date:
        assert found.event_date <= (published or today)


@pytest.mark.django_db
def test_imported_articles_are_never_dated_after_their_import():
    report = import_paths(
        [DATA / "real" / "dev"],
        max_page_bytes=20 * 1024 * 1024,
        after_save=after_import,
    )
    assert report.created
    for article in Article.objects.all():
        created = timezone.localtime(article.created_at)
        if article.published_at:
            assert article.published_at <= created
        if article.event_date:
            assert article.event_date <= created.date()
            if article.published_at:
                assert (
                    article.event_date
                    <= timezone.localtime(article.published_at).date()
                )
