"""The rebuild's segment writer writes exactly what Whoosh's own writer writes."""

from __future__ import annotations

import pytest
from whoosh.filedb.filestore import FileStorage

from search.backends import get_backend
from search.backends.whoosh.bulk import BulkWriter
from search.bench.corpus import Corpus

pytestmark = pytest.mark.whoosh_only


def _documents(n: int) -> list[dict]:
    corpus = Corpus(3)
    docs = []
    for i in range(n):
        a = corpus.article(i)
        body = f"{a.title}\n\n{a.lead}\n\n{a.body}"
        words = body.split()
        # pyvi-like compounds: every third pair of syllables joined.
        compound = " ".join(
            f"{w}_{words[j + 1]}" if j % 3 == 0 and j + 1 < len(words) else w
            for j, w in enumerate(words)
        )
        if i == 5:
            body = body + (" kiểm" * 300)  # a frequency above one byte
        docs.append(
            {
                "id": f"articles.article.{i + 1}",
                "django_ct": "articles.article",
                "django_id": str(i + 1),
                "text": body,
                "bigram": body,
                "title": a.title,
                "lead": "" if i % 7 == 0 else a.lead,
                "compound": compound,
                "official": ",".join(n.replace(" ", "-") for n in a.officials),
                "code": ",".join(a.codes),
                "codekey": ",".join(c.lower() for c in a.codes),
                "doc_type": "QĐ" if a.codes else "",
                "issuer": "",
                "source": str(i % 3 + 1),
                "section": a.section,
                "year": f"{a.published_at:%Y}",
                "month": f"{a.published_at:%Y-%m}",
                "pubdate": f"{a.published_at:%Y-%m-%d}",
                "event_date": "",
                "sortkey": int(a.published_at.timestamp()),
            }
        )
    return docs


def _dump(ix) -> dict:
    """Everything a searcher can read back: terms, postings, lengths, fields."""
    out: dict = {"terms": {}, "lengths": {}, "stored": [], "columns": {}}
    with ix.searcher() as s:
        r = s.reader()
        schema = ix.schema
        for fieldname, tbytes in r.all_terms():
            field = schema[fieldname]
            info = r.term_info(fieldname, tbytes)
            m = r.postings(fieldname, tbytes)
            postings = []
            while m.is_active():
                postings.append((m.id(), m.weight(), m.value()))
                m.next()
            out["terms"][(fieldname, tbytes)] = (
                info.doc_frequency(),
                round(info.weight(), 3),
                info.min_length(),
                info.max_length(),
                info.max_weight(),
                info.min_id(),
                info.max_id(),
                postings,
            )
            assert field.indexed
        for fieldname in schema.scorable_names():
            out["lengths"][fieldname] = [
                r.doc_field_length(d, fieldname) for d in range(r.doc_count_all())
            ]
        out["stored"] = [r.stored_fields(d) for d in range(r.doc_count_all())]
        for fieldname in schema.names():
            if r.has_column(fieldname):
                out["columns"][fieldname] = list(r.column_reader(fieldname))
    return out


def _assert_same_index(expected: dict, got: dict) -> None:
    """Two `_dump`s read back the same terms, postings, lengths, stored fields
    and columns."""
    assert got["terms"].keys() == expected["terms"].keys()
    for key, value in expected["terms"].items():
        assert got["terms"][key] == value, key
    assert got["lengths"] == expected["lengths"]
    assert got["stored"] == expected["stored"]
    assert got["columns"] == expected["columns"]


@pytest.mark.django_db
@pytest.mark.parametrize("block", [1024, 64])
def test_bulk_writer_matches_whoosh_writer(tmp_path, monkeypatch, block):
    # 150 documents: with blocks of 64 the common terms span several blocks.
    monkeypatch.setattr("search.backends.whoosh.internals.BLOCK_POSTINGS", block)
    backend = get_backend().haystack
    backend.setup()
    schema = backend.schema
    docs = _documents(150)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    stock = FileStorage(str(tmp_path / "a")).create_index(schema)
    ours = FileStorage(str(tmp_path / "b")).create_index(schema)
    writer = stock.writer()
    for doc in docs:
        writer.add_document(**doc)
    writer.commit(merge=False)
    writer = BulkWriter(ours)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit(merge=False)

    expected, got = _dump(stock), _dump(ours)
    assert len(expected["terms"]) > 5000
    _assert_same_index(expected, got)
    assert len(got["stored"]) == 150


@pytest.mark.django_db
def test_segments_written_side_by_side_are_committed_together(tmp_path):
    """Rebuild workers write segments of one index at once; the parent lists them."""
    backend = get_backend().haystack
    backend.setup()
    docs = _documents(40)
    ix = FileStorage(str(tmp_path)).create_index(backend.schema)
    first, second = BulkWriter(ix, _lk=False), BulkWriter(ix, _lk=False)
    for a, b in zip(docs[:20], docs[20:], strict=True):
        first.add_document(**a)
        second.add_document(**b)
    segments = [first.finish_segment()]
    second.add_document(**_documents(41)[40])  # still writing after the first
    segments.append(second.finish_segment())
    parent = BulkWriter(ix)
    parent.add_segments(segments)
    parent.commit(merge=False)

    with ix.searcher() as searcher:
        assert searcher.doc_count() == 41
        ids = {int(f["django_id"]) for f in searcher.all_stored_fields()}
        assert ids == set(range(1, 42))
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())


