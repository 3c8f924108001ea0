"""Settings come from the environment, with safe defaults and no unsafe fallback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]


GOOD_KEY = "Xq7-kP2#mZ9@vL4!rT8$wN1%yB6^cD3&hF5*jG0(sA2)eU7+iO9=" + "x" * 4
PRODUCTION = {
    "DJANGO_SECRET_KEY": GOOD_KEY,
    "DJANGO_ALLOWED_HOSTS": "archive.example",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
    "DJANGO_HSTS_SECONDS": "31536000",
    "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "1",
    "DJANGO_HSTS_PRELOAD": "1",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
}


def _clean_environment() -> dict:
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_"))
    }


def _settings_in_subprocess(env: dict, expr: str) -> subprocess.CompletedProcess:
    return _python(env, f"import newsarchive.settings as s; print({expr})")


def _python(env: dict, code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**_clean_environment(), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_tests_use_a_private_data_folder():
    assert "newsarchive-test-" in str(settings.DATA_DIR)
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ


def test_debug_off_without_a_secret_key_refuses_to_start():
    result = _settings_in_subprocess({}, "s.DEBUG")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_database_url_switches_to_postgresql(tmp_path):
    result = _settings_in_subprocess(
        {
            "DJANGO_SECRET_KEY": GOOD_KEY,
            "DATABASE_URL": "postgres://user:pw@db.example:5433/archive",
            "DJANGO_ALLOWED_HOSTS": "a.example, b.example",
        },
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], s.ALLOWED_HOSTS",
    )
    assert result.returncode == 0, result.stderr
    assert "postgresql" in result.stdout and "archive" in result.stdout
    assert "['a.example', 'b.example']" in result.stdout


def test_default_database_is_sqlite_in_the_data_folder(tmp_path):
    result = _settings_in_subprocess(
        {"DJANGO_DEBUG": "1", "NEWSARCHIVE_DATA_DIR": str(tmp_path)},
        "s.DATABASES['default']['NAME'], s.HAYSTACK_CONNECTIONS['default']['PATH']",
    )
    assert result.returncode == 0, result.stderr
    assert str(tmp_path / "newsarchive.sqlite3") in result.stdout
    assert str(tmp_path / "whoosh_index") in result.stdout


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("0123456789", "it has 10 characters, 10 of them different"),
        ("k" * 60, "it has 60 characters, 1 of them different"),
        ("abcd" * 20, "it has 80 characters, 4 of them different"),
        ("django-insecure-" + GOOD_KEY, "must not start with 'django-insecure-'"),
    ],
)
def test_a_weak_secret_key_refuses_to_start_without_debug(tmp_path, key, why):
    env = {"DJANGO_SECRET_KEY": key, "NEWSARCHIVE_DATA_DIR": str(tmp_path)}
    result = _settings_in_subprocess(env, "s.DEBUG")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak" in result.stderr
    assert why in result.stderr
    assert "at least 50 characters with at least 5 different ones" in result.stderr


def test_a_short_secret_key_is_fine_with_debug_on(tmp_path):
    env = {"DJANGO_SECRET_KEY": "short", "DJANGO_DEBUG": "1"}
    result = _settings_in_subprocess(
        {**env, "NEWSARCHIVE_DATA_DIR": str(tmp_path)}, "s.SECRET_KEY"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "short"


def test_https_settings_come_from_the_environment(tmp_path):
    result = _settings_in_subprocess(
        {**PRODUCTION, "NEWSARCHIVE_DATA_DIR": str(tmp_path)},
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
        "s.SECURE_PROXY_SSL_HEADER, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "True 31536000 True True ('HTTP_X_FORWARDED_PROTO', 'https') True True"
    )


def test_plain_http_keeps_cookies_usable_without_https(tmp_path):
    env = {"DJANGO_SECRET_KEY": GOOD_KEY, "NEWSARCHIVE_DATA_DIR": str(tmp_path)}
    result = _settings_in_subprocess(
        env,
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, hasattr(s, 'SECURE_PROXY_SSL_HEADER')",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False 0 False False False"
    forced = _settings_in_subprocess(
        {**env, "DJANGO_SECURE_COOKIES": "1"}, "s.SESSION_COOKIE_SECURE"
    )
    assert forced.stdout.strip() == "True"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DJANGO_HSTS_SECONDS", "a year", "DJANGO_HSTS_SECONDS must be a whole number"),
        ("DJANGO_HSTS_SECONDS", "-5", "DJANGO_HSTS_SECONDS must be a whole number"),
        (
            "DJANGO_SECURE_PROXY_SSL_HEADER",
            "HTTP_X_FORWARDED_PROTO",
            "DJANGO_SECURE_PROXY_SSL_HEADER must be header,value",
        ),
        (
            "NEWSARCHIVE_ADMIN_LOCKOUT_BY",
            "username,address",
            "NEWSARCHIVE_ADMIN_LOCKOUT_BY lists username, ip_address",
        ),
        (
            "NEWSARCHIVE_ADMIN_LOCKOUT_FAILURES",
            "0",
            "NEWSARCHIVE_ADMIN_LOCKOUT_FAILURES must be a whole number of at least 1",
        ),
    ],
)
def test_bad_deployment_values_are_refused_clearly(tmp_path, name, value, message):
    env = {"DJANGO_DEBUG": "1", "NEWSARCHIVE_DATA_DIR": str(tmp_path), name: value}
    result = _settings_in_subprocess(env, "s.DEBUG")
    assert result.returncode != 0
    assert message in result.stderr


def test_lockout_policy_comes_from_the_environment(tmp_path):
    env = {
        "DJANGO_DEBUG": "1",
        "NEWSARCHIVE_DATA_DIR": str(tmp_path),
        "NEWSARCHIVE_ADMIN_LOCKOUT_FAILURES": "7",
        "NEWSARCHIVE_ADMIN_LOCKOUT_MINUTES": "30",
        "NEWSARCHIVE_ADMIN_LOCKOUT_BY": "username+ip_address",
    }
    result = _settings_in_subprocess(
        env, "s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME, s.AXES_LOCKOUT_PARAMETERS"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ("7 0:30:00 [['username', 'ip_address']]")


def _check_deploy(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**_clean_environment(), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_check_deploy_is_clean_with_the_production_variables(tmp_path):
    env = {**PRODUCTION, "NEWSARCHIVE_DATA_DIR": str(tmp_path)}
    result = _check_deploy(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    # Without them, Django's deployment check names what is missing.
    bare = _check_deploy(
        {"DJANGO_SECRET_KEY": GOOD_KEY, "NEWSARCHIVE_DATA_DIR": str(tmp_path)}
    )
    assert bare.returncode != 0
    for warning in ("W004", "W008", "W012", "W016"):
        assert f"security.{warning}" in bare.stderr + bare.stdout


@pytest.mark.django_db
def test_behind_an_https_proxy_http_redirects_and_https_gets_hsts(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = client.get("/articles/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/articles/"
    secure = client.get("/articles/", headers={"x-forwarded-proto": "https"})
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
