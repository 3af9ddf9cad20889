"""The gates of the statistical names: `plausible_names` keeps the recognizer's names that
could be names; `lac_names` adds LAC's own names where no component before it found one.

`lac_names`: LAC (Baidu's lexical analysis, pipeline/nlp/lac/) was trained on news, the
recognizer on Wikipedia; on the development sets LAC's names filling the gaps the other
entity components leave gained 2.2 points of F on People's Daily and 1.7 / 0.3 on UNER GSD
(docs/eval-ner.md). A name is taken only where its edges are token edges, no entity holds
any of its tokens, it has two characters or more and it is plausible as the recognizer's
names must be (on the corpus paper's PDF debris LAC tagged English words, URL pieces and
stray characters as names). Its tag ids come from the recognizer's own LAC run
(`LAC_TAG_IDS`); without them (no recognizer before it) LAC runs here."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from pipeline.nlp.lac.layers import LAC_TAG_IDS
from pipeline.nlp.lac.session import encoder
from pipeline.nlp.spans import MODEL_SPANS
from pipeline.text.chars import MIDDLE_DOTS, is_cjk
from pipeline.text.decoding import char_log_freq

NAME_TAGS = ["nr", "ns", "nt", "nz", "eng"]
MIN_LAC_NAME = 2  # characters: LAC's one-character names are abbreviations or debris
# jieba tags no name begins with: numerals and measures (三国, 多国), prepositions (向东),
# pronouns, adverbs, conjunctions, particles, directions
NOT_NAME_START_TAGS = ("m", "q", "p", "r", "d", "c", "u", "f")


@Language.factory("plausible_names", default_config={"name_tags": NAME_TAGS})
def create_plausible_names(nlp: Language, name: str, name_tags: list[str]) -> PlausibleNames:
    """Needs the project tokenizer: its segmenter knows the dictionary."""
    return PlausibleNames(nlp.tokenizer.segmenter.in_dictionary, tuple(name_tags))


class PlausibleNames:
    """Keeps the model's entities that could be names: no whitespace at either end (芺 and
    the blank lines after it, in a paper's layout), some Han character (trained on
    Chinese, it tagged English words of a paper's references, `and` as LOC), and some word
    outside jieba's dictionary or tagged there as a name (`name_tags`, by prefix: nrt, nrfg
    are nr). Out of its Wikipedia domain the model tags common words (協同 PERSON, 鈾礦
    PERSON, 國家發展基礎 ORG): half of its mentions on the shipped corpus, all wrong."""

    def __init__(self, in_dictionary: Callable[[str], bool], name_tags: tuple[str, ...]) -> None:
        self.in_dictionary = in_dictionary
        self.name_tags = name_tags

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = [e for e in doc.ents if self.plausible(e)]
        doc.spans[MODEL_SPANS] = list(doc.ents)  # for compound_names, once linked names won
        return doc

    def plausible(self, ent: Span) -> bool:
        return plausible(ent, self.in_dictionary, self.name_tags)


def plausible(ent: Span, in_dictionary: Callable[[str], bool], name_tags: tuple[str, ...]) -> bool:
    """No whitespace at either end, some Han character, some word outside the dictionary or
    tagged there as a name."""
    return (
        not (ent[0].is_space or ent[-1].is_space)
        and any(is_cjk(ch) for ch in ent.text)
        and any(t.tag_.startswith(name_tags) or not in_dictionary(t.norm_) for t in ent)
    )


LABELS = {"PER": "PERSON", "LOC": "LOC", "ORG": "ORG"}  # LAC's tag → the pipeline's label


@Language.factory("lac_names", default_config={"name_tags": NAME_TAGS})
def create_lac_names(nlp: Language, name: str, name_tags: list[str]) -> LacNames:
    """Needs the project tokenizer: its segmenter knows the dictionary."""
    segmenter = nlp.tokenizer.segmenter
    quantifiers = segmenter.rules_data["numerals"] + segmenter.rules_data["demonstratives"]
    return LacNames(segmenter.in_dictionary, tuple(name_tags), quantifiers)


class LacNames:
    """Adds LAC's names to `doc.ents` where they fill a gap (module docstring)."""

    def __init__(
        self, in_dictionary: Callable[[str], bool], name_tags: tuple[str, ...], quantifiers: str
    ) -> None:
        self.in_dictionary = in_dictionary
        self.name_tags = name_tags
        self.quantifiers = frozenset(quantifiers)  # 三国, 多国, 各国: how many, not which

    def common_words(self, span: Span) -> bool:
        """One dictionary word the dictionary does not tag as a name (附庸国, 南部), or
        words beginning with one no name begins with (在北京) or with a numeral or
        demonstrative (三国, 多国: jieba's dictionary tags them ns)."""
        token = span[0]
        return (
            token.tag_.startswith(NOT_NAME_START_TAGS) or span._.text_norm[0] in self.quantifiers
        ) or (
            len(span) == 1
            and self.in_dictionary(token.norm_)
            and not token.tag_.startswith(self.name_tags)
        )

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            yield from self._process(list(batch))

    @staticmethod
    def clean(name: str) -> bool:
        """Han characters (and middle dots) only, each common enough to be in the character
        table (models/charfreq): not an English word, a URL piece or a PDF's stray glyph."""
        common = char_log_freq()
        return all(ch in MIDDLE_DOTS or (is_cjk(ch) and ch in common) for ch in name)

    def _process(self, docs: list[Doc]) -> list[Doc]:
        tag_ids = [doc.user_data.pop(LAC_TAG_IDS, None) for doc in docs]
        missing = [i for i, ids in enumerate(tag_ids) if ids is None]
        if missing:
            encoded = encoder().encode([docs[i]._.text_norm for i in missing], tags=True)
            for i, (_, _, ids) in zip(missing, encoded, strict=True):
                tag_ids[i] = ids
        for doc, ids in zip(docs, tag_ids, strict=True):
            held = {i for ent in doc.ents for i in range(ent.start, ent.end)}
            names = []
            for start, end, tag in encoder().tagged_words(ids):
                span = doc.char_span(start, end, label=LABELS[tag]) if tag in LABELS else None
                if (
                    span is not None
                    and end - start >= MIN_LAC_NAME
                    and held.isdisjoint(range(span.start, span.end))
                    and self.clean(span.text)
                    and not self.common_words(span)
                ):
                    names.append(span)
            if names:
                doc.ents = sorted([*doc.ents, *names])
        return docs
