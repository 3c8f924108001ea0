"""Judged queries on the five seed articles: the relevant one must rank first."""

import json

import pytest

from search.services import search

from .conftest import DATA

JUDGED = json.loads((DATA / "judged.json").read_text())


@pytest.mark.parametrize("case", JUDGED, ids=[c["q"] for c in JUDGED])
def test_relevant_article_ranks_first(seeds, case):
    page = search(case["q"], suggest=False)
    assert page.results, case
    assert page.results[0].id == seeds[case["relevant"]].pk
