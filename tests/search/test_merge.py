"""Small segments are merged off the writer lock and swapped in under it."""

from __future__ import annotations

import pytest
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader

from search.backends import get_backend
from search.backends.whoosh import merge as merging
from search.backends.whoosh.bulk import BulkWriter

from .conftest import create_article, index_now
from .test_bulk import _assert_same_index, _documents, _dump

pytestmark = pytest.mark.whoosh_only


class _Backend:
    """What a merge needs of the haystack backend, over a bare index folder."""

    def __init__(self, root, ix):
        self.root = root
        self.generation = root / "b"
        self.index = ix
        (root / "CURRENT").write_text("b")

    def ensure_current(self):
        pass


def _small_index(path, schema, docs, per_segment=1, deleted=()):
    """An index of incremental commits of per_segment documents each, with
    the given documents (by id) deleted afterwards."""
    path.mkdir()
    ix = FileStorage(str(path)).create_index(schema)
    for i in range(0, len(docs), per_segment):
        writer = BulkWriter(ix, incremental=True)
        for doc in docs[i : i + per_segment]:
            writer.update_document(**doc)
        writer.commit(merge=False)
    if deleted:
        writer = ix.writer()
        for whoosh_id in deleted:
            writer.delete_by_term("id", whoosh_id)
        writer.commit(merge=False)
    return ix


def _whoosh_merge(ix, chosen_ids):
    """Merge the chosen segments with Whoosh's own writer, the merged segment
    listed last as our merge lists it."""

    def policy(writer, segments):
        chosen = {s.segment_id(): s for s in segments if s.segment_id() in chosen_ids}
        for segment_id in chosen_ids:
            reader = SegmentReader(writer.storage, writer.schema, chosen[segment_id])
            writer.add_reader(reader)
            reader.close()
        return [s for s in segments if s.segment_id() not in chosen_ids]

    writer = ix.writer(compound=False)
    writer.commit(mergetype=policy)


def _scores(ix, queries):
    from whoosh import scoring
    from whoosh.query import Term

    out = {}
    with ix.searcher(weighting=scoring.BM25F()) as searcher:
        for field, text in queries:
            hits = searcher.search(Term(field, text), limit=None)
            out[(field, text)] = sorted(
                (hit["id"], round(hit.score, 6)) for hit in hits
            )
    return out


@pytest.mark.django_db
def test_merge_writer_writes_what_whoosh_merging_writes(tmp_path):
    backend = get_backend().haystack
    backend.setup()
    schema = backend.schema
    docs = _documents(30)
    # Two later versions of documents 3 and 8 delete their first ones, and
    # document 12 is deleted outright: the merge copies live documents only.
    docs += [dict(docs[3], title="Bản sửa"), dict(docs[8], lead="Sửa lần hai")]
    gone = ["articles.article.13"]
    stock = _small_index(tmp_path / "a", schema, docs, deleted=gone)
    ours = _small_index(tmp_path / "b", schema, docs, deleted=gone)
    # The same segments in both (ids differ: each commit names its own).
    chosen = merging.choose(ours._segments())
    assert len(chosen) > 8
    positions = [
        [s.segment_id() for s in ours._segments()].index(c.segment_id()) for c in chosen
    ]
    stock_segments = stock._segments()
    _whoosh_merge(stock, [stock_segments[p].segment_id() for p in positions])

    merge = merging.Merge.start(_Backend(tmp_path, ours), least=2)
    assert [s.segment_id() for s in merge.segments] == [c.segment_id() for c in chosen]
    merge.run()
    merged, maps = merge.merged, merge.maps
    assert merge.swap()
    ours = FileStorage(str(tmp_path / "b")).open_index()

    expected, got = _dump(stock), _dump(ours)
    _assert_same_index(expected, got)
    with stock.searcher() as a, ours.searcher() as b:
        for name in schema.scorable_names():
            assert b.field_length(name) == a.field_length(name), name
        assert b.doc_count() == a.doc_count() == 30 - 1
    queries = [(f, t) for (f, t) in list(expected["terms"])[::97] if f != "id"]
    assert len(queries) > 20
    assert _scores(ours, queries) == _scores(stock, queries)
    # One map per segment, deleted documents mapped to -1.
    assert sum(int((m >= 0).sum()) for m in maps) == merged.doc_count_all()


def _segments():
    backend = get_backend().haystack
    backend.ensure_current()
    return list(backend.index.refresh()._segments())


