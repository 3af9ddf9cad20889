"""A corpus of any size whose duplicate structure does not change with its size, to time dedup.

`scripts/bench_scale.py`'s corpus draws runs of sentences from one fixed pool, so the larger
it is, the more of it repeats (at 100 MB 93 % of its documents are near-duplicates): dedup's
work per document grows with the data. Here the base documents are text that does not repeat:
sentences of words drawn from jieba's dictionary, weighted by their frequency (the shingles
are Chinese characters in the proportions of real text, their 3-grams mostly unique to a
document), a third of them converted to Traditional (OpenCC s2t). Each document written is,
in fixed shares (`SHARES`): a new base document, or, of a base document among the last
`WINDOW` (so a cluster's size does not grow with the corpus), an exact copy, a copy in the
other script, or an edited reprint (a header line added, a sentence replaced, a sentence
dropped, 2 % of the characters changed, or the text cut to its first 60-90 %). A fixed share
of the base documents end with one of a few boilerplate paragraphs (an outlet's standing
note): the only clusters that grow with the corpus, as they do in real text.
"""

from __future__ import annotations

import itertools
import random
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jieba
import opencc

# What each document written is: a new base document, or a variant of a recent one.
SHARES = {
    "base": 0.70,
    "copy": 0.06,
    "script": 0.06,
    "header": 0.04,
    "replace": 0.04,
    "drop": 0.04,
    "edit": 0.03,
    "partial": 0.03,
}
WINDOW = 100  # variants are of one of the last this many base documents
BOILERPLATE_SHARE = 0.1  # base documents that end with a boilerplate paragraph
BOILERPLATES = 8  # distinct boilerplate paragraphs (one an outlet)
TRADITIONAL_SHARE = 1 / 3  # base documents written in Traditional
EDIT_RATE = 0.02  # characters changed in an `edit` reprint
HEADERS = ("本文轉載自{}", "来源：{}", "（{}讯）", "【{}訊】綜合報導")
OUTLETS = ("聯合新聞網", "新华网", "中央社", "环球时报", "自由時報", "人民网", "明報", "澎湃新闻")


@dataclass(frozen=True)
class CorpusDoc:
    name: str  # a file name: doc-NNNNNN.txt
    text: str
    kind: str  # "base" or the variant's kind (a key of SHARES)


