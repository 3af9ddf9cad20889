"""The `Segmenter`: jieba's words on `text_norm`, corrected by the rules of
models/segmentation/rules.json (see the package's docstring)."""

from __future__ import annotations

import io
import itertools
import json
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import jieba

from pipeline.nlp.gazetteer import AbbreviationWords, coordination_abbreviations, load_gazetteer
from pipeline.nlp.segmentation.fast_jieba import FastJieba
from pipeline.resources import MODELS_DIR
from pipeline.text.chars import MIDDLE_DOTS, is_cjk
from pipeline.text.normalize import Normalizer

RULES_PATH = MODELS_DIR / "segmentation" / "rules.json"
LATIN = re.compile(r"[A-Za-z][A-Za-z0-9.'&+#_-]*")
NUMBER = re.compile(r"[0-9][0-9.,%]*")
OUT_OF_VOCABULARY_TAG = "n"
NAME_JOINERS = MIDDLE_DOTS | frozenset("‐‑–—─－")  # marks inside a name that jieba cuts at
ANALYSIS_CACHE_SIZE = 200_000  # distinct words whose analysis is remembered

logging.getLogger("jieba").setLevel(logging.WARNING)

Word = tuple[int, int, str]  # start, end (into the text), jieba POS tag


@dataclass(frozen=True)
class SegmentationRules:
    keep_together: tuple[tuple[re.Pattern[str], str], ...]  # pattern, tag; first wins
    isolate: tuple[tuple[re.Pattern[str], bool], ...]  # pattern, may cut into a name after it
    numeral_measure: re.Pattern[str]
    split_exceptions: frozenset[str]
    coordination_tags: frozenset[str]
    compound_min_length: int
    compound_min_part_frequency: int
    compound_keep_tags: frozenset[str]
    name_cut_skip_tags: frozenset[str]
    name_cut_function_words: frozenset[str]
    demonym_suffixes: tuple[str, ...]
    demonym_place_tags: frozenset[str]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SegmentationRules:
        quantifier = f"[{re.escape(data['numerals'])}]+|[{re.escape(data['demonstratives'])}]"
        return cls(
            keep_together=tuple(
                (re.compile(p["pattern"]), p.get("tag", "x")) for p in data["keep_together"]
            ),
            isolate=tuple(
                (re.compile(p["pattern"]), p.get("cuts_into_name", False)) for p in data["isolate"]
            ),
            numeral_measure=re.compile(
                f"(?:{quantifier})(?=[{re.escape(data['measure_words'])}]$)"
            ),
            split_exceptions=frozenset(data["split_exceptions"]),
            coordination_tags=frozenset([*data["coordination_tags"], "j"]),
            compound_min_length=data["compounds"]["min_length"],
            compound_min_part_frequency=data["compounds"]["min_part_frequency"],
            compound_keep_tags=frozenset(data["compounds"]["keep_tags"]),
            name_cut_skip_tags=frozenset(data["name_cut_skip_tags"]),
            name_cut_function_words=frozenset(data["name_cut_function_words"]),
            demonym_suffixes=tuple(data["demonyms"]["suffixes"]),
            demonym_place_tags=frozenset(data["demonyms"]["place_tags"]),
        )