def _small_commits(n, prefix="Tin zqnho"):
    articles = []
    for i in range(n):
        article = create_article(title=f"{prefix} {i}", body=f"Nội dung {prefix} {i}")
        index_now(article)
        articles.append(article)
    return articles


def _titles(query):
    from search.services import search

    get_backend().forget()
    page = search(query, suggest=False)
    return sorted(r.title for r in page.results if not r.partial)


@pytest.fixture
def small(seeds):
    get_backend().rebuild(procs=1)
    return _small_commits(8)


def test_a_merge_lists_one_segment_for_the_small_ones_and_search_is_unchanged(
    small,
):
    before = _titles("zqnho")
    assert len(before) == 8
    count = len(_segments())
    assert get_backend().haystack.merge_small(least=6)
    assert len(_segments()) == count - 8 + 1
    assert _titles("zqnho") == before
    generation = get_backend().haystack.generation
    assert not list(generation.glob(".merge-*"))


def test_a_merged_away_segment_keeps_its_files_for_a_while(small, monkeypatch):
    """A searcher opened before the swap may still open its columns."""
    from search.backends.whoosh import store

    haystack = get_backend().haystack
    generation = haystack.generation
    merge = haystack.start_merge(least=6)
    taken = {s.segment_id() for s in merge.segments}
    merge.run()
    assert merge.swap()

    def files_of(ids):
        return {p.name for p in generation.iterdir() if p.name.split(".")[0] in ids}

    assert files_of(taken)  # still there after the swap
    _small_commits(1, prefix="Tin zqsau")  # a commit within the grace period
    assert files_of(taken)
    monkeypatch.setattr(store, "RETIRED_GRACE", 0.0)
    monkeypatch.setattr(
        store.retired_segments, "__defaults__", (0.0,)
    )  # the grace period is over
    _small_commits(1, prefix="Tin zqmuonhon")
    assert not files_of(taken)
    assert len(_titles("zqnho")) == 8


def test_deletions_made_during_a_merge_are_kept(small):
    haystack = get_backend().haystack
    merge = haystack.start_merge(least=6)
    merge.run()
    # Meanwhile an editor retitles one article and deletes another.
    small[2].title = "Tiêu đề zqmoi"
    small[2].save()
    index_now(small[2])
    pk = small[5].pk
    small[5].delete()
    index_now(type(small[5])(pk=pk))
    assert merge.swap()
    titles = _titles("zqnho")
    # The retitled article's body still names zqnho: it is found once, new.
    kept = [f"Tin zqnho {i}" for i in (0, 1, 3, 4, 6, 7)]
    assert titles == sorted([*kept, "Tiêu đề zqmoi"])
    assert _titles("zqmoi") == ["Tiêu đề zqmoi"]
    from search.indexing.check import check

    assert check().ok


def test_a_save_committed_during_a_merge_stays(small):
    haystack = get_backend().haystack
    merge = haystack.start_merge(least=6)
    merge.run()
    _small_commits(1, prefix="Tin zqmuon")
    assert merge.swap()
    assert _titles("zqmuon") == ["Tin zqmuon 0"]
    assert len(_titles("zqnho")) == 8


def test_a_merge_racing_a_rebuild_is_dropped(small):
    haystack = get_backend().haystack
    merge = haystack.start_merge(least=6)
    merge.run()
    side = merge.side
    get_backend().rebuild(procs=1)
    segments = _segments()
    assert not merge.swap()
    assert _segments() == segments or [s.segment_id() for s in _segments()] == [
        s.segment_id() for s in segments
    ]
    assert not side.exists()
    assert len(_titles("zqnho")) == 8


def test_a_merge_whose_segments_were_merged_by_another_is_dropped(small):
    haystack = get_backend().haystack
    merge = haystack.start_merge(least=6)
    merge.run()
    merge._merge_lock.close()  # as if another process had merged meanwhile
    merge._merge_lock = None
    assert haystack.merge_small(least=6)
    listed = [s.segment_id() for s in _segments()]
    assert not merge.swap()
    assert [s.segment_id() for s in _segments()] == listed
    assert len(_titles("zqnho")) == 8


def test_one_merge_at_a_time(small):
    haystack = get_backend().haystack
    first = haystack.start_merge(least=6)
    assert first is not None
    assert haystack.start_merge(least=6) is None
    first.close()
    second = haystack.start_merge(least=6)
    assert second is not None
    second.close()


