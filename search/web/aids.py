"""What the reading pages borrow from search: marked terms, neighbours in a
result list, related articles (registered in `articles.views.page_aids`)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from articles.models import Article
from articles.views import page_aids

from .. import services
from ..backends import get_backend
from ..forms import ascii_number
from ..highlight import highlight, needles
from ..query import parse
from ..suggest import more_like_this
from .results import results_context
from .sanitize import without_controls
from .state import MAX_Q_CHARS, BadSearch, read_state


def _highlight_article(request: HttpRequest, article: Article) -> dict:
    q = without_controls(request.GET.get("q", ""))[:MAX_Q_CHARS]
    wanted = needles(parse(q)) if q.strip() else []
    if not wanted:
        return {}
    title = highlight(article.title, wanted)
    lead = highlight(article.lead, wanted) if article.lead else ""
    paragraphs = [highlight(p, wanted) for p in article.paragraphs]
    captions = [highlight(c, wanted) for c in article.caption_list]
    marks = sum(part.count("<mark") for part in [title, lead, *paragraphs, *captions])
    return {
        "title_html": title,
        "lead_html": lead,
        "paragraphs_html": paragraphs,
        "captions_html": captions,
        "highlighted": True,
        "highlight_query": q,
        "highlight_count": marks,
    }


def _search_nav(request: HttpRequest, article: Article) -> dict:
    position = ascii_number(
        request.GET.get("n"), 1, services.MAX_PAGE * services.PAGE_SIZE
    )
    if position is None:
        return {}
    try:
        state = read_state(request)
    except BadSearch:
        return {}
    if not state.active:
        return {}
    around = services.neighbours(state.q, state.filters, position, state.sort)
    ids = {position - 1: around.previous, position + 1: around.next}
    count = around.count
    pks = [pk for pk in ids.values() if pk]
    found = {a.pk: a for a in Article.objects.filter(pk__in=pks).only("pk", "title")}
    nav = {
        "query": state.q or _("(bộ lọc)"),
        "position": position,
        "count": count,
        "back_url": state.url(
            reverse("search_pages:results"),
            page=(position - 1) // services.PAGE_SIZE + 1,
        ),
    }
    for key, p in (("previous_url", position - 1), ("next_url", position + 1)):
        other = found.get(ids[p])
        nav[key] = f"{other.get_absolute_url()}{state.url(n=p)}" if other else ""
    return {"search_nav": nav}


def _more_like_this(request: HttpRequest, article: Article) -> dict:
    try:
        pks = more_like_this(get_backend().snapshot(), article, 5)
    except Exception:  # the index may be missing or rebuilding
        return {}
    by_pk = Article.objects.for_listing().in_bulk(pks)
    return {"more_like_this": [by_pk[pk] for pk in pks if pk in by_pk]}


def article_aids(request: HttpRequest, article: Article) -> dict:
    """Return highlights, more-like-this and search navigation for an article."""
    return {
        **_highlight_article(request, article),
        **_search_nav(request, article),
        **_more_like_this(request, article),
    }


def person_aids(request: HttpRequest, person) -> dict:
    """Return a search within the articles naming person, with its facets."""
    forced = {"official": [person.slug]}
    try:
        state = read_state(request, forced=forced)
    except BadSearch:
        return {}
    base = reverse("articles:person", args=[person.slug])
    context = results_context(request, state, base, forced=forced)
    context["facets"] = [g for g in context["facets"] if g["name"] != "official"]
    return context


def register() -> None:
    """Lend the reading pages what needs the index (once per process)."""
    if article_aids not in page_aids["article"]:
        page_aids["article"].append(article_aids)
    if person_aids not in page_aids["person"]:
        page_aids["person"].append(person_aids)
    from ..subjects import document_aid

    if document_aid not in page_aids["document"]:
        page_aids["document"].append(document_aid)
