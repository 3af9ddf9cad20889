"""The gazetteer is reviewable data; these checks keep it consistent."""

from __future__ import annotations

import json
import re
from collections import Counter

from pipeline.nlp import language as nlp
from pipeline.nlp.entities import gazetteer_patterns
from pipeline.nlp.gazetteer import coordination_abbreviations, load_gazetteer
from pipeline.text.normalize import Normalizer

LABELS = {"PERSON", "GPE", "LOC", "ORG", "NORP", "FAC", "LAW", "EVENT"}


def test_ids_are_unique_and_well_formed():
    entities = load_gazetteer()
    ids = Counter(e.id for e in entities)
    assert not [i for i, n in ids.items() if n > 1]
    for entity in entities:
        assert re.fullmatch(r"[A-Z]{3}|[a-z]+:[a-z0-9-]+", entity.id), entity.id
        assert entity.label in LABELS
        assert entity.en and entity.zh_hant and entity.zh_hans
        assert entity.qid is None or re.fullmatch(r"Q[1-9][0-9]*", entity.qid)


def test_no_written_form_names_two_entities():
    normalize = Normalizer()
    owner: dict[str, str] = {}
    entities = load_gazetteer()
    assert len(entities) > 100
    for entity in entities:
        for name in {normalize(n) for n in entity.names}:
            assert owner.setdefault(name, entity.id) == entity.id, name


def test_the_corpus_states_and_their_abbreviations_are_there():
    by_id = {e.id: e for e in load_gazetteer()}
    assert {"CHN", "RUS", "MNG", "USA", "JPN", "TWN", "SUN"} <= set(by_id)
    assert {"中", "俄", "蒙", "美", "日"} <= coordination_abbreviations(by_id.values())
    assert {"普丁", "普京"} <= set(by_id["per:vladimir-putin"].names)


# (frame, name) pairs where another reading wins, on purpose or by jieba's cut
KNOWN_MISSES = {
    ("與{}合作", "台灣關係法"),  # 與台灣關係法 is the PRC's name of the same act: same id
    ("與{}合作", "臺灣關係法"),
    ("與{}合作", "台湾关系法"),
}


def test_every_gazetteer_name_is_found_in_context():
    """Each Chinese name of each entry, after a word and before one, must come out as a
    mention with exactly its span and id: a name jieba cuts differently in context (他說
    埃莫馬利 → 馬利) is caught here rather than in an analyst's output."""
    from pipeline.nlp.language import load

    nlp = load(ner_model=False)
    missed = set()
    for entity in load_gazetteer():
        for name in {entity.zh_hant, entity.zh_hans, *entity.aliases}:
            if len(name) < 2 or name.isascii():
                continue
            for frame in ("他說{}的立場", "與{}合作"):
                start = frame.index("{}")
                found = {(e.start_char, e.end_char, e.kb_id_) for e in nlp(frame.format(name)).ents}
                if (start, start + len(name), entity.id) not in found:
                    missed.add((frame, name))
    assert missed == KNOWN_MISSES


def test_the_stored_ruler_patterns_are_those_built_from_the_gazetteer():
    """models/gazetteer/patterns.jsonl (what `load()` gives the ruler) is what the project
    tokenizer makes of the gazetteer now: a stale file fails here (rerun
    scripts/build_gazetteer_patterns.py)."""
    language = nlp.load(entities=False)
    patterns = gazetteer_patterns(load_gazetteer(), Normalizer())
    stored = [json.loads(line) for line in nlp.GAZETTEER_PATTERNS_PATH.open(encoding="utf-8")]
    assert stored == nlp.pattern_tokens(language, patterns)
    digest = (nlp.MODELS_DIR / nlp.PATTERNS_DIGEST_FILE).read_text(encoding="utf-8").strip()
    assert digest == nlp.patterns_digest(language.tokenizer)
    assert len(nlp.stored_pattern_tokens(language, patterns)) == len(patterns)
