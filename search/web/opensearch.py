"""OpenSearch: the archive as a browser search engine, with suggestions."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from ..backends import get_backend
from ..suggest import autocomplete
from .sanitize import without_controls


@require_safe
def opensearch(request: HttpRequest) -> HttpResponse:
    """Describe the search for browsers (OpenSearch 1.1)."""
    return render(
        request,
        "search/opensearch.xml",
        {"root": request.build_absolute_uri("/").rstrip("/")},
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )


@require_safe
def opensearch_suggestions(request: HttpRequest) -> JsonResponse:
    """Answer browser suggestions: [query, [completions], [descriptions], [urls]]."""
    q = without_controls(request.GET.get("q", ""))[:200]
    found = autocomplete(get_backend().snapshot(), q) if q.strip() else []
    root = request.build_absolute_uri("/").rstrip("/")
    urls = []
    for item in found:
        if item["type"] == "official":
            urls.append(root + reverse("articles:person", args=[item["value"]]))
        else:
            urls.append(root + reverse("articles:document", args=[item["value"]]))
    return JsonResponse(
        [
            q,
            [item["label"] for item in found],
            [str(item["count"]) for item in found],
            urls,
        ],
        safe=False,
        content_type="application/x-suggestions+json",
        json_dumps_params={"ensure_ascii": False},
    )


# Aids for the reading pages --------------------------------------------------
