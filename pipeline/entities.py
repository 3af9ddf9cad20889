"""Entity components: gazetteer names, coordinated state abbreviations, links and sources.

The pipeline's entity stage is a chain of spaCy components (see `pipeline.nlp.load`):

1. `ner` — the statistical model (models/ner/) for PERSON, ORG and LOC names. It runs
   first and sees no other spans: spaCy's recognizer would learn the labels of preset
   spans as new actions, and its saved model would no longer load.
   `plausible_names` then drops its entities without a Han character, or made only of
   dictionary words that the dictionary does not tag as names.
2. `gazetteer` — spaCy's `SpanRuler` with one phrase pattern per gazetteer name, matched on
   `NORM` (the Simplified, width-folded form), so 普丁 and 普京, 蒙古國 and 蒙古国 all
   match; the pattern id is the gazetteer id. Every match is kept in
   `doc.spans["gazetteer"]`; in `doc.ents` a linked name replaces whatever the model found
   over it (spaCy's `prioritize_new_ents_filter`), so the model never breaks a linked name.
   Measured: letting a longer model name hold a linked one (北京电影学院) gained on UNER
   but on the corpus the longer "names" were mostly noise (蒙古發展軍事 as ORG).
3. `state_coordination` — a `Matcher` over one-character state abbreviations in a row
   (中俄蒙, 中、俄, 美、日、韓): one GPE mention per member, winning over any overlap but
   a linked name (美、日、蒙政策對話). The segmenter has already cut 中俄蒙 into 中/俄/蒙; a
   lone abbreviation (中 'in, middle') is never a mention, and a run only where it reads as
   states: listed with 、, a distinctive member (俄, 蒙), a usual pair (中美), or a word
   relating states after it (中以關係); so not 決賽中以2∶0 or 家庭美德
   (models/gazetteer/coordination.json).
4. `values` (pipeline/values.py) — DATE, MONEY, PERCENT and QUANTITY by rule, where no
   name was found.
5. `entity_links` — copies the gazetteer id to `kb_id_` and records each mention's
   `source` (`gazetteer`, `rule` or `model`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import pairwise
from pathlib import Path
from typing import Any

import spacy
import srsly
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from pipeline.chars import is_cjk
from pipeline.gazetteer import Entity, load_gazetteer
from pipeline.normalize import Normalizer
from pipeline.resources import MODELS_DIR

VALUE_LABELS = frozenset({"DATE", "MONEY", "PERCENT", "QUANTITY"})
GAZETTEER_SPANS = "gazetteer"  # doc.spans key of every gazetteer match, nested ones included
ENUMERATION_COMMA = "、"
COORDINATION_SEPARATORS = [ENUMERATION_COMMA, "与", "和", "及"]
COORDINATION_PATH = MODELS_DIR / "gazetteer" / "coordination.json"

for _name in ("source", "value"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


def gazetteer_patterns(entities: Iterable[Entity], normalizer: Normalizer) -> list[dict[str, Any]]:
    """One EntityRuler phrase pattern per distinct normalized name (English names too)."""
    patterns: dict[str, dict[str, Any]] = {}
    for entity in entities:
        for name in (*entity.names, entity.en):
            norm = normalizer(name).strip()
            if norm and norm not in patterns:
                patterns[norm] = {"label": entity.label, "pattern": norm, "id": entity.id}
    return [patterns[key] for key in sorted(patterns)]


def abbreviation_ids(entities: Iterable[Entity], normalizer: Normalizer) -> dict[str, Entity]:
    """Normalized one-character abbreviation → its entity (中 → CHN, 俄 → RUS)."""
    return {normalizer(a): e for e in entities for a in e.abbrev if len(a) == 1}


@Language.factory("state_coordination", default_config={"opencc_config": "t2s"})
def create_state_coordination(nlp: Language, name: str, opencc_config: str) -> StateCoordination:
    """The gazetteer's abbreviations and models/gazetteer/coordination.json (a saved
    pipeline restores its own: `from_disk`)."""
    normalizer = Normalizer(opencc_config)
    abbreviations = abbreviation_ids(load_gazetteer(), normalizer)
    context = srsly.read_json(COORDINATION_PATH)
    return StateCoordination(
        nlp,
        {a: (e.id, e.label) for a, e in abbreviations.items()},
        name,
        distinctive=[normalizer(word) for word in context["distinctive"]],
        pairs=[normalizer(word) for word in context["pairs"]],
        relation_words=[normalizer(word) for word in context["relation_words"]],
    )


class StateCoordination:
    """Abbreviations of two or more states in a row, each its own linked mention, where
    the run reads as states: listed with 、, one member distinctive (俄, 蒙), a usual pair
    (中美), or the next word relating states (中以關係); not 決賽中以2∶0 or 家庭美德
    (models/gazetteer/coordination.json)."""

    def __init__(
        self,
        nlp: Language,
        abbreviations: dict[str, tuple[str, str]],
        name: str,
        distinctive: Iterable[str] = (),
        pairs: Iterable[str] = (),
        relation_words: Iterable[str] = (),
    ) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self._set(abbreviations, distinctive, pairs, relation_words)

    def _set(
        self,
        abbreviations: dict[str, tuple[str, str]],
        distinctive: Iterable[str],
        pairs: Iterable[str],
        relation_words: Iterable[str],
    ) -> None:
        self.abbreviations = abbreviations  # normalized abbreviation → (kb id, label)
        self.distinctive = frozenset(distinctive)
        self.pairs = frozenset(pairs)
        self.relation_words = tuple(sorted(set(relation_words)))
        member = {"NORM": {"IN": sorted(abbreviations)}, "LENGTH": 1}
        separator = {"NORM": {"IN": COORDINATION_SEPARATORS}, "OP": "?"}
        self.matcher = Matcher(self.vocab)
        self.matcher.add("COORDINATION", [[member, separator, member]])

    def runs(self, doc: Doc) -> list[tuple[int, int]]:
        """Token ranges of abbreviation runs (pairs the matcher found, chained); a first
        member right after a number is the number's unit (9月8日中俄: the 8th, not Japan)."""
        runs: list[tuple[int, int]] = []
        for _, start, end in sorted(self.matcher(doc), key=lambda m: (m[1], m[2])):
            if runs and start < runs[-1][1]:
                runs[-1] = (runs[-1][0], max(end, runs[-1][1]))
            else:
                runs.append((start, end))
        return [
            (start + 1, end) if start and doc[start - 1].like_num else (start, end)
            for start, end in runs
        ]

    def states_in(self, doc: Doc, start: int, end: int) -> list[Token]:
        """The run's members that read as states: all of them in a list with 、 (美、日協助),
        with a distinctive member (中俄) or before a word relating states (中以關係); else
        those in a usual pair (中美, not 以 in 以美中首腦會晤 'taking the summit as')."""
        run = doc[start:end]
        members = [t for t in run if t.norm_ in self.abbreviations]
        following = doc[end].norm_ if end < len(doc) else ""
        if len(members) < 2:
            return []
        if (
            any(t.norm_ == ENUMERATION_COMMA for t in run)
            or any(t.norm_ in self.distinctive for t in members)
            or following.startswith(self.relation_words)
        ):
            return members
        paired = {
            t.i for a, b in pairwise(members) if a.norm_ + b.norm_ in self.pairs for t in (a, b)
        }
        return [t for t in members if t.i in paired]

    def __call__(self, doc: Doc) -> Doc:
        members = {
            token.i: self.abbreviations[token.norm_]
            for start, end in self.runs(doc)
            for token in self.states_in(doc, start, end)
        }
        linked = {i for e in doc.ents if e.id_ for i in range(e.start, e.end)}
        spans = [
            Span(doc, i, i + 1, label=label, span_id=kb_id)
            for i, (kb_id, label) in sorted(members.items())
            if i not in linked  # 美、日、蒙政策對話 is a name of its own
        ]
        if spans:
            kept = [e for e in doc.ents if not any(e.start <= s.start < e.end for s in spans)]
            doc.ents = sorted([*kept, *spans])
        return doc

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "abbreviations.json", self.abbreviations)
        context = {
            "distinctive": sorted(self.distinctive),
            "pairs": sorted(self.pairs),
            "relation_words": self.relation_words,
        }
        srsly.write_json(path / "context.json", context)

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> StateCoordination:
        data = srsly.read_json(Path(path) / "abbreviations.json")
        context = srsly.read_json(Path(path) / "context.json")
        self._set(
            {a: (kb_id, label) for a, (kb_id, label) in data.items()},
            context["distinctive"],
            context["pairs"],
            context["relation_words"],
        )
        return self


