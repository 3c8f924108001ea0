"""Whoosh generations after a rebuild died: what the next writer and swap keep."""

from __future__ import annotations

import pytest

from search.backends import get_backend
from search.backends.whoosh import store
from search.indexing import sync
from search.models import PendingUpdate

from .conftest import create_article

pytestmark = pytest.mark.whoosh_only


def generations(root) -> list[str]:
    return sorted(p.name for p in root.glob("g[0-9]*") if p.is_dir())


def dead_build(root, size: int = 1000):
    """Leave a generation as a rebuild killed half-way does: files, no marker."""
    build = store.building(root)
    (build.path / "MAIN_half.seg").write_bytes(b"\0" * size)
    build.release()  # the kernel drops a dead process's lock the same way
    return build.path


def write_something() -> None:
    n = PendingUpdate.objects.count()
    article = create_article(title=f"Bài ghi số {n} sau sự cố", body=f"Ghi {n}.")
    sync.enqueue_article(article.pk)
    assert sync.flush() == 1


def test_the_next_writer_removes_a_dead_rebuilds_half_built_generations(seeds):
    root = store.root_path()
    get_backend().rebuild(procs=1)
    get_backend().rebuild(procs=1)
    live, before = store.current_name(root), generations(root)
    dead = [dead_build(root), dead_build(root)]
    write_something()
    assert not any(p.exists() for p in dead)
    # The live generation and the last good one stay.
    assert generations(root) == before and store.current_name(root) == live


def test_a_build_still_running_is_never_removed(seeds):
    root = store.root_path()
    running = store.building(root)
    try:
        write_something()
        get_backend().rebuild(procs=1)  # its swap must not take it either
        assert running.path.is_dir()
    finally:
        running.release()
    write_something()
    assert not running.path.exists()


def test_a_swap_keeps_the_generation_that_was_live_not_a_newer_half_built_one(seeds):
    root = store.root_path()
    get_backend().rebuild(procs=1)
    was_live = store.current_name(root)
    # Newer than the live one, as every killed rebuild's folder is: one in the
    # marked layout, one as rebuilds left them before markers existed.
    legacy = store.new_generation(root)
    (legacy / "MAIN_half.seg").write_bytes(b"\0")
    marked = store.building(root)
    try:
        stats = get_backend().rebuild(procs=1)
    finally:
        marked.release()
    assert generations(root) == sorted([was_live, stats.generation, marked.path.name])
    write_something()  # the dead build is the next writer's
    assert generations(root) == sorted([was_live, stats.generation])
    assert store.current_name(root) == stats.generation
    assert (root / was_live / store.COMPLETE).exists()


def test_a_failed_rebuild_discards_its_generation_and_keeps_the_live_one(
    seeds, monkeypatch
):
    from search.backends.whoosh import rebuild

    root = store.root_path()
    live, before = store.current_name(root), generations(root)

    def fail(*args, **kwargs):
        raise RuntimeError("đĩa đầy")

    monkeypatch.setattr(rebuild, "build", fail)
    with pytest.raises(RuntimeError):
        get_backend().rebuild(procs=1)
    assert generations(root) == before and store.current_name(root) == live
