"""A Whoosh segment writer for whole-index builds.

Whoosh's own writer turns every posting into a tuple, estimates its size, sorts
millions of them (spilling runs to disk) and, while writing, looks up the field
length of each posting's document in the column it has just written. For a
rebuild we know more: documents arrive in order, and our analyzers can count a
document's terms in one pass. So the postings of each term go straight into two
compact integer arrays (documents, frequencies), lengths stay in memory, and the
segment is written term by term in sorted order. The files written are ordinary
Whoosh segments; searching is unchanged.
"""

from __future__ import annotations

from array import array
from collections import Counter

from whoosh.fields import UnknownFieldError
from whoosh.formats import Existence, Frequency
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

_FREQ_BYTES = [pack_uint(i) for i in range(256)]


def _fast_terms(field):
    """Return the term counter of a field whose postings hold only frequencies."""
    terms = getattr(field.analyzer, "terms", None) if field.analyzer else None
    if terms is None or type(field.format) not in (Frequency, Existence):
        return None
    return terms


class BulkWriter(SegmentWriter):
    """Write one new segment from documents added in order, in compact memory."""

    def __init__(self, ix, **kwargs) -> None:
        # Separate files, not one compound file: Whoosh reads a compound file
        # by copying each part into memory whenever a searcher opens it.
        kwargs.setdefault("compound", False)
        super().__init__(ix, **kwargs)
        self._fast = {
            name: terms
            for name, field in self.schema.items()
            if field.indexed and (terms := _fast_terms(field)) is not None
        }
        # field -> term bytes -> (docnums, frequencies): 8 bytes a posting.
        self._terms: dict[str, dict[bytes, tuple[array, array]]] = {}
        # field -> term bytes -> [(docnum, weight, value bytes)] for other fields.
        self._other: dict[str, dict[bytes, list]] = {}
        self._lengths: dict[str, dict[int, int]] = {}

    def add_document(self, **fields) -> None:
        self._check_state()
        perdoc = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
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
                fast = self._fast.get(name)
                if fast is not None:
                    length = self._add_counts(name, docnum, Counter(fast(value)))
                else:
                    length = self._add_items(name, docnum, field, value)
                if not field.scorable:
                    length = 0
                elif length:
                    self._lengths.setdefault(name, {})[docnum] = length
            stored = fields.get(f"_stored_{name}", value)
            perdoc.add_field(name, field, stored if field.stored else None, length)
            column = field.column_type
            if column and stored is not None:
                perdoc.add_column_value(name, column, field.to_column_value(stored))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _add_counts(self, name: str, docnum: int, counts: Counter) -> int:
        terms = self._terms.setdefault(name, {})
        for term, freq in counts.items():
            key = term.encode("utf-8")
            entry = terms.get(key)
            if entry is None:
                entry = terms[key] = (array("I"), array("I"))
            entry[0].append(docnum)
            entry[1].append(freq)
        return sum(counts.values())

    def _add_items(self, name: str, docnum: int, field, value) -> int:
        terms = self._other.setdefault(name, {})
        length = 0
        for tbytes, freq, weight, vbytes in field.index(value):
            length += freq
            terms.setdefault(tbytes, []).append((docnum, weight, vbytes))
        return length if field.scorable else 0

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        writer = self.fieldwriter
        for name in sorted(set(self._terms) | set(self._other)):
            field = self.schema[name]
            lengths = self._lengths.get(name, {})
            writer.start_field(name, field)
            if name in self._terms:
                self._write_counts(writer, field, self._terms[name], lengths)
            else:
                self._write_items(writer, self._other[name], lengths)
            writer.finish_field()
        writer.close()
        self._terms.clear()
        self._other.clear()

    @staticmethod
    def _write_counts(writer, field, terms, lengths) -> None:
        boost = field.format.field_boost
        existence = type(field.format) is Existence
        for key in sorted(terms):
            docs, freqs = terms[key]
            if existence:
                weights = [boost] * len(docs)
                values = None
            else:
                weights = [f * boost for f in freqs]
                values = [_FREQ_BYTES[f] if f < 256 else pack_uint(f) for f in freqs]
            writer.start_term(key)
            _add_postings(writer._postwriter, docs, weights, values, lengths)
            writer.finish_term()

    @staticmethod
    def _write_items(writer, terms, lengths) -> None:
        for key in sorted(terms):
            docs, weights, values = zip(*terms[key], strict=True)
            writer.start_term(key)
            _add_postings(writer._postwriter, docs, weights, values, lengths)
            writer.finish_term()


def _add_postings(pw, docs, weights, values, lengths) -> None:
    """Fill a Whoosh posting writer block by block, as add_posting would."""
    limit = pw._blocklimit
    for a in range(0, len(docs), limit):
        if pw._ids:
            pw._write_block()
        ids = array("I", docs[a : a + limit])
        w = weights[a : a + limit]
        pw._ids = ids
        pw._weights = array("f", w)
        pw._values = [v for v in values[a : a + limit] if v] if values else []
        pw._maxweight = max(0, max(w))
        lens = [n for d in ids if (n := lengths.get(d, 0))]
        pw._minlength = min(lens) if lens else None
        pw._maxlength = max(lens) if lens else 0
