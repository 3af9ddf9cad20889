"""Near-duplicates with known truth, built from real sentences, to measure dedup.

Documents are runs of consecutive sentences of one source (so a document reads like the
article it came from). Each document may get variants, the way reprints differ: the other
script (OpenCC s2t, s2twp or t2s), character edits at a set rate, sentences deleted,
inserted or shuffled, a reprint header and footer, a partial copy, or a mix of two of
these. Hard negatives share a third of their sentences with a document and are not its
duplicates. Everything is drawn from one seeded generator: the same sentences and seed
give the same corpus.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import opencc

MIN_SENTENCE_CHARS = 8
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


@dataclass(frozen=True)
class SyntheticDoc:
    doc_id: str
    text: str
    family: int  # documents of one family are near-duplicates by construction
    transform: str  # "original", "hard-negative", or what made this variant


def read_sentences(path: Path) -> list[str]:
    """Sentences of a development set or of any UTF-8 text: UNER `# text =` lines,
    People's Daily one character a line, SIGHAN words separated by spaces, or plain text
    (one sentence or paragraph a line)."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".iob2":
        prefix = "# text = "
        lines = [line[len(prefix) :] for line in text.splitlines() if line.startswith(prefix)]
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
    ) -> None:
        self.rng = random.Random(seed)
        self.sentences = sentences
        self.variants = variants
        self.hard_negative_rate = hard_negative_rate
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
        """Base documents: consecutive sentences of a pool, without overlap."""
        for pool in self.pools:
            start = 0
            while start + self.sentences[0] <= len(pool):
                size = self.rng.randint(*self.sentences)
                yield pool[start : start + size]
                start += size

    def generate(self) -> list[SyntheticDoc]:
        out: list[SyntheticDoc] = []
        for family, sentences in enumerate(self.documents()):
            out.append(
                SyntheticDoc(f"f{family:05d}-0", _join(sentences, self.rng), family, "original")
            )
            for k in range(self.rng.randint(*self.variants)):
                transform, text = self._variant(sentences)
                out.append(SyntheticDoc(f"f{family:05d}-{k + 1}", text, family, transform))
            if self.rng.random() < self.hard_negative_rate:
                shared = self.rng.sample(sentences, max(1, len(sentences) // 3))
                fresh = self.rng.sample(self.fillers, 2 * len(shared))
                mixed = shared + fresh
                self.rng.shuffle(mixed)
                out.append(
                    SyntheticDoc(
                        f"f{family:05d}-n", _join(mixed, self.rng), -1 - family, "hard-negative"
                    )
                )
        self.rng.shuffle(out)
        return out

    def _variant(self, sentences: list[str]) -> tuple[str, str]:
        steps = self.rng.sample(list(self._transforms), self.rng.choice((1, 1, 2)))
        names = []
        parts = list(sentences)
        text_steps: list[Callable[[str], str]] = []
        for name in sorted(steps):
            label, on_sentences, on_text = self._transforms[name]()
            names.append(label)
            if on_sentences:
                parts = on_sentences(parts)
            if on_text:
                text_steps.append(on_text)
        text = _join(parts, self.rng)
        for step in text_steps:
            text = step(text)
        return "+".join(names), text

    @cached_property
    def _transforms(self) -> dict[str, Callable[[], tuple[str, Callable | None, Callable | None]]]:
        rng = self.rng

        def script() -> tuple[str, None, Callable[[str], str]]:
            def convert(text: str) -> str:
                simplified = self._converters["t2s"].convert(text)
                if simplified != text:
                    return simplified
                return self._converters[rng.choice(("s2t", "s2twp"))].convert(text)

            return "script", None, convert

        def edit() -> tuple[str, None, Callable[[str], str]]:
            rate = rng.choice((0.01, 0.03, 0.05, 0.1))
            return f"edit-{rate:g}", None, lambda text: self._edit(text, rate)

        def delete() -> tuple[str, Callable[[list[str]], list[str]], None]:
            def drop(parts: list[str]) -> list[str]:
                n = max(1, int(len(parts) * rng.uniform(0.1, 0.2)))
                gone = set(rng.sample(range(len(parts)), n))
                return [p for i, p in enumerate(parts) if i not in gone]

            return "delete", drop, None

        def insert() -> tuple[str, Callable[[list[str]], list[str]], None]:
            def add(parts: list[str]) -> list[str]:
                parts = list(parts)
                for s in rng.sample(self.fillers, max(1, int(len(parts) * rng.uniform(0.1, 0.2)))):
                    parts.insert(rng.randint(0, len(parts)), s)
                return parts

            return "insert", add, None

        def shuffle() -> tuple[str, Callable[[list[str]], list[str]], None]:
            def mix(parts: list[str]) -> list[str]:
                parts = list(parts)
                rng.shuffle(parts)
                return parts

            return "shuffle", mix, None

        def boilerplate() -> tuple[str, None, Callable[[str], str]]:
            def wrap(text: str) -> str:
                fill = {
                    "outlet": rng.choice(OUTLETS),
                    "name": rng.choice(NAMES),
                    "title": text[:12],
                }
                return (
                    rng.choice(HEADERS).format(**fill)
                    + "\n"
                    + text
                    + "\n"
                    + rng.choice(FOOTERS).format(**fill)
                )

            return "header", None, wrap

        def partial() -> tuple[str, Callable[[list[str]], list[str]], None]:
            share = rng.choice((0.5, 0.7, 0.9))
            return (
                f"partial-{share:g}",
                lambda parts: parts[: max(1, round(len(parts) * share))],
                None,
            )

        return {
            "script": script,
            "edit": edit,
            "delete": delete,
            "insert": insert,
            "shuffle": shuffle,
            "header": boilerplate,
            "partial": partial,
        }

    def _edit(self, text: str, rate: float) -> str:
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


def _join(sentences: list[str], rng: random.Random) -> str:
    """Sentences into paragraphs of three to five."""
    paragraphs, k = [], 0
    while k < len(sentences):
        size = rng.randint(3, 5)
        paragraphs.append("".join(sentences[k : k + size]))
        k += size
    return "\n".join(paragraphs)
