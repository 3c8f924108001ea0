"""Pages and JSON of posts: holders over time, a body's members on a day.

Read-only and thin: each page reads a fixed number of queries whatever the
number of holders (the holdings with their people and evidence articles in
one, the events in one).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .models import BodyKind, Holding, Position, PositionEvent
from .positions_terms import roman, term_on
from .views import not_found

DATE_FORMAT = "%Y-%m-%d"


class BadDay(ValueError):
    """A day parameter that is no date; the message says what to write."""


def read_day(value: str | None) -> dt.date | None:
    """Return the `on` parameter as a date (None when absent); BadDay if wrong."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        if len(value) != 10 or not value.isascii():
            raise ValueError
        return dt.datetime.strptime(value, DATE_FORMAT).date()
    except ValueError:
        raise BadDay(
            _(
                "Ngày “%(value)s” không hợp lệ: hãy viết theo dạng NNNN-TT-NN, "
                "ví dụ 2023-01-12."
            )
            % {"value": value[:40]}
        ) from None


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "errors/bad_request.html", {"message": message}, status=400)


def _holdings(position_ids) -> list[Holding]:
    return list(
        Holding.objects.filter(position_id__in=position_ids)
        .select_related(
            "person", "position", "first_article", "last_article", "successor"
        )
        .timeline_order()
    )


def _events(position_ids) -> dict[tuple[int, int], list[PositionEvent]]:
    events = defaultdict(list)
    for event in (
        PositionEvent.objects.filter(position_id__in=position_ids)
        .select_related("article")
        .order_by("date", "id")
    ):
        events[(event.position_id, event.person_id)].append(event)
    return events


def _running(holding: Holding, day: dt.date | None) -> bool:
    if day is None or holding.start is None or holding.start > day:
        return False
    return holding.end is None or holding.end > day


def search_url(**filters: str) -> str:
    return f"{reverse('search_pages:results')}?{urlencode(filters)}"


@require_safe
def position_detail(request: HttpRequest, slug: str) -> HttpResponse:
    position = Position.objects.filter(slug=slug).first()
    if position is None:
        return not_found(
            request, _("Không có chức vụ nào có địa chỉ “%(slug)s”.") % {"slug": slug}
        )
    try:
        day = read_day(request.GET.get("on"))
    except BadDay as exc:
        return _bad_request(request, str(exc))
    holdings = _holdings([position.pk])
    events = _events([position.pk])
    rows = [
        {
            "holding": h,
            "events": events.get((position.pk, h.person_id), []),
            "running": _running(h, day),
            "search_url": search_url(post=position.slug, official=h.person.slug),
        }
        for h in holdings
    ]
    context = {
        "position": position,
        "aliases": list(position.aliases.all()),
        "rows": rows,
        "day": day,
        "holders_on": [r for r in rows if r["running"]],
        "body_url": (
            reverse("articles:body", args=[position.body_slug])
            if position.body_slug
            else ""
        ),
        "search_url": search_url(post=position.slug),
    }
    return render(request, "articles/position_detail.html", context)


@require_safe
def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    posts = list(Position.objects.in_body(slug))
    if not posts:
        return not_found(
            request, _("Không có cơ quan nào có địa chỉ “%(slug)s”.") % {"slug": slug}
        )
    try:
        chosen = read_day(request.GET.get("on"))
    except BadDay as exc:
        return _bad_request(request, str(exc))
    holdings = _holdings([p.pk for p in posts])
    latest = max((h.last_seen for h in holdings if h.last_seen), default=None)
    day = chosen or latest or dt.date.today()
    members = [h for h in holdings if _running(h, day)]
    members.sort(key=lambda h: (h.position.rank_order, h.position.name, h.person.name))
    term = term_on(day)
    context = {
        "body": posts[0].body,
        "body_kind": BodyKind(posts[0].body_kind).label,
        "slug": slug,
        "posts": posts,
        "members": members,
        "day": day,
        "chosen": chosen,
        "latest": latest,
        "term": roman(term) if term else "",
    }
    return render(request, "articles/body_detail.html", context)


@require_safe
def position_list(request: HttpRequest) -> HttpResponse:
    posts = (
        Position.objects.annotate(
            holder_count=Count("holdings", distinct=True),
            latest=Max("holdings__last_seen"),
        )
        .filter(holder_count__gt=0)
        .order_by("body_kind", "body", "rank_order", "name")
    )
    groups: dict[str, dict] = {}
    for post in posts:
        group = groups.setdefault(
            post.body_slug,
            {"body": post.body, "slug": post.body_slug, "posts": []},
        )
        group["posts"].append(post)
    return render(
        request, "articles/position_list.html", {"groups": list(groups.values())}
    )


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _article(request: HttpRequest, article) -> dict | None:
    if article is None:
        return None
    return {
        "id": article.pk,
        "title": article.title,
        "date": _iso(article.date),
        "url": request.build_absolute_uri(article.get_absolute_url()),
    }


def holding_data(request: HttpRequest, holding: Holding, events, day) -> dict:
    """Return one holding as the JSON the API serves."""
    person = holding.person
    return {
        "person": person.name,
        "slug": person.slug,
        "url": request.build_absolute_uri(
            reverse("articles:person", args=[person.slug])
        ),
        "start": _iso(holding.start),
        "end": _iso(holding.end),
        "first_seen": _iso(holding.first_seen),
        "last_seen": _iso(holding.last_seen),
        "started_on": _iso(holding.started_on),
        "ended_on": _iso(holding.ended_on),
        "state": holding.state,
        "state_label": holding.get_state_display(),
        "successor": holding.successor.name if holding.successor else None,
        "articles": holding.article_count,
        "evidence": {
            "first": _article(request, holding.first_article),
            "last": _article(request, holding.last_article),
        },
        "evidenced_on": bool(
            day
            and holding.first_seen
            and holding.last_seen
            and holding.first_seen <= day <= holding.last_seen
        ),
        "events": [
            {
                "kind": e.kind,
                "label": e.get_kind_display(),
                "form": e.form,
                "date": _iso(e.date),
                "article": _article(request, e.article),
                "surface": e.surface,
            }
            for e in events
        ],
    }


def _json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(
        data, status=status, json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def api_position(request: HttpRequest, slug: str) -> JsonResponse:
    """Answer a post's holders over time, or on one day with `?on=YYYY-MM-DD`."""
    position = Position.objects.filter(slug=slug).first()
    if position is None:
        return _json(
            {
                "error": _("Không có chức vụ nào có địa chỉ “%(slug)s”.")
                % {"slug": slug}
            },
            status=404,
        )
    try:
        day = read_day(request.GET.get("on"))
    except BadDay as exc:
        return _json({"error": str(exc)}, status=400)
    holdings = _holdings([position.pk])
    if day is not None:
        holdings = [h for h in holdings if _running(h, day)]
    events = _events([position.pk])
    return _json(
        {
            "slug": position.slug,
            "name": position.name,
            "url": request.build_absolute_uri(position.get_absolute_url()),
            "body": position.body,
            "body_kind": position.body_kind,
            "rank": position.rank,
            "place": position.place,
            "kind": position.kind,
            "single": position.is_single,
            "on": _iso(day),
            "holders": [
                holding_data(
                    request, h, events.get((position.pk, h.person_id), []), day
                )
                for h in holdings
            ],
        }
    )
