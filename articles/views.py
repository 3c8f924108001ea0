"""Reading pages: home, articles, officials, documents and the date archive.

The views here only read the database. The search app adds what needs the index
(highlighted terms, more-like-this, a position in a result list, searching
within an official's articles) through `page_aids`, so this app never imports
from `search`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import browse
from .codekeys import code_keys, find_codes
from .models import Article, ArticleDate, Document, Person
from .positions_derive import document_terms, person_events, person_posts
from .services import title_timeline

PAGE_SIZE = 20
_DAY = re.compile(r"[0-9]{1,2}")

# page name → callables (request, object) → extra template context. The search
# app registers its aids here for "article", "person" and "document".
page_aids: dict[str, list[Callable[[HttpRequest, object], dict]]] = {
    "article": [],
    "person": [],
    "document": [],
}


def _aids(page: str, request: HttpRequest, obj: object) -> dict:
    extra: dict = {}
    for aid in page_aids[page]:
        extra.update(aid(request, obj) or {})
    return extra


# The search filter value of the articles without a year (`year=none`).
NO_YEAR_FILTER = "none"


def _year_links(bars: list[browse.Bar]) -> list[browse.Bar]:
    return browse.linked(bars, lambda y: reverse("articles:archive_year", args=[y]))


def _search_links(bars: list[browse.Bar], **filters: str) -> list[browse.Bar]:
    base = reverse("search_pages:results")
    return browse.linked(bars, lambda y: f"{base}?{urlencode({**filters, 'year': y})}")


def not_found(request: HttpRequest, message: str) -> HttpResponse:
    """Render a 404 page that says what was wrong with the address."""
    return render(request, "errors/not_found.html", {"message": message}, status=404)


def _page(request: HttpRequest, queryset, size: int = PAGE_SIZE):
    # get_page() turns "abc" into 1 and 10000 into the last page.
    return Paginator(queryset, size).get_page(request.GET.get("page"))


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "newest": list(Article.objects.for_listing().newest_first()[:8]),
        "top_people": browse.top_people(10),
        "top_documents": browse.top_documents(10),
        "years": _year_links(
            browse.year_bars(
                undated_url=f"{reverse('search_pages:results')}?"
                + urlencode({"year": NO_YEAR_FILTER})
            )
        ),
        "total": Article.objects.count(),
    }
    return render(request, "home.html", context)


@require_safe
def article_list(request: HttpRequest) -> HttpResponse:
    page = _page(request, Article.objects.for_listing().newest_first())
    return render(request, "articles/article_list.html", {"page_obj": page})


@require_safe
def article_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("source"), pk=pk)
    if slug != article.slug:
        target = article.get_absolute_url()
        if request.GET:
            target += "?" + request.GET.urlencode()
        return redirect(target, permanent=True)
    mentions = browse.article_people(article)
    citations = browse.article_documents(article)
    context = {
        "article": article,
        "mentions": mentions,
        "citations": citations,
        "related": browse.related_by_metadata(
            article,
            [m.person_id for m in mentions],
            [c.document_id for c in citations if c.document_id],
        ),
        "paragraphs": article.paragraphs,
        "lead": article.lead,
        "captions": article.caption_list,
    }
    context.update(_aids("article", request, article))
    return render(request, "articles/article_detail.html", context)


@require_safe
def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = Person.objects.filter(slug=slug).first()
    if person is None:
        return not_found(
            request, _("Không có nhân vật nào có địa chỉ “%(slug)s”.") % {"slug": slug}
        )
    context = {
        "person": person,
        "aliases": list(person.aliases.all()),
        "timeline": title_timeline(person),
        "posts": person_posts(person),
        "position_events": person_events(person),
        "companions": browse.companions(person, 12),
        "years": _search_links(browse.person_year_bars(person), official=person.slug),
        "page_obj": _page(
            request, Article.objects.for_listing().mentioning(person).newest_first()
        ),
    }
    context.update(_aids("person", request, person))
    return render(request, "articles/person_detail.html", context)


@require_safe
def person_list(request: HttpRequest) -> HttpResponse:
    people = Person.objects.with_article_counts().order_by("-article_count", "name")
    return render(
        request, "articles/person_list.html", {"page_obj": _page(request, people, 50)}
    )


def _canonical_code(raw: str) -> str | None:
    try:
        from .extraction import canonical_code
    except ImportError:  # the extractor may not expose it yet
        return None
    try:
        return canonical_code(raw)
    except Exception:  # a typed URL must never make the page fail
        return None


def find_document(code: str) -> Document | None:
    """Return the document a possibly non-canonical code names, if any."""
    canonical = _canonical_code(code)
    if canonical:
        found = Document.objects.filter(code=canonical).first()
        if found:
            return found
    refs = find_codes(code)
    if not refs:
        return None
    # The most specific match key typed (`qd-205-tw`, else `qd-205`) must be
    # one of the document's keys: one grammar decides, as in search.
    wanted = refs[0].keys[-1]
    candidates = Document.objects.filter(number=refs[0].number).order_by("code")[:50]
    return next(
        (
            d
            for d in candidates
            if wanted in code_keys(d.code, d.doc_type, d.number, d.issuer)
        ),
        None,
    )


def document_url(document: Document) -> str:
    return reverse("articles:document", kwargs={"code": document.code})


@require_safe
def document_detail(request: HttpRequest, code: str) -> HttpResponse:
    code = code.strip("/")
    document = Document.objects.filter(code=code).first()
    if document is None:
        found = find_document(code)
        if found is not None:
            return redirect(document_url(found), permanent=True)
        return not_found(
            request, _("Không có văn bản nào có số hiệu “%(code)s”.") % {"code": code}
        )
    context = {
        "document": document,
        "surfaces": browse.document_surfaces(document),
        "years": _search_links(browse.document_year_bars(document), code=document.code),
        # `18-NQ/TW` numbers resolutions of several terms: the one of this
        # document, and its citing articles by term.
        "terms": document_terms(document),
        "page_obj": _page(
            request, Article.objects.for_listing().citing(document).newest_first()
        ),
    }
    context.update(_aids("document", request, document))
    return render(request, "articles/document_detail.html", context)


@require_safe
def document_list(request: HttpRequest) -> HttpResponse:
    documents = Document.objects.with_citation_counts().order_by(
        "-article_count", "code"
    )
    return render(
        request,
        "articles/document_list.html",
        {"page_obj": _page(request, documents, 50)},
    )


@require_safe
def archive_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "articles/archive_index.html",
        {"years": _year_links(browse.year_bars()), "undated": browse.undated_count()},
    )


@require_safe
def archive_year(request: HttpRequest, year: int) -> HttpResponse:
    if not browse.valid_month(year):
        return not_found(request, _("Năm %(year)s không hợp lệ.") % {"year": year})
    articles = Article.objects.for_listing().dated_in(year).newest_first()
    context = {
        "year": year,
        "months": browse.linked(
            browse.month_bars(year),
            lambda m: reverse("articles:archive_month", args=[year, m]),
        ),
        "years": _year_links(
            browse.year_bars(
                undated_url=f"{reverse('search_pages:results')}?"
                + urlencode({"year": NO_YEAR_FILTER})
            )
        ),
        "page_obj": _page(request, articles),
    }
    return render(request, "articles/archive_year.html", context)


@require_safe
def archive_month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not browse.valid_month(year, month):
        return not_found(
            request,
            _("Tháng %(month)s/%(year)s không tồn tại: tháng phải từ 1 đến 12.")
            % {"month": month, "year": year},
        )
    day = request.GET.get("day", "")
    articles = Article.objects.for_listing().dated_in(year, month)
    days = browse.linked(browse.day_bars(year, month), lambda d: f"?day={d}")
    selected_day = None
    if day:
        # ASCII digits only: int() fails on "²", which str.isdigit() accepts.
        if not _DAY.fullmatch(day) or not 1 <= int(day) <= len(days):
            return render(
                request,
                "errors/bad_request.html",
                {
                    "message": _("Ngày “%(day)s” không có trong tháng này.")
                    % {"day": day}
                },
                status=400,
            )
        selected_day = int(day)
        articles = articles.filter(day__day=selected_day)
    context = {
        "year": year,
        "month": month,
        "first": dt.date(year, month, 1),
        "days": days,
        "selected_day": selected_day,
        "page_obj": _page(request, articles.newest_first(), 50),
    }
    return render(request, "articles/archive_month.html", context)


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def article_data(request: HttpRequest, article: Article) -> dict:
    """Return an article as the JSON the API serves."""
    mentions = browse.article_people(article)
    citations = browse.article_documents(article)
    dates = ArticleDate.objects.filter(article=article).order_by("date", "id")
    return {
        "id": article.pk,
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "title": article.title,
        "title_derived": article.title_derived,
        "lead": article.lead,
        "paragraphs": article.paragraphs,
        "captions": article.caption_list,
        "section": article.section,
        "source": (
            {"name": article.source.name, "code": article.source.code}
            if article.source
            else None
        ),
        "byline": article.byline,
        "original_url": article.original_url,
        "published_at": _iso(article.published_at),
        "event_date": _iso(article.event_date),
        "officials": [
            {
                "name": m.person.name,
                "slug": m.person.slug,
                "titles": m.titles,
                "role": m.role,
                "url": request.build_absolute_uri(
                    reverse("articles:person", args=[m.person.slug])
                ),
            }
            for m in mentions
        ],
        "documents": [
            {
                "code": c.document.code if c.document else None,
                "surface": c.surface,
                "doc_type": c.document.doc_type if c.document else c.doc_type,
                "url": (
                    request.build_absolute_uri(document_url(c.document))
                    if c.document
                    else None
                ),
            }
            for c in citations
        ],
        "dates": [
            {"date": d.date.isoformat(), "kind": d.kind, "surface": d.surface}
            for d in dates
        ],
    }


@require_safe
def api_article(request: HttpRequest, pk: int) -> JsonResponse:
    article = Article.objects.select_related("source").filter(pk=pk).first()
    if article is None:
        return JsonResponse(
            {"error": _("Không có bài viết số %(pk)s.") % {"pk": pk}}, status=404
        )
    response = JsonResponse(
        article_data(request, article), json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
