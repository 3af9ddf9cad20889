"""The span groups the entity components share (`doc.spans[key]`), and how a mention is
recorded as nested in a longer name."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span

GAZETTEER_SPANS = "gazetteer"  # every gazetteer match, nested ones included
MODEL_SPANS = "model"  # the recognizer's plausible names, before linking
NESTED_SPANS = "nested"  # linked names inside a longer name (中國 in 中國銀行, 中 in 中方代表團)


def add_nested(doc: Doc, spans: Iterable[Span]) -> None:
    """Records linked names as mentions nested in a longer name (`doc.spans["nested"]`)."""
    doc.spans[NESTED_SPANS] = sorted({*doc.spans.get(NESTED_SPANS, []), *spans})
