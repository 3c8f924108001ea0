"""A Whoosh segment writer for whole-index builds.

Whoosh's own writer turns every posting into a tuple, estimates its size, sorts
millions of them (spilling runs to disk) and writes them one call at a time. For a
rebuild we know more: documents arrive in order, every field of our schema
stores only frequencies (or mere existence), and our analyzers can count a
document's terms in one pass. So each posting becomes one 64-bit integer (term
id, document, frequency) appended to a flat array; at the end the array is sorted
once with numpy and written term by term, a block of postings at a time, in the
W3 codec's format. The files written are ordinary Whoosh segments; searching is
unchanged (tests compare them with what Whoosh's writer produces).
"""

from __future__ import annotations

import struct
from array import array
from collections import Counter
from itertools import repeat
from pathlib import Path

import numpy as np
from whoosh.fields import UnknownFieldError
from whoosh.formats import Existence, Frequency

from .internals import SegmentWriter, W3TermWriter, commit_toc, segment_terms
from .store import retired_segments

# A posting packed in 64 bits: term id (28) | document in segment (20) | freq (16).
FREQ_BITS = 16
DOC_BITS = 20
FREQ_MAX = (1 << FREQ_BITS) - 1  # a term's count in one article saturates here
DOC_LIMIT = 1 << DOC_BITS
TERM_BITS_AT = FREQ_BITS + DOC_BITS
TERM_SHIFT = np.uint64(TERM_BITS_AT)


# After the Whoosh blocks of a term with many postings comes the same list as
# raw little-endian arrays: documents (uint32), then frequencies (uint8 or
# uint16; none for existence-only fields), then a footer (count, frequency
# width, magic). Whoosh's reader stops at the last block and never sees it; ours
# (`vector`) reads it in one slice instead of unpickling and inflating blocks,
# which is most of the cost of a query's first use of a common term.
RAW_MIN = 256
RAW_MAGIC = b"NAr"
_RAW_FOOTER = struct.Struct("<IB3s")


def raw_postings(docs: np.ndarray, freqs: np.ndarray, existence: bool) -> bytes:
    """Return a term's postings as the raw arrays and footer described above."""
    if existence:
        width, fbytes = 0, b""
    elif int(freqs.max()) < 256:
        width, fbytes = 1, freqs.astype("<u1").tobytes()
    else:
        width, fbytes = 2, freqs.astype("<u2").tobytes()
    footer = _RAW_FOOTER.pack(len(docs), width, RAW_MAGIC)
    return docs.astype("<u4").tobytes() + fbytes + footer


def read_raw_postings(data: bytes, count: int):
    """Return (documents, frequencies or None) from the end of a term's extent,
    or None when the extent carries no raw arrays for `count` postings."""
    size = _RAW_FOOTER.size
    if len(data) < size:
        return None
    n, width, magic = _RAW_FOOTER.unpack_from(data, len(data) - size)
    if magic != RAW_MAGIC or n != count or width not in (0, 1, 2):
        return None
    start = len(data) - size - n * (4 + width)
    if start < 0:
        return None
    docs = np.frombuffer(data, "<u4", n, start)
    if not width:
        return docs, None
    return docs, np.frombuffer(data, "<u1" if width == 1 else "<u2", n, start + 4 * n)


def has_raw_arrays(segment) -> bool:
    """Tell whether a segment was written by BulkWriter with raw arrays."""
    return bool(getattr(segment, "raw_arrays", False))


def small_segments(segments) -> int:
    """Return how many segments a merge may take (those without raw arrays)."""
    return sum(1 for s in segments if not has_raw_arrays(s))


class _TermIds(dict):
    """Map each term to a dense id, handing out the next id on first sight."""

    __slots__ = ()

    def __missing__(self, term):
        self[term] = tid = len(self)
        return tid


