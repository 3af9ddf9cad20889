"""CoNLL export of the entities, for INCEpTION and for training taggers.

CoNLL-2003-like, UTF-8, one block per passage of an ok document:

    # passage_id = <doc_id>:<seq>
    # text = <the passage text, line breaks replaced by spaces>
    <token>\\t<UD POS>\\t<BIO tag>
    ...
    <blank line>

Columns: 1. the word as it is in the passage text (the passage `tokens`, whitespace left
out), 2. its Universal Dependencies part of speech, 3. the entity tag in BIO encoding
(`B-GPE` on the first word of a mention, `I-GPE` on the next ones, `O` outside).

A BIO sequence cannot hold overlapping mentions: the earliest (the longest at one start)
is kept and the others are counted. Words are the tokenizer's: a mention boundary inside a
word gives the word the tag of the mention covering its first character (counted too).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.outputs.export.brat import LINE_BREAKS
from pipeline.outputs.folder import OutputFolder

_LINE_BREAKS_TO_SPACES = str.maketrans(dict.fromkeys(LINE_BREAKS, " "))


def non_overlapping(entities: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """The mentions that can stand side by side (earliest start first, the longer one at
    the same start), in text order, and how many overlapping ones were left out."""
    kept: list[dict[str, Any]] = []
    for entity in sorted(entities, key=lambda e: (e["start"], -e["end"])):
        if not kept or entity["start"] >= kept[-1]["end"]:
            kept.append(entity)
    return kept, len(entities) - len(kept)


def passages_with_mentions(
    folder: OutputFolder, stats: Counter[str]
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Every passage of the ok documents with its non-overlapping mentions (the
    overlapping ones left out are counted in `stats`)."""
    for item in folder.documents():
        if not item.ok:
            continue
        entities: dict[str, list[dict[str, Any]]] = {}
        for entity in item.entities:
            entities.setdefault(entity["passage_id"], []).append(entity)
        for passage in item.passages:
            kept, skipped = non_overlapping(entities.get(passage["passage_id"], []))
            stats["overlaps_skipped"] += skipped
            yield passage, kept


def bio_tags(
    passage: dict[str, Any], entities: list[dict[str, Any]], stats: Counter[str]
) -> list[str]:
    """The BIO tag of each token of the passage, from its non-overlapping mentions."""
    owner: list[dict[str, Any] | None] = [None] * len(passage["text"])
    for entity in entities:
        owner[entity["start"] : entity["end"]] = [entity] * (entity["end"] - entity["start"])
    bounds = {b for e in entities for b in (e["start"], e["end"])}
    begun: set[str] = set()
    tags = []
    for start, end, _pos in passage["tokens"]:
        stats["boundaries_in_token"] += any(start < b < end for b in bounds)
        entity = owner[start]
        if entity is None:
            tags.append("O")
        elif entity["mention_id"] in begun:
            tags.append(f"I-{entity['label']}")
        else:
            begun.add(entity["mention_id"])
            tags.append(f"B-{entity['label']}")
    stats["entities_lost"] += len(entities) - len(begun)
    return tags


def write_conll(folder: OutputFolder, dest_file: Path) -> dict[str, int]:
    """Writes one block per passage of every ok document into `dest_file`; returns counts
    (passages, tokens, entities tagged, overlaps skipped, boundaries inside a token)."""
    dest_file.parent.mkdir(parents=True, exist_ok=True)
    stats: Counter[str] = Counter()
    with dest_file.open("w", encoding="utf-8", newline="\n") as out:
        for passage, kept in passages_with_mentions(folder, stats):
            tags = bio_tags(passage, kept, stats)
            text = passage["text"]
            out.write(f"# passage_id = {passage['passage_id']}\n")
            out.write(f"# text = {text.translate(_LINE_BREAKS_TO_SPACES)}\n")
            for (start, end, pos), tag in zip(passage["tokens"], tags, strict=True):
                out.write(f"{text[start:end]}\t{pos}\t{tag}\n")
            out.write("\n")
            stats["passages"] += 1
            stats["tokens"] += len(tags)
            stats["entities"] += sum(tag.startswith("B-") for tag in tags)
    return dict(stats)