@Language.factory("plausible_names", default_config={"name_tags": ["nr", "ns", "nt", "nz", "eng"]})
def create_plausible_names(nlp: Language, name: str, name_tags: list[str]) -> PlausibleNames:
    """Needs the project tokenizer: its segmenter knows the dictionary."""
    return PlausibleNames(nlp.tokenizer.segmenter.in_dictionary, tuple(name_tags))


class PlausibleNames:
    """Keeps the model's entities that could be names: some Han character (trained on
    Chinese, it tagged English words of a paper's references, `and` as LOC), and some word
    outside jieba's dictionary or tagged there as a name (`name_tags`, by prefix: nrt, nrfg
    are nr). Out of its Wikipedia domain the model tags common words (協同 PERSON, 鈾礦
    PERSON, 國家發展基礎 ORG): half of its mentions on the shipped corpus, all wrong."""

    def __init__(self, in_dictionary: Callable[[str], bool], name_tags: tuple[str, ...]) -> None:
        self.in_dictionary = in_dictionary
        self.name_tags = name_tags

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = [e for e in doc.ents if self.plausible(e)]
        return doc

    def plausible(self, ent: Span) -> bool:
        return any(is_cjk(ch) for ch in ent.text) and any(
            t.tag_.startswith(self.name_tags) or not self.in_dictionary(t.norm_) for t in ent
        )


