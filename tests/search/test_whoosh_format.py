"""The Whoosh backend's index format and its raw posting arrays."""

import pytest

from search.backends import get_backend
from search.backends.whoosh import store
from search.backends.whoosh.bulk import has_raw_arrays

from .conftest import create_article, index_now

pytestmark = pytest.mark.whoosh_only


def _generation():
    root = store.root_path()
    return root / store.current_name(root)


def test_every_generation_records_its_format(seeds):
    assert (_generation() / store.FORMAT_FILE).read_text().strip() == store.FORMAT
    get_backend().rebuild(procs=1)
    assert (_generation() / store.FORMAT_FILE).read_text().strip() == store.FORMAT


def test_an_index_of_another_format_is_refused_naming_the_rebuild(seeds, client):
    (_generation() / store.FORMAT_FILE).write_text("newsarchive-whoosh 1\n")
    backend = get_backend()
    backend.forget()
    backend.haystack.setup_complete = False
    with pytest.raises(store.IndexFormatError, match="rebuild_index"):
        backend.snapshot()
    page = client.get("/search/", {"q": "cán bộ"})
    assert page.status_code == 503
    assert "rebuild_index" in page.content.decode()
    api = client.get("/api/search/", {"q": "cán bộ"})
    assert api.status_code == 503 and "rebuild_index" in api.json()["error"]
    get_backend().rebuild(procs=1)  # the command it names makes search work again
    backend.haystack.setup_complete = False
    assert client.get("/api/search/", {"q": "cán bộ"}).json()["count"] > 0


def _segments():
    backend = get_backend().haystack
    backend.ensure_current()
    return list(backend.index.refresh()._segments())


def test_incremental_writes_never_merge_away_bulk_segments(seeds):
    get_backend().rebuild(procs=1)
    bulk = [s.segment_id() for s in _segments() if has_raw_arrays(s)]
    assert bulk
    for i in range(12):  # enough small commits for Whoosh to merge some
        index_now(create_article(title=f"Bài thêm {i}", body=f"Nội dung thêm {i}"))
    assert len(_segments()) == 12 + len(bulk)  # a commit merges nothing itself
    assert get_backend().merge_small(least=6)  # as an idle writer does
    segments = _segments()
    assert set(bulk) <= {s.segment_id() for s in segments}
    assert len(segments) < 12 + len(bulk)  # the small segments were merged


def test_a_merge_that_drops_raw_arrays_is_reported(seeds):
    from search.backends.whoosh.engine import segments_without_raw_arrays

    get_backend().rebuild(procs=1)
    assert segments_without_raw_arrays(get_backend().snapshot().view, 1) == []
    backend = get_backend().haystack
    backend.index.optimize()  # Whoosh's own merge rewrites every posting
    get_backend().forget()
    dropped = segments_without_raw_arrays(get_backend().snapshot().view, 1)
    assert dropped and dropped[0]["documents"] >= len(seeds)


def test_check_index_reports_segments_that_lost_their_raw_arrays(seeds, monkeypatch):
    import json
    from io import StringIO

    from django.core.management import call_command

    monkeypatch.setattr("search.backends.whoosh.bulk.RAW_MIN", 1)
    get_backend().rebuild(procs=1)
    out = StringIO()
    call_command("check_index", stdout=out)
    assert json.loads(out.getvalue())["segments_without_raw_arrays"] == []
    get_backend().haystack.index.optimize()
    get_backend().forget()
    out = StringIO()
    call_command("check_index", stdout=out)
    report = json.loads(out.getvalue())
    assert report["backend"] == "whoosh"
    assert report["segments_without_raw_arrays"][0]["documents"] == len(seeds)
