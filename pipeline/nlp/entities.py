"""Entity components: gazetteer names, coordinated state abbreviations, links and sources.

The pipeline's entity stage is a chain of spaCy components (see `pipeline.nlp.language.load`):

1. `ner` — the statistical model (models/ner/) for PERSON, ORG and LOC names. It runs
   first and sees no other spans: spaCy's recognizer would learn the labels of preset
   spans as new actions, and its saved model would no longer load.
   `plausible_names` (pipeline/nlp/recognizers.py) then drops its entities without a Han
   character, or made only of dictionary words that the dictionary does not tag as names.
2. `gazetteer` — spaCy's `SpanRuler` with one phrase pattern per gazetteer name, matched on
   `NORM` (the Simplified, width-folded form), so 普丁 and 普京, 蒙古國 and 蒙古国 all
   match; the pattern id is the gazetteer id. Every match is kept in
   `doc.spans["gazetteer"]`; in `doc.ents` a linked name replaces whatever the model found
   over it (spaCy's `prioritize_new_ents_filter`), so the model never breaks a linked name.
   Measured: letting every longer model name hold a linked one gained on UNER, but on
   the corpus the longer "names" were mostly noise (蒙古發展軍事 as ORG); step 4 lets only
   those with a head word hold them.
3. `state_coordination` (pipeline/nlp/abbreviations.py) — a `Matcher` over one-character
   state abbreviations in a row (中俄蒙, 中、俄, 美、日、韓): one GPE mention per member,
   winning over any overlap but a linked name (美、日、蒙政策對話). The segmenter has already
   cut 中俄蒙 into 中/俄/蒙; a run is read as states only where it reads so: listed with 、,
   a distinctive member (俄, 蒙), a usual pair (中美), or a word relating states after it
   (中以關係); so not 決賽中以2∶0 or 家庭美德 (models/gazetteer/coordination.json). A lone
   abbreviation is a mention only where its word says so (訪華, 中方, 俄總統;
   models/gazetteer/abbreviations.json), never 中 'in, middle' alone.
4. `compound_names` — a recognizer name that holds linked names and ends in a head word
   (中國銀行, 北京大學, 德黑蘭機場; models/gazetteer/compound_names.json) is one name after
   all: it takes their place in `doc.ents`, and they stay mentions in
   `doc.spans["nested"]`. `mentions(doc)` (pipeline/nlp/spans.py) gives both, as the records
   and events read them.
5. `demonyms` — a linked nationality (法國人, NORP; the segmenter cuts it 法國/人) holds
   its state: the linked place name inside it stays a mention in `doc.spans["nested"]`.
6. `values` (pipeline/nlp/values/) — DATE, MONEY, PERCENT and QUANTITY by rule, where no
   name was found; then `lac_names` (pipeline/nlp/recognizers.py), LAC's own names where
   no entity is.
7. `entity_links` — copies the gazetteer id to `kb_id_` and records each mention's
   `source` (`gazetteer`, `rule` or `model`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import spacy
import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp.gazetteer import STATE_ID, Entity
from pipeline.nlp.spans import GAZETTEER_SPANS, MODEL_SPANS, NESTED_SPANS, add_nested
from pipeline.resources import MODELS_DIR
from pipeline.text.chars import MIDDLE_DOTS
from pipeline.text.normalize import Normalizer

VALUE_LABELS = frozenset({"DATE", "MONEY", "PERCENT", "QUANTITY"})
COMPOUND_NAMES_PATH = MODELS_DIR / "gazetteer" / "compound_names.json"
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


@Language.factory("compound_names", default_config={"opencc_config": "t2s"})
def create_compound_names(nlp: Language, name: str, opencc_config: str) -> CompoundNames:
    """Empty until `initialize` reads gazetteer/compound_names.json (a saved pipeline
    restores its own: `from_disk`)."""
    return CompoundNames(Normalizer(opencc_config))


def _in_run(owner: dict[int, Span], name: Span) -> bool:
    """Whether a name starts with a state's abbreviation right after another's (俄白空軍:
    the air forces of Russia and Belarus, no one organisation named 白空軍)."""
    first, before = owner.get(name.start), owner.get(name.start - 1)
    return (
        first is not None
        and before is not None
        and first.label_ == before.label_ == "GPE"
        and len(first.text) == len(before.text) == 1
    )


class CompoundNames:
    """A recognizer name that holds linked names and ends in a head word of its label
    (中國銀行, 北京大學, 加拿大海軍太平洋艦隊 ORG; 德黑蘭機場 LOC) is one name: it takes the
    place of the linked names in `doc.ents`, and they stay mentions, with their ids, in
    `doc.spans["nested"]` (see `mentions`). The gazetteer's precedence stays for the rest:
    a recognizer name over a linked one without a head word (蒙古發展軍事) gives way.
    Measured on UNER GSD and People's Daily dev, where the gold marks such names whole."""

    def __init__(self, normalizer: Normalizer) -> None:
        self.normalizer = normalizer
        self._set({}, ())

    def initialize(
        self, get_examples: Any = None, *, nlp: Language | None = None, models: str | Path
    ) -> None:
        """The head words of gazetteer/compound_names.json in the models folder `models`."""
        data = srsly.read_json(Path(models) / "gazetteer" / "compound_names.json")
        normalize = self.normalizer
        self._set(
            {label: [normalize(word) for word in words] for label, words in data["heads"].items()},
            [normalize(word) for word in data["not_heads"]],
            [normalize(word) for word in data["not_heads_after_states"]],
        )

    def _set(
        self,
        heads: dict[str, Iterable[str]],
        not_heads: Iterable[str],
        not_after_states: Iterable[str] = (),
    ) -> None:
        self.heads = {label: tuple(sorted(set(words))) for label, words in heads.items()}
        self.not_heads = tuple(sorted(set(not_heads)))
        self.not_after_states = tuple(sorted(set(not_after_states)))

    def ends_in_head(self, name: Span, held: Iterable[Span] = ()) -> bool:
        """Whether `name` ends in a head word of its label; not 政府 after states only (美國政府:
        the state acting, which stays the entity), `held` being the linked names inside it."""
        last = name[-1].norm_
        if all(STATE_ID.fullmatch(e.id_) for e in held) and last.endswith(self.not_after_states):
            return False
        return last.endswith(self.heads.get(name.label_, ())) and not last.endswith(self.not_heads)

    def __call__(self, doc: Doc) -> Doc:
        names = doc.spans.get(MODEL_SPANS, [])
        owner = {i: e for e in doc.ents for i in range(e.start, e.end)}
        replaced: dict[Span, Span] = {}  # linked name → the compound holding it
        for name in names:
            inside = {owner[i] for i in range(name.start, name.end) if i in owner}
            held_whole = all(
                e.id_ and name.start <= e.start and e.end <= name.end and len(e) < len(name)
                for e in inside
            )
            compound = inside and held_whole and self.ends_in_head(name, inside)
            if compound and not _in_run(owner, name):
                replaced.update(dict.fromkeys(inside, name))
        if replaced:
            kept = [e for e in doc.ents if e not in replaced]
            for token in {t for name in replaced.values() for t in name}:
                token.ent_id = 0  # setting doc.ents keeps a token's old id where a span has none
            doc.ents = sorted({*kept, *replaced.values()})
            add_nested(doc, replaced)
        return doc

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(
            path / "heads.json",
            {"heads": self.heads, "not_heads": self.not_heads, "after": self.not_after_states},
        )

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> CompoundNames:
        data = srsly.read_json(Path(path) / "heads.json")
        self._set(data["heads"], data["not_heads"], data.get("after", ()))
        return self


