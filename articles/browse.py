"""Aggregates behind the reading pages: histograms, top lists and neighbours.

Every function here runs a bounded number of queries whatever the archive's
size, so the pages that call them keep a fixed query budget.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, replace

from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.utils.translation import gettext as _

from .models import (
    Article,
    Document,
    DocumentCitation,
    Person,
    PersonMention,
    article_date,
)

# Histogram bars are drawn with CSS classes `level-0` … `level-20`: the pages
# carry no inline styles, so a strict Content-Security-Policy holds.
BAR_LEVELS = 20


@dataclass(frozen=True, slots=True)
class Bar:
    """One histogram bar: a label, its value, its count and a height level."""

    value: int
    label: str
    count: int
    level: int
    url: str = ""
    unknown: bool = False  # the bar of the articles without a date


def linked(bars: list[Bar], url_for) -> list[Bar]:
    """Return bars whose non-empty year ones link to url_for(value)."""
    return [
        replace(b, url=url_for(b.value)) if b.count and not b.unknown else b
        for b in bars
    ]


def _bars(counts: dict[int, int], keys: list[int], label=str) -> list[Bar]:
    peak = max(counts.values(), default=0) or 1
    return [
        Bar(
            k,
            label(k),
            counts.get(k, 0),
            round(counts.get(k, 0) * BAR_LEVELS / peak) if counts.get(k) else 0,
        )
        for k in keys
    ]


def _count_by(queryset: QuerySet, part, undated: bool = False) -> dict:
    """Return article counts per date part; the undated under None if asked."""
    rows = (
        queryset.order_by()
        .with_day()
        .annotate(bucket=part("day"))
        .values("bucket")
        .annotate(n=Count("id", distinct=True))
        .values_list("bucket", "n")
    )
    return {bucket: n for bucket, n in rows if undated or bucket is not None}


def year_bars(queryset: QuerySet | None = None, undated_url: str = "") -> list[Bar]:
    """Return articles per year (publication, else event), first to last year.

    With `undated_url`, a last bar "không rõ năm" counts the articles with
    neither a publication nor an event date and links there (none when every
    article has a date); heights are scaled over all bars, in the same query.
    """
    base = Article.objects.all() if queryset is None else queryset
    counts = _count_by(base, ExtractYear, undated=bool(undated_url))
    unknown = counts.pop(None, 0)
    bars = _bars(counts, list(range(min(counts), max(counts) + 1))) if counts else []
    if not unknown:
        return bars
    peak = max([unknown, *counts.values()])

    def level(count: int) -> int:
        return round(count * BAR_LEVELS / peak) if count else 0

    return [replace(b, level=level(b.count)) for b in bars] + [
        Bar(0, _("không rõ năm"), unknown, level(unknown), undated_url, unknown=True)
    ]


def month_bars(year: int, queryset: QuerySet | None = None) -> list[Bar]:
    """Return articles per month of one year, all twelve months."""
    base = Article.objects.all() if queryset is None else queryset
    counts = _count_by(base.dated_in(year), ExtractMonth)
    return _bars(counts, list(range(1, 13)), label=lambda m: f"{m:02d}")


def day_bars(year: int, month: int) -> list[Bar]:
    """Return articles per day of one month, every day of it."""
    counts = _count_by(Article.objects.dated_in(year, month), ExtractDay)
    days = calendar.monthrange(year, month)[1]
    return _bars(counts, list(range(1, days + 1)), label=lambda d: f"{d:02d}")


def undated_count() -> int:
    """Return how many articles carry neither a publication nor an event date."""
    return Article.objects.undated().count()


def top_people(limit: int = 10) -> list[Person]:
    """Return the officials named in the most articles."""
    return list(
        Person.objects.with_article_counts()
        .filter(article_count__gt=0)
        .order_by("-article_count", "name")[:limit]
    )


def top_documents(limit: int = 10) -> list[Document]:
    """Return the documents cited by the most articles."""
    return list(
        Document.objects.with_citation_counts()
        .filter(article_count__gt=0)
        .order_by("-article_count", "code")[:limit]
    )


def companions(person: Person, limit: int = 10) -> list[Person]:
    """Return officials most often named in the same articles as person."""
    shared = Article.objects.filter(mentions__person=person).values("pk")
    return list(
        Person.objects.filter(mentions__article__in=shared)
        .exclude(pk=person.pk)
        .annotate(shared=Count("mentions__article", distinct=True))
        .order_by("-shared", "name")[:limit]
    )


def person_year_bars(person: Person) -> list[Bar]:
    """Return how many articles name person, per year."""
    return year_bars(Article.objects.filter(mentions__person=person))


def document_year_bars(document: Document) -> list[Bar]:
    """Return how many articles cite document, per year."""
    return year_bars(Article.objects.filter(citations__document=document))


def document_surfaces(document: Document) -> list[dict]:
    """Return the spellings articles used for document, most frequent first."""
    return list(
        DocumentCitation.objects.filter(document=document)
        .values("surface")
        .annotate(n=Count("article", distinct=True))
        .order_by("-n", "surface")
    )


def article_people(article: Article) -> list[PersonMention]:
    """Return an article's officials with their titles in it, most named first."""
    return list(
        PersonMention.objects.filter(article=article)
        .select_related("person")
        .order_by("-count", "person__name")
    )


def article_documents(article: Article) -> list[DocumentCitation]:
    """Return an article's citations, linked documents first, one per document."""
    seen: set = set()
    out = []
    for citation in (
        DocumentCitation.objects.filter(article=article)
        .select_related("document")
        .order_by(F("document__code").asc(nulls_last=True), "surface")
    ):
        marker = citation.document_id or citation.surface
        if marker not in seen:
            seen.add(marker)
            out.append(citation)
    return out


def related_by_metadata(
    article: Article,
    person_ids: list[int],
    document_ids: list[int],
    limit: int = 5,
) -> list[Article]:
    """Return other articles sharing the most officials and documents."""
    if not person_ids and not document_ids:
        return []
    # An empty `__in` would empty the whole query, not just its own count.
    zero = Value(0)
    people = Q(mentions__person__in=person_ids)
    documents = Q(citations__document__in=document_ids)
    if not person_ids:
        shared = documents
    elif not document_ids:
        shared = people
    else:
        shared = people | documents
    return list(
        Article.objects.for_listing()
        .filter(shared)
        .exclude(pk=article.pk)
        .annotate(
            shared_people=Count("mentions", filter=people, distinct=True)
            if person_ids
            else zero,
            shared_documents=Count("citations", filter=documents, distinct=True)
            if document_ids
            else zero,
        )
        .order_by(
            -(F("shared_people") + F("shared_documents")),
            article_date().desc(nulls_last=True),
            "-id",
        )[:limit]
    )


def valid_month(year: int, month: int | None = None) -> bool:
    """Tell whether year (and month) make a real calendar period."""
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return False
    return month is None or 1 <= month <= 12
