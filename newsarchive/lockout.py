"""What a locked-out admin login gets: the login page saying why, with a 429."""

from __future__ import annotations

import math

from django.http import HttpRequest, HttpResponse


def lockout_message(minutes: int) -> str:
    """Return the Vietnamese explanation of a lockout of the given length."""
    from django.utils.translation import ngettext

    return ngettext(
        "Đăng nhập tạm bị khóa vì nhập sai mật khẩu quá nhiều lần. Hãy thử lại "
        "sau %(minutes)d phút; mỗi lần thử trong lúc bị khóa lại tính lại từ đầu.",
        "Đăng nhập tạm bị khóa vì nhập sai mật khẩu quá nhiều lần. Hãy thử lại "
        "sau %(minutes)d phút; mỗi lần thử trong lúc bị khóa lại tính lại từ đầu.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """Render the admin login form again with the lockout message (django-axes)."""
    from axes.helpers import get_client_username, get_cool_off
    from django.contrib import admin
    from django.contrib.admin.forms import AdminAuthenticationForm
    from django.template.response import TemplateResponse

    cool_off = get_cool_off(request)
    seconds = max(60, math.ceil(cool_off.total_seconds())) if cool_off else 0
    username = get_client_username(request, credentials) or ""
    context = {
        **admin.site.each_context(request),
        "title": admin.site.index_title,
        "app_path": request.get_full_path(),
        "form": AdminAuthenticationForm(request, initial={"username": username}),
        "next": request.POST.get("next") or request.GET.get("next", ""),
        "lockout_message": lockout_message(math.ceil(seconds / 60)),
    }
    response = TemplateResponse(request, "admin/login.html", context, status=429)
    response.render()
    if seconds:
        response["Retry-After"] = str(seconds)
    return response