@Language.component("demonyms")
def demonyms(doc: Doc) -> Doc:
    """A nationality holds its place: the linked place name inside a linked NORP name
    (法國 in 法國人, which the segmenter cuts 法國/人) stays a mention nested in it, so a
    query for FRA finds 法國人. UNER and People's Daily mark the state there (法國 LOC)."""
    owner = {i: e for e in doc.ents if e.label_ == "NORP" and e.id_ for i in range(e.start, e.end)}
    if owner:
        add_nested(
            doc,
            (
                span
                for span in doc.spans.get(GAZETTEER_SPANS, [])
                if span.label_ == "GPE"
                and (holder := owner.get(span.start)) is not None
                and span.end <= holder.end
                and len(span) < len(holder)
            ),
        )
    return doc


@Language.component("entity_links")
def entity_links(doc: Doc) -> Doc:
    """`kb_id_` from the gazetteer id, `_.source` from the component that found the span
    (`_.value` stays: span extensions are keyed by offsets); nested names too."""
    doc.ents = [_linked(ent) for ent in doc.ents]
    if NESTED_SPANS in doc.spans:
        doc.spans[NESTED_SPANS] = [_linked(span) for span in doc.spans[NESTED_SPANS]]
    return doc


def _linked(ent: Span) -> Span:
    linked = Span(ent.doc, ent.start, ent.end, label=ent.label, kb_id=ent.id, span_id=ent.id)
    if ent.id_:
        linked._.source = "gazetteer"
    elif ent.label_ in VALUE_LABELS:
        linked._.source = "rule"
    else:
        linked._.source = "model"
    return linked


@spacy.registry.misc("pipeline.prioritize_new_ents_filter.v1")
def make_prioritize_new_ents_filter() -> Any:
    """spaCy's `prioritize_new_ents_filter` in linear time: longer new spans first, each
    kept when none of its tokens is taken, and old entities overlapping a kept one
    dropped — the same result, without spaCy's pass over all entities for every span
    (quadratic: 13 s for the gazetteer on a 100,000-character paragraph)."""
    return prioritize_new_ents


def prioritize_new_ents(entities: Iterable[Span], spans: Iterable[Span]) -> list[Span]:
    """…, except that a place's name inside a transliterated person's name found before
    (多米尼克 in 多米尼克·拉布, 查德 in 查德·史密斯) is part of that name, not a state."""
    entities = list(entities)
    dotted = {  # token → the person whose name, joined by a middle dot, holds it
        i: e
        for e in entities
        if e.label_ == "PERSON" and not MIDDLE_DOTS.isdisjoint(e.text)
        for i in range(e.start, e.end)
    }
    kept: list[Span] = []
    taken: set[int] = set()
    for span in sorted(spans, key=lambda s: (s.end - s.start, -s.start), reverse=True):
        person = dotted.get(span.start)
        if person is not None and span.label_ != "PERSON" and span.end - span.start < len(person):
            continue  # 多米尼克 of 多米尼克·拉布
        if not taken.intersection(range(span.start, span.end)):
            kept.append(span)
            taken.update(range(span.start, span.end))
    old = [e for e in entities if not taken.intersection(range(e.start, e.end))]
    return old + kept