class UniqueCorpus:
    """Documents (a title line, then paragraphs of 4-8 sentences, 6-14 paragraphs) of unique
    text and their variants, from one seeded generator: the same seed gives the same corpus."""

    def __init__(self, seed: int = 1, dictionary: Path | None = None) -> None:
        self.rng = random.Random(seed)
        self.dictionary = dictionary or Path(jieba.__file__).parent / "dict.txt"
        self.recent: deque[list[list[str]]] = deque(maxlen=WINDOW)  # base docs' sentences

    @cached_property
    def vocabulary(self) -> tuple[list[str], list[int]]:
        """Words of Han characters and their cumulative frequencies."""
        words, cumulative, total = [], [], 0
        with self.dictionary.open(encoding="utf-8") as handle:
            for line in handle:
                word, freq, *_ = line.split()
                if all("\u4e00" <= c <= "\u9fff" for c in word) and int(freq) > 0:
                    total += int(freq)
                    words.append(word)
                    cumulative.append(total)
        return words, cumulative

    @cached_property
    def han(self) -> str:
        """Characters an edit may put in: those of the 20,000 most frequent words."""
        words, cumulative = self.vocabulary
        freqs = [b - a for a, b in zip([0, *cumulative], cumulative, strict=False)]
        top = sorted(range(len(words)), key=freqs.__getitem__, reverse=True)[:20_000]
        return "".join(sorted({c for i in top for c in words[i]}))

    @cached_property
    def converters(self) -> dict[str, opencc.OpenCC]:
        return {name: opencc.OpenCC(name) for name in ("s2t", "t2s")}

    @cached_property
    def boilerplates(self) -> list[str]:
        return ["".join(self._sentence() for _ in range(3)) for _ in range(BOILERPLATES)]

    def _sentence(self) -> str:
        """8-30 words, a comma after every 3-8, a full stop at the end."""
        words, cumulative = self.vocabulary
        drawn = self.rng.choices(words, cum_weights=cumulative, k=self.rng.randint(8, 30))
        out, until = [], self.rng.randint(3, 8)
        for k, word in enumerate(drawn, 1):
            out.append(word)
            if k == until and k < len(drawn):
                out.append("，")
                until += self.rng.randint(3, 8)
        return "".join(out) + "。"

    def _base(self) -> list[list[str]]:
        """A title (one sentence's start) and paragraphs, each a list of sentences."""
        title = self._sentence()[: self.rng.randint(8, 18)].rstrip("，。")
        paragraphs = [
            [self._sentence() for _ in range(self.rng.randint(4, 8))]
            for _ in range(self.rng.randint(6, 14))
        ]
        if self.rng.random() < BOILERPLATE_SHARE:
            paragraphs.append([self.rng.choice(self.boilerplates)])
        return [[title], *paragraphs]

    def documents(self, megabytes: float) -> Iterator[CorpusDoc]:
        """Documents until `megabytes` MB of UTF-8 are written (each base document in its
        script for good: its variants start from its text)."""
        kinds, weights = list(SHARES), list(SHARES.values())
        written = 0.0
        for n in itertools.count():
            if written >= megabytes * 1e6:
                return
            kind = self.rng.choices(kinds, weights)[0] if self.recent else "base"
            if kind == "base":
                parts = self._base()
                text = _text(parts)
                if self.rng.random() < TRADITIONAL_SHARE:
                    text = self.converters["s2t"].convert(text)
                    parts = _split(text)
                self.recent.append(parts)
            else:
                text = self._variant(kind, self.rng.choice(self.recent))
            written += len(text.encode("utf-8"))
            yield CorpusDoc(f"doc-{n:06d}.txt", text, kind)

    def _variant(self, kind: str, parts: list[list[str]]) -> str:
        """A variant of a base document (its title and paragraphs of sentences)."""
        body = [list(p) for p in parts[1:]]
        if kind == "script":
            text = _text(parts)
            simplified = self.converters["t2s"].convert(text)
            return simplified if simplified != text else self.converters["s2t"].convert(text)
        if kind == "header":
            line = self.rng.choice(HEADERS).format(self.rng.choice(OUTLETS))
            return line + "\n" + _text(parts)
        if kind in ("replace", "drop"):
            p = self.rng.randrange(len(body))
            s = self.rng.randrange(len(body[p]))
            if kind == "replace":
                body[p][s] = self._sentence()
            elif len(body[p]) > 1:
                del body[p][s]
            else:
                del body[p]
        elif kind == "partial":
            body = body[: max(1, round(len(body) * self.rng.uniform(0.6, 0.9)))]
        text = _text([parts[0], *body])
        if kind == "edit":
            text = "".join(
                self.rng.choice(self.han) if c != "\n" and self.rng.random() < EDIT_RATE else c
                for c in text
            )
        return text

    def write(self, folder: Path, megabytes: float) -> tuple[int, int]:
        """Writes the documents as UTF-8 files; returns (documents, characters)."""
        folder.mkdir(parents=True)
        count = chars = 0
        for doc in self.documents(megabytes):
            (folder / doc.name).write_text(doc.text, encoding="utf-8")
            count += 1
            chars += len(doc.text)
        return count, chars


def _text(parts: list[list[str]]) -> str:
    """The title line, then the paragraphs separated by blank lines."""
    return "\n\n".join("".join(p) for p in parts) + "\n"


def _split(text: str) -> list[list[str]]:
    """A document's text back into paragraphs of sentences (after a script conversion)."""
    return [
        [s + "。" for s in p.split("。") if s] if "。" in p else [p]
        for p in text.strip("\n").split("\n\n")
    ]
