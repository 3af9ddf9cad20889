"""Character classes that layout repair and normalization reason about.

PDF and web dumps mix CJK text, full-width punctuation and Latin runs; deciding whether a
line break or a space is debris depends on which class the neighbouring characters are in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator

# ｡ ､ ｢ ｣ (U+FF61-FF64) are the half-width forms of 。、「」 that some web sources use.
SENTENCE_FINAL = frozenset("。｡！？!?；…")
MIDDLE_DOTS = frozenset("·‧・•")  # between the parts of a transliterated name (芭芭拉·弗)
CLOSERS = frozenset("」｣』）】〕》〉”’)]\"'")
# Where the event rules' sentences and clauses end (in text_norm, line breaks kept); the
# comma of 4,000 ends no clause; an ideographic space or a bar parts a headline's clauses
# (美韓聯合火力殲滅演習登場　北韓批「戰爭預演」, 砺兵鲁中｜第80集团军某旅…), and so does a
# hashtag's mark (#中哈互免签证协定今天生效# 说走就走).
SENTENCE_END = re.compile(r"[。！？；\n]")
CLAUSE_END = re.compile(
    r"[，。！？；;：\n\u3000｜#＃]|[,:](?!\d)|(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])"
)


def is_cjk(ch: str) -> bool:
    """Han ideographs (all blocks), kana, hangul, bopomofo, and the CJK symbol 〇."""
    cp = ord(ch)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x3FFFF
        or 0xF900 <= cp <= 0xFAFF
        or 0x3040 <= cp <= 0x30FF
        or 0x3100 <= cp <= 0x312F
        or 0xAC00 <= cp <= 0xD7AF
        or cp == 0x3007
    )


def is_wide(ch: str) -> bool:
    """CJK characters and full-width forms (punctuation, letters, digits)."""
    return is_cjk(ch) or unicodedata.east_asian_width(ch) in ("W", "F")


class PerCharacter(dict[str, int]):
    """A character's value, computed when first seen: a sum over a text is then a `map`
    over a dict at C speed (texts use a few thousand distinct characters; past `limit`
    characters are computed without being kept, so hostile input cannot grow it)."""

    def __init__(self, value: Callable[[str], int], limit: int = 1 << 16) -> None:
        super().__init__()
        self.value = value
        self.limit = limit

    def __missing__(self, ch: str) -> int:
        value = self.value(ch)
        if len(self) < self.limit:
            self[ch] = value
        return value

    def total(self, text: str) -> int:
        return sum(map(self.__getitem__, text))


WIDTHS = PerCharacter(lambda ch: 2 if is_wide(ch) else 1)
CJK = PerCharacter(lambda ch: int(is_cjk(ch)))


def display_width(text: str) -> int:
    """Width in half-em units as a PDF line would occupy it: wide characters count two."""
    return WIDTHS.total(text)


def count_cjk(text: str) -> int:
    return CJK.total(text)


TRAILING_PARENTHETICAL = re.compile(r"[。！？.!?][（(][^（）()]{1,30}[）)]$")


def ends_sentence(text: str) -> bool:
    """True when the text ends with sentence-final punctuation, closing brackets aside.

    A parenthetical after the full stop (…之處。（參見表6）) still ends the sentence.
    """
    if TRAILING_PARENTHETICAL.search(text.rstrip()):
        return True
    mark = _final_mark(text)
    return bool(mark) and mark in SENTENCE_FINAL | {"."}


def _final_mark(text: str) -> str:
    """The text's last character, closing brackets and quotes aside ('' when none)."""
    stripped = text.rstrip()
    while stripped and stripped[-1] in CLOSERS:
        stripped = stripped[:-1]
    return stripped[-1:]


QUESTION_OR_EXCLAMATION = frozenset("？！?!")


def ends_statement(text: str) -> bool:
    """True when the text ends a sentence with a full stop or the like, not with a question
    or an exclamation mark: a headline may ask or exclaim (美俄核军控会“断档”吗？), a
    headline does not state."""
    return ends_sentence(text) and _final_mark(text) not in QUESTION_OR_EXCLAMATION


def word_alternation(words: Iterable[str]) -> str:
    """A regular-expression alternation of literal words, longest first (so 联合声明 is
    tried before 声明)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def any_word(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern that finds any of `words` (longest first)."""
    return re.compile(word_alternation(words))


def ending_with(words: Iterable[str]) -> re.Pattern[str]:
    """One of `words` ending the text searched (longest first)."""
    return re.compile(f"(?:{word_alternation(words)})$")


def literal_matches(text: str, words: Iterable[str]) -> Iterator[tuple[int, int]]:
    """Where `words` occur in `text`, left to right, the longest at each place, none
    overlapping. A character class finds where one may start, so the cost grows with the
    text, not with the number of words (a regular-expression alternation of N words
    tries all N at every position)."""
    by_first: dict[str, list[str]] = {}
    for word in sorted(set(words), key=len, reverse=True):
        if word:
            by_first.setdefault(word[0], []).append(word)
    if not by_first:
        return
    starts = re.compile(f"[{''.join(re.escape(c) for c in by_first)}]")
    at = 0
    while m := starts.search(text, at):
        i = m.start()
        word = next((w for w in by_first[text[i]] if text.startswith(w, i)), "")
        if word:
            yield i, i + len(word)
        at = i + max(len(word), 1)
