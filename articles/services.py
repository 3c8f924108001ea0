"""Services that act on saved articles: metadata extraction and its persistence."""

from __future__ import annotations

from .models import Article


def after_import(article: Article) -> None:
    """Run what follows a fresh import: metadata extraction."""
    extract_article(article)


def extract_article(article: Article) -> None:
    """Extract and persist an article's metadata (officials, documents, dates)."""
    # Filled in by the extraction issue.
    return None
