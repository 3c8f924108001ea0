"""The real-page development splits keep the level tuning reached (issue 10).

Floors sit at the figures measured on each split, rounded down, so a
regression fails here. `dev/`, `test/`, `holdout/`, `holdout2/`, `holdout3/`,
`holdout4/` and `holdout5/` are all development data now: `test/` to
`holdout5/` were the untouched sets of the first six rounds; each was scored
and then used to decide, and holdout5's per-page errors were tuned on in the
seventh, on every field. `holdout6/`, the seventh round's untouched set, was
scored and its per-page errors tuned on in the eighth: it is development data
too. The next untouched set is `holdout7/`, which the test suite never scores;
the last test checks that each untouched set is whole and new.
"""

from pathlib import Path

import pytest

from articles.evaluation import evaluate

REAL = Path(__file__).resolve().parents[1] / "data" / "extraction" / "real"

F1_FLOORS = {
    "dev": {"persons": 1.0, "titles": 0.97, "document_codes": 1.0, "bylines": 0.96},
    "test": {"persons": 1.0, "titles": 0.96, "document_codes": 1.0, "bylines": 0.93},
    "holdout": {
        "persons": 1.0,
        "titles": 0.96,
        "document_codes": 1.0,
        "bylines": 1.0,
    },
    "holdout2": {
        "persons": 1.0,
        "titles": 0.99,
        "document_codes": 1.0,
        "bylines": 0.96,
    },
    "holdout3": {
        "persons": 0.97,
        "titles": 0.95,
        "document_codes": 1.0,
        "bylines": 0.86,
    },
    "holdout4": {
        "persons": 0.95,
        "titles": 0.93,
        "document_codes": 1.0,
        "bylines": 0.97,
    },
    "holdout5": {
        "persons": 0.99,
        "titles": 0.97,
        "document_codes": 0.96,
        "bylines": 1.0,
    },
    # Studied in the eighth round on every field.
    "holdout6": {
        "persons": 0.98,
        "titles": 0.93,
        "document_codes": 0.97,
        "bylines": 0.77,
    },
}
ACCURACY_FLOORS = {
    # Nine of dev's 38 event dates give no year on the page (see the README).
    "dev": {"event_date": 0.76, "published": 1.0},
    "test": {"event_date": 0.94, "published": 1.0},
    "holdout": {"event_date": 1.0, "published": 1.0},
    "holdout2": {"event_date": 1.0, "published": 1.0},
    "holdout3": {"event_date": 0.88, "published": 0.93},
    "holdout4": {"event_date": 0.94, "published": 1.0},
    "holdout5": {"event_date": 0.95, "published": 1.0},
    # One page is a headline alone with no text, which the page parser refuses.
    "holdout6": {"event_date": 1.0, "published": 1.0},
}
HEADLINE_FLOORS = {
    "dev": 0.83,
    "test": 0.88,
    "holdout": 0.73,
    "holdout2": 0.86,
    "holdout3": 0.8,
    "holdout4": 0.78,
    "holdout5": 0.9,
    "holdout6": 0.94,
}
# Pages given a made-up headline although they print one, at most.
DERIVED_CEILINGS = {
    "dev": 3,
    "test": 1,
    "holdout": 4,
    "holdout2": 2,
    "holdout3": 5,
    "holdout4": 5,
    "holdout5": 1,
    "holdout6": 1,
}
# Pages given a headline of page furniture although they print none, at most
# (three on every split but holdout3 to holdout6, whose headers are
# the hardest: they hold many tag, list and portal pages, whose first item's
# headline the text alone does not tell from the page's own).
REAL_FOR_NONE_CEILINGS = {"holdout3": 9, "holdout4": 17, "holdout5": 18, "holdout6": 5}
SPLITS = sorted(ACCURACY_FLOORS)


@pytest.fixture(scope="module", params=SPLITS)
def split(request):
    return request.param, evaluate(REAL / request.param / "gold.json")