class Segmenter:
    """`segmenter(text_norm)` → words as (start, end, jieba POS tag), whitespace left out."""

    def __init__(
        self,
        user_dict: str = "",
        rules: dict[str, Any] | None = None,
        abbreviations: Iterable[str] = (),
        abbreviation_words: dict[str, Any] | None = None,
        hmm: bool = True,
    ) -> None:
        self.user_dict = user_dict
        self.rules_data = rules if rules is not None else json.loads(RULES_PATH.read_text("utf-8"))
        self.rules = SegmentationRules.from_dict(self.rules_data)
        self.abbreviations = frozenset(a for a in abbreviations if len(a) == 1)
        self.abbreviation_words = AbbreviationWords.from_dict(abbreviation_words or {})
        self.hmm = hmm
        self._analyses: dict[str, tuple[tuple[int, int, str], ...]] = {}

    @classmethod
    def from_models(
        cls, normalizer: Normalizer, models_dir: Path = MODELS_DIR, hmm: bool = True
    ) -> Segmenter:
        """The project's segmenter: its user dictionary, rules and gazetteer abbreviations,
        these normalized by `normalizer` (the pipeline's, so they match its `text_norm`)."""
        folder = models_dir / "segmentation"
        return cls(
            user_dict=(folder / "user_dict.txt").read_text(encoding="utf-8"),
            rules=json.loads((folder / "rules.json").read_text(encoding="utf-8")),
            abbreviations={
                normalizer(a) for a in coordination_abbreviations(load_gazetteer(models_dir))
            },
            abbreviation_words=AbbreviationWords.from_models(normalizer, models_dir).to_dict(),
            hmm=hmm,
        )

    def to_dict(self) -> dict[str, Any]:
        """Everything that defines the segmentation (for spaCy serialization and pickling)."""
        return {
            "user_dict": self.user_dict,
            "rules": self.rules_data,
            "abbreviations": sorted(self.abbreviations),
            "abbreviation_words": self.abbreviation_words.to_dict(),
            "hmm": self.hmm,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Segmenter:
        return cls(**data)

    def __getstate__(self) -> dict[str, Any]:
        return self.to_dict()

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]

    @cached_property
    def _jieba(self) -> FastJieba:
        tokenizer = FastJieba(jieba.DEFAULT_DICT)
        tokenizer.initialize()
        if self.user_dict:
            tokenizer.load_userdict(io.BytesIO(self.user_dict.encode("utf-8")))
        return tokenizer.freeze()

    @cached_property
    def _tags(self) -> dict[str, str]:
        import jieba.posseg  # its tag table loads with it (0.2-0.4 s): when first needed

        if self._jieba.dictionary == jieba.DEFAULT_DICT:
            # jieba.posseg read the default dictionary's tags when imported (its `dt`): the
            # same file is not read again (0.4 s). The project never loads words into
            # jieba's global tokenizer, whose tags `dt` would then take in.
            tags = dict(jieba.posseg.dt.word_tag_tab)
        else:
            tags = dict(jieba.posseg.POSTokenizer(self._jieba).word_tag_tab)
        tags.update(self._jieba.user_word_tag_tab)
        return tags

    def __call__(self, text: str) -> list[Word]:
        words: list[Word] = []
        append = words.append
        analyses = self._analyses
        for start, end, fixed_tag in self._pieces(text):
            if fixed_tag:
                append((start, end, fixed_tag))
                continue
            word = text[start:end]
            parts = analyses.get(word)
            if parts is None:
                if len(analyses) >= ANALYSIS_CACHE_SIZE:
                    analyses.clear()
                parts = analyses[word] = self._analyse(word)
            if len(parts) == 1:
                append((start, end, parts[0][2]))
            else:
                words.extend((start + a, start + b, tag) for a, b, tag in parts)
        return words

    def words(self, text: str) -> list[str]:
        """The words as strings (what `jieba.lcut` returns, without whitespace)."""
        return [text[start:end] for start, end, _ in self(text)]

    def _pieces(self, text: str) -> list[tuple[int, int, str | None]]:
        """jieba's words as spans, corrected by the keep-together and isolate patterns; a
        kept-together span carries its tag. No pattern cuts into a project dictionary word
        (西伯利亚力量2号 stays whole although 2号 is a number and its unit), but a match
        marked `cuts_into_name` may cut into the name it begins (8月26日本赛季: the 26th)."""
        ends = []
        inside: set[int] = set()  # positions that must not become cuts
        user_words = self._jieba.user_word_tag_tab
        position = 0
        for piece in self._jieba.cut(text, HMM=self.hmm):
            if piece in user_words:
                inside.update(range(position + 1, position + len(piece)))
            position += len(piece)
            ends.append(position)
        kept = [k for k in self._kept_together(text) if k[0] not in inside and k[1] not in inside]
        isolated = [
            (m.span(), cuts_into_name)
            for pattern, cuts_into_name in self.rules.isolate
            for m in pattern.finditer(text)
        ]
        if not kept and not isolated:
            return list(zip([0, *ends], ends, itertools.repeat(None), strict=False))
        cuts = set(ends)
        fixed: dict[int, str] = {}
        for start, end, tag in kept:
            cuts.difference_update(range(start + 1, end))
            cuts.update((start, end))
            fixed[start] = tag
            inside.update(range(start + 1, end))
        cuts.update(
            p
            for (start, end), cuts_into_name in isolated
            if start not in inside
            for p in (start, end)
            if p not in inside or cuts_into_name
        )
        bounds = sorted(cuts | {0})
        return [(start, end, fixed.get(start)) for start, end in itertools.pairwise(bounds)]

    @cached_property
    def _split_names(self) -> tuple[re.Pattern[str], frozenset[str]] | None:
        """The project dictionary's words that jieba cuts at a character it does not join
        (乔治·凯南, 曾德‧蒙赫─奥尔吉勒: the middle dot), as one pattern, and those characters.
        Kept together like the rules' spans, so a name is one word in any context (in
        他说埃莫马利·拉赫蒙 jieba would otherwise find 马利, Mali)."""

        words, breaks = [], set()
        for word in self._jieba.user_word_tag_tab:
            marks = {ch for ch in word if not jieba.re_han_default.match(ch)}
            if marks and marks <= NAME_JOINERS:  # not 美、日、蒙政策对话
                words.append(word)
                breaks |= marks
        if not words:
            return None
        alternation = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
        return re.compile(alternation), frozenset(breaks)

    def _kept_together(self, text: str) -> list[tuple[int, int, str]]:
        """Spans of the split names and of the keep-together patterns, leftmost first,
        names first, then in the rules' order; a span overlapping one already taken is
        left out."""
        found = [
            (m.start(), rank, m.end(), tag)
            for rank, (pattern, tag) in enumerate(self.rules.keep_together)
            for m in pattern.finditer(text)
            if m.end() > m.start()
        ]
        if self._split_names and not self._split_names[1].isdisjoint(text):
            names, tags = self._split_names[0], self._jieba.user_word_tag_tab
            found += [(m.start(), -1, m.end(), tags[m[0]]) for m in names.finditer(text)]
        found.sort()
        kept: list[tuple[int, int, str]] = []
        for start, _, end, tag in found:
            if not kept or start >= kept[-1][1]:
                kept.append((start, end, tag))
        return kept

    def _analyse(self, word: str) -> tuple[tuple[int, int, str], ...]:
        """A jieba word as words with offsets relative to it: whitespace dropped,
        numeral+measure words and coordinations split, long compounds cut, each tagged."""
        if word.isspace():
            return ()
        if word not in self.rules.split_exceptions:
            match = self.rules.numeral_measure.match(word)
            if match and match.end() < len(word):
                return self._parts(word, match.end())
        if self._is_coordination(word):
            return tuple((i, i + 1, "ns") for i in range(len(word)))
        place = self.abbreviation_words.place_in(word)
        if place is not None:  # 访华, 中方, 俄政府: the place's abbreviation a word of its own
            if place:
                return ((0, 1, self.tag(word[0])), (1, 2, "ns"))
            return ((0, 1, "ns"), (1, len(word), self.tag(word[1:])))
        cut = self._demonym_cut(word) or self._name_cut(word) or self._compound_cut(word)
        if cut:  # each part analysed again: 驻华大使 → 驻华/大使 → 驻/华/大使
            return tuple(
                (offset + start, offset + end, tag)
                for offset, piece in ((0, word[:cut]), (cut, word[cut:]))
                for start, end, tag in self._analyse(piece)
            )
        return ((0, len(word), self.tag(word)),)

    def _is_coordination(self, word: str) -> bool:
        """中俄, 中俄蒙, 美日: state abbreviations only, and not a name itself (蒙古, 古巴)."""
        return (
            len(word) > 1
            and all(ch in self.abbreviations for ch in word)
            and word not in self._jieba.user_word_tag_tab
            and self._tags.get(word, "j") in self.rules.coordination_tags
        )

    def _parts(self, word: str, cut: int | None) -> tuple[tuple[int, int, str], ...]:
        if not cut:
            return ((0, len(word), self.tag(word)),)
        return ((0, cut, self.tag(word[:cut])), (cut, len(word), self.tag(word[cut:])))

    def _demonym_cut(self, word: str) -> int | None:
        """Where a nationality (法国人, 台湾人: a project-dictionary place name and a
        demonym suffix) is cut: before the suffix, as CityU and UD GSD segment it, so the
        state is a word the entity stage links inside the nationality."""
        places = self._jieba.user_word_tag_tab
        for suffix in self.rules.demonym_suffixes:
            place = word[: -len(suffix)]
            if word.endswith(suffix) and places.get(place) in self.rules.demonym_place_tags:
                return len(place)
        return None

    def _name_cut(self, word: str) -> int | None:
        """Where a jieba word holding a project-dictionary name (or a coordination of
        state abbreviations) and a dictionary word (美国政府, 中国经贸, 中俄关系, 后冷战) is
        cut, so the name is a word of its own for the entity stage: the cut leaving the
        longer name. A name is not cut from a one-character suffix (希腊语, 法国人, 中英文
        are words of their own) other than a function word (中俄于: 中俄/于), nor from a
        common noun (荷马史诗: 荷马 is not 荷/马)."""
        user_words = self._jieba.user_word_tag_tab
        if len(word) < 3 or word in user_words:
            return None
        frequency = self._jieba.FREQ
        common_noun = self._tags.get(word) in self.rules.name_cut_skip_tags
        best: tuple[int, int] | None = None
        for cut in range(1, len(word)):
            head, tail = word[:cut], word[cut:]
            for name, rest in ((head, tail), (tail, head)):
                if (
                    len(name) > 1
                    and (name in user_words or (self._is_coordination(name) and not common_noun))
                    and frequency.get(rest)
                    and (
                        name is tail or len(rest) > 1 or rest in self.rules.name_cut_function_words
                    )
                    and (best is None or len(name) > best[0])
                ):
                    best = (len(name), cut)
        return best[1] if best else None

    def _compound_cut(self, word: str) -> int | None:
        """Where to cut a long dictionary compound made of two common words (检察机关 →
        检察/机关), as the SIGHAN and UD standards do; names, idioms and the project's
        own dictionary words are kept whole. Returns the cut with the commonest parts."""
        rules = self.rules
        if (
            len(word) < rules.compound_min_length
            or word in self._jieba.user_word_tag_tab
            or self._tags.get(word, "x") in rules.compound_keep_tags
            or not all(is_cjk(ch) for ch in word)
        ):
            return None
        frequency = self._jieba.FREQ
        best: tuple[int, int] | None = None
        for cut in range(2, len(word) - 1):
            rarest = min(frequency.get(word[:cut], 0), frequency.get(word[cut:], 0))
            if rarest >= rules.compound_min_part_frequency and (best is None or rarest > best[0]):
                best = (rarest, cut)
        return best[1] if best else None

    def in_dictionary(self, word: str) -> bool:
        """A word of jieba's or the project's dictionary (normalized, Simplified)."""
        return word in self._tags

    def tag(self, word: str) -> str:
        """jieba's tag for a dictionary word; for others, what its characters say. Han words
        outside the dictionary (found by jieba's HMM) are mostly names and other nouns; they
        are tagged n rather than by jieba.posseg's character HMM, which would cost more than
        the whole segmentation."""
        tag = self._tags.get(word)
        if tag:
            return tag
        if NUMBER.fullmatch(word):
            return "m"
        if LATIN.fullmatch(word):
            return "eng"
        if all(is_cjk(ch) for ch in word):
            return OUT_OF_VOCABULARY_TAG
        if all(unicodedata.category(ch)[0] in "PS" for ch in word):
            return "w"
        return "x"