class _Postings:
    """The postings of one field of one segment, packed in a flat array."""

    __slots__ = ("ids", "term_id", "keys")

    def __init__(self) -> None:
        self.ids = _TermIds()
        self.term_id = self.ids.__getitem__
        self.keys = array("Q")

    def add(self, docnum: int, counts: dict) -> None:
        n = len(counts)
        if n <= 16:  # small fields: numpy's per-call cost would dominate
            base = docnum << FREQ_BITS
            ids = self.term_id
            self.keys.extend(
                [
                    ids(t) << TERM_BITS_AT | base | (f if f < FREQ_MAX else FREQ_MAX)
                    for t, f in counts.items()
                ]
            )
            return
        packed = np.fromiter(map(self.term_id, counts), np.uint64, n)
        packed <<= TERM_SHIFT
        freqs = np.fromiter(counts.values(), np.uint64, n)
        np.minimum(freqs, FREQ_MAX, out=freqs)
        packed |= freqs
        packed |= np.uint64(docnum << FREQ_BITS)
        self.keys.frombytes(memoryview(packed).cast("B"))

    def add_term(self, term: bytes, docs: np.ndarray, freqs: np.ndarray) -> None:
        """Add one term's postings (documents in this segment, ascending)."""
        if not len(docs):
            return
        packed = docs.astype(np.uint64) << np.uint64(FREQ_BITS)
        packed |= np.minimum(freqs, FREQ_MAX).astype(np.uint64)
        packed |= np.uint64(self.term_id(term)) << TERM_SHIFT
        self.keys.frombytes(memoryview(packed).cast("B"))

    def columns(self) -> tuple[list[tuple[bytes, int, int]], np.ndarray, np.ndarray]:
        """Return the terms in byte order with their posting ranges, and the
        documents and frequencies of all postings, sorted by term then document.
        The packed array is released."""
        if len(self.ids) >= 1 << (64 - TERM_BITS_AT):
            raise ValueError("Too many distinct terms for one bulk segment.")
        keys = np.frombuffer(self.keys, np.uint64)
        keys.sort()
        n = len(keys)
        tids = np.empty(n, np.uint32)
        docs = np.empty(n, np.uint32)
        freqs = np.empty(n, np.uint32)
        for a in range(0, n, 1 << 20):  # bounded temporaries
            k = keys[a : a + (1 << 20)]
            tids[a : a + len(k)] = k >> TERM_SHIFT
            docs[a : a + len(k)] = (k >> np.uint64(FREQ_BITS)) & (DOC_LIMIT - 1)
            freqs[a : a + len(k)] = k & FREQ_MAX
        del keys, k
        self.keys = array("Q")
        bounds = np.searchsorted(tids, np.arange(len(self.ids) + 1, dtype=np.uint32))
        bounds = bounds.tolist()
        del tids
        names = [t if isinstance(t, bytes) else t.encode("utf-8") for t in self.ids]
        order = sorted(range(len(names)), key=names.__getitem__)
        return [(names[t], bounds[t], bounds[t + 1]) for t in order], docs, freqs


