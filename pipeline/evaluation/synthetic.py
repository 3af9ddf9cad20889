"""Near-duplicates with known truth, built from real sentences, to measure dedup.

Documents are a title line and runs of consecutive sentences of one source (so a document
reads like the article it came from). Each document may get variants, the way reprints
differ: the other script (OpenCC s2t, s2twp or t2s), character edits at a set rate,
sentences deleted, inserted, replaced or shuffled, a reprint header line, a footer line, a
changed title, a copy cut short, or a mix of two of these (`generate`); or one variant of
each named kind per document (`reprints`, what `scripts/sweep_dedup.py` measures). Hard
negatives are not duplicates of what they resemble: a document sharing a third of its
sentences with another, and a series of articles that end with the same boilerplate
paragraph. Everything is drawn from one seeded generator: the same sentences and seed
give the same corpus.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import opencc

MIN_SENTENCE_CHARS = 8
# A base document sharing more than this share of its character 10-grams with earlier
# ones is left out (`NearDuplicateGenerator.documents`).
OVERLAP = 0.1
GRAM = 10
SENTENCE_END = re.compile(r"(?<=[。｡！？!?；;])")
HEADERS = (
    "本文轉載自{outlet}，原標題：{title}",
    "【{outlet}訊】記者{name}／綜合報導",
    "来源：{outlet}　作者：{name}",
    "（{outlet}讯）",
)
FOOTERS = (
    "（責任編輯：{name}）",
    "版權所有，未經授權不得轉載。",
    "本文仅代表作者观点，不代表本网立场。",
    "更多新聞請關注{outlet}。",
)
OUTLETS = ("聯合新聞網", "新华网", "中央社", "环球时报", "自由時報", "人民网", "明報", "澎湃新闻")
NAMES = ("王小明", "李华", "陳志強", "张伟", "林美玲", "刘洋")
# What `reprints` makes of every document by default: each kind of reprint the dedup
# should find, alone and as the issue measured it (a header line and a sentence replaced).
REPRINT_KINDS = (
    "script",
    "edit-0.02",
    "edit-0.05",
    "header",
    "footer",
    "header+footer",
    "title",
    "replace",
    "drop",
    "header+replace",
    "header+replace+script",
    "edit-0.02+header+replace",
    "partial-0.9",
    "partial-0.7",
    "partial-0.5",
    "drop+header+title",
)
Transform = tuple[str, Callable[[list[str]], list[str]] | None, Callable[[str], str] | None]


@dataclass(frozen=True)
class SyntheticDoc:
    doc_id: str
    text: str
    family: int  # documents of one family are near-duplicates by construction
    transform: str  # "original", "hard-negative", "series", or what made this variant
    # Documents this one shares text with but is not a duplicate of (hard negatives).
    negative_of: tuple[str, ...] = ()


def read_sentences(path: Path) -> list[str]:
    """Sentences of a development set or of any UTF-8 text: UNER `# text =` lines,
    People's Daily one character a line, SIGHAN words separated by spaces, JSON Lines
    with a `sentence` or `text` field (the military news passages, split into sentences),
    or plain text (one sentence or paragraph a line)."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".iob2":
        prefix = "# text = "
        lines = [line[len(prefix) :] for line in text.splitlines() if line.startswith(prefix)]
    elif path.suffix == ".jsonl":
        lines = []
        for row in text.splitlines():
            if row.strip():
                record = json.loads(row)
                passage = str(record.get("sentence") or record.get("text") or "")
                lines += [s.strip() for s in SENTENCE_END.split(passage)]
    elif re.match(r"^\S [BIOS]", text):
        lines = [
            "".join(row.split(" ")[0] for row in block.splitlines() if row.strip())
            for block in text.split("\n\n")
        ]
    else:
        lines = [
            re.sub(r"(?<=[^\x00-\x7f]) +| +(?=[^\x00-\x7f])", "", line).strip()
            for line in text.splitlines()
        ]
    return [line for line in lines if len(line) >= MIN_SENTENCE_CHARS]


