"""Script normalization: `text_norm`, the Simplified, width-folded twin of a passage text.

`text_norm` must have exactly the length of `text` (design §4), so offsets into one are
offsets into the other. OpenCC's `t2s` converts character for character in practice; if
a phrase rule ever changed the length, the passage is converted one character at a time
instead, which keeps the length by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np
import opencc

from pipeline.text.chars import count_cjk

# Full-width ASCII letters, digits and the symbols of numbers and formulas fold to their
# half-width forms; CJK punctuation (，。（）「」：) is language, not width, and stays.
FULLWIDTH_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}
FULLWIDTH_FOLD.update({cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)})
FULLWIDTH_FOLD.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})
FULLWIDTH_FOLD.update({ord(c): ord(c) - 0xFEE0 for c in "％＋－．／＝＜＞＆＠＃＄＊"})
FULLWIDTH_FOLD[0x3000] = 0x20
# The half-width forms of CJK punctuation (｡､｢｣) are the full-width marks to every rule.
FULLWIDTH_FOLD.update({ord(h): ord(f) for h, f in zip("｡､｢｣", "。、「」", strict=True)})
# OpenCC configurations that convert to Simplified character for character;
# the phrase configs (tw2sp, s2twp) replace words by words of other lengths.
LENGTH_PRESERVING = frozenset({"t2s", "tw2s", "hk2s"})
SCRIPT_MIN_HAN = 5
SCRIPT_DOMINANCE = 3


@cache
def character_map(config: str) -> dict[int, str]:
    """What OpenCC `config` does to each Han character on its own: built once per process
    (0.1 s) and shared by every `Normalizer` of that config, which only reads it."""
    convert = opencc.OpenCC(config).convert
    return {
        cp: converted
        for cp in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000))
        if (converted := convert(chr(cp))) != chr(cp) and len(converted) == 1
    }


def differences(text: str, other: str) -> int:
    """Positions where two texts differ, over the length of the shorter (NumPy over code
    points)."""
    n = min(len(text), len(other))
    a = np.frombuffer(text[:n].encode("utf-32-le"), dtype=np.uint32)
    b = np.frombuffer(other[:n].encode("utf-32-le"), dtype=np.uint32)
    return int(np.count_nonzero(a != b))


@dataclass(frozen=True)
class Normalizer:
    """Converts text to Simplified (OpenCC `config`) and folds full-width forms."""

    config: str = "t2s"

    def __post_init__(self) -> None:
        if self.config not in LENGTH_PRESERVING:
            raise ValueError(
                f"OpenCC config {self.config!r} is not supported for text_norm: phrase "
                "configs (tw2sp, s2twp, ...) replace words by words of another length, which "
                "would misalign text_norm with text; use one of "
                + ", ".join(sorted(LENGTH_PRESERVING))
            )

    @cached_property
    def _converter(self) -> opencc.OpenCC:
        return opencc.OpenCC(self.config)

    @cached_property
    def _to_traditional(self) -> opencc.OpenCC:
        return opencc.OpenCC("s2t")

    @cached_property
    def _character_map(self) -> dict[int, str]:
        return character_map(self.config)

    def __call__(self, text: str) -> str:
        if text.translate(self._character_map) == text:
            # No character the config converts: the text is Simplified already. OpenCC's
            # phrase tables would still rewrite some of it (破坏土地 → 破坯土地, from the
            # pottery term 坏土 → 坯土), so it is left as it is.
            return text.translate(FULLWIDTH_FOLD)
        converted = self._converter.convert(text)
        if len(converted) != len(text):
            converted = "".join(self._converter.convert(ch) or ch for ch in text)
            if len(converted) != len(text):
                raise ValueError(
                    f"OpenCC config {self.config!r} changes the length of the text; only "
                    "length-preserving configs (t2s, tw2s, hk2s) keep offsets aligned"
                )
        return converted.translate(FULLWIDTH_FOLD)

    def script(self, text: str) -> str:
        """`zh-Hant`, `zh-Hans`, `mixed` or `other`, from characters only one script has."""
        if count_cjk(text) < SCRIPT_MIN_HAN:
            return "other"
        trad_only = differences(text, self._converter.convert(text))
        simp_only = differences(text, self._to_traditional.convert(text))
        if trad_only >= SCRIPT_DOMINANCE * max(simp_only, 1) or (trad_only and not simp_only):
            return "zh-Hant"
        if simp_only >= SCRIPT_DOMINANCE * max(trad_only, 1) or (simp_only and not trad_only):
            return "zh-Hans"
        if trad_only and simp_only:
            return "mixed"
        return "zh-Hans"
