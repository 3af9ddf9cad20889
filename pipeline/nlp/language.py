"""The spaCy pipeline: `load()` gives a `Language` whose tokenizer normalizes and segments.

`nlp(text)` accepts Traditional or Simplified text. `doc.text` is the original text; each
token's `norm_` (and `token._.text_norm`) is its Simplified, width-folded form, so matchers
that work on NORM see one script. `tag_` is jieba's part-of-speech tag, `pos_` its
Universal Dependencies equivalent (models/segmentation/tag_map.json). Later stages
(entities, events) are components added to this `nlp`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import spacy
import srsly
from spacy.attrs import PREFIX, SUFFIX
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import registry
from spacy.vocab import Vocab

from pipeline.digests import json_digest
from pipeline.nlp.gazetteer import load_gazetteer
from pipeline.nlp.segmentation import Segmenter
from pipeline.resources import MODELS_DIR
from pipeline.text.normalize import Normalizer

TOKENIZER_NAME = "pipeline.JiebaTokenizer.v1"
TAG_MAP_PATH = MODELS_DIR / "segmentation" / "tag_map.json"
NER_MODEL_DIR = MODELS_DIR / "ner" / "model"
GAZETTEER_PATTERNS_PATH = MODELS_DIR / "gazetteer" / "patterns.jsonl"
GAZETTEER_PATTERNS_DIGEST_PATH = MODELS_DIR / "gazetteer" / "patterns.digest"
SPACE_TAG = "_SP"

log = logging.getLogger(__name__)

TEXT_NORM_KEY = "text_norm"  # doc.user_data: the normalized text the tokenizer made

if not Token.has_extension("text_norm"):
    Token.set_extension("text_norm", getter=lambda token: token.norm_)
    Span.set_extension(
        "text_norm", getter=lambda span: span.doc._.text_norm[span.start_char : span.end_char]
    )
    Doc.set_extension("text_norm", getter=lambda doc: _doc_norm(doc))


def _doc_norm(doc: Doc) -> str:
    """The normalized text of a doc, same length as its text, offset for offset: the one the
    tokenizer made (no pass over the tokens), else joined from the tokens' norms."""
    norm = doc.user_data.get(TEXT_NORM_KEY)
    if norm is None:
        norm = "".join(t.norm_ + t.whitespace_ for t in doc)
    return norm


@lru_cache(maxsize=1)
def load_tag_map() -> dict[str, str]:
    return json.loads(TAG_MAP_PATH.read_text(encoding="utf-8"))["tags"]


def universal_pos(tag: str, tag_map: dict[str, str]) -> str:
    """UD POS for a jieba tag: the tag itself, else its first letter, else X."""
    return tag_map.get(tag) or tag_map.get(tag[:1]) or "X"


class NormalizedAffix:
    """A word's first or last character, taken from its normalized form: the PREFIX and
    SUFFIX features a statistical component sees are then the same in either script, and
    the last character is what carries a Chinese word's head (市, 省, 司, 军)."""

    def __init__(self, normalizer: Normalizer, last: bool) -> None:
        self.normalizer = normalizer
        self.last = last

    def __call__(self, word: str) -> str:
        norm = self.normalizer(word)
        return norm[-1:] if self.last else norm[:1]


