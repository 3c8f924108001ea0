"""A document's subject as a phrase: articles that name it without its number.

Extraction learns a document's subject (trích yếu) from the articles citing it
with its code: the words after `Quy định số 205-QĐ/TW … về` (`kiểm soát quyền
lực trong công tác cán bộ …`), kept on `Document.subject`. Its opening words,
up to the first punctuation, are distinctive enough to be a phrase: an article
holding that phrase discusses the document even when it never writes the
number. The search lists such articles after the explicit citations
(`search.listing`), and the document page lists them apart.
"""

from __future__ import annotations

import re

from articles.codekeys import code_keys

from . import matching
from .analysis import folded_key
from .backends import Query, Snapshot
from .plan import Any, Node, Term

#: A shorter subject (`công tác cán bộ`) is too common to name one document.
MIN_SYLLABLES = 5
#: The phrase is the subject's opening words, at most this many syllables.
MAX_SYLLABLES = 9
_CLAUSE_END = re.compile(r"[,;:.()“”\"!?–—]|\s-\s")


def subject_folds(subject: str) -> tuple[str, ...] | None:
    """Return the folded syllables of a subject's distinctive phrase, or None."""
    head = _CLAUSE_END.split(subject or "", maxsplit=1)[0]
    folds = folded_key(head).split()
    if folds[:1] == ["ve"]:  # `về kiểm soát …`: the preposition names nothing
        folds = folds[1:]
    if len(folds) < MIN_SYLLABLES:
        return None
    return tuple(folds[:MAX_SYLLABLES])


def subject_plan(subject: str) -> Node | None:
    """Return the plan of articles holding a subject's phrase, or None."""
    folds = subject_folds(subject)
    return matching.sequence("text", folds) if folds else None


def citing_plan(document) -> Node:
    """Return the plan of articles citing a document by its code or number."""
    keys = code_keys(document.code, document.doc_type, document.number, document.issuer)
    return Any((Term("code", document.code), *(Term("codekey", k) for k in keys)))


def discussed_without_number(snap: Snapshot, document, limit: int = 10) -> list[int]:
    """Return ids of articles holding a document's subject but not its number."""
    plan = subject_plan(document.subject)
    if plan is None:
        return []
    matches = snap.match(Query(recall=plan, excluded=citing_plan(document)))
    return snap.top(matches, plan, "relevance", limit) if snap.count(matches) else []


def document_aid(request, document) -> dict:
    """Return the articles discussing a document without its number (its page)."""
    from articles.models import Article

    from .backends import get_backend

    if subject_plan(document.subject) is None:
        return {}  # no subject learned: nothing to search for
    try:
        pks = discussed_without_number(get_backend().snapshot(), document)
    except Exception:  # the index may be missing or rebuilding
        return {}
    by_pk = Article.objects.for_listing().in_bulk(pks)
    return {"discussed_without_number": [by_pk[pk] for pk in pks if pk in by_pk]}
