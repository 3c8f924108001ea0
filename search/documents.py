"""Turn an Article into the field values of its index document.

`index_document` is the one builder: haystack's SearchIndex, the queue writer,
the rebuild and every backend get their documents from it, so they can never
disagree. pyvi runs once per article version: its output is cached
in `AnalysisCache` under a hash of the analysed text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from articles import text
from articles.codekeys import code_keys

from .analysis import ANALYSIS_VERSION

SEP = "\n\n"
log = logging.getLogger(__name__)


@dataclass(slots=True)
class ArticleMeta:
    """Metadata of one article needed by the index, loaded in bulk."""

    officials: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    code_keys: list[str] = field(default_factory=list)
    doc_types: list[str] = field(default_factory=list)
    issuers: list[str] = field(default_factory=list)
    posts: list[str] = field(default_factory=list)
    party_term: str = ""


def analysed_text(article) -> str:
    """Return the text whose words are indexed: title, lead, body and captions."""
    return SEP.join(
        p for p in (article.title, article.lead, article.body, article.captions) if p
    )


# pyvi's CRF costs about 2 ms per 1 000 characters, the largest share of
# indexing time. None segments the whole text; a number segments only that many
# leading characters (title and lead come first), since compounds only rank.
PYVI_MAX_CHARS: int | None = None


def pyvi_text(article) -> str:
    """Return the part of the analysed text that pyvi segments."""
    value = analysed_text(article)
    limit = PYVI_MAX_CHARS
    if limit is None or len(value) <= limit:
        return value
    cut = value.rfind(" ", 0, limit)
    return value[: cut if cut > 0 else limit]


def analysis_key(article) -> str:
    """Return the cache key of an article's pyvi input."""
    digest = hashlib.sha256((ANALYSIS_VERSION + "\x1f" + pyvi_text(article)).encode())
    return digest.hexdigest()


def segment_text(value: str) -> str:
    """Return pyvi's words for value joined by spaces."""
    return " ".join(text.segment(value))


def cached_compounds(articles: Iterable, compute: bool = True) -> dict[int, str]:
    """Return pyvi words per article pk, reading and filling the analysis cache."""
    from .models import AnalysisCache

    keys = {a.pk: analysis_key(a) for a in articles}
    found = dict(
        AnalysisCache.objects.filter(key__in=set(keys.values())).values_list(
            "key", "words"
        )
    )
    out: dict[int, str] = {}
    missing: list[AnalysisCache] = []
    for article in articles:
        k = keys[article.pk]
        if k not in found and compute:
            found[k] = segment_text(pyvi_text(article))
            missing.append(AnalysisCache(key=k, words=found[k]))
        out[article.pk] = found.get(k, "")
    if missing:
        AnalysisCache.objects.bulk_create(missing, ignore_conflicts=True)
    return out


def load_meta(pks: Iterable[int]) -> dict[int, ArticleMeta]:
    """Return officials, cited documents, posts and Party terms of the given
    articles in four queries."""
    from articles.models import (
        ArticleTerm,
        DocumentCitation,
        PersonMention,
        PositionMention,
    )

    pks = list(pks)
    meta = {pk: ArticleMeta() for pk in pks}
    for article_id, slug in PersonMention.objects.filter(
        article_id__in=pks
    ).values_list("article_id", "person__slug"):
        if slug not in meta[article_id].officials:
            meta[article_id].officials.append(slug)
    rows = DocumentCitation.objects.filter(article_id__in=pks).values_list(
        "article_id",
        "document__code",
        "document__doc_type",
        "document__issuer",
        "doc_type",
        "number",
    )
    for article_id, code, doc_type, issuer, bare_type, number in rows:
        m = meta[article_id]
        kind = doc_type or bare_type
        if code and code not in m.codes:
            m.codes.append(code)
        if kind and kind not in m.doc_types:
            m.doc_types.append(kind)
        if issuer and issuer not in m.issuers:
            m.issuers.append(issuer)
        for k in code_keys(code or "", kind, number, issuer):
            if k not in m.code_keys:
                m.code_keys.append(k)
    for article_id, slug in (
        PositionMention.objects.filter(article_id__in=pks)
        .order_by("id")
        .values_list("article_id", "position__slug")
    ):
        if slug not in meta[article_id].posts:
            meta[article_id].posts.append(slug)
    for article_id, term in ArticleTerm.objects.filter(
        article_id__in=pks, term__isnull=False
    ).values_list("article_id", "term"):
        meta[article_id].party_term = str(term)
    return meta


def _local_date(article) -> dt.date | None:
    if article.published_at:
        return timezone.localtime(article.published_at).date()
    return article.event_date


