"""Search settings read from the environment."""

from __future__ import annotations

import pytest

from .test_settings import _settings_in_subprocess


def _env(tmp_path, **values) -> dict:
    return {"DJANGO_DEBUG": "1", "NEWSARCHIVE_DATA_DIR": str(tmp_path), **values}


@pytest.mark.parametrize(("value", "expected"), [(None, "20"), ("5", "5"), ("0", "0")])
def test_partial_below_comes_from_the_environment(tmp_path, value, expected):
    extra = {} if value is None else {"NEWSARCHIVE_SEARCH_PARTIAL_BELOW": value}
    result = _settings_in_subprocess(_env(tmp_path, **extra), "s.SEARCH_PARTIAL_BELOW")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


@pytest.mark.parametrize("value", ["many", "-1", "2.5"])
def test_a_bad_partial_below_is_refused_clearly(tmp_path, value):
    env = _env(tmp_path, NEWSARCHIVE_SEARCH_PARTIAL_BELOW=value)
    result = _settings_in_subprocess(env, "s.DEBUG")
    assert result.returncode != 0
    assert (
        "NEWSARCHIVE_SEARCH_PARTIAL_BELOW must be a whole number of at least 0"
        in result.stderr
    )
