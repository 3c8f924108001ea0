"""The numpy evaluator matches and ranks exactly as Whoosh does on our queries."""

import numpy as np
import pytest

from search import matching
from search.backends.whoosh.engine import current_view
from search.backends.whoosh.snapshot import to_whoosh
from search.query import parse
from search.services import _officials

pytestmark = pytest.mark.whoosh_only

QUERIES = [
    "cán bộ",
    "can bo",
    "truong thi mai",
    "Trương Thị Mai",
    '"kiểm soát quyền lực"',
    "tổ chức -hội",
    "205-QĐ/TW",
    "kl 88",
    "hội nghị OR quy định",
]


@pytest.mark.parametrize("q", QUERIES)
def test_evaluator_agrees_with_whoosh(seeds, q):
    view = current_view()
    parsed = parse(q)
    recall = to_whoosh(matching.recall_query(parsed))
    expected = set(view.searcher.docs_for_query(recall))
    assert set(np.flatnonzero(view.evaluator.mask(recall)).tolist()) == expected
    rank = to_whoosh(matching.rank_query(parsed, _officials(parsed)))
    hits = view.searcher.search(rank, limit=None, terms=False)
    whoosh = {h.docnum: h.score for h in hits}
    ours = view.evaluator.top(rank, view.alive, len(view.alive))
    assert ours == [h.docnum for h in hits]
    _, scores = view.evaluator.evaluate(rank)
    for docnum, score in whoosh.items():
        assert scores[docnum] == pytest.approx(score, rel=1e-6)


@pytest.mark.parametrize("q", QUERIES)
def test_candidates_and_cached_whole_query_rank_as_whole_vectors(seeds, q, monkeypatch):
    from search.backends.whoosh.vector import Evaluator

    view = current_view()
    parsed = parse(q)
    rank = to_whoosh(matching.rank_query(parsed, _officials(parsed)))
    some = np.zeros(len(view.alive), bool)
    some[::2] = True
    monkeypatch.setattr(
        "search.backends.whoosh.vector.GATHER_SHARE", 0.0
    )  # whole vectors
    expected_some = Evaluator(view).top(rank, some, 50)
    monkeypatch.setattr(
        "search.backends.whoosh.vector.GATHER_SHARE", 1.0
    )  # candidates only
    assert Evaluator(view).top(rank, some, 50) == expected_some
    fresh = Evaluator(view)
    expected_all = fresh.top(rank, view.alive, 50)
    assert fresh.top(rank, view.alive, 50) == expected_all  # from the cache
    assert fresh.top(rank, some, 50) == expected_some  # cached whole vectors
    cached = fresh._whole(rank, True)
    assert not cached[0].flags.writeable and not cached[1].flags.writeable


def test_facet_counts_within_a_mask_are_the_sparse_products():
    import numpy as np
    from scipy import sparse

    from search.backends.whoosh.engine import FacetColumn

    rng = np.random.default_rng(7)
    docs, values = 500, 40
    rows = rng.integers(0, docs, 3000)
    cols = rng.integers(0, values, 3000)
    pairs = np.unique(np.stack([rows, cols]), axis=1)  # one entry per pair
    matrix = sparse.csc_matrix(
        (np.ones(pairs.shape[1], np.int32), (pairs[0], pairs[1])),
        shape=(docs, values + 3),  # values no document holds count 0
    )
    column = FacetColumn([str(v) for v in range(values + 3)], {}, matrix)
    for share in (0.0, 0.05, 0.5, 1.0):
        mask = rng.random(docs) < share
        expected = matrix.T.dot(mask.astype(np.int32))
        assert column.counts(mask).tolist() == expected.tolist()
    assert column.counts(None).tolist() == np.diff(matrix.indptr).tolist()