class JiebaTokenizer:
    """spaCy tokenizer: normalize (OpenCC + width fold), segment with jieba, build a Doc."""

    def __init__(self, vocab: Vocab, normalizer: Normalizer, segmenter: Segmenter) -> None:
        self.vocab = vocab
        self.normalizer = normalizer
        self.segmenter = segmenter
        self.tag_map = load_tag_map()
        vocab.lex_attr_getters[PREFIX] = NormalizedAffix(normalizer, last=False)
        vocab.lex_attr_getters[SUFFIX] = NormalizedAffix(normalizer, last=True)

    def __call__(self, text: str) -> Doc:
        norm = self.normalizer(text)
        words: list[str] = []
        spaces: list[bool] = []
        tags: list[str] = []
        norms: list[str] = []
        position = 0
        for start, end, tag in self.segmenter(norm):
            if start > position:
                self._whitespace(text, norm, position, start, words, spaces, tags, norms)
            words.append(text[start:end])
            spaces.append(False)
            tags.append(tag)
            norms.append(norm[start:end])
            position = end
        if position < len(text):
            self._whitespace(text, norm, position, len(text), words, spaces, tags, norms)
        pos = [universal_pos(tag, self.tag_map) if tag != SPACE_TAG else "SPACE" for tag in tags]
        doc = Doc(self.vocab, words=words, spaces=spaces, tags=tags, pos=pos)
        for token, token_norm in zip(doc, norms, strict=True):
            token.norm_ = token_norm
        doc.user_data[TEXT_NORM_KEY] = norm
        return doc

    @staticmethod
    def _whitespace(
        text: str,
        norm: str,
        start: int,
        end: int,
        words: list[str],
        spaces: list[bool],
        tags: list[str],
        norms: list[str],
    ) -> None:
        """Whitespace between words: one plain space after a word is the word's trailing
        space (spaCy's convention); anything else becomes a whitespace token."""
        if words and not spaces[-1] and text[start] == " ":
            spaces[-1] = True
            start += 1
        if start < end:
            words.append(text[start:end])
            spaces.append(False)
            tags.append(SPACE_TAG)
            norms.append(norm[start:end])

    def pipe(self, texts: Any, batch_size: int = 1000) -> Any:
        for text in texts:
            yield self(text)

    def settings(self) -> dict[str, Any]:
        return {"opencc_config": self.normalizer.config, **self.segmenter.to_dict()}

    def load_settings(self, settings: dict[str, Any]) -> JiebaTokenizer:
        settings = dict(settings)
        self.__init__(
            self.vocab,
            Normalizer(settings.pop("opencc_config")),  # type: ignore[misc]
            Segmenter.from_dict(settings),
        )
        return self

    def to_bytes(self, **kwargs: Any) -> bytes:
        return srsly.msgpack_dumps(self.settings())

    def from_bytes(self, data: bytes, **kwargs: Any) -> JiebaTokenizer:
        return self.load_settings(srsly.msgpack_loads(data))

    def to_disk(self, path: str | Path, **kwargs: Any) -> None:
        """A readable folder: the user dictionary and rules as files, the rest as JSON."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        settings = self.settings()
        (folder / "user_dict.txt").write_text(settings.pop("user_dict"), encoding="utf-8")
        srsly.write_json(folder / "rules.json", settings.pop("rules"))
        srsly.write_json(folder / "settings.json", settings)

    def from_disk(self, path: str | Path, **kwargs: Any) -> JiebaTokenizer:
        folder = Path(path)
        settings = srsly.read_json(folder / "settings.json")
        settings["user_dict"] = (folder / "user_dict.txt").read_text(encoding="utf-8")
        settings["rules"] = srsly.read_json(folder / "rules.json")
        return self.load_settings(settings)


@registry.tokenizers(TOKENIZER_NAME)
def create_jieba_tokenizer(
    opencc_config: str = "t2s", hmm: bool = True
) -> Callable[[Language], JiebaTokenizer]:
    """The project tokenizer, with the dictionary and rules shipped in models/."""

    def make_tokenizer(nlp: Language) -> JiebaTokenizer:
        return JiebaTokenizer(
            nlp.vocab, Normalizer(opencc_config), default_segmenter(opencc_config, hmm)
        )

    return make_tokenizer


@lru_cache(maxsize=4)
def default_segmenter(opencc_config: str = "t2s", hmm: bool = True) -> Segmenter:
    """The shipped segmenter, its abbreviations normalized with the pipeline's OpenCC
    configuration (`--opencc-config`)."""
    return Segmenter.from_models(Normalizer(opencc_config), hmm=hmm)


def load(opencc_config: str = "t2s", entities: bool = True, ner_model: bool = True) -> Language:
    """A Chinese `Language` with the project tokenizer and (unless `entities` is false) the
    entity components: gazetteer ruler, state coordinations, value rules, the trained
    recognizer (unless `ner_model` is false), links (see pipeline/nlp/entities.py)."""
    config = {"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME, "opencc_config": opencc_config}}}
    nlp = spacy.blank("zh", config=config)
    if entities:
        add_entity_components(nlp, opencc_config, ner_model)
    return nlp


def add_entity_components(
    nlp: Language, opencc_config: str = "t2s", ner_model: bool = True
) -> None:
    """ner → plausible_names → gazetteer → state_coordination → compound_names → demonyms →
    values → entity_links → events (pipeline/nlp/entities.py says why in this order; events read the
    linked ents).
    Without `ner_model` only the gazetteer and the rules find entities: the statistical
    recognizer is most of the pipeline's time, and adds only names the gazetteer lacks."""
    from pipeline.nlp import entities, values  # noqa: F401 (registers the factories)
    from pipeline.nlp.events import component  # noqa: F401 (registers the factory)

    if ner_model and NER_MODEL_DIR.exists():
        nlp.add_pipe("ner", source=spacy.load(NER_MODEL_DIR, exclude=["tokenizer"]))
        nlp.add_pipe("plausible_names")
    ruler = nlp.add_pipe(
        "span_ruler",
        name="gazetteer",
        config={
            "spans_key": entities.GAZETTEER_SPANS,
            "annotate_ents": True,
            "ents_filter": {"@misc": "pipeline.prioritize_new_ents_filter.v1"},
            "phrase_matcher_attr": "NORM",
            "overwrite": False,  # the filter sees the entities found before
        },
    )
    patterns = entities.gazetteer_patterns(load_gazetteer(), Normalizer(opencc_config))
    # The patterns are text to match, not text to analyse: only the tokenizer runs over them
    # (spaCy's ruler would run the components before it, the recognizer, on each one), and
    # it is given the tokens built once with the models (`stored_pattern_tokens`).
    with (
        nlp.select_pipes(enable=[]),
        StoredPatternTokenizer(nlp, stored_pattern_tokens(nlp, patterns)),
    ):
        ruler.add_patterns(patterns)
    nlp.add_pipe("state_coordination", config={"opencc_config": opencc_config})
    if "ner" in nlp.pipe_names:
        nlp.add_pipe("compound_names", config={"opencc_config": opencc_config})
    nlp.add_pipe("demonyms")
    nlp.add_pipe("values")
    nlp.add_pipe("entity_links")
    nlp.add_pipe("events", config={"opencc_config": opencc_config})


