"""The output records of a processed document (design §4): documents, passages,
entities and events, with offsets into the passage and into the raw text."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from pipeline import ids
from pipeline.extract.steps import Document, StepError
from pipeline.nlp.events import event_fields
from pipeline.nlp.spans import mention_fields, mentions

if TYPE_CHECKING:
    from spacy.tokens import Doc


def document_record(doc: Document, error: StepError | None = None) -> dict[str, Any]:
    return {
        "doc_id": doc.source.doc_id,
        "path": doc.source.path,
        "sha256": doc.sha256 if doc.data or not error else None,
        "encoding": doc.encoding,
        "script": doc.script,
        "kind": doc.layout.kind if doc.layout else None,
        "meta": doc.meta,
        "n_chars": len(doc.raw),
        "n_passages": len(doc.layout.passages) if doc.layout and not error else 0,
        "status": "error" if error else "ok",
        "error": f"{error.stage}: {error}" if error else None,
        "warnings": doc.warnings,
        "duplicate_of": None,
        "dup_cluster": None,
        "dup_similarity": None,
    }


def passage_records(doc: Document) -> Iterator[dict[str, Any]]:
    assert doc.layout is not None
    doc_id = doc.source.doc_id
    seq_of = {id(p): seq for seq, p in enumerate(doc.layout.passages)}
    footnotes = {p.n: seq_of[id(p)] for p in doc.layout.passages if p.kind == "footnote"}
    rows = zip(doc.layout.passages, doc.norms, doc.docs, strict=True)
    for seq, (passage, norm, annotated) in enumerate(rows):
        yield {
            "passage_id": ids.passage_id(doc_id, seq),
            "doc_id": doc_id,
            "seq": seq,
            "kind": passage.kind,
            "role": passage.role,
            "lang": passage.lang,
            "n": passage.n,
            "text": passage.text,
            "text_norm": norm,
            "align": passage.rope.align(),
            "tokens": token_triples(annotated),
            "notes": [_note_record(doc_id, note, footnotes) for note in passage.notes],
            "duplicate_of": None,
            "dup_cluster": None,
            "dup_similarity": None,
        }


def entity_records(doc: Document) -> Iterator[dict[str, Any]]:
    """One record per entity mention (design §4)."""
    return _anchored_records(doc, "mention_id", "", mentions, lambda d, e: mention_fields(e))


def event_records(doc: Document) -> Iterator[dict[str, Any]]:
    """One record per event mention (design §4)."""
    return _anchored_records(doc, "event_id", "e", lambda d: d._.events or [], event_fields)


def _anchored_records(
    doc: Document,
    id_key: str,
    id_prefix: str,
    items: Callable[[Doc], Iterable[Any]],
    fields: Callable[[Doc, Any], dict[str, Any]],
) -> Iterator[dict[str, Any]]:
    """Records with an id, their passage, offsets into the passage and into the raw."""
    assert doc.layout is not None
    doc_id = doc.source.doc_id
    for seq, (passage, annotated) in enumerate(zip(doc.layout.passages, doc.docs, strict=True)):
        for k, item in enumerate(items(annotated)):
            record = fields(annotated, item)
            raw_start, raw_end = passage.rope.raw_span(record["start"], record["end"])
            passage_id = ids.passage_id(doc_id, seq)
            yield {
                id_key: ids.item_id(passage_id, f"{id_prefix}{k}"),
                "doc_id": doc_id,
                "passage_id": passage_id,
                **record,
                "raw_start": raw_start,
                "raw_end": raw_end,
            }


def token_triples(doc: Doc) -> list[list[Any]]:
    """`[start, end, pos]` for each word (whitespace tokens left out), UD POS: read from
    the doc's arrays, no `Token` object made (attributes by name: no spaCy import here)."""
    strings = doc.vocab.strings
    rows = doc.to_array(["IDX", "LENGTH", "POS", "IS_SPACE"]).tolist()
    return [[idx, idx + length, strings[pos]] for idx, length, pos, space in rows if not space]


def _note_record(doc_id: str, note: Any, footnotes: dict[int | None, int]) -> dict[str, Any]:
    return {
        "marker": note.marker,
        "n": note.n,
        "footnote": ids.passage_id(doc_id, footnotes[note.n]) if note.n in footnotes else None,
        "raw_offset": note.raw_offset,
        "start": note.start,
    }
