"""Security headers the reading pages send with every response."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# No inline script or style anywhere: everything comes from our static files.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Add a strict Content-Security-Policy unless the view already set one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # The admin ships inline scripts of its own; it keeps Django's defaults.
        if request.path.startswith("/admin/"):
            return response
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response


class SearchUnavailableMiddleware:
    """Answer 503 with the backend's reason when the index cannot be read.

    A search backend raises `SearchUnavailable` for states an operator must fix
    (an index of an older format, an unreachable server); readers get a page or
    a JSON error saying so instead of a server error.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        from django.http import JsonResponse
        from django.shortcuts import render
        from django.utils.translation import gettext as _

        from search.backends import SearchUnavailable

        if not isinstance(exception, SearchUnavailable):
            return None
        message = _("Tìm kiếm tạm thời không dùng được: %(reason)s") % {
            "reason": exception
        }
        if request.path.startswith("/api/"):
            return JsonResponse({"error": message}, status=503)
        context = {"message": message}
        return render(request, "errors/unavailable.html", context, status=503)