def patterns_digest(tokenizer: JiebaTokenizer) -> str:
    """What the gazetteer patterns' tokens depend on besides the names: the tokenizer's
    settings (OpenCC config, user dictionary, rules, abbreviations, HMM) and the versions of
    jieba and OpenCC."""
    data = {
        "tokenizer": tokenizer.settings(),
        "jieba": version("jieba"),
        "opencc": version("opencc"),
    }
    return json_digest(data)


def pattern_tokens(nlp: Language, patterns: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each gazetteer pattern with `tokens`, the NORM of each token the tokenizer makes of
    it: what the ruler's phrase matcher (`phrase_matcher_attr: NORM`) matches on."""
    return [
        {**pattern, "tokens": [token.norm_ for token in nlp.make_doc(pattern["pattern"])]}
        for pattern in patterns
    ]


def write_pattern_tokens(nlp: Language, patterns: list[dict[str, Any]]) -> None:
    """models/gazetteer/patterns.jsonl (spaCy SpanRuler phrase patterns, each with its
    `tokens`) and patterns.digest (`patterns_digest`): scripts/build_gazetteer_patterns.py."""
    lines = (json.dumps(p, ensure_ascii=False) + "\n" for p in pattern_tokens(nlp, patterns))
    GAZETTEER_PATTERNS_PATH.write_text("".join(lines), "utf-8")
    GAZETTEER_PATTERNS_DIGEST_PATH.write_text(patterns_digest(nlp.tokenizer) + "\n", "utf-8")


def stored_pattern_tokens(nlp: Language, patterns: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Pattern text → its token norms, from models/gazetteer/patterns.jsonl when that file
    was built from these patterns and this tokenizer; else empty, and the tokenizer makes
    them (about 2 s more at start), with a warning when the files have gone stale."""
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, JiebaTokenizer):
        return {}
    if GAZETTEER_PATTERNS_PATH.exists() and GAZETTEER_PATTERNS_DIGEST_PATH.exists():
        digest = GAZETTEER_PATTERNS_DIGEST_PATH.read_text("utf-8").strip()
        stored = list(srsly.read_jsonl(GAZETTEER_PATTERNS_PATH))
        names = [{k: v for k, v in p.items() if k != "tokens"} for p in stored]
        if digest == patterns_digest(tokenizer) and names == patterns:
            return {p["pattern"]: p["tokens"] for p in stored}
    default = {"opencc_config": "t2s", **default_segmenter().to_dict()}
    if tokenizer.settings() == default:  # the shipped models, changed since the file was built
        log.warning(
            "%s is missing or was built from another gazetteer, segmentation or jieba/OpenCC "
            "version: tokenizing the gazetteer's patterns now (slow start); rebuild it with "
            "scripts/build_gazetteer_patterns.py",
            GAZETTEER_PATTERNS_PATH,
        )
    return {}


class StoredPatternTokenizer:
    """While active, `nlp`'s tokenizer makes the stored patterns' docs from their tokens
    (norm = text, as the project tokenizer gives a normalized name) and hands any other
    text to the project tokenizer."""

    def __init__(self, nlp: Language, tokens: dict[str, list[str]]) -> None:
        self.nlp = nlp
        self.tokens = tokens
        self.tokenizer = nlp.tokenizer

    def __enter__(self) -> None:
        if self.tokens:
            self.nlp.tokenizer = self

    def __exit__(self, *exc: object) -> None:
        self.nlp.tokenizer = self.tokenizer

    def __call__(self, text: str) -> Doc:
        words = self.tokens.get(text)
        spaces = _spaces(text, words) if words is not None else None
        if words is None or spaces is None:
            return self.tokenizer(text)
        doc = Doc(self.nlp.vocab, words=words, spaces=spaces)
        for token in doc:
            token.norm_ = token.text
        return doc


def _spaces(text: str, words: list[str]) -> list[bool] | None:
    """Whether each word is followed by one space, when `text` is the words so joined;
    else None (the norms are not the text: the tokenizer makes the doc)."""
    spaces = []
    position = 0
    for word in words:
        if not text.startswith(word, position):
            return None
        position += len(word)
        spaces.append(text.startswith(" ", position))
        position += spaces[-1]
    return spaces if position == len(text) else None