@Language.component("entity_links")
def entity_links(doc: Doc) -> Doc:
    """`kb_id_` from the gazetteer id, `_.source` from the component that found the span
    (`_.value` stays: span extensions are keyed by offsets)."""
    ents = []
    for ent in doc.ents:
        linked = Span(doc, ent.start, ent.end, label=ent.label, kb_id=ent.id, span_id=ent.id)
        if ent.id_:
            linked._.source = "gazetteer"
        elif ent.label_ in VALUE_LABELS:
            linked._.source = "rule"
        else:
            linked._.source = "model"
        ents.append(linked)
    doc.ents = ents
    return doc


def mention_fields(ent: Span) -> dict[str, Any]:
    """The fields of an entity mention that design §4 and the `tag` command share."""
    return {
        "label": ent.label_,
        "text": ent.text,
        "text_norm": ent._.text_norm,
        "start": ent.start_char,
        "end": ent.end_char,
        "kb_id": ent.kb_id_ or None,
        "value": ent._.value,
        "source": ent._.source,
    }


@spacy.registry.misc("pipeline.prioritize_new_ents_filter.v1")
def make_prioritize_new_ents_filter() -> Any:
    """spaCy's `prioritize_new_ents_filter` in linear time: longer new spans first, each
    kept when none of its tokens is taken, and old entities overlapping a kept one
    dropped — the same result, without spaCy's pass over all entities for every span
    (quadratic: 13 s for the gazetteer on a 100,000-character paragraph)."""
    return prioritize_new_ents


def prioritize_new_ents(entities: Iterable[Span], spans: Iterable[Span]) -> list[Span]:
    kept: list[Span] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda s: (s.end - s.start, -s.start), reverse=True):
        if not taken.intersection(range(span.start, span.end)):
            kept.append(span)
            taken.update(range(span.start, span.end))
    old = [e for e in entities if not taken.intersection(range(e.start, e.end))]
    return old + kept
