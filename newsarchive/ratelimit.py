"""Per-client request limits in fixed windows, counted in Django's cache.

A limit is written `N/unit` or `N/Munit` (`120/m`, `300/m`, `1000/h`, `10/5s`);
`off` disables it. Counts live in the default cache, which the settings point at
a folder every worker process of the machine shares (`newsarchive.cache`).
"""

from __future__ import annotations

import ipaddress
import math
import re
import time
from dataclasses import dataclass

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$", re.IGNORECASE)
_OFF = {"off", "none", "0", "false", "no"}
# Expire a window's counter a little after the window, so a slow clock on one
# worker still finds it.
_GRACE_SECONDS = 5


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int  # seconds


@dataclass(frozen=True)
class Decision:
    allowed: bool
    count: int
    limit: int
    period: int
    retry_after: int  # whole seconds until the window ends


def parse_rate(value: str | None) -> Rate | None:
    """Return the rate a setting spells, or None when it is off."""
    if value is None or value.strip().lower() in _OFF:
        return None
    match = _RATE.match(value)
    if not match:
        raise ValueError(
            f"{value!r} is not a rate: write N/unit or N/Munit with unit s, m, h "
            "or d (e.g. 120/m, 1000/h, 10/5s), or off"
        )
    limit, multiple, unit = match.groups()
    period = int(multiple or 1) * _UNITS[unit.lower()]
    if int(limit) < 1 or period < 1:
        raise ValueError(f"{value!r}: the count and the period must be positive")
    return Rate(limit=int(limit), period=period)


def client_address(request, trusted_proxies: int | None = None) -> str | None:
    """Return the client's address: REMOTE_ADDR, or X-Forwarded-For behind proxies.

    With `trusted_proxies` = N ≥ 1 the app sits behind N proxies that each append
    the address they saw to X-Forwarded-For, so the N-th entry from the right is
    the client; entries further left are whatever the client sent and are never
    trusted. A missing or malformed entry falls back to REMOTE_ADDR; None when
    there is none either (a request made in-process).
    """
    if trusted_proxies is None:
        from django.conf import settings

        trusted_proxies = getattr(settings, "NEWSARCHIVE_TRUSTED_PROXIES", 0)
    remote = request.META.get("REMOTE_ADDR") or None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted_proxies < 1 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        return remote
    candidate = hops[-min(trusted_proxies, len(hops))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def bucket(address: str | None) -> str:
    """Return what a client's requests are counted under.

    An IPv6 client usually holds a whole /64 and could rotate through it, so its
    /64 is one client; an IPv4 address is itself.
    """
    if not address:
        return "unknown"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def hit(group: str, client: str, rate: Rate, now: float | None = None) -> Decision:
    """Count one request of client in group's current window and decide on it."""
    from django.core.cache import cache

    now = time.time() if now is None else now
    window = int(now // rate.period)
    key = f"newsarchive:ratelimit:{group}:{client}:{window}"
    timeout = rate.period + _GRACE_SECONDS
    if cache.add(key, 1, timeout):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout)
            count = 1
    retry_after = max(1, math.ceil((window + 1) * rate.period - now))
    return Decision(
        allowed=count <= rate.limit,
        count=count,
        limit=rate.limit,
        period=rate.period,
        retry_after=retry_after,
    )
