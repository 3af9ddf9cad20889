"""Build models/gazetteer/patterns.jsonl: the gazetteer ruler's patterns with their tokens.

The ruler matches names token by token, so each name must be tokenized as a text would be;
doing that at start took most of `pipeline.nlp.language.load()` (jieba's start, its tag table and
~3,000 names). This script does it once, with the project tokenizer, and writes the
patterns (spaCy SpanRuler phrase patterns, each with `tokens`: the NORM of each token) and
patterns.digest (the tokenizer's settings and jieba/OpenCC versions they were built with).
`load()` uses them when the digest and the patterns match, and tokenizes the names itself,
with a warning, when they do not. Rerun after editing models/gazetteer/entities.jsonl or
models/segmentation/ (tests/test_gazetteer.py fails on a stale file).

    .venv/bin/python scripts/build_gazetteer_patterns.py
"""

from __future__ import annotations

from pipeline.nlp import entities
from pipeline.nlp import language as nlp
from pipeline.nlp.gazetteer import load_gazetteer
from pipeline.text.normalize import Normalizer


def main() -> None:
    language = nlp.load(entities=False)
    patterns = entities.gazetteer_patterns(load_gazetteer(), Normalizer("t2s"))
    nlp.write_pattern_tokens(language, patterns)
    print(f"{len(patterns)} patterns -> {nlp.GAZETTEER_PATTERNS_PATH}")


if __name__ == "__main__":
    main()