@pytest.mark.django_db
@pytest.mark.parametrize("raw_min", [8, 10_000])
def test_search_reads_the_same_postings_with_or_without_raw_arrays(
    tmp_path, monkeypatch, raw_min
):
    """Long posting lists carry raw arrays after their Whoosh blocks; both agree."""
    from search.backends.whoosh.vector import _read_postings, _read_raw

    monkeypatch.setattr("search.backends.whoosh.bulk.RAW_MIN", raw_min)
    monkeypatch.setattr("search.backends.whoosh.internals.BLOCK_POSTINGS", 64)
    backend = get_backend().haystack
    backend.setup()
    ix = FileStorage(str(tmp_path)).create_index(backend.schema)
    writer = BulkWriter(ix)
    for doc in _documents(150):
        writer.add_document(**doc)
    writer.commit(merge=False)
    raw_terms = 0
    with ix.searcher() as searcher:
        reader = searcher.reader()
        for fieldname, tbytes in reader.all_terms():
            m = reader.postings(fieldname, tbytes)
            ids, weights = [], []
            while m.is_active():
                ids.append(m.id())
                weights.append(m.weight())
                m.next()
            got_ids, got_weights = _read_postings(reader, fieldname, tbytes)
            assert got_ids.tolist() == ids, (fieldname, tbytes)
            assert got_weights.tolist() == weights, (fieldname, tbytes)
            raw_terms += _read_raw(reader, fieldname, tbytes) is not None
    # Frequencies above one byte (doc 5) and existence-only fields are covered.
    assert raw_terms > 100 if raw_min == 8 else raw_terms == 0


@pytest.mark.django_db
def test_integer_columns_read_in_one_go_match_whoosh(tmp_path):
    from search.backends.whoosh.engine import _int_column

    backend = get_backend().haystack
    backend.setup()
    ix = FileStorage(str(tmp_path)).create_index(backend.schema)
    writer = BulkWriter(ix)
    for i, doc in enumerate(_documents(30)):
        doc["article_id"] = 1000 + i
        if i == 3:
            doc["sortkey"] = -5  # before 1970
        writer.add_document(**doc)
    writer.commit(merge=False)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        for name in ("sortkey", "article_id"):
            column = reader.column_reader(name)
            expected = [column[i] for i in range(30)]
            assert _int_column(reader, name, 30).tolist() == expected
        assert _int_column(reader, "article_id", 30).tolist() == list(range(1000, 1030))
        assert _int_column(reader, "sortkey", 30)[3] == -5
        # Both were read in one go, as are field lengths for scoring.
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

        from search.backends.whoosh.internals import packed_column
        from search.backends.whoosh.vector import _column_bytes

        for name in ("sortkey", "article_id"):
            raw = reader.column_reader(name, translate=False)
            assert packed_column(raw, 30) is not None
        lengths = reader._perdoc._cached_reader(_lenfield("text"), LENGTHS_COLUMN)
        assert packed_column(lengths, 30) is not None
        assert _column_bytes(lengths, 30).tolist() == [lengths[i] for i in range(30)]


@pytest.mark.django_db
def test_small_commits_match_whoosh_commits(tmp_path):
    """An incremental commit (one or a few articles, an update replacing an
    older version) reads back as Whoosh's writer would have written it."""
    from whoosh import scoring
    from whoosh.query import Term

    backend = get_backend().haystack
    backend.setup()
    schema = backend.schema
    docs = _documents(12)
    batches = [[d] for d in docs[:8]] + [docs[8:12]]
    batches += [[dict(docs[2], title="Bản sửa lần một")], [dict(docs[9], lead="")]]
    gone = {len(batches) - 1: ["articles.article.5"]}
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    stock = FileStorage(str(tmp_path / "a")).create_index(schema)
    ours = FileStorage(str(tmp_path / "b")).create_index(schema)
    for i, batch in enumerate(batches):
        writer = stock.writer()
        for whoosh_id in gone.get(i, []):
            writer.delete_by_term("id", whoosh_id)
        for doc in batch:
            writer.update_document(**doc)
        writer.commit(merge=False)
        writer = BulkWriter(ours, incremental=True)
        writer.replace(batch, gone.get(i, []))
        writer.commit(merge=False)

    expected, got = _dump(stock), _dump(ours)
    _assert_same_index(expected, got)
    queries = [k for k in list(expected["terms"])[::53] if k[0] != "id"]
    assert len(queries) > 20
    weighting = scoring.BM25F()
    with (
        stock.searcher(weighting=weighting) as a,
        ours.searcher(weighting=weighting) as b,
    ):
        assert a.doc_count() == b.doc_count() == 11
        for field, text in queries:
            hits_a = [
                (h["id"], round(h.score, 6))
                for h in a.search(Term(field, text), limit=None)
            ]
            hits_b = [
                (h["id"], round(h.score, 6))
                for h in b.search(Term(field, text), limit=None)
            ]
            assert hits_b == hits_a, (field, text)
