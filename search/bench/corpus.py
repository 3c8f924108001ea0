"""A synthetic archive for benchmarks, grown from the seed articles.

Text comes from a word-level Markov chain trained on the seed articles, with a
Zipf-distributed tail of rare made-up syllables so term selectivity resembles a
real archive. Officials, document codes and dates are injected at Zipf-like
frequencies over 2010–2026. The generator is deterministic for a given seed.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from articles import text

SEED_FILE = Path(__file__).resolve().parents[2] / "tests/data/search/articles.json"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Minh", "Đức", "Thanh", "Quốc", "Hữu", "Ngọc", "Xuân", "Hồng"]
GIVEN = ["Hưng", "Mai", "Chính", "Thể", "Hằng", "Bảo", "Hạnh", "Căn", "Tùng", "Lâm"]
GIVEN += ["Dũng", "Hải", "Sơn", "Phúc", "Thắng", "Tuấn", "Long", "Nam", "Hòa", "Khiêm"]
TYPES = [
    ("QĐ", "Quy định"),
    ("NQ", "Nghị quyết"),
    ("KL", "Kết luận"),
    ("CT", "Chỉ thị"),
]
TYPES += [("KH", "Kế hoạch"), ("HD", "Hướng dẫn")]
ONSETS = ["b", "c", "ch", "d", "đ", "g", "h", "kh", "l", "m", "n", "ng", "nh", "ph"]
ONSETS += ["qu", "s", "t", "th", "tr", "v", "x"]
RHYMES = ["a", "ai", "an", "ang", "anh", "ao", "âm", "ân", "ât", "êm", "iên", "im"]
RHYMES += ["oa", "oan", "ôi", "ông", "ơn", "ư", "ưa", "ương", "uy", "uyên", "ưu"]
TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]


@dataclass(slots=True)
class SyntheticArticle:
    title: str
    lead: str
    body: str
    published_at: dt.datetime
    section: str
    source: str
    officials: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)


class Zipf:
    """Draw indexes 0..n-1 with probability proportional to 1/(i+1)^s."""

    def __init__(self, n: int, s: float, rng: random.Random) -> None:
        self.cum = list(itertools.accumulate(1 / (i + 1) ** s for i in range(n)))
        self.rng = rng

    def draw(self) -> int:
        return bisect.bisect(self.cum, self.rng.random() * self.cum[-1])


class Corpus:
    """Generate articles; `officials` and `codes` are the ground truth lists."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        rows = json.loads(SEED_FILE.read_text())
        self.chain: dict[str, list[str]] = {}
        self.starts: list[str] = []
        for row in rows:
            for para in (row["lead"] + "\n\n" + row["body"]).split("\n\n"):
                words = para.split()
                if len(words) < 5:
                    continue
                self.starts.append(words[0])
                for a, b in itertools.pairwise(words):
                    self.chain.setdefault(a, []).append(b)
        names = {(f, m, g) for f in FAMILY for m in MIDDLE for g in GIVEN}
        self.officials = [" ".join(n) for n in sorted(names)]
        self.rng.shuffle(self.officials)
        self.officials = ["Trương Thị Mai", "Lê Minh Hưng"] + self.officials[:298]
        self.codes = []
        for i in range(400):
            kind, _name = TYPES[i % len(TYPES)]
            self.codes.append(f"{self.rng.randint(1, 400)}-{kind}/TW")
        self.codes = list(dict.fromkeys(self.codes))
        self.rare = [self._syllable() + " " + self._syllable() for _ in range(40_000)]
        self.z_off = Zipf(len(self.officials), 1.1, self.rng)
        self.z_code = Zipf(len(self.codes), 1.1, self.rng)
        self.z_rare = Zipf(len(self.rare), 1.05, self.rng)

    def _syllable(self) -> str:
        onset = self.rng.choice(ONSETS)
        rhyme = self.rng.choice(RHYMES)
        tone = self.rng.choice(TONES)
        return text.normalize(onset + rhyme[0] + tone + rhyme[1:])

    def _sentence(self, words: int) -> str:
        w = self.rng.choice(self.starts)
        out = [w]
        while len(out) < words:
            nxt = self.chain.get(w)
            w = self.rng.choice(nxt) if nxt else self.rng.choice(self.starts)
            if self.rng.random() < 0.03:
                out.append(self.rare[self.z_rare.draw()])
            out.append(w)
        return " ".join(out)

    def article(self, i: int) -> SyntheticArticle:
        """Return the i-th article (about 4 KB of text)."""
        rng = self.rng
        officials = list(
            dict.fromkeys(
                self.officials[self.z_off.draw()] for _ in range(rng.randint(0, 3))
            )
        )
        codes = list(
            dict.fromkeys(
                self.codes[self.z_code.draw()] for _ in range(rng.randint(0, 2))
            )
        )
        paragraphs = [self._sentence(rng.randint(60, 110)) for _ in range(9)]
        for name in officials:
            p = rng.randrange(len(paragraphs))
            paragraphs[p] += f" Đồng chí {name}, Ủy viên Trung ương Đảng phát biểu."
        for code in codes:
            kind = code.split("-")[1].split("/")[0]
            label = dict(TYPES)[kind]
            p = rng.randrange(len(paragraphs))
            paragraphs[p] += f" Thực hiện {label} số {code} của Bộ Chính trị."
        day = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(17 * 365 - 200))
        return SyntheticArticle(
            title=self._sentence(rng.randint(8, 14)).rstrip(".,"),
            lead=self._sentence(rng.randint(30, 45)),
            body="\n\n".join(paragraphs),
            published_at=dt.datetime(
                day.year, day.month, day.day, rng.randrange(24), tzinfo=dt.UTC
            ),
            section=rng.choice(["Xây dựng Đảng", "Thời sự - Chính trị", "Chính trị"]),
            source=rng.choice(["Tạp chí Cộng sản", "Báo Nhân Dân", "Hà Nội Mới"]),
            officials=officials,
            codes=codes,
        )
