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
    """BIO2 tags over consecutive (start, end) pieces to entity spans: an I- tag continues
    the span of the piece before it when that piece has the same label, whatever lies
    between them (the space inside `William Drayton`, one name of two UD words); else it
    starts a span, as B- does."""
    spans: list[tuple[int, int, str]] = []
    open_label = None  # the label of the span the piece before belongs to
    for start, end, tag in pieces:
        label = LABELS.get(tag[2:]) if tag[:2] in ("B-", "I-") else None
        if label is not None and tag.startswith("I-") and label == open_label:
            spans[-1] = (spans[-1][0], end, label)
        elif label is not None:
            spans.append((start, end, label))
        open_label = label
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
