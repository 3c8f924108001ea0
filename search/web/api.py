"""JSON endpoints of the search service."""

from __future__ import annotations

from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from ..backends import get_backend
from ..forms import ArchiveSearchForm
from ..suggest import autocomplete as complete
from .sanitize import without_controls


def _result(item) -> dict:
    return {
        "id": item.id,
        "title": item.title,
        "url": item.url,
        "published_at": item.published_at.isoformat() if item.published_at else None,
        "officials": item.officials,
        "codes": item.codes,
        "snippet": item.snippet,
        "partial": item.partial,
        "by_subject": item.by_subject,
    }


def _resolution(resolution) -> dict:
    return {
        "typed": resolution.typed,
        "year": resolution.year,
        "chosen": resolution.chosen.code if resolution.chosen else None,
        "ambiguous": resolution.ambiguous,
        "candidates": [
            {
                "code": c.code,
                "subject": c.subject,
                "year": c.year,
                "count": c.count,
                "url": reverse("articles:document", kwargs={"code": c.code}),
            }
            for c in resolution.candidates
        ],
    }


@require_GET
def search_api(request):
    """Answer a search as JSON: results, facets with counts and a suggestion."""
    page = ArchiveSearchForm(request.GET).search()
    return JsonResponse(
        {
            # count: every listed hit, full matches first, then partial ones.
            "count": page.count,
            "full_count": page.full_count,
            "partial_count": page.partial_count,
            "subject_count": page.subject_count,
            "partial_rule": (
                dict(zip(("required", "units"), page.partial_rule, strict=True))
                if page.partial_rule
                else None
            ),
            "page": page.page,
            "num_pages": page.num_pages,
            "results": [_result(r) for r in page.results],
            "facets": {
                name: [
                    {"value": v.value, "label": v.label, "count": v.count}
                    for v in values
                ]
                for name, values in page.facets.items()
            },
            "suggestion": page.suggestion,
            "messages": page.messages,
            "detected_codes": [
                {"value": v.value, "label": v.label, "count": v.count}
                for v in page.detected_codes
            ],
            "documents": [_resolution(r) for r in page.resolutions],
        }
    )


@require_GET
def autocomplete_api(request):
    """Complete officials and document codes from any syllable, no diacritics needed."""
    q = without_controls(request.GET.get("q", ""))[:200]
    return JsonResponse(
        {"results": complete(get_backend().snapshot(), q) if q.strip() else []}
    )


@require_GET
def facet_values_api(request, facet: str):
    """Search the values of one facet by label."""
    from ..suggest import facet_search

    q = without_controls(request.GET.get("q", ""))[:200]
    return JsonResponse({"results": facet_search(get_backend().snapshot(), facet, q)})