class BulkWriter(SegmentWriter):
    """Write one new segment from documents added in order, in compact memory."""

    def __init__(self, ix, incremental: bool = False, **kwargs) -> None:
        # Separate files, not one compound file: Whoosh reads a compound file
        # by copying each part into memory whenever a searcher opens it.
        kwargs.setdefault("compound", False)
        super().__init__(ix, **kwargs)
        self.incremental = incremental  # a few updated documents, not a build
        for name, field in self.schema.items():
            if field.indexed and type(field.format) not in (Frequency, Existence):
                raise TypeError(f"BulkWriter cannot write the postings of {name!r}")
        self._fast = {
            name: field.analyzer.terms
            for name, field in self.schema.items()
            if field.indexed and getattr(field.analyzer, "terms", None) is not None
        }
        self._field_postings: dict[str, _Postings] = {}
        self._field_lengths: dict[str, array] = {}
        self._also_listed: list = []

    def replace(self, docs: list[dict], gone: list[str], field: str = "id") -> None:
        """Delete the documents whose unique `field` is one of gone or the value
        of one of docs, then add docs.

        Whoosh's update_document and delete_by_term open a reader over every
        segment for each document; this looks them all up with one.
        """
        values = [*gone, *(d[field] for d in docs if d.get(field) is not None)]
        if values and self.segments:
            with self.searcher() as searcher:
                for value in values:
                    for docnum in searcher.document_numbers(**{field: value}):
                        self.delete_document(docnum)
        for doc in docs:
            self.add_document(**doc)

    def add_segments(self, segments: list) -> None:
        """List segments written by other writers (with lock=False) at commit."""
        self._also_listed.extend(segments)

    def finish_segment(self):
        """Write this writer's segment out and return it, without committing.

        For writers opened with lock=False beside others on the same index:
        unlike commit(), it writes no table of contents and leaves alone the
        temporary folder that all writers of the index share (the committing
        writer removes it).
        """
        return self.finalize_segment()

    def finalize_segment(self):
        segment = super().finalize_segment()
        # Pickled with the table of contents; a segment that Whoosh's own
        # writer produces by merging (and that lacks the arrays) has no flag.
        # An incremental commit's segment, too small for any term to carry
        # them, stays unflagged, so later merges may take it.
        segment.raw_arrays = not self.incremental or self.docnum >= RAW_MIN
        return segment

    def commit_segments(self, segments) -> None:
        # As Whoosh's, but the files of segments a merge retired a moment ago
        # stay for the searchers that still read them (`store.retired_segments`).
        folder = getattr(self.storage, "folder", None)
        spare = retired_segments(Path(folder)) if folder else set()
        listed = list(segments) + self._also_listed
        commit_toc(
            self.storage, self.indexname, self.schema, listed, self.generation, spare
        )

    def add_document(self, **fields) -> None:
        self.check_open()
        perdoc = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        if docnum >= DOC_LIMIT:
            raise ValueError(f"A bulk segment holds at most {DOC_LIMIT} documents.")
        perdoc.start_doc(docnum)
        for name in sorted(n for n in fields if not n.startswith("_")):
            if name not in schema:
                raise UnknownFieldError(f"No field named {name!r} in {schema}")
            value = fields[name]
            if value is None:
                continue
            field = schema[name]
            length = 0
            if field.indexed:
                counts = self._counts(name, field, value)
                if counts:
                    postings = self._field_postings.get(name)
                    if postings is None:
                        postings = self._field_postings[name] = _Postings()
                    postings.add(docnum, counts)
                    if field.scorable:
                        length = sum(counts.values())
                        self._set_length(name, docnum, length)
            stored = fields.get(f"_stored_{name}", value)
            perdoc.add_field(name, field, stored if field.stored else None, length)
            column = field.column_type
            if column and stored is not None:
                perdoc.add_column_value(name, column, field.to_column_value(stored))
        perdoc.finish_doc()
        self.mark_added()
        self.docnum += 1

    def _counts(self, name: str, field, value) -> dict:
        fast = self._fast.get(name)
        if fast is not None:
            return Counter(fast(value))
        # Term bytes -> frequency; weights are frequency x field boost, as
        # Whoosh computes them for tokens of boost 1.
        return {tbytes: freq for tbytes, freq, _w, _v in field.index(value)}

    def _set_length(self, name: str, docnum: int, length: int) -> None:
        lengths = self._field_lengths.get(name)
        if lengths is None:
            lengths = self._field_lengths[name] = array("I")
        lengths.extend(repeat(0, docnum - len(lengths)))
        lengths.append(length)

    def flush_segment(self) -> None:
        for _ in self._flush_steps():
            pass

    def _flush_steps(self, every: int = 0):
        """Write the postings and close the segment's files, yielding after
        every `every` terms (never, with 0) so a caller can pause the work."""
        self.perdocwriter.close()
        writer = self.fieldwriter
        written = 0
        for name in sorted(self._field_postings):
            field = self.schema[name]
            lengths = np.zeros(self.docnum, np.uint32)
            known = np.frombuffer(self._field_lengths.get(name, array("I")), np.uint32)
            lengths[: len(known)] = known
            writer.start_field(name, field)
            terms = W3TermWriter(writer, field, lengths)
            ranges, docs, freqs = self._field_postings.pop(name).columns()
            for key, a, b in ranges:
                if b - a == 1:
                    terms.write_one(key, int(docs[a]), int(freqs[a]))
                    written += 1
                    if every and not written % every:
                        yield
                    continue
                d, f = docs[a:b], freqs[a:b]
                tail = raw_postings(d, f, terms.existence) if b - a >= RAW_MIN else b""
                terms.write(key, d, f, tail)
                written += 1
                if every and not written % every:
                    yield
            terms.finish()
            writer.finish_field()
        writer.close()
        self._field_lengths.clear()