@pytest.mark.parametrize("field", sorted(F1_FLOORS["dev"]))
def test_f1_stays_at_its_floor(split, field):
    name, report = split
    assert report[field]["f1"] >= F1_FLOORS[name][field], report[field]


def test_every_split_keeps_floors_on_every_field():
    """A split with floors on some fields only would go unchecked on the rest."""
    assert set(F1_FLOORS) == set(ACCURACY_FLOORS) == set(HEADLINE_FLOORS)
    assert set(DERIVED_CEILINGS) == set(HEADLINE_FLOORS)


@pytest.mark.parametrize("field", sorted(ACCURACY_FLOORS["dev"]))
def test_date_accuracy_stays_at_its_floor(split, field):
    name, report = split
    assert report[field]["accuracy"] >= ACCURACY_FLOORS[name][field], report[field]


def test_headlines_stay_real_where_pages_have_one(split):
    name, report = split
    headline = report["headline"]
    assert headline["exact"] >= HEADLINE_FLOORS[name], headline
    assert headline["derived_for_real"] <= DERIVED_CEILINGS[name], headline
    assert headline["real_for_none"] <= REAL_FOR_NONE_CEILINGS.get(name, 3), headline


# Sets built untouched, oldest first; each must be new to every split before it
# (holdout2 has been used for tuning since, and is development data now).
UNTOUCHED = ("holdout2", "holdout3", "holdout4", "holdout5", "holdout6", "holdout7")
# Pages, outlets, and pages with an event date, a publication timestamp and a
# byline that each untouched set has at least.
UNTOUCHED_MINIMUMS = {
    "holdout2": {
        "files": 40,
        "outlets": 30,
        "event_date": 25,
        "published": 25,
        "bylines": 25,
    },
    "holdout3": {
        "files": 60,
        "outlets": 60,
        "event_date": 25,
        "published": 25,
        "bylines": 20,
    },
    "holdout4": {
        "files": 100,
        "outlets": 95,
        "event_date": 35,
        "published": 35,
        "bylines": 20,
    },
    "holdout5": {
        "files": 115,
        "outlets": 115,
        "event_date": 42,
        "published": 19,
        "bylines": 18,
    },
    "holdout6": {
        "files": 78,
        "outlets": 78,
        "event_date": 30,
        "published": 20,
        "bylines": 19,
    },
    "holdout7": {
        "files": 78,
        "outlets": 78,
        "event_date": 47,
        "published": 21,
        "bylines": 19,
    },
}
# Untouched sets drawn only from outlets that no earlier split uses.
NEW_OUTLETS_ONLY = {"holdout3", "holdout4", "holdout5", "holdout6", "holdout7"}


@pytest.mark.parametrize("name", UNTOUCHED)
def test_the_untouched_set_is_whole_and_new(name):
    """An untouched set names each of its pages once and shares no source with the others."""
    import json

    def load(split):
        return json.loads((REAL / split / "gold.json").read_text(encoding="utf-8"))

    gold = load(name)
    least = UNTOUCHED_MINIMUMS[name]
    files = [entry["file"] for entry in gold]
    assert sorted(files) == sorted(p.name for p in (REAL / name).glob("*.txt"))
    assert len(set(files)) == len(files) >= least["files"]
    assert len({entry["outlet"] for entry in gold}) >= least["outlets"]
    for field in ("event_date", "published", "bylines"):
        assert sum(1 for entry in gold if entry[field]) >= least[field], field
    earlier = ("dev", "test", "holdout") + UNTOUCHED[: UNTOUCHED.index(name)]
    used = {entry["source_url"] for split in earlier for entry in load(split)}
    assert not used & {entry["source_url"] for entry in gold}
    if name in NEW_OUTLETS_ONLY:
        outlets = {entry["outlet"] for split in earlier for entry in load(split)}
        assert not outlets & {entry["outlet"] for entry in gold}
