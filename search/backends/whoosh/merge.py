"""Merge small segments without holding the writer lock.

Every incremental commit adds one small segment, and each costs searches a
little, so they must be merged now and then; but a merge rewrites every
document of the segments it takes, and a save must never wait for one. Segment
files are immutable once listed, so the merged segment is written from them
with no lock held, in a folder of its own inside the generation (`.merge-…`,
which Whoosh's file cleaning never looks into), and only listed under the
writer lock, in a few milliseconds:

1. read the table of contents, choose the small segments (`choose`);
2. write the merged segment from readers of those segments (`MergeWriter`),
   in steps, so the writer that runs it can pause to apply a save;
3. under the writer lock, read the table of contents again; if the generation
   was swapped (a rebuild, a clear) or a chosen segment is gone or changed
   size (another merge), drop the merged segment. Otherwise carry over the
   deletions made meanwhile (an update of an article deletes its old document)
   to the merged segment's document numbers, move its files beside the others
   and write the next table of contents without the merged segments, whose
   files go as they do after any Whoosh merge (readers that listed them reopen:
   `store.reopening`).

One merge runs at a time over an index root (`.merge.lock`, held with
`flock`, so a killed merger releases it). A merge killed half-way leaves only
its folder, which the next merge deletes; killed during step 3 it leaves at
most files no table of contents lists, which the next commit deletes.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import secrets
import shutil
import time
from pathlib import Path

from whoosh.filedb.filestore import FileStorage

from . import store
from .bulk import MergeWriter, has_raw_arrays
from .internals import read_toc, write_toc

log = logging.getLogger(__name__)
MERGE_LOCK = ".merge.lock"
SIDE_PREFIX = ".merge-"
# Terms copied or written between two pauses of a stepped merge (about 10 ms).
STEP_TERMS = 400
# A segment joins a merge only while it is no larger than what the merge has
# taken so far (or this many documents): small segments merge together often,
# a larger merged one is rewritten only once they add up to its size.
FLOOR = 8


def small(segment) -> bool:
    """Whether a merge may take a segment (one without raw posting arrays)."""
    return not has_raw_arrays(segment)


def choose(segments) -> list:
    """Return the small segments to merge, smallest first (maybe none)."""
    candidates = sorted((s for s in segments if small(s)), key=_size)
    taken, total = [], 0
    for segment in candidates:
        if taken and _size(segment) > max(FLOOR, total):
            break
        taken.append(segment)
        total += _size(segment)
    return taken if len(taken) > 1 else []


def _size(segment) -> int:
    return segment.doc_count_all()


class Dropped(Exception):
    """The index changed in a way the merged segment cannot follow."""


class Merge:
    """One merge of small segments of the live generation, done in steps."""

    def __init__(self, backend, lock_handle, segments: list) -> None:
        self.backend = backend
        self.root: Path = backend.root
        self.generation: Path = backend.generation
        self.index = backend.index
        self.segments = segments
        self._merge_lock = lock_handle
        name = f"{SIDE_PREFIX}{os.getpid()}-{secrets.token_hex(3)}"
        self.side = self.generation / name
        self.merged = None
        self.maps: list = []
        self._segment_readers: list = []
        self._work = None
        self.pauses = 0
        self.lock_wait = self.held = 0.0

    @classmethod
    def start(cls, backend, least: int) -> Merge | None:
        """Return a merge of the live index's small segments, or None when
        fewer than least are small, nothing is worth merging or another merge
        runs."""
        backend.ensure_current()
        index = backend.index.refresh()
        backend.index = index
        segments = read_toc(index).segments
        if sum(1 for s in segments if small(s)) < least:
            return None
        chosen = choose(segments)
        if not chosen:
            return None
        handle = _try_lock(backend.root / MERGE_LOCK)
        if handle is None:
            return None
        try:
            remove_dead_merges(backend.generation)
            return cls(backend, handle, chosen)
        except BaseException:
            handle.close()
            raise

    def steps(self):
        """Write the merged segment, yielding every STEP_TERMS terms."""
        from whoosh.reading import SegmentReader

        self.side.mkdir()
        storage = FileStorage(str(self.side))
        schema = self.index.schema
        side_ix = storage.create_index(schema)
        writer = MergeWriter(side_ix)
        try:
            for segment in self.segments:
                reader = SegmentReader(self.index.storage, schema, segment)
                self._segment_readers.append(reader)
            self.merged, self.maps = yield from writer.build(
                self._segment_readers, STEP_TERMS
            )
        except BaseException:
            with contextlib.suppress(Exception):
                writer.cancel()
            raise
        finally:
            self._close_readers()

    def run(self) -> None:
        """Write the merged segment in one go."""
        self.work(lambda: False)

    def work(self, pause) -> bool:
        """Go on writing the merged segment until pause() is true between two
        steps; return whether it is written."""
        if self._work is None:
            self._work = self.steps()
        for _ in self._work:
            if pause():
                self.pauses += 1
                return False
        return True

    def swap(self, locked: bool = False, timeout: float = 60.0) -> bool:
        """List the merged segment in place of the segments it holds; return
        False (and drop it) when the index changed incompatibly meanwhile."""
        held = (
            contextlib.nullcontext()
            if locked
            else store.writer_lock(self.root, timeout=timeout)
        )
        asked = time.monotonic()
        try:
            with held:
                got = time.monotonic()
                self.lock_wait = got - asked
                try:
                    self._swap()
                finally:
                    self.held = time.monotonic() - got
            return True
        except Dropped as why:
            log.info("Merge dropped: %s", why)
            return False
        finally:
            self.close()

    def _swap(self) -> None:
        if self.merged is None:
            raise Dropped("not written")
        if store.current_name(self.root) != self.generation.name:
            raise Dropped("the generation was swapped")
        index = self.index.refresh()
        toc = read_toc(index)
        live = {s.segment_id(): s for s in toc.segments}
        merged = self.merged
        for old, docmap in zip(self.segments, self.maps, strict=True):
            now = live.get(old.segment_id())
            if now is None or now.doc_count_all() != old.doc_count_all():
                raise Dropped(f"segment {old.segment_id()} changed")
            before = set(old.deleted_docs())
            after = set(now.deleted_docs())
            if not before <= after:
                raise Dropped(f"segment {old.segment_id()} lost deletions")
            for docnum in sorted(after - before):
                merged.delete_document(int(docmap[docnum]))
        # Whoosh's own lock too, against any writer that bypassed ours.
        whoosh_lock = index.lock("WRITELOCK")
        if not whoosh_lock.acquire(False):
            raise Dropped("Whoosh's write lock is held")
        try:
            side = FileStorage(str(self.side))
            for name in merged.list_files(side):
                os.replace(self.side / name, self.generation / name)
            taken = {s.segment_id() for s in self.segments}
            kept = [s for s in toc.segments if s.segment_id() not in taken]
            # The merged-away segments' files stay a while for searchers
            # still reading them (a commit deletes them after RETIRED_GRACE);
            # the files a killed merge left are deleted here.
            taken_ids = [s.segment_id() for s in self.segments]
            spare = store.retired_segments(self.generation) | set(taken_ids)
            write_toc(index, toc, [*kept, merged], spare=spare)
            store.retire_segments(self.generation, taken_ids)
        finally:
            whoosh_lock.release()
        self.backend.index = index.refresh()

    def close(self) -> None:
        """Release the merge lock and delete the merge's folder."""
        self._close_readers()
        shutil.rmtree(self.side, ignore_errors=True)
        if self._merge_lock is not None:
            self._merge_lock.close()
            self._merge_lock = None

    def _close_readers(self) -> None:
        for reader in self._segment_readers:
            with contextlib.suppress(Exception):
                reader.close()
        self._segment_readers = []


def merge_small(backend, least: int, locked: bool = False) -> bool:
    """Merge small segments of the backend's live index if at least `least`
    exist, writing the merged segment off the lock; return whether one was
    listed."""
    merge = Merge.start(backend, least)
    if merge is None:
        return False
    try:
        merge.run()
    except BaseException:
        merge.close()
        raise
    return merge.swap(locked=locked)


def remove_dead_merges(generation: Path) -> list[str]:
    """Delete the folders merges left behind; call it holding the merge lock."""
    removed = []
    for path in generation.glob(f"{SIDE_PREFIX}*"):
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    return removed


def _try_lock(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+")  # noqa: SIM115 - Merge.close closes it
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle
