"""Every use of Whoosh's private internals, in one place.

The rest of the project uses Whoosh's public API. What needs more is here,
against Whoosh 2.7.4 and its W3 codec, so an upgrade of Whoosh has one module
to check:

- reading: posting blocks, term extents, term infos and length columns in one
  go (`decode_blocks`, `term_postings`, `segment_terms`, `term_extent`,
  `length_column`, `packed_column`);
- writing: posting blocks, term infos and term index rows as the W3 codec does
  (`W3TermWriter`, `add_rows`);
- an index's table of contents and segments (`read_toc`, `index_segments`,
  `write_toc`, `commit_toc`);
- `SegmentWriter`, Whoosh's segment writer with the private hooks and state
  its subclasses (`bulk.BulkWriter`, `bulk.MergeWriter`) need under public
  names.

`tests/search/test_whoosh_privates.py` fails on any use of a Whoosh private
name outside this module. The differential tests (`tests/search/test_bulk.py`,
`test_vector.py`, `test_merge.py`) compare what is here with what Whoosh's own
reader and writer give.
"""

from __future__ import annotations

import functools
import pickle
import struct
import zlib
from array import array
from operator import sub

import numpy as np
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3LeafMatcher,
    W3TermInfo,
    _lenfield,
)
from whoosh.formats import Existence, Frequency
from whoosh.index import TOC, clean_files
from whoosh.system import pack_int, pack_ushort, unpack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter as _WhooshSegmentWriter

MIN_DEFLATE = 128  # bytes of block data worth compressing
# Postings per block. Whoosh's writer makes blocks of 128 so its matchers can
# skip; our reader decodes whole posting lists, one Python step per block, so a
# bulk-built segment uses larger blocks (any size reads back the same).
BLOCK_POSTINGS = 1024
SMALL_TERM = 32  # postings below which a term is prepared without numpy
FLUSH_BYTES = 4 << 20  # postings buffered before they are written
_length_byte = functools.lru_cache(maxsize=None)(length_to_byte)


def packed_column(raw, size: int) -> np.ndarray | None:
    """Return the stored values of a fixed-width unsigned Whoosh column (at most
    size, fewer when trailing documents have none) in one read instead of one
    call per document; None for a column of another kind. `raw` must be an
    untranslated column reader."""
    code = getattr(raw, "_typecode", "")
    if code not in ("B", "H", "I", "Q") or not hasattr(raw, "_basepos"):
        return None
    fixed = raw._fixedlen
    count = min(raw._count, size)
    data = raw._dbfile.get(raw._basepos, count * fixed) if count else b""
    return np.frombuffer(data, f">u{fixed}", count)


def length_column(reader, field: str):
    """Return the per-document length column of field in a segment, or None."""
    perdoc = getattr(reader, "_perdoc", None)
    return perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN) if perdoc else None


def term_extent(reader, field: str, btext: bytes, min_count: int):
    """Return (the last bytes of a term's extent, its document count), or None
    for a term that is absent, inlined or has fewer than min_count postings.

    The bytes are the widest raw arrays and footer that could follow the term's
    blocks (`bulk.read_raw_postings` reads them)."""
    postfile = getattr(getattr(reader, "_terms", None), "_postfile", None)
    if postfile is None:
        return None
    try:
        info = reader.term_info(field, btext)
    except Exception:  # term absent from this segment
        return None
    count = info.doc_frequency()
    if count < min_count or info.is_inlined():
        return None
    offset, length = info.extent()
    if isinstance(length, tuple):  # Whoosh reads the length back as a 1-tuple
        length = length[0]
    size = min(length, 6 * count + 8)
    return postfile.get(offset + length - size, size), count


def decode_blocks(matcher) -> tuple[np.ndarray, np.ndarray] | None:
    """Return (ids, weights) of a posting list decoded block by block in C, or
    None when the matcher is not a plain W3 leaf (then read it posting by
    posting). Deletion filters are passed through: dead documents are masked by
    the caller."""
    m = matcher
    while hasattr(m, "child") and not isinstance(m, W3LeafMatcher):
        m = m.child
    if not isinstance(m, W3LeafMatcher) or m._byteids:
        return None
    # Whoosh's own reader undoes the delta encoding of ids in a Python
    # generator, one posting at a time.
    ids, weights = [], []
    while m.is_active():
        m._read_data()
        block_ids, block_weights = m._data[0], m._data[1]
        ids.append(np.cumsum(np.asarray(block_ids, dtype=np.int64)))
        count = m._blocklength
        if block_weights is None:
            weights.append(np.ones(count, dtype=np.float32))
        elif isinstance(block_weights, float):
            weights.append(np.full(count, block_weights, dtype=np.float32))
        else:
            weights.append(np.asarray(block_weights, dtype=np.float32))
        m._next_block()
    if not ids:
        return np.zeros(0, np.int32), np.zeros(0, np.float32)
    return np.concatenate(ids).astype(np.int32), np.concatenate(weights)


def term_postings(reader, field: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Return (documents, frequencies) of every posting of a term in a segment,
    deleted documents included (the caller maps them away)."""
    m = reader.postings(field, btext)
    while hasattr(m, "child") and not isinstance(m, W3LeafMatcher):
        m = m.child  # past the filter that hides deleted documents
    return _leaf_postings(m, reader.schema[field].format)


def _leaf_postings(m, form) -> tuple[np.ndarray, np.ndarray]:
    fixed = form.fixed_value_size()
    if not isinstance(m, W3LeafMatcher) or m._byteids or fixed not in (0, 4):
        ids, freqs = [], []
        while m.is_active():
            ids.append(m.id())
            freqs.append(1 if fixed == 0 else form.decode_frequency(m.value()))
            m.next()
        return np.array(ids, np.int64), np.array(freqs, np.uint32)
    ids, freqs = [], []
    while m.is_active():
        m._read_data()
        block_ids, values = m._data[0], m._data[2]
        ids.append(np.cumsum(np.asarray(block_ids, dtype=np.int64)))
        if fixed:  # Frequency: one big-endian uint32 per posting
            freqs.append(np.frombuffer(values, ">u4").astype(np.uint32))
        else:  # Existence
            freqs.append(np.ones(m._blocklength, np.uint32))
        m._next_block()
    if not ids:
        return np.zeros(0, np.int64), np.zeros(0, np.uint32)
    return np.concatenate(ids), np.concatenate(freqs)


_TERM_INFO = W3TermInfo._struct
_EXTENT_AT = _TERM_INFO.size


def segment_terms(reader, schema):
    """Yield (field, term, documents, frequencies) for every term of a
    segment in key order, deleted documents included.

    A term with one posting (most terms of a small segment) comes as two
    ints read from its term info alone (the frequency is its weight over the
    field's boost), without reading its posting block; others as arrays.
    """
    terms = reader._terms
    postfile = terms._postfile
    names = terms._fieldunmap
    for key, value in terms._tindex.items():
        field = names[unpack_ushort(key[:2])[0]]
        if field not in schema:
            continue
        form = schema[field].format
        flags, weight, df, _a, _b, _w, minid, _maxid = _TERM_INFO.unpack_from(value)
        btext = key[2:]
        if df == 1 and not flags:
            if type(form) is Existence:
                yield field, btext, minid, 1
                continue
            boost = form.field_boost
            if boost and type(form) is Frequency:
                yield field, btext, minid, round(weight / boost)
                continue
        if flags:  # postings inlined in the term info: Whoosh's own reader
            docs, freqs = term_postings(reader, field, btext)
        else:
            offset, length = _EXTENT.unpack_from(value, _EXTENT_AT)
            m = W3LeafMatcher(postfile, offset, length, form, term=(field, btext))
            docs, freqs = _leaf_postings(m, form)
        yield field, btext, docs, freqs


def read_toc(ix):
    """Return the latest table of contents of an index (schema, segments,
    generation), read from disk now."""
    return ix._read_toc()


def index_segments(ix) -> list:
    """Return the segments of an index, from its latest table of contents
    (read from disk now)."""
    return ix._segments()


def write_toc(ix, toc, segments: list, spare=()) -> None:
    """Write the next table of contents of an index listing segments."""
    commit_toc(
        ix.storage, ix.indexname, toc.schema, segments, toc.generation + 1, spare
    )


class _Spared:
    """Stands for a segment whose files the cleaning must keep."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def segment_id(self) -> str:
        return self.name


def commit_toc(storage, indexname, schema, segments, generation, spare=()) -> None:
    """Write a table of contents listing segments, then delete the files of
    segments no longer listed, as a Whoosh commit does, except those of the
    segment ids in spare. Call it holding the writer lock: it would delete a
    segment being written, too."""
    TOC(schema, segments, generation).write(storage, indexname)
    kept = [*segments, *map(_Spared, spare)]
    clean_files(storage, indexname, generation, kept)


class SegmentWriter(_WhooshSegmentWriter):
    """Whoosh's segment writer, with what a subclass needs of its private
    side under public names.

    Whoosh's `commit` calls `_finalize_segment` (which calls `_flush_segment`)
    and `_commit_toc`; here they call `finalize_segment`, `flush_segment` and
    `commit_segments`, which a subclass overrides instead, calling super() for
    Whoosh's own steps. lock=False opens the writer without taking Whoosh's
    writer lock (Whoosh's `_lk`), for writers that run beside another one on
    the same index.
    """

    def __init__(self, ix, *, lock: bool = True, **kwargs) -> None:
        kwargs.setdefault("_lk", lock)
        super().__init__(ix, **kwargs)

    def check_open(self) -> None:
        """Raise Whoosh's IndexingError if the writer is closed."""
        self._check_state()

    def mark_added(self) -> None:
        """Record that documents were added: `commit` writes the new segment
        (and fields can no longer be added or removed)."""
        self._added = True

    def finalize_segment(self):
        """Flush the new segment, close and assemble its files, and return it."""
        return super()._finalize_segment()

    def flush_segment(self) -> None:
        """Write the new segment's postings and close its writers."""
        super()._flush_segment()

    def commit_segments(self, segments) -> None:
        """Write the table of contents listing segments and delete the files
        of the segments no longer listed."""
        super()._commit_toc(segments)

    # Whoosh's hooks, as its commit() calls them.
    def _finalize_segment(self):
        return self.finalize_segment()

    def _flush_segment(self) -> None:
        self.flush_segment()

    def _commit_toc(self, segments) -> None:
        self.commit_segments(segments)


class W3TermWriter:
    """Write posting lists of one field as W3PostingsWriter would, in blocks.

    Call `finish` after the field's last term: the term index rows are added
    then, in one go.
    """

    def __init__(self, fieldwriter, field, lengths: np.ndarray) -> None:
        pw = fieldwriter._postwriter
        if pw._inlinelimit > 1 or pw._byteids:
            raise TypeError("BulkWriter expects Whoosh's default W3 codec settings.")
        self.fw = fieldwriter
        self.post = pw._postfile
        self.limit = BLOCK_POSTINGS
        self.comp = pw._compression
        self.prefix = pack_ushort(fieldwriter._fieldid)
        self.boost = field.format.field_boost
        self.existence = type(field.format) is Existence
        self.lengths = lengths
        self.length_list = lengths.tolist()
        # (document, frequency) -> the extent of a term with that one posting,
        # and its term info up to the extent's position: most terms of a small
        # commit have one posting, and those are the same bytes for every term.
        self._single: dict[tuple[int, int], tuple[bytes, bytes]] = {}
        self._rows: list[tuple[bytes, bytes]] = []
        # Postings are gathered and written a few megabytes at a time.
        self._out: list[bytes] = []
        self._pos = self._flushed = self.post.tell()

    def write(
        self, key: bytes, docs: np.ndarray, freqs: np.ndarray, tail: bytes = b""
    ) -> None:
        """Write one term's postings in blocks, then `tail` inside its extent."""
        if len(docs) == 1 and not tail:
            self.write_one(key, int(docs[0]), int(freqs[0]))
            return
        extent, info = self._encode(docs, freqs)
        info.set_extent(self._pos, len(extent) + len(tail))
        self._out.append(extent)
        self._out.append(tail)
        self._pos += len(extent) + len(tail)
        self._rows.append((self.prefix + key, info.to_bytes()))
        if self._pos - self._flushed > FLUSH_BYTES:
            self._flush()

    def write_one(self, key: bytes, doc: int, freq: int) -> None:
        """Write a term with one posting (most terms of a small commit)."""
        cached = self._single.get((doc, freq))
        if cached is None:
            extent, info = self._encode(np.array([doc]), np.array([freq]))
            info.set_extent(0, len(extent))
            cached = (extent, info.to_bytes()[: -_EXTENT.size])
            self._single[(doc, freq)] = cached
        extent, head = cached
        self._out.append(extent)
        self._rows.append(
            (self.prefix + key, head + _EXTENT.pack(self._pos, len(extent)))
        )
        self._pos += len(extent)

    def finish(self) -> None:
        """Write what is buffered and add the term index rows of the terms
        written (in key order)."""
        self._flush()
        add_rows(self.fw._tindex, self._rows)
        self._rows = []

    def _flush(self) -> None:
        self.post.write(b"".join(self._out))
        self._out = []
        self._flushed = self._pos

    def _encode(self, docs: np.ndarray, freqs: np.ndarray):
        """Return a term's blocks as bytes, and its term info (extent unset)."""
        n = len(docs)
        ids = docs.tolist()
        if n <= SMALL_TERM:  # most terms: plain lists beat numpy's per-call cost
            lengths = self.length_list
            lens = [lengths[d] for d in ids]
            deltas = [ids[0], *map(sub, ids[1:], ids[:-1])]
            if self.existence:
                weights, values = [self.boost] * n, None
            else:
                fr = freqs.tolist()
                weights = [f * self.boost for f in fr]
                values = struct.pack(f">{n}I", *fr)
        else:
            lens = self.lengths[docs].tolist()
            deltas = np.diff(docs, prepend=np.uint32(0)).tolist()
            if self.existence:
                weights, values = [self.boost] * n, None
            else:
                weights = (freqs * self.boost).tolist()
                values = freqs.astype(">u4").tobytes()
        stored = array("f", weights).tolist()  # as Whoosh keeps them: float32
        info = W3TermInfo()
        out = [WHOOSH3_HEADER_MAGIC]
        limit = self.limit
        for a in range(0, n, limit):
            b = min(n, a + limit)
            out.append(
                self._block(
                    info,
                    ids[a:b],
                    [ids[a], *deltas[a + 1 : b]],  # each block restarts the deltas
                    weights[a:b],
                    stored[a:b],
                    values[4 * a : 4 * b] if values is not None else None,
                    list(filter(None, lens[a:b])),
                    b == n,
                )
            )
        return b"".join(out), info

    def _block(self, info, ids, deltas, weights, stored, values, lens, last) -> bytes:
        """Return a block: a pickled info tuple, then pickled (ids, weights,
        values)."""
        if stored.count(1.0) == len(stored):
            mini_weights = None
        elif stored.count(stored[0]) == len(stored):
            mini_weights = stored[0]
        else:
            mini_weights = tuple(stored)
        data = pickle.dumps((tuple(deltas), mini_weights, values), 2)
        # Whoosh would deflate every block; a tiny one only grows, so it is
        # stored as it is (the block info tells readers which it is).
        comp = self.comp if len(data) >= MIN_DEFLATE else 0
        if comp:
            data = zlib.compress(data, comp)
        minlength = min(lens) if lens else None
        maxlength = max(lens) if lens else 0
        maxweight = max(0, max(weights))
        head = pickle.dumps(
            (
                len(ids),
                ids[-1],
                maxweight,
                comp,
                _length_byte(minlength),
                _length_byte(maxlength),
            ),
            2,
        )
        size = len(head) + len(data)
        # What W3TermInfo.add_block gathers from a block.
        info._weight += sum(stored)
        info._df += len(ids)
        if info._minlength is None:
            info._minlength = minlength
        elif minlength is not None:
            info._minlength = min(info._minlength, minlength)
        info._maxlength = max(info._maxlength, maxlength)
        info._maxweight = max(info._maxweight, maxweight)
        if info._minid is None:
            info._minid = ids[0]
        info._maxid = ids[-1]
        return pack_int(-size if last else size) + head + data


# A term info's extent: the offset (long) and length (int) of its postings.
_EXTENT = struct.Struct("!qi")
_KEY_VALUE = struct.Struct("!ii")  # HashWriter's lengths of a row


def add_rows(tindex, rows: list[tuple[bytes, bytes]]) -> None:
    """Add rows (in increasing key order) to Whoosh's ordered term index as
    its add() would one by one, writing them in one go."""
    if not rows:
        return
    if rows[0][0] <= tindex.lastkey:
        raise ValueError("Keys must increase")
    dbfile = tindex.dbfile
    pos = dbfile.tell()
    hashfn = tindex.hashfn
    buckets = tindex.buckets
    index = tindex.index
    pack = _KEY_VALUE.pack
    out = []
    last = tindex.lastkey
    for key, value in rows:
        if key <= last:
            raise ValueError(f"Keys must increase: {last!r}..{key!r}")
        last = key
        index.append(pos)
        h = hashfn(key)
        buckets[h & 255].append((h, pos))
        out.append(pack(len(key), len(value)))
        out.append(key)
        out.append(value)
        pos += 8 + len(key) + len(value)
    dbfile.write(b"".join(out))
    tindex.lastkey = last