class NearDuplicateGenerator:
    """Families of near-duplicate documents from sentence pools (one pool per source)."""

    def __init__(
        self,
        pools: Iterable[list[str]],
        seed: int = 0,
        sentences: tuple[int, int] = (8, 30),
        variants: tuple[int, int] = (0, 3),
        hard_negative_rate: float = 0.3,
        series_rate: float = 0.05,
    ) -> None:
        self.rng = random.Random(seed)
        self.sentences = sentences
        self.variants = variants
        self.hard_negative_rate = hard_negative_rate
        self.series_rate = series_rate  # a series of articles per this many documents
        self.pools = []
        self.fillers = []
        for pool in pools:
            unique = list(dict.fromkeys(pool))  # a repeated sentence would link families
            cut = len(unique) * 4 // 5
            self.pools.append(unique[:cut])
            self.fillers.extend(unique[cut:])

    @cached_property
    def _converters(self) -> dict[str, opencc.OpenCC]:
        return {name: opencc.OpenCC(name) for name in ("s2t", "s2twp", "t2s")}

    @cached_property
    def _han(self) -> str:
        """Characters an edit may insert: those of the sentences themselves."""
        chars = {c for pool in self.pools for s in pool[:2000] for c in s}
        return "".join(sorted(c for c in chars if "\u4e00" <= c <= "\u9fff"))

    def documents(self) -> Iterator[list[str]]:
        """Base documents: a title, then consecutive sentences of a pool, without overlap.
        A run of sentences whose text is for the most part in earlier ones is left out:
        sources repeat themselves (the PKU text holds a law and the decision amending it,
        which quotes most of its articles), and two documents that are near-duplicates in
        the source would be scored as a false pair."""
        seen: set[str] = set()
        for pool in self.pools:
            start = 0
            while start + self.sentences[0] <= len(pool):
                size = self.rng.randint(*self.sentences)
                sentences = pool[start : start + size]
                start += size
                grams = _grams("".join(sentences))
                if len(grams & seen) > OVERLAP * len(grams):
                    continue
                seen |= grams
                yield [self._title(), *sentences]

    def generate(self) -> list[SyntheticDoc]:
        """Each document with 0-3 variants of one or two random kinds, a hard negative for
        some, and now and then a series of articles sharing a boilerplate paragraph."""
        out: list[SyntheticDoc] = []
        family = -1
        for family, sentences in enumerate(self.documents()):
            original = f"f{family:05d}-0"
            out.append(SyntheticDoc(original, self._text(sentences), family, "original"))
            for k in range(self.rng.randint(*self.variants)):
                steps = self.rng.sample(list(self._transforms), self.rng.choice((1, 1, 2)))
                transform, text = self._variant(sentences, steps)
                out.append(SyntheticDoc(f"f{family:05d}-{k + 1}", text, family, transform))
            if self.rng.random() < self.hard_negative_rate:
                out.append(self._third(sentences, family))
            if self.rng.random() < self.series_rate:
                out += self._series(family)
        self.rng.shuffle(out)
        return out

    def reprints(
        self, kinds: Sequence[str] = REPRINT_KINDS, documents: int | None = None
    ) -> list[SyntheticDoc]:
        """One variant of each kind for every base document (up to `documents` of them),
        a hard negative sharing a third of its sentences with every document, and a
        series of three articles with one boilerplate paragraph for every fifth. A kind is
        transforms joined by "+", each optionally with its parameter: `edit-0.02` (2 % of
        the characters changed), `partial-0.7` (the first 70 % of the sentences), `header`,
        `footer`, `title`, `replace` and `drop` (one sentence), `script`, `shuffle`."""
        out: list[SyntheticDoc] = []
        for family, sentences in enumerate(self.documents()):
            if documents is not None and family >= documents:
                break
            out.append(SyntheticDoc(f"f{family:05d}-0", self._text(sentences), family, "original"))
            for k, kind in enumerate(kinds):
                steps = kind.split("+")
                _, text = self._variant(sentences, steps)
                out.append(SyntheticDoc(f"f{family:05d}-{k + 1}", text, family, kind))
            out.append(self._third(sentences, family))
            if family % 5 == 0:
                out += self._series(family)
        return out

    def _third(self, sentences: list[str], family: int) -> SyntheticDoc:
        """A hard negative: a third of the document's sentences among twice as many others."""
        body = sentences[1:]
        shared = self.rng.sample(body, max(1, len(body) // 3))
        fresh = self.rng.sample(self.fillers, 2 * len(shared))
        mixed = shared + fresh
        self.rng.shuffle(mixed)
        return SyntheticDoc(
            f"f{family:05d}-n",
            self._text([self._title(), *mixed]),
            -1 - family,
            "hard-negative",
            (f"f{family:05d}-0",),
        )

    def _series(self, family: int) -> list[SyntheticDoc]:
        """Hard negatives: three articles of their own (3-8 sentences each) that end with
        the same boilerplate paragraph of 2-4 sentences (an outlet's standing note, the
        background paragraph of a series)."""
        sizes = [self.rng.randint(2, 4)] + [self.rng.randint(3, 8) for _ in range(3)]
        drawn = self.rng.sample(self.fillers, sum(sizes))  # no sentence twice in a series
        boilerplate, drawn = drawn[: sizes[0]], drawn[sizes[0] :]
        ids = [f"s{family:05d}-{k}" for k in range(3)]
        out = []
        for k, doc_id in enumerate(ids):
            body, drawn = drawn[: sizes[k + 1]], drawn[sizes[k + 1] :]
            text = self._text([self._title(), *body]) + "\n" + "".join(boilerplate)
            others = tuple(i for i in ids if i != doc_id)
            # Families below every hard negative's (-1 - family): each member is alone.
            out.append(SyntheticDoc(doc_id, text, -1_000_000 - 3 * family - k, "series", others))
        return out

    def _title(self) -> str:
        """A headline: the start of a filler sentence, 8-18 characters, no punctuation."""
        words = re.sub(r"[\W_]+", "", self.rng.choice(self.fillers))
        return words[: self.rng.randint(8, 18)]

    def _text(self, sentences: list[str]) -> str:
        """The title line, then the sentences in paragraphs."""
        return sentences[0] + "\n" + _join(sentences[1:], self.rng)

    def _variant(self, sentences: list[str], steps: Sequence[str]) -> tuple[str, str]:
        """The document with the named transforms (`edit`, `edit-0.02`, ...) applied:
        those on sentences first, then those on the text, each group in name order."""
        names = []
        parts = list(sentences)
        text_steps: list[Callable[[str], str]] = []
        for step in sorted(steps):
            name, _, param = step.partition("-")
            label, on_sentences, on_text = self._transforms[name](float(param) if param else None)
            names.append(label)
            if on_sentences:
                parts = [parts[0], *on_sentences(parts[1:])]
            if on_text:
                text_steps.append(on_text)
        if "title" in steps:
            parts[0] = self._title()
        text = self._text(parts)
        for step in text_steps:
            text = step(text)
        return "+".join(names), text

    @cached_property
    def _transforms(self) -> dict[str, Callable[[float | None], Transform]]:
        """Each transform, given its parameter or drawing one: its label and what it does
        to the sentences (the title left out) or to the text."""
        return {  # in the order `_variant` draws from
            "script": self._script_transform,
            "edit": self._edit_transform,
            "delete": self._delete_transform,
            "drop": self._drop_transform,
            "replace": self._replace_transform,
            "insert": self._insert_transform,
            "shuffle": self._shuffle_transform,
            "header": self._header_transform,
            "footer": self._footer_transform,
            "title": self._title_transform,
            "partial": self._partial_transform,
        }

    def _script_transform(self, _: float | None) -> Transform:
        def convert(text: str) -> str:
            simplified = self._converters["t2s"].convert(text)
            if simplified != text:
                return simplified
            return self._converters[self.rng.choice(("s2t", "s2twp"))].convert(text)

        return "script", None, convert

    def _edit_transform(self, rate: float | None) -> Transform:
        rate = rate or self.rng.choice((0.01, 0.02, 0.03, 0.05, 0.1))
        return f"edit-{rate:g}", None, lambda text: self._edit(text, rate)

    def _delete_transform(self, _: float | None) -> Transform:
        def drop(parts: list[str]) -> list[str]:
            n = max(1, int(len(parts) * self.rng.uniform(0.1, 0.2)))
            gone = set(self.rng.sample(range(len(parts)), n))
            return [p for i, p in enumerate(parts) if i not in gone]

        return "delete", drop, None

    def _drop_transform(self, _: float | None) -> Transform:
        def one(parts: list[str]) -> list[str]:
            gone = self.rng.randrange(len(parts))
            return parts[:gone] + parts[gone + 1 :]

        return "drop", one, None

    def _replace_transform(self, _: float | None) -> Transform:
        def swap(parts: list[str]) -> list[str]:
            parts = list(parts)
            parts[self.rng.randrange(len(parts))] = self.rng.choice(self.fillers)
            return parts

        return "replace", swap, None

    def _insert_transform(self, _: float | None) -> Transform:
        def add(parts: list[str]) -> list[str]:
            parts = list(parts)
            n = max(1, int(len(parts) * self.rng.uniform(0.1, 0.2)))
            for s in self.rng.sample(self.fillers, n):
                parts.insert(self.rng.randint(0, len(parts)), s)
            return parts

        return "insert", add, None

    def _shuffle_transform(self, _: float | None) -> Transform:
        def mix(parts: list[str]) -> list[str]:
            parts = list(parts)
            self.rng.shuffle(parts)
            return parts

        return "shuffle", mix, None

    def _fill(self, text: str) -> dict[str, str]:
        return {
            "outlet": self.rng.choice(OUTLETS),
            "name": self.rng.choice(NAMES),
            "title": text.split("\n", 1)[0],
        }

    def _header_transform(self, _: float | None) -> Transform:
        def add(text: str) -> str:
            return self.rng.choice(HEADERS).format(**self._fill(text)) + "\n" + text

        return "header", None, add

    def _footer_transform(self, _: float | None) -> Transform:
        def add(text: str) -> str:
            return text + "\n" + self.rng.choice(FOOTERS).format(**self._fill(text))

        return "footer", None, add

    def _title_transform(self, _: float | None) -> Transform:
        return "title", None, None  # `_variant` draws another title

    def _partial_transform(self, share: float | None) -> Transform:
        share = share or self.rng.choice((0.5, 0.7, 0.9))
        return (
            f"partial-{share:g}",
            lambda parts: parts[: max(1, round(len(parts) * share))],
            None,
        )

    def _edit(self, text: str, rate: float) -> str:
        """About `rate` of the characters changed: replaced, deleted, or followed by an
        inserted one, a third each."""
        out = []
        for ch in text:
            if ch != "\n" and self.rng.random() < rate:
                op = self.rng.randrange(3)
                if op == 0:
                    out.append(self.rng.choice(self._han))
                elif op == 2:
                    out += [ch, self.rng.choice(self._han)]
            else:
                out.append(ch)
        return "".join(out)


def _grams(text: str) -> set[str]:
    """The character 10-grams of a text's letters and digits."""
    letters = re.sub(r"[\W_]+", "", text)
    return {letters[i : i + GRAM] for i in range(max(1, len(letters) - GRAM + 1))}


def _join(sentences: list[str], rng: random.Random) -> str:
    """Sentences into paragraphs of three to five."""
    paragraphs, k = [], 0
    while k < len(sentences):
        size = rng.randint(3, 5)
        paragraphs.append("".join(sentences[k : k + size]))
        k += size
    return "\n".join(paragraphs)
