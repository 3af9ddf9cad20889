"""The span groups the entity components share (`doc.spans[key]`), how a mention is
recorded as nested in a longer name, and how a Doc's mentions are read back as records
(without spaCy: the Docs come from the loaded pipeline, which imports it)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

GAZETTEER_SPANS = "gazetteer"  # every gazetteer match, nested ones included
MODEL_SPANS = "model"  # the recognizer's plausible names, before linking
NESTED_SPANS = "nested"  # linked names inside a longer name (中國 in 中國銀行, 中 in 中方代表團)


def add_nested(doc: Doc, spans: Iterable[Span]) -> None:
    """Records linked names as mentions nested in a longer name (`doc.spans["nested"]`)."""
    doc.spans[NESTED_SPANS] = sorted({*doc.spans.get(NESTED_SPANS, []), *spans})


def mentions(doc: Doc) -> list[Span]:
    """Every entity mention of a Doc: `doc.ents`, and the linked names nested in compound
    names and nationalities, in text order (the longer name before the names inside it)."""
    nested = doc.spans.get(NESTED_SPANS, [])
    if not nested:
        return list(doc.ents)
    return sorted([*doc.ents, *nested], key=lambda span: (span.start, -span.end))


def mention_fields(ent: Span) -> dict[str, Any]:
    """The fields of an entity mention that design §4 and the `tag` command share."""
    return {
        "label": ent.label_,
        "text": ent.text,
        "text_norm": ent._.text_norm,
        "start": ent.start_char,
        "end": ent.end_char,
        "kb_id": ent.kb_id_ or None,
        "value": ent._.value,
        "source": ent._.source,
    }
