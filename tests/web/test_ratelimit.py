"""Search pages, feeds, exports and the API answer 429 past a client's limit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache

from newsarchive import ratelimit
from newsarchive.ratelimit import Rate, parse_rate

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
LIMITED_PAGES = [
    "/search/?q=c%C3%A1n+b%E1%BB%99",
    "/search/feed/?q=x",
    "/search/export.csv?q=x",
    "/search/suggest/?q=x",
]
API = ["/api/search/?q=x", "/api/autocomplete/?q=tr", "/api/facets/year/?q="]


@pytest.fixture(autouse=True)
def _fresh_counts(settings):
    settings.NEWSARCHIVE_RATE_LIMIT_SEARCH = "off"
    settings.NEWSARCHIVE_RATE_LIMIT_API = "off"
    settings.NEWSARCHIVE_TRUSTED_PROXIES = 0
    cache.clear()
    yield
    cache.clear()


def _statuses(client, url, n, **extra):
    return [client.get(url, **extra).status_code for _ in range(n)]


@pytest.mark.parametrize("url", LIMITED_PAGES)
def test_a_search_page_answers_429_after_the_limit(client, settings, url):
    settings.NEWSARCHIVE_RATE_LIMIT_SEARCH = "3/m"
    statuses = _statuses(client, url, 3)
    assert 429 not in statuses and all(s < 500 for s in statuses), statuses
    response = client.get(url)
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Bạn đã gửi quá nhiều yêu cầu (tối đa 3 yêu cầu trong 60 giây)" in page
    assert "<h1>Quá nhiều yêu cầu</h1>" in page
    retry = int(response["Retry-After"])
    assert 1 <= retry <= 60
    assert f"thử lại sau {retry} giây" in page


def test_the_api_answers_429_as_json(client, settings):
    settings.NEWSARCHIVE_RATE_LIMIT_API = "2/m"
    for url in API:  # every /api/ endpoint shares the client's count
        assert client.get(url).status_code in (200, 429)
    response = client.get("/api/search/?q=x")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert set(body) == {"error", "retry_after"}
    assert body["retry_after"] == int(response["Retry-After"])
    assert 1 <= body["retry_after"] <= 60
    assert body["error"].startswith("Bạn đã gửi quá nhiều yêu cầu (tối đa 2 yêu cầu")
    article_api = client.get("/api/articles/1/")
    assert article_api.status_code == 429


def test_the_api_and_the_pages_count_separately(client, settings):
    settings.NEWSARCHIVE_RATE_LIMIT_SEARCH = "2/m"
    settings.NEWSARCHIVE_RATE_LIMIT_API = "2/m"
    assert _statuses(client, "/search/?q=x", 3)[-1] == 429
    assert _statuses(client, "/api/search/?q=x", 2) == [200, 200]
    assert client.get("/api/search/?q=x").status_code == 429


def test_off_disables_the_limit(client, settings):
    settings.NEWSARCHIVE_RATE_LIMIT_SEARCH = "5/m"
    assert 429 in _statuses(client, "/search/?q=x", 8)
    cache.clear()
    settings.NEWSARCHIVE_RATE_LIMIT_SEARCH = "off"
    settings.NEWSARCHIVE_RATE_LIMIT_API = "off"
    assert 429 not in _statuses(client, "/search/?q=x", 20)
    assert 429 not in _statuses(client, "/api/search/?q=x", 20)


def test_other_pages_are_not_limited(client, settings):
    settings.NEWSARCHIVE_RATE_LIMIT_SEARCH = "1/m"
    settings.NEWSARCHIVE_RATE_LIMIT_API = "1/m"
    for url in ["/", "/opensearch.xml", "/articles/", "/admin/login/"]:
        assert 429 not in _statuses(client, url, 3), url


def test_each_client_address_has_its_own_count(client, settings):
    settings.NEWSARCHIVE_RATE_LIMIT_SEARCH = "2/m"
    url = "/search/?q=x"
    assert _statuses(client, url, 3, REMOTE_ADDR="192.0.2.1")[-1] == 429
    assert _statuses(client, url, 2, REMOTE_ADDR="192.0.2.2") == [200, 200]


def test_x_forwarded_for_is_ignored_unless_a_proxy_is_trusted(client, settings):
    settings.NEWSARCHIVE_RATE_LIMIT_SEARCH = "2/m"
    url = "/search/?q=x"
    _statuses(client, url, 2, REMOTE_ADDR="192.0.2.1")
    # A client cannot buy a fresh count by inventing a forwarded address.
    spoofed = client.get(url, REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert spoofed.status_code == 429


def test_behind_a_trusted_proxy_the_address_it_appended_counts(client, settings):
    settings.NEWSARCHIVE_RATE_LIMIT_SEARCH = "2/m"
    settings.NEWSARCHIVE_TRUSTED_PROXIES = 1
    url = "/search/?q=x"
    proxy = {"REMOTE_ADDR": "10.0.0.5"}
    first = {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    assert _statuses(client, url, 3, **first)[-1] == 429
    # Another client behind the same proxy has its own count, whatever it
    # claims further left.
    other = {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.7, 198.51.100.9"}
    assert _statuses(client, url, 2, **other) == [200, 200]


@pytest.mark.parametrize(
    ("remote", "forwarded", "proxies", "expected"),
    [
        ("192.0.2.1", None, 0, "192.0.2.1"),
        ("192.0.2.1", "1.2.3.4", 0, "192.0.2.1"),
        ("10.0.0.1", "1.2.3.4", 1, "1.2.3.4"),
        ("10.0.0.1", "9.9.9.9, 1.2.3.4", 1, "1.2.3.4"),
        ("10.0.0.1", "9.9.9.9, 1.2.3.4, 10.0.0.2", 2, "1.2.3.4"),
        ("10.0.0.1", "1.2.3.4", 3, "1.2.3.4"),
        ("10.0.0.1", "not-an-ip", 1, "10.0.0.1"),
        ("10.0.0.1", " , ", 1, "10.0.0.1"),
        ("10.0.0.1", "2001:DB8::1", 1, "2001:db8::1"),
        (None, None, 0, None),
        (None, "1.2.3.4", 0, None),
    ],
)
def test_client_address(rf, remote, forwarded, proxies, expected):
    request = rf.get("/")
    request.META.pop("REMOTE_ADDR", None)
    if remote:
        request.META["REMOTE_ADDR"] = remote
    if forwarded:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    assert ratelimit.client_address(request, proxies) == expected


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("192.0.2.1", "192.0.2.1"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.1", "192.0.2.1"),
        (None, "unknown"),
    ],
)
def test_an_ipv6_client_is_counted_by_its_64(address, expected):
    assert ratelimit.bucket(address) == expected


def test_rotating_through_an_ipv6_64_does_not_escape_the_limit(client, settings):
    settings.NEWSARCHIVE_RATE_LIMIT_API = "2/m"
    addresses = [f"2001:db8:1:2::{i}" for i in range(1, 4)]
    statuses = [
        client.get("/api/search/?q=x", REMOTE_ADDR=a).status_code for a in addresses
    ]
    assert statuses == [200, 200, 429]
    other = client.get("/api/search/?q=x", REMOTE_ADDR="2001:db8:1:3::1")
    assert other.status_code == 200


@pytest.mark.parametrize(
    ("value", "rate"),
    [
        ("120/m", Rate(120, 60)),
        ("300/M", Rate(300, 60)),
        ("10/5s", Rate(10, 5)),
        (" 1000 / h ", Rate(1000, 3600)),
        ("5/d", Rate(5, 86400)),
        ("off", None),
        ("OFF", None),
        (None, None),
    ],
)
def test_parse_rate(value, rate):
    assert parse_rate(value) == rate


@pytest.mark.parametrize("value", ["120", "abc/m", "12/x", "-1/m", "0/m", "5/0m", ""])
def test_parse_rate_refuses_what_is_not_a_rate(value):
    with pytest.raises(ValueError, match="rate|positive"):
        parse_rate(value)


def test_a_new_window_starts_a_new_count():
    rate = Rate(2, 60)
    start = 6_000_000 * 60 + 10.0  # 10 s into a window
    decisions = [ratelimit.hit("t", "c", rate, now=start + i) for i in range(3)]
    assert [d.allowed for d in decisions] == [True, True, False]
    assert decisions[-1].retry_after == 48
    assert ratelimit.hit("t", "c", rate, now=start + 50).allowed is True


def test_the_english_page_says_it_in_english(client, settings):
    settings.NEWSARCHIVE_RATE_LIMIT_SEARCH = "1/m"
    client.get("/search/?q=x")
    response = client.get("/search/?q=x", headers={"accept-language": "en"})
    assert response.status_code == 429
    assert "You have sent too many requests (at most 1 requests in 60 seconds)" in (
        response.content.decode()
    )


def test_a_bad_limit_setting_refuses_to_start():
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSARCHIVE_RATE")}
    env.update(DJANGO_DEBUG="1", NEWSARCHIVE_RATE_LIMIT_API="lots")
    result = subprocess.run(
        [sys.executable, "-c", "import newsarchive.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "NEWSARCHIVE_RATE_LIMIT_*: 'lots' is not a rate" in result.stderr
