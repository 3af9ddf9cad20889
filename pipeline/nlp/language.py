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

import numpy
import spacy
import srsly
from spacy.attrs import NORM, PREFIX, SUFFIX
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import registry
from spacy.vocab import Vocab
from thinc.api import Config

from pipeline.digests import json_digest
from pipeline.nlp.gazetteer import load_gazetteer
from pipeline.nlp.segmentation import Segmenter
from pipeline.resources import MODELS_DIR
from pipeline.text.normalize import Normalizer

TOKENIZER_NAME = "pipeline.JiebaTokenizer.v1"
TAG_MAP_PATH = MODELS_DIR / "segmentation" / "tag_map.json"
PIPELINE_CONFIG = "pipeline.cfg"  # in the models folder
NER_MODEL_DIR = MODELS_DIR / "ner" / "model"
PATTERNS_FILE = Path("gazetteer") / "patterns.jsonl"  # in the models folder, and its digest:
PATTERNS_DIGEST_FILE = Path("gazetteer") / "patterns.digest"
GAZETTEER_PATTERNS_PATH = MODELS_DIR / PATTERNS_FILE
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
        add = self.vocab.strings.add  # the norms set as one array, no Token made per word
        doc.from_array([NORM], numpy.array([add(n) for n in norms], dtype="uint64"))
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
    opencc_config: str = "t2s", hmm: bool = True, models: str | None = None
) -> Callable[[Language], JiebaTokenizer]:
    """The project tokenizer, with the dictionary and rules of the models folder `models`
    (default: the one pipeline/resources.py finds)."""
    folder = Path(models) if models else MODELS_DIR

    def make_tokenizer(nlp: Language) -> JiebaTokenizer:
        return JiebaTokenizer(
            nlp.vocab, Normalizer(opencc_config), default_segmenter(opencc_config, hmm, folder)
        )

    return make_tokenizer


@lru_cache(maxsize=4)
def default_segmenter(
    opencc_config: str = "t2s", hmm: bool = True, models: Path = MODELS_DIR
) -> Segmenter:
    """The segmenter of a models folder, its abbreviations normalized with the pipeline's
    OpenCC configuration (`--opencc-config`)."""
    return Segmenter.from_models(Normalizer(opencc_config), models, hmm=hmm)


def load(
    opencc_config: str = "t2s",
    entities: bool = True,
    ner_model: bool = True,
    models: Path = MODELS_DIR,
) -> Language:
    """The pipeline described by `models`/pipeline.cfg: the project tokenizer and (unless
    `entities` is false) its components, each initialized from the models folder. Without
    `ner_model` the recognizer's components are left out ([settings] recognizer): the
    gazetteer and the rules still find entities, in a fraction of the time."""
    config = spacy.util.load_config(
        Path(models) / PIPELINE_CONFIG,
        overrides={"settings.opencc_config": opencc_config, "paths.models": str(models)},
        interpolate=True,
    )
    nlp = spacy.blank(
        config["nlp"]["lang"], config={"nlp": {"tokenizer": config["nlp"]["tokenizer"]}}
    )
    if entities:
        add_components(nlp, config, Path(models), ner_model)
    return nlp


def add_components(nlp: Language, config: Config, models: Path, ner_model: bool) -> None:
    """The components of `config`, in its order (a sourced one, the recognizer, from its
    folder in `models`; without it, none of [settings] recognizer), then initialized."""
    from pipeline.nlp import (  # noqa: F401 (registers the factories)
        abbreviations,
        entities,
        recognizers,
    )
    from pipeline.nlp.events import component as events  # noqa: F401 (registers the factory)
    from pipeline.nlp.values import component as values  # noqa: F401 (registers the factory)

    recognizer = set(config["settings"]["recognizer"])
    left_out = set() if ner_model else recognizer
    for name in config["nlp"]["pipeline"]:
        if name in left_out:
            continue
        settings = dict(config["components"][name])
        if "source" in settings:
            source = models / settings["source"]
            if not source.exists():
                left_out = recognizer
                continue
            nlp.add_pipe(name, source=spacy.load(source, exclude=["tokenizer"]))
        else:
            nlp.add_pipe(settings.pop("factory"), name=name, config=settings)
    if "gazetteer" in nlp.pipe_names:
        initialize_gazetteer(nlp, models, config["settings"]["opencc_config"])
    for name, settings in config["initialize"]["components"].items():
        if name in nlp.pipe_names:
            nlp.get_pipe(name).initialize(lambda: [], nlp=nlp, **settings)


def initialize_gazetteer(nlp: Language, models: Path, opencc_config: str) -> None:
    """The gazetteer's names as the ruler's phrase patterns. They are text to match, not
    text to analyse: only the tokenizer runs over them (spaCy's ruler would run the
    components before it, the recognizer, on each one), and it is given the tokens built
    once with the models (`stored_pattern_tokens`)."""
    from pipeline.nlp import entities

    patterns = entities.gazetteer_patterns(load_gazetteer(models), Normalizer(opencc_config))
    with (
        nlp.select_pipes(enable=[]),
        StoredPatternTokenizer(nlp, stored_pattern_tokens(nlp, patterns, models)),
    ):
        nlp.get_pipe("gazetteer").initialize(lambda: [], nlp=nlp, patterns=patterns)


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
    (MODELS_DIR / PATTERNS_DIGEST_FILE).write_text(patterns_digest(nlp.tokenizer) + "\n", "utf-8")


def stored_pattern_tokens(
    nlp: Language, patterns: list[dict[str, Any]], models: Path = MODELS_DIR
) -> dict[str, list[str]]:
    """Pattern text → its token norms, from models/gazetteer/patterns.jsonl when that file
    was built from these patterns and this tokenizer; else empty, and the tokenizer makes
    them (about 2 s more at start), with a warning when the files have gone stale."""
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, JiebaTokenizer):
        return {}
    stored_path, digest_path = models / PATTERNS_FILE, models / PATTERNS_DIGEST_FILE
    if stored_path.exists() and digest_path.exists():
        digest = digest_path.read_text("utf-8").strip()
        stored = list(srsly.read_jsonl(stored_path))
        names = [{k: v for k, v in p.items() if k != "tokens"} for p in stored]
        if digest == patterns_digest(tokenizer) and names == patterns:
            return {p["pattern"]: p["tokens"] for p in stored}
    default = {"opencc_config": "t2s", **default_segmenter("t2s", True, models).to_dict()}
    if tokenizer.settings() == default:  # the shipped models, changed since the file was built
        log.warning(
            "%s is missing or was built from another gazetteer, segmentation or jieba/OpenCC "
            "version: tokenizing the gazetteer's patterns now (slow start); rebuild it with "
            "scripts/build_gazetteer_patterns.py",
            stored_path,
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
