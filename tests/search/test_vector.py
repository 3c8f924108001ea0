"""The numpy evaluator matches and ranks exactly as Whoosh does on our queries."""

import numpy as np
import pytest

from search import matching
from search.engine import current_view
from search.query import parse
from search.services import _officials

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
    recall = matching.recall_query(parsed)
    expected = set(view.searcher.docs_for_query(recall))
    assert set(np.flatnonzero(view.evaluator.mask(recall)).tolist()) == expected
    rank = matching.rank_query(parsed, _officials(parsed))
    hits = view.searcher.search(rank, limit=None, terms=False)
    whoosh = {h.docnum: h.score for h in hits}
    ours = view.evaluator.top(rank, view.alive, len(view.alive))
    assert ours == [h.docnum for h in hits]
    _, scores = view.evaluator.evaluate(rank)
    for docnum, score in whoosh.items():
        assert scores[docnum] == pytest.approx(score, rel=1e-6)
