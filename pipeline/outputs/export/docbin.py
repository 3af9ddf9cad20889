"""spaCy `DocBin` of the corpus: one `Doc` per passage of an ok document, for training and
for analyses in spaCy (`DocBin().from_disk(path).get_docs(Vocab())`).

Each Doc has exactly the passage text (`doc.text == passage["text"]`): the words are the
passage `tokens`, a single space after a word is its `whitespace_`, any other whitespace
is a word of its own (POS `SPACE`), as spaCy's tokenizer does. A word that a mention
boundary falls inside is split there (counted), so `doc.ents` hold the records' exact
character offsets, with their label and kb_id; overlapping mentions cannot share
`doc.ents`, the earliest is kept and the others counted. `token.pos_` is the UD POS and
`doc.user_data` holds `doc_id`, `passage_id` and `kind`.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, DocBin
from spacy.vocab import Vocab

from pipeline.outputs.export.conll import passages_with_mentions
from pipeline.outputs.folder import OutputFolder


def passage_doc(
    vocab: Vocab, passage: dict[str, Any], entities: list[dict[str, Any]], stats: Counter[str]
) -> Doc:
    """The Doc of one passage with the given (non-overlapping) mentions as its ents."""
    text = passage["text"]
    entity_bounds = {b for e in entities for b in (e["start"], e["end"])}
    cuts = sorted({0, len(text), *entity_bounds, *(b for t in passage["tokens"] for b in t[:2])})
    pos_at: dict[int, str] = {}
    for start, end, pos in passage["tokens"]:
        inner = [c for c in cuts if start < c < end]
        stats["split_tokens"] += bool(inner)
        for c in (start, *inner):
            pos_at[c] = pos
    words: list[str] = []
    spaces: list[bool] = []
    tags: list[str] = []
    for start, end in pairwise(cuts):
        piece = text[start:end]
        if start not in pos_at and piece.isspace():
            # Whitespace between words: one space after a word is that word's whitespace_.
            if words and not spaces[-1] and piece[0] == " " and start not in entity_bounds:
                spaces[-1] = True
                piece = piece[1:]
                if not piece:
                    continue
            tags.append("SPACE")
        else:
            tags.append(pos_at.get(start, "X"))
        words.append(piece)
        spaces.append(False)
    doc = Doc(vocab, words=words, spaces=spaces, pos=tags)
    doc.ents = [
        doc.char_span(e["start"], e["end"], label=e["label"], kb_id=e.get("kb_id") or "")
        for e in entities
    ]
    doc.user_data.update(
        {"doc_id": passage["doc_id"], "passage_id": passage["passage_id"], "kind": passage["kind"]}
    )
    return doc


def write_docbin(folder: OutputFolder, dest_file: Path) -> dict[str, int]:
    """Saves the Docs of every ok passage as a DocBin at `dest_file`; returns counts
    (passages, tokens, entities, overlaps skipped, split tokens)."""
    vocab = Vocab()
    docbin = DocBin(store_user_data=True)
    stats: Counter[str] = Counter()
    for passage, kept in passages_with_mentions(folder, stats):
        doc = passage_doc(vocab, passage, kept, stats)
        docbin.add(doc)
        stats["passages"] += 1
        stats["tokens"] += len(doc)
        stats["entities"] += len(doc.ents)
    dest_file.parent.mkdir(parents=True, exist_ok=True)
    docbin.to_disk(dest_file)
    return dict(stats)