#: The sort key of an article without any date; both orders list these last.
UNDATED = 0


def sort_key(article) -> int:
    """Return the date sort key: publication time, else the event date.

    `UNDATED` (0) marks an article without a date; a dated article that would
    fall on that very second moves one second earlier, so 0 is never a date.
    """
    if article.published_at:
        key = int(article.published_at.timestamp())
    elif article.event_date:
        d = article.event_date
        key = int(dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC).timestamp())
    else:
        return UNDATED
    return key if key != UNDATED else UNDATED - 1


def _clean_values(values: Iterable[str]) -> list[str]:
    # Keyword values must survive backends that separate values by commas.
    return [v.replace(",", " ").strip() for v in values if v and v.strip()]


@dataclass(slots=True)
class IndexDocument:
    """One article as every search backend receives it.

    The text fields are kept as the strings they are analysed from; `terms()`
    gives their pre-analysed term lists (the Vietnamese analysis of
    `search.analysis`, which the Whoosh backend's analyzers also apply), so no
    backend analyses text itself.
    """

    article_id: int
    text: str
    title: str
    lead: str
    compounds: str
    keywords: dict[str, list[str]]
    pubdate: str
    event_date: str
    sortkey: int
    #: What `check_index` compares with the database (see `content_hash`).
    content_hash: str = ""

    def terms(self, field: str) -> list[str]:
        """Return the indexed terms of one text field, in text order."""
        from .analysis import bigram_terms, compound_terms, syllable_terms

        if field == "bigram":
            return bigram_terms(self.text)
        if field == "compound":
            return compound_terms(self.compounds)
        return syllable_terms(getattr(self, field))

    def fields(self) -> dict:
        """Return the flat field values (haystack's and Whoosh's field names)."""
        single = ("source", "section", "year", "month", "party_term")
        return {
            "text": self.text,
            "bigram": self.text,
            "title": self.title,
            "lead": self.lead,
            "compound": self.compounds,
            **{
                k: (v[0] if v else "") if k in single else v
                for k, v in self.keywords.items()
            },
            "pubdate": self.pubdate,
            "event_date": self.event_date,
            "sortkey": self.sortkey,
            "article_id": self.article_id,
            "content_hash": self.content_hash,
        }


def content_hash(doc: IndexDocument) -> str:
    """Return the version of an index document: a hash of every field but pyvi's.

    Compounds are left out because they follow from the text and the analysis
    version, both hashed, so `check_index` can compute the database side without
    running (or looking up) pyvi.
    """
    value = json.dumps(
        [
            ANALYSIS_VERSION,
            doc.article_id,
            doc.text,
            doc.title,
            doc.lead,
            doc.keywords,
            doc.pubdate,
            doc.event_date,
            doc.sortkey,
        ],
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.blake2b(value.encode(), digest_size=16).hexdigest()


def index_document(article, compounds: str, meta: ArticleMeta) -> IndexDocument:
    """Return the index document of one article."""
    day = _local_date(article)
    section = " ".join(text.normalize(article.section).split())
    keywords = {
        "official": _clean_values(meta.officials),
        "code": _clean_values(meta.codes),
        "codekey": _clean_values(meta.code_keys),
        "doc_type": _clean_values(meta.doc_types),
        "issuer": _clean_values(meta.issuers),
        "post": _clean_values(meta.posts),
        "party_term": [meta.party_term] if meta.party_term else [],
        "source": [str(article.source_id)] if article.source_id else [],
        "section": [section] if section else [],
        "year": [f"{day:%Y}"] if day else [],
        "month": [f"{day:%Y-%m}"] if day else [],
    }
    doc = IndexDocument(
        article_id=article.pk,
        text=analysed_text(article),
        title=article.title,
        lead=article.lead,
        compounds=compounds,
        keywords=keywords,
        pubdate=f"{day:%Y-%m-%d}" if article.published_at else "",
        event_date=f"{article.event_date:%Y-%m-%d}" if article.event_date else "",
        sortkey=sort_key(article),
    )
    doc.content_hash = content_hash(doc)
    return doc


def build_documents(articles: Iterable, compute: bool = True) -> list[IndexDocument]:
    """Return the index documents of many articles with batched lookups.

    An article that fails to prepare is logged and left out, so it cannot spoil
    the batch; the caller's queue row keeps it visible to `check_index`.
    """
    articles = list(articles)
    words = cached_compounds(articles, compute=compute)
    meta = load_meta([a.pk for a in articles])
    docs = []
    for article in articles:
        try:
            docs.append(index_document(article, words[article.pk], meta[article.pk]))
        except Exception:
            log.exception("Could not prepare article %s for the index", article.pk)
    return docs
