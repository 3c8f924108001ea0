"""haystack's Whoosh backend with the fixes this archive needs.

- Vietnamese analyzers on every text field (never the English StemmingAnalyzer).
- Facet and filter fields as untokenised keywords (`205-QĐ/TW` stays whole).
- The index lives in swappable generations (see `store`), and every write holds
  one lock, waiting for it instead of failing silently as stock `remove()` does.
- A document that fails to prepare is skipped and logged before the writer opens,
  so it cannot leave a half-written batch behind.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from haystack.backends import BaseEngine
from haystack.backends.whoosh_backend import WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SearchBackendError, SkipDocument
from haystack.utils import get_identifier
from whoosh import index as whoosh_index
from whoosh.fields import DATETIME, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.fields import ID as WHOOSH_ID
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import QueryParser

from . import store
from .analyzers import bigram_analyzer, compound_analyzer, syllable_analyzer
from .bulk import BulkWriter, small_segments
from .internals import index_segments

log = logging.getLogger(__name__)
# Small segments (one per incremental commit) a write leaves before it merges
# them itself. The index writer (`search.indexing.sync`) merges well before,
# a step at a time between saves (`start_merge`); this bounds writers that
# never do.
MERGE_AT = 64


def schema_field(field_class):
    """Return the Whoosh field for one haystack field."""
    ftype = field_class.field_type
    boost = field_class.boost
    if ftype == "vi_syllable":
        return TEXT(analyzer=syllable_analyzer(), phrase=False, field_boost=boost)
    if ftype == "vi_bigram":
        return TEXT(analyzer=bigram_analyzer(), phrase=False, field_boost=boost)
    if ftype == "vi_compound":
        return TEXT(analyzer=compound_analyzer(), phrase=False, field_boost=boost)
    if ftype == "vi_exact":
        if field_class.is_multivalued:
            return KEYWORD(stored=True, commas=True, lowercase=False, scorable=True)
        return WHOOSH_ID(stored=True)
    if ftype == "vi_sortkey":
        return NUMERIC(numtype=int, bits=64, signed=True, sortable=True, stored=True)
    if ftype in ("date", "datetime"):
        return DATETIME(stored=field_class.stored, sortable=True)
    if field_class.is_multivalued:
        return KEYWORD(stored=True, commas=True, lowercase=False, scorable=True)
    # Any other text field still gets Vietnamese analysis.
    return TEXT(stored=True, analyzer=syllable_analyzer(), field_boost=boost)


class VietnameseWhooshBackend(WhooshSearchBackend):
    """Whoosh backend with Vietnamese analysis, generations and one writer lock."""

    def setup(self) -> None:
        """Open (or create) the live generation and build the schema."""
        from haystack import connections

        root = Path(self.path)
        self.root = root
        self.generation = store.current_dir(root)
        self.storage = FileStorage(str(self.generation))
        self.content_field_name, self.schema = self.build_schema(
            connections[self.connection_alias].get_unified_index().all_searchfields()
        )
        self.parser = QueryParser(self.content_field_name, schema=self.schema)
        try:
            self.index = store.reopening(
                lambda: self.storage.open_index(schema=self.schema)
            )
        except whoosh_index.EmptyIndexError:
            with store.writer_lock(root):
                if whoosh_index.exists(self.storage):
                    self.index = self.storage.open_index(schema=self.schema)
                else:
                    self.index = self.storage.create_index(self.schema)
                    store.write_format(self.generation)
        store.check_format(self.generation)
        self.setup_complete = True

    def build_schema(self, fields):
        schema_fields = {
            ID: WHOOSH_ID(stored=True, unique=True),
            DJANGO_CT: WHOOSH_ID(stored=True),
            DJANGO_ID: WHOOSH_ID(stored=True),
        }
        content_field_name = ""
        for field_class in fields.values():
            schema_fields[field_class.index_fieldname] = schema_field(field_class)
            if field_class.document:
                content_field_name = field_class.index_fieldname
        if not content_field_name:
            raise SearchBackendError("No document=True field in the search indexes.")
        return content_field_name, Schema(**schema_fields)

    def ensure_current(self) -> None:
        """Reopen the index if a rebuild swapped in a new generation."""
        if not self.setup_complete:
            self.setup()
            return
        name = store.current_name(self.root)
        if name != self.generation.name:
            self.setup()

    def prepare_docs(self, index, iterable) -> list[dict]:
        """Return Whoosh documents for objects, skipping (and logging) bad ones."""
        docs = []
        for obj in iterable:
            try:
                doc = index.full_prepare(obj)
                doc.pop("boost", None)
                docs.append({k: self._from_python(v) for k, v in doc.items()})
            except SkipDocument:
                continue
            except Exception:
                if not self.silently_fail:
                    raise
                log.exception("Could not prepare %s for indexing", get_identifier(obj))
        return docs

    def write(
        self,
        add: list[dict],
        delete: list[str],
        timeout: float = 120.0,
        locked: bool = False,
    ) -> None:
        """Apply document updates and deletions in one commit under the lock.

        The commit writes one new segment with the bulk writer (its posting
        writer costs about half of Whoosh's) and merges nothing: a merge
        rewrites every document of the segments it takes, and a save must not
        wait for one. Small segments are merged by the index writer between
        saves (`start_merge`, written off the writer lock), or here once
        MERGE_AT of them have piled up.
        """
        if not add and not delete:
            return
        if not self.setup_complete:
            self.setup()
        held = (
            contextlib.nullcontext()
            if locked
            else store.writer_lock(self.root, timeout)
        )
        with held:
            self.ensure_current()
            # compound=False: see bulk.BulkWriter.
            writer = BulkWriter(self.index, incremental=True, timeout=timeout)
            try:
                writer.replace(add, delete, field=ID)
            except BaseException:
                writer.cancel()
                raise
            writer.commit(merge=False)
            self.index = self.index.refresh()
            if self.small_segments() >= MERGE_AT:
                self._merge_piled_up(timeout)

    def small_segments(self) -> int:
        """Return how many segments of the live index a merge may take."""
        return small_segments(index_segments(self.index))

    def merge_small(self, least: int = 6, locked: bool = False) -> bool:
        """Merge small segments when at least `least` exist, writing the merged
        segment without the writer lock (see `merge`); return whether a merge
        was listed. locked: the caller holds the writer lock already."""
        from . import merge

        if not self.setup_complete:
            self.setup()
        return merge.merge_small(self, least, locked=locked)

    def start_merge(self, least: int = 6):
        """Return a merge of the small segments to write in steps, or None
        when fewer than `least` exist or another process merges."""
        from .merge import Merge

        if not self.setup_complete:
            self.setup()
        return Merge.start(self, least)

    def _merge_piled_up(self, timeout: float = 120.0) -> None:
        from . import merge

        merge.merge_small(self, MERGE_AT, locked=True)

    def update(self, index, iterable, commit=True) -> None:
        if not self.setup_complete:
            self.setup()
        # Our article index prepares a whole batch with a few queries rather
        # than haystack's per-object full_prepare (three queries each).
        bulk = getattr(index, "bulk_documents", None)
        docs = bulk(iterable) if bulk else self.prepare_docs(index, iterable)
        self.write(docs, [])

    def remove(self, obj_or_string, commit=True) -> None:
        if not self.setup_complete:
            self.setup()
        self.write([], [get_identifier(obj_or_string)])

    def prepare_replacement(self) -> None:
        """Set up enough to build a new generation, even when the live one is of
        another format (that is what rebuilding or clearing fixes)."""
        if not self.setup_complete:
            with contextlib.suppress(store.IndexFormatError):
                self.setup()

    def clear(self, models=None, commit=True) -> None:
        self.prepare_replacement()
        if models is None:
            # Swap in an empty generation rather than deleting files under readers.
            with store.writer_lock(self.root):
                generation = store.new_generation(self.root)
                FileStorage(str(generation)).create_index(self.schema)
                store.write_format(generation)
                store.swap(self.root, generation)
            self.setup()
            return
        from haystack.utils import get_model_ct
        from whoosh.query import Or, Term

        with store.writer_lock(self.root):
            self.ensure_current()
            terms = [Term(DJANGO_CT, get_model_ct(m)) for m in models]
            self.index.delete_by_query(q=Or(terms))
            self.index = self.index.refresh()

    def delete_index(self) -> None:
        self.clear()

    def search(self, query_string, **kwargs):
        self.ensure_current()
        return super().search(query_string, **kwargs)

    def more_like_this(self, model_instance, **kwargs):
        self.ensure_current()
        return super().more_like_this(model_instance, **kwargs)


def haystack_backend() -> VietnameseWhooshBackend:
    """Return haystack's backend of the default connection (our Whoosh one)."""
    from haystack import connections

    return connections["default"].get_backend()


class VietnameseWhooshEngine(BaseEngine):
    backend = VietnameseWhooshBackend
    query = WhooshSearchQuery
