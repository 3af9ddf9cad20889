"""Build models/segmentation/user_dict.txt from the gazetteer and the domain terms.

Every name and alias in models/gazetteer/entities.jsonl and every term in
models/segmentation/terms.txt is converted to Simplified (jieba's dictionary is Simplified
and the segmenter works on text_norm) and written in jieba's user-dictionary format,
`word frequency tag`, sorted. The frequency is what jieba needs to keep the word whole
(`suggest_freq`), or its own frequency when higher, so the output is deterministic and a
test can check that the committed file is what this script builds.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import jieba

from pipeline.nlp.gazetteer import load_gazetteer
from pipeline.resources import MODELS_DIR
from pipeline.text.chars import is_cjk
from pipeline.text.normalize import Normalizer

# jieba tags for the gazetteer's labels (ICTCLAS: nr person, ns place, nt organisation,
# nz other proper noun).
LABEL_TAGS = {"PERSON": "nr", "GPE": "ns", "LOC": "ns", "ORG": "nt"}
DEFAULT_TAG = "nz"


def read_terms(path: Path) -> list[tuple[str, str]]:
    terms = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, tag = line.partition(" ")
            terms.append((word, tag.strip() or "n"))
    return terms


def user_dictionary(models_dir: Path = MODELS_DIR) -> str:
    """The user dictionary text for the gazetteer and terms under `models_dir`."""
    normalize = Normalizer()
    entries: dict[str, str] = {}
    for word, tag in read_terms(models_dir / "segmentation" / "terms.txt"):
        entries.setdefault(normalize(word), tag)
    for entity in load_gazetteer(models_dir):
        for name in entity.names:
            entries.setdefault(normalize(name), LABEL_TAGS.get(entity.label, DEFAULT_TAG))
    plain = jieba.Tokenizer()
    lines = []
    for word in sorted(entries):
        if len(word) < 2 or any(ch.isspace() for ch in word) or not any(map(is_cjk, word)):
            continue  # one character, several words, or no Han: jieba cannot hold it
        frequency = max(plain.FREQ.get(word, 0), plain.suggest_freq(word, tune=False))
        lines.append(f"{word} {frequency} {entries[word]}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--models", type=Path, default=MODELS_DIR)
    args = parser.parse_args(argv)
    target = args.models / "segmentation" / "user_dict.txt"
    text = user_dictionary(args.models)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10))} words to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
