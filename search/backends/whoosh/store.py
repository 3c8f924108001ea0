"""Where the live index lives on disk, how it is swapped, and who may write.

The haystack PATH is a root folder holding generations (`g000001`, …) and a
`CURRENT` file naming the live one. A rebuild fills a new generation beside the
live one and swaps `CURRENT` atomically, so searches never see a half-built or
empty index. One advisory file lock serialises every writer of every process.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from ..base import SearchUnavailable

T = TypeVar("T")

CURRENT = "CURRENT"
LOCK = ".writer.lock"
FORMAT_FILE = "FORMAT"
# The layout of a generation: schema, analysis, columns and raw posting arrays.
# Bump it whenever an index written before cannot be read correctly after.
FORMAT = "newsarchive-whoosh 2"


class WriterBusy(Exception):
    """Another writer kept the index lock longer than we could wait."""


class IndexFormatError(SearchUnavailable):
    """The live generation was written in another index format."""


def write_format(generation: Path) -> None:
    """Record the format a generation is written in."""
    (generation / FORMAT_FILE).write_text(FORMAT + "\n")


def check_format(generation: Path) -> None:
    """Refuse a generation of another format, naming the command that fixes it."""
    try:
        found = (generation / FORMAT_FILE).read_text().strip()
    except FileNotFoundError:
        found = "không rõ (cũ hơn phiên bản 2)"
    if found != FORMAT:
        raise IndexFormatError(
            f"Chỉ mục tìm kiếm tại {generation} có định dạng {found}, phiên bản này"
            f" cần {FORMAT}. Chạy `python manage.py rebuild_index` để xây lại chỉ mục."
        )


def root_path(alias: str = "default") -> Path:
    """Return the configured index root folder."""
    from django.conf import settings

    return Path(settings.HAYSTACK_CONNECTIONS[alias]["PATH"])


def current_name(root: Path) -> str | None:
    """Return the live generation's folder name, if any."""
    try:
        name = (root / CURRENT).read_text().strip()
    except FileNotFoundError:
        return None
    return name or None


def current_dir(root: Path) -> Path:
    """Return the live generation folder, creating the first one if needed."""
    root.mkdir(parents=True, exist_ok=True)
    name = current_name(root)
    if name and (root / name).is_dir():
        return root / name
    with writer_lock(root):
        name = current_name(root)
        if name and (root / name).is_dir():
            return root / name
        path = new_generation(root)
        swap(root, path)
        return path


def new_generation(root: Path) -> Path:
    """Create and return an empty generation folder beside the live one."""
    root.mkdir(parents=True, exist_ok=True)
    numbers = [int(p.name[1:]) for p in root.glob("g[0-9]*") if p.name[1:].isdigit()]
    number = max(numbers, default=0) + 1
    while True:
        path = root / f"g{number:06d}"
        try:
            path.mkdir()
            return path
        except FileExistsError:
            number += 1


def swap(root: Path, generation: Path, keep: int = 1) -> None:
    """Make generation the live one and delete all but `keep` older ones."""
    tmp = root / f"{CURRENT}.{os.getpid()}.tmp"
    tmp.write_text(generation.name)
    os.replace(tmp, root / CURRENT)
    # Keep the previous generation: searchers opened just before the swap may
    # still need to open its files.
    older = sorted(
        (p for p in root.glob("g[0-9]*") if p.is_dir() and p.name < generation.name),
        reverse=True,
    )
    for path in older[keep:]:
        shutil.rmtree(path, ignore_errors=True)


def reopening(open_fn: Callable[[], T], attempts: int = 5) -> T:
    """Call open_fn, again if a writer deleted the segments it had just listed.

    A commit merges small segments and deletes their files; a reader that read
    the table of contents a moment before meets a missing file. Reading the new
    table of contents fixes it.
    """
    for attempt in range(attempts):
        try:
            return open_fn()
        except FileNotFoundError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.01 * (attempt + 1))
    raise AssertionError("unreachable")


def discard(generation: Path) -> None:
    """Delete a generation that was never made live."""
    shutil.rmtree(generation, ignore_errors=True)


@contextlib.contextmanager
def writer_lock(root: Path, timeout: float = 60.0) -> Iterator[None]:
    """Hold the index-wide writer lock, waiting up to timeout seconds."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK, "a+") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WriterBusy(str(root)) from None
                time.sleep(0.02)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def try_writer_lock(root: Path):
    """Return a context manager holding the lock, or None when it is taken."""
    root.mkdir(parents=True, exist_ok=True)
    handle = open(root / LOCK, "a+")  # noqa: SIM115 - closed by the context manager
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None

    @contextlib.contextmanager
    def held() -> Iterator[None]:
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()

    return held()
