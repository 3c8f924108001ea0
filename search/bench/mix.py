"""The request mix of the serving benchmark: what readers ask, drawn at random.

70 % of requests are JSON API searches, 30 % HTML result pages. At least half
ask a query the server has not seen in this run (words, official names and
document codes drawn from the corpus, combined so that each is really new); the
rest page through or click a facet of a query the same connection asked
before, as a reader does. Pure and deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlencode

from articles import text

API_SHARE = 0.70
NEW_SHARE = 0.55  # at least half: the mix
PAGE_SHARE = 0.25  # of all requests; facet clicks take the rest
KINDS = ("api_new", "api_page", "api_facet", "html_new", "html_page", "html_facet")
YEARS = [str(y) for y in range(2010, 2027)]


@dataclass(slots=True)
class Request:
    kind: str  # one of KINDS
    path: str
    q: str


@dataclass(slots=True)
class Vocabulary:
    """What new queries are made of: corpus words, officials, codes, facets."""

    words: list[str]
    rare: list[str]
    officials: list[str]
    codes: list[str]
    sources: list[str] = field(default_factory=list)
    official_slugs: list[str] = field(default_factory=list)

    @classmethod
    def from_corpus(cls, corpus, sources: list[str] | None = None) -> Vocabulary:
        """Return the vocabulary of a `search.bench.corpus.Corpus`."""
        words = sorted(
            {
                w.strip(".,;:()\"'").lower()
                for w in corpus.chain
                if len(w.strip(".,;:()\"'")) >= 2
            }
            - {""}
        )
        words = [w for w in words if text.WORD_RE.fullmatch(w)]
        return cls(
            words=words,
            rare=list(corpus.rare[:5000]),
            officials=list(corpus.officials),
            codes=list(corpus.codes),
            sources=list(sources or []),
            official_slugs=[text.slugify_vi(n) for n in corpus.officials[:60]],
        )


class Mix:
    """Draw requests for one connection; remembers its recent queries."""

    def __init__(self, vocabulary: Vocabulary, seed: int) -> None:
        self.vocab = vocabulary
        self.rng = random.Random(seed)
        self.recent: deque[str] = deque(maxlen=8)
        self.seen: set[str] = set()

    def new_query(self) -> str:
        """Return a query this connection has not asked yet."""
        for _ in range(50):
            q = self._draw_query()
            if q not in self.seen:
                self.seen.add(q)
                return q
        q = f"{self._draw_query()} {self.rng.choice(self.vocab.words)}"
        self.seen.add(q)
        return q

    def _draw_query(self) -> str:
        rng, v = self.rng, self.vocab
        shape = rng.random()
        if shape < 0.40:  # two or three common words
            return " ".join(rng.sample(v.words, rng.choice((2, 2, 3))))
        if shape < 0.55:  # a rare word, with a common one
            return f"{rng.choice(v.rare)} {rng.choice(v.words)}"
        if shape < 0.75:  # an official's name, often without diacritics
            name = rng.choice(v.officials)
            name = text.fold(name) if rng.random() < 0.6 else name
            return f"{name} {rng.choice(v.words)}" if rng.random() < 0.5 else name
        if shape < 0.90:  # a document code, in one of the spellings readers use
            code = rng.choice(v.codes)
            number, rest = code.split("-", 1)
            kind = rest.split("/")[0]
            spelled = rng.choice(
                (code, f"{kind.lower()} {number}", f"{number}/{kind}-TW")
            )
            spelled = text.fold(spelled) if rng.random() < 0.3 else spelled
            return f"{spelled} {rng.choice(v.words)}" if rng.random() < 0.3 else spelled
        # A phrase of two words in quotes.
        return '"' + " ".join(rng.sample(v.words, 2)) + '"'

    def _facet(self) -> dict[str, str]:
        rng, v = self.rng, self.vocab
        choice = rng.random()
        if choice < 0.4 or not (v.sources or v.official_slugs):
            return {"year": rng.choice(YEARS)}
        if choice < 0.7 and v.sources:
            return {"source": rng.choice(v.sources)}
        if v.official_slugs:
            return {"official": rng.choice(v.official_slugs)}
        return {"year": rng.choice(YEARS)}

    def next(self) -> Request:
        """Return the next request of this connection."""
        rng = self.rng
        surface = "api" if rng.random() < API_SHARE else "html"
        roll = rng.random()
        if roll < NEW_SHARE or not self.recent:
            q = self.new_query()
            self.recent.append(q)
            params, action = {"q": q}, "new"
        elif roll < NEW_SHARE + PAGE_SHARE:
            q = rng.choice(self.recent)
            params, action = {"q": q, "page": str(rng.randint(2, 4))}, "page"
        else:
            q = rng.choice(self.recent)
            params, action = {"q": q, **self._facet()}, "facet"
        base = "/api/search/" if surface == "api" else "/search/"
        return Request(f"{surface}_{action}", f"{base}?{urlencode(params)}", q)
