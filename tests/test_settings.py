"""Settings come from the environment, with safe defaults and no unsafe fallback."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]


def _settings_in_subprocess(env: dict, expr: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_"))
    }
    return subprocess.run(
        [sys.executable, "-c", f"import newsarchive.settings as s; print({expr})"],
        cwd=ROOT,
        env={**clean, **env},
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
            "DJANGO_SECRET_KEY": "k" * 50,
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
