"""Readers of the NER development sets (../shared/data) as (text, [(start, end, label)]).

Labels are mapped to the pipeline's: PER → PERSON, ORG → ORG, LOC → LOC (UNER's LOC covers
states and cities as well as places; the gazetteer tells GPE apart where it knows the name).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
UNER = DATA / "uner-zh-gsd"
PEOPLES_DAILY = DATA / "peoples-daily-ner-dev" / "example.dev"
LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}

Example = tuple[str, list[tuple[int, int, str]]]


def uner_path(split: str, script: str) -> Path:
    """`split` train or dev; `script` zh-Hant (zh_gsd) or zh-Hans (zh_gsdsimp)."""
    name = "zh_gsd" if script == "zh-Hant" else "zh_gsdsimp"
    return UNER / f"{name}-ud-{split}.iob2"


def _spans(pieces: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """BIO2 tags over (start, end) pieces to entity spans."""
    spans: list[tuple[int, int, str]] = []
    for start, end, tag in pieces:
        if tag.startswith("B-") or (tag.startswith("I-") and not spans):
            spans.append((start, end, LABELS[tag[2:]]))
        elif tag.startswith("I-") and spans[-1][2] == LABELS[tag[2:]] and spans[-1][1] == start:
            spans[-1] = (spans[-1][0], end, spans[-1][2])
        elif tag.startswith("I-"):
            spans.append((start, end, LABELS[tag[2:]]))
    return spans


def read_uner(path: Path) -> Iterator[Example]:
    """UNER: `# text = …`, then `index<TAB>word<TAB>tag` lines; the words are found in the
    text in order, so its spaces are kept."""
    text, pieces, position = "", [], 0
    with path.open(encoding="utf-8") as lines:
        for line in [*lines, "\n"]:
            line = line.rstrip("\n")
            if line.startswith("# text = "):
                text, pieces, position = line[len("# text = ") :], [], 0
            elif line and not line.startswith("#"):
                _, word, tag = line.split("\t")[:3]
                start = text.index(word, position)
                position = start + len(word)
                pieces.append((start, position, tag))
            elif not line and pieces:
                yield text, _spans(pieces)
                pieces = []


def read_peoples_daily(path: Path = PEOPLES_DAILY) -> Iterator[Example]:
    """People's Daily: `character<SPACE>tag` lines, a blank line between sentences."""
    chars: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as lines:
        for line in [*lines, "\n"]:
            parts = line.split()
            if len(parts) == 2:
                chars.append(parts[0])
                tags.append(parts[1])
            elif chars:
                yield "".join(chars), _spans([(i, i + 1, t) for i, t in enumerate(tags)])
                chars, tags = [], []
