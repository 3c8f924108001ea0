"""The request-count cache: exact counts across processes, expired entries go first."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.core.cache import cache

from newsarchive.cache import LockingFileBasedCache

ROOT = Path(__file__).resolve().parents[1]

COUNTER = """
import sys, django
django.setup()
from django.core.cache import cache
key = sys.argv[1]
for _ in range(int(sys.argv[2])):
    if not cache.add(key, 1, 600):
        cache.incr(key)
"""


def test_the_default_cache_is_the_locking_file_cache_in_the_data_folder(settings):
    from django.core.cache import caches

    assert isinstance(caches["default"], LockingFileBasedCache)
    assert Path(settings.CACHES["default"]["LOCATION"]).parent == settings.DATA_DIR


def test_worker_processes_share_exact_counts(settings):
    """Concurrent increments from separate processes lose nothing."""
    cache.delete("shared-counter")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsarchive.settings"}
    env["NEWSARCHIVE_DATA_DIR"] = str(settings.DATA_DIR)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", COUNTER, "shared-counter", "150"], cwd=ROOT, env=env
        )
        for _ in range(4)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    assert cache.get("shared-counter") == 600
    cache.delete("shared-counter")


def test_incr_keeps_the_expiry_and_refuses_a_missing_key(tmp_path):
    counts = LockingFileBasedCache(str(tmp_path), {})
    assert counts.add("k", 1, 60)
    assert not counts.add("k", 1, 60)
    assert counts.incr("k") == 2
    assert counts.incr("k", 5) == 7
    with open(counts._key_to_file("k"), "rb") as f:
        deadline, value = counts._read_expiry_and_value(f)
    assert value == 7
    counts.set("gone", 1, 0)  # already expired
    for key in ("gone", "never"):
        try:
            counts.incr(key)
        except ValueError:
            pass
        else:
            raise AssertionError(f"incr of {key!r} did not fail")


def test_a_full_cache_drops_expired_entries_before_live_ones(tmp_path):
    counts = LockingFileBasedCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 31}})
    for i in range(30):
        counts.set(f"old-{i}", i, 0)  # expired at once
    counts.set("live", 1, 600)
    counts.set("new", 1, 600)  # the folder is full: a cull runs first
    assert counts.get("live") == 1 and counts.get("new") == 1
    assert len(list(tmp_path.glob("*.djcache"))) == 2