class MergeWriter(BulkWriter):
    """Write one segment holding the live documents of other segments.

    Whoosh's merge runs every posting through its posting pool and writer; this
    one reads each term's postings as arrays, maps the documents and writes the
    new segment with the bulk writer, so it costs about what writing the same
    documents afresh costs. It never takes Whoosh's lock: the segments it reads
    are immutable, and `merge` lists the new one under the writer lock.
    """

    def __init__(self, ix, **kwargs) -> None:
        super().__init__(ix, incremental=True, lock=False, **kwargs)
        self._flushed = False

    def add_segment(self, reader, every: int = 0):
        """Copy a segment's live documents (in order) and their postings,
        yielding after every `every` terms; the generator returns an array
        mapping the segment's document numbers to the new ones (-1: deleted)."""
        self.check_open()
        size = reader.doc_count_all()
        base = self.docnum
        newdocs = np.full(size, -1, np.int64)
        live = [d for d in range(size) if not reader.is_deleted(d)]
        newdocs[live] = np.arange(base, base + len(live))
        schema = self.schema
        # Whoosh's own copy of stored fields, field lengths and columns.
        self.write_per_doc(set(schema.names()), reader)
        if self.docnum != base + len(live):
            raise ValueError("The segment's live documents changed while copied.")
        for name in schema.scorable_names():
            for d in live:
                length = reader.doc_field_length(d, name)
                if length:
                    self._set_length(name, int(newdocs[d]), length)
        done = 0
        mapped = newdocs.tolist()
        indexed = {n for n in schema.names() if schema[n].indexed}
        for name, btext, docs, freqs in segment_terms(reader, schema):
            if name not in indexed:
                continue
            postings = self._field_postings.get(name)
            if postings is None:
                postings = self._field_postings[name] = _Postings()
            if type(docs) is int:
                doc = mapped[docs]
                if doc >= 0:
                    postings.keys.append(
                        postings.term_id(btext) << TERM_BITS_AT
                        | doc << FREQ_BITS
                        | min(freqs, FREQ_MAX)
                    )
            else:
                docs = newdocs[docs]
                keep = docs >= 0
                if not keep.all():
                    docs, freqs = docs[keep], freqs[keep]
                postings.add_term(btext, docs, freqs)
            done += 1
            if every and not done % every:
                yield
        self.mark_added()
        return newdocs

    def build(self, readers, every: int = 0):
        """Copy every reader's segment and write the new one, yielding after
        every `every` terms; return the new segment (not yet listed) and one
        document map per reader."""
        maps = []
        for reader in readers:
            maps.append((yield from self.add_segment(reader, every)))
        yield from self._flush_steps(every)
        self._flushed = True
        return self.finalize_segment(), maps

    def flush_segment(self) -> None:
        if not self._flushed:
            super().flush_segment()
