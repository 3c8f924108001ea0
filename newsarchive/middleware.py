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


def _rate_group(request: HttpRequest, namespace: str, url_name: str) -> str | None:
    """Return which request limit a resolved URL counts against, if any."""
    if request.path_info.startswith("/api/"):
        return "api"
    if namespace == "search_pages" and url_name != "opensearch":
        return "search"  # result pages, feeds, CSV exports, suggestions
    return None


class RateLimitMiddleware:
    """Answer 429 to a client that exceeds the search or API request limit.

    The limits are `NEWSARCHIVE_RATE_LIMIT_SEARCH` and `NEWSARCHIVE_RATE_LIMIT_API`
    (`newsarchive.ratelimit` reads them); the client is
    `newsarchive.ratelimit.client_address`.
    """

    settings_for = {
        "search": "NEWSARCHIVE_RATE_LIMIT_SEARCH",
        "api": "NEWSARCHIVE_RATE_LIMIT_API",
    }

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        from django.conf import settings

        from . import ratelimit

        match = request.resolver_match
        group = _rate_group(request, match.namespace, match.url_name or "")
        if group is None:
            return None
        rate = ratelimit.parse_rate(getattr(settings, self.settings_for[group], None))
        if rate is None:
            return None
        client = ratelimit.bucket(ratelimit.client_address(request))
        decision = ratelimit.hit(group, client, rate)
        if decision.allowed:
            return None
        return self.too_many(request, group, decision)

    def too_many(self, request: HttpRequest, group: str, decision) -> HttpResponse:
        from django.http import JsonResponse
        from django.shortcuts import render
        from django.utils.translation import gettext as _

        message = _(
            "Bạn đã gửi quá nhiều yêu cầu (tối đa %(limit)d yêu cầu trong "
            "%(period)d giây). Vui lòng thử lại sau %(seconds)d giây."
        ) % {
            "limit": decision.limit,
            "period": decision.period,
            "seconds": decision.retry_after,
        }
        if group == "api":
            response = JsonResponse(
                {"error": message, "retry_after": decision.retry_after}, status=429
            )
        else:
            context = {"message": message}
            response = render(
                request, "errors/too_many_requests.html", context, status=429
            )
        response["Retry-After"] = str(decision.retry_after)
        return response
