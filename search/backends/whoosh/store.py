"""Where the live index lives on disk, how it is swapped, and who may write.

The haystack PATH is a root folder holding generations (`g000001`, …) and a
`CURRENT` file naming the live one. A rebuild fills a new generation beside the
live one and swaps `CURRENT` atomically, so searches never see a half-built or
empty index. One advisory file lock serialises every writer of every process.

A rebuild may be killed half-way (`kill -9`, a crash, a full disk), so no state
in memory can say which folders are garbage; the folders say it themselves:

- a generation a rebuild is filling holds a `BUILDING` file that the rebuild
  keeps locked (`flock`) while it runs; the kernel drops that lock when the
  process (and its workers, which inherit it) die, however they die;
- a generation is complete once `COMPLETE` is written in it, last, just before
  `CURRENT` names it.

So a folder with `BUILDING`, without `COMPLETE` and with nobody holding the lock
is a dead rebuild's half-built generation: the next writer to take the writer
lock deletes it (`remove_dead_builds`). A swap keeps the generation that was
live until then (and, with keep > 1, the newest other complete ones) and
deletes every other folder but the new live one and builds still in progress.
Generations made before these files existed count as complete.
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
BUILDING = "BUILDING"
COMPLETE = "COMPLETE"
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
    """Create and return an empty generation folder beside the live one.

    Call it holding the writer lock (or through `building`), so no writer
    takes the new folder for a dead build's before it is marked.
    """
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


class Build:
    """A generation being filled by this process, marked so that nobody mistakes
    it for a dead build's while the process lives."""

    def __init__(self, path: Path, handle) -> None:
        self.path = path
        self._handle = handle

    def release(self) -> None:
        """Drop the build lock (after the swap, or before discarding)."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def building(root: Path, timeout: float = 300.0) -> Build:
    """Create a new generation and hold its build lock until released."""
    with writer_lock(root, timeout):
        path = new_generation(root)
        handle = open(path / BUILDING, "a+")  # noqa: SIM115 - Build closes it
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return Build(path, handle)


def _generations(root: Path) -> list[Path]:
    return sorted(
        p for p in root.glob("g[0-9]*") if p.name[1:].isdigit() and p.is_dir()
    )


def is_complete(generation: Path) -> bool:
    """Whether a generation was finished (or predates build markers)."""
    return (generation / COMPLETE).exists() or not (generation / BUILDING).exists()


def build_alive(generation: Path) -> bool:
    """Whether a live process holds the generation's build lock."""
    try:
        handle = open(generation / BUILDING)  # noqa: SIM115 - closed below
    except FileNotFoundError:
        return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def remove_dead_builds(root: Path) -> list[str]:
    """Delete the half-built generations of rebuilds that died; return their names.

    Call it holding the writer lock. Never touches the live generation, a
    complete one, or one whose build still runs.
    """
    live = current_name(root)
    removed = []
    for path in _generations(root):
        if path.name == live or is_complete(path) or build_alive(path):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    return removed


def mark_complete(generation: Path) -> None:
    """Record that a generation holds a whole index (written last, atomically)."""
    tmp = generation / f"{COMPLETE}.tmp"
    with open(tmp, "w") as handle:
        handle.write("ok\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, generation / COMPLETE)


def swap(root: Path, generation: Path, keep: int = 1) -> None:
    """Make generation the live one; keep the one it replaces (and up to keep - 1
    other complete ones) and delete the rest, builds in progress aside."""
    previous = current_name(root)
    mark_complete(generation)
    if previous and (root / previous).is_dir():
        # It was live, so it was whole, whatever markers it has.
        mark_complete(root / previous)
    tmp = root / f"{CURRENT}.{os.getpid()}.tmp"
    tmp.write_text(generation.name)
    os.replace(tmp, root / CURRENT)
    # Keep the previous generation: searchers opened just before the swap may
    # still need to open its files.
    others = [p for p in reversed(_generations(root)) if p.name != generation.name]
    kept = [p for p in others if p.name == previous][:keep]
    kept += [p for p in others if p.name != previous and is_complete(p)]
    kept = kept[:keep]
    for path in others:
        if path in kept or build_alive(path):
            continue
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
            remove_dead_builds(root)
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
            remove_dead_builds(root)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()

    return held()


RETIRED = ".retired"
# Seconds the files of a segment a merge took out of the table of contents are
# kept: a searcher opened just before reads some of them (columns) lazily, and
# every searcher notices a new table of contents at its next request.
RETIRED_GRACE = 60.0


def retire_segments(generation: Path, segment_ids) -> None:
    """Record that segments just left the table of contents (writer lock held)."""
    now = time.time()
    with open(generation / RETIRED, "a") as handle:
        handle.writelines(f"{name} {now:.3f}\n" for name in segment_ids)


def retired_segments(generation: Path, grace: float = RETIRED_GRACE) -> set[str]:
    """Return the segments retired less than grace seconds ago, whose files a
    commit must keep; forget older ones (writer lock held)."""
    path = generation / RETIRED
    try:
        lines = path.read_text().split("\n")
    except FileNotFoundError:
        return set()
    cutoff = time.time() - grace
    recent = []
    for line in lines:
        name, _, when = line.partition(" ")
        try:
            if float(when) >= cutoff:
                recent.append(line)
        except ValueError:
            continue
    if len(recent) < len([x for x in lines if x]):
        tmp = generation / f"{RETIRED}.tmp"
        tmp.write_text("".join(f"{line}\n" for line in recent))
        os.replace(tmp, path)
    return {line.partition(" ")[0] for line in recent}