def test_a_merge_is_written_in_steps_that_can_pause(small, monkeypatch):
    monkeypatch.setattr(merging, "STEP_TERMS", 5)
    merge = get_backend().haystack.start_merge(least=6)
    assert not merge.work(lambda: True)  # paused after its first step
    count = 1
    while not merge.work(lambda: True):
        count += 1
    assert count > 10
    assert merge.swap()
    assert len(_titles("zqnho")) == 8


def test_choose_takes_small_segments_smallest_first_and_spares_larger_ones():
    class Segment:
        def __init__(self, size):
            self.size = size
            self.raw_arrays = False

        def doc_count_all(self):
            return self.size

    sizes = [40, 1, 1, 1, 1, 1, 1]
    assert [s.size for s in merging.choose([Segment(n) for n in sizes])] == [1] * 6
    sizes = [12, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    chosen = [s.size for s in merging.choose([Segment(n) for n in sizes])]
    assert chosen == [1] * 10
    sizes = [10, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    chosen = [s.size for s in merging.choose([Segment(n) for n in sizes])]
    assert chosen == [1] * 10 + [10]
    big = Segment(5000)
    big.raw_arrays = True
    assert merging.choose([big, Segment(1)]) == []


# In a manage.py shell: small commits, then a merge that stops at `where`
# ("writing": mid-way through writing the merged segment; "listing": with its
# files moved beside the others, before the table of contents names them)
# and says so, to be killed there with SIGKILL.
MERGE_THEN_HANG = r"""
import os, time
from articles.models import Article
from search.backends import get_backend
from search.backends.whoosh import merge
from search.indexing import sync

for i in range(8):
    Article.objects.create(title=f"Bài nhỏ {i}", body=f"Nội dung nhỏ {i}")
    sync.flush()
job = get_backend().haystack.start_merge(least=6)
assert job is not None
merge.STEP_TERMS = 3

def hang(*args, **kwargs):
    os.write(1, b"stopped here\n")
    time.sleep(300)

if "WHERE" == "listing":
    merge.write_toc = hang
    job.run()
    job.swap()
else:
    steps = 0
    while not job.work(lambda: True):
        steps += 1
        if steps == 20:
            hang()
"""


@pytest.mark.slow
@pytest.mark.parametrize("where", ["writing", "listing"])
def test_a_merge_killed_midway_leaves_a_readable_index_and_no_drift(tmp_path, where):
    from .test_processes import (
        RAW,
        SEARCH,
        check_index,
        import_json,
        manage,
        ok,
        start_and_kill,
    )

    data = tmp_path / "data"
    data.mkdir()
    ok(manage(data, "migrate", "--noinput"))
    import_json(data, *RAW)
    ok(manage(data, "rebuild_search", "--no-progress"))
    start_and_kill(data, MERGE_THEN_HANG.replace("WHERE", where), "stopped here")
    root = data / "whoosh_index"
    live = root / (root / "CURRENT").read_text().strip()
    if where == "writing":
        assert list(live.glob(".merge-*"))
    # The index opens and answers, and a repair finds nothing to do.
    assert int(ok(manage(data, "shell", "-c", SEARCH)).split()[-1]) == len(RAW)
    ok(manage(data, "check_index", "--repair", "--no-progress"))
    drift = check_index(data)
    assert drift["ok"] and drift["index_count"] == len(RAW) + 8, drift
    # The next merge clears what the killed one left, and lists its segment.
    merged = ok(
        manage(
            data,
            "shell",
            "-c",
            "from search.backends import get_backend; "
            "print(get_backend().merge_small(least=6))",
        )
    )
    assert merged.split()[-1] == "True"
    assert not list(live.glob(".merge-*"))
    drift = check_index(data)
    assert drift["ok"] and drift["index_count"] == len(RAW) + 8, drift
    # No file is left of a segment the table of contents does not list, but
    # for those a merge retired a moment ago (kept for searchers reading them).
    listed = {s.segment_id() for s in FileStorage(str(live)).open_index()._segments()}
    files = {p.name.split(".")[0] for p in live.iterdir() if p.name.startswith("MAIN_")}
    files.discard("MAIN_WRITELOCK")
    from search.backends.whoosh.store import retired_segments

    retired = retired_segments(live)
    assert len(retired) >= 8
    assert listed <= files <= listed | retired
