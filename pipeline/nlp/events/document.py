"""What a document adds to its passages' annotations, once all of them are annotated: the
one place both `extract` (pipeline/extract/steps.py) and `tag` (pipeline/cli.py) do it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from pipeline.nlp.values import document_day, document_year_month, resolve_dates

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span


# a mention's key set by a type's `complete` when the mention is no event of its own: it
# says again an event of an earlier passage (參與該演習 after the passage naming 「馬拉巴爾」),
# or the parties it waited for are named nowhere before it; `complete` removes it
DROP_KEY = "_drop"


def _unnamed_dates(doc: Doc) -> list[Span]:
    """The passage's DATE entities less those inside an event's name (「台美21世紀貿易倡議」,
    《2030年议程》): such a date dates nothing and gives no year to the dates after it.
    One pass over the names' spans, then one over the dates."""
    inside = bytearray(len(doc._.text_norm)) if doc._.events else b""
    for e in doc._.events or []:
        if e["args"].get("name"):
            inside[e["start"] : e["end"]] = b"\1" * (e["end"] - e["start"])
    return [
        d
        for d in doc.ents
        if d.label_ == "DATE" and not (inside and all(inside[d.start_char : d.end_char]))
    ]


@dataclass(frozen=True)
class Completed:
    dates: list[dict[str, Any]]  # the DATE values, resolved
    events: list[dict[str, Any]]  # the event mentions, completed


def complete(nlp: Language, docs: Sequence[Doc], date: str | None) -> Completed:
    """The document's passages (`docs`, in reading order) completed: each passage read again
    with what the rest of the document tells it (the component's `read_document`: its
    abbreviations, the names of other passages' events said in it), DATE values resolved
    from the document's date (`2025-09-14`, `2017-06`, `2017` or None) and the years and
    months named before them (pipeline.nlp.values.resolve_dates), then the event
    arguments completed across the document (each type's own `complete`, which also reads
    the passages' notes on events of earlier passages, `doc._.event_notes`, and marks the
    mentions that are no event of their own, which are removed). Date arguments
    point at the DATE entities, so the events read the resolved values."""
    nlp.get_pipe("events").read_document(docs)
    year, month = document_year_month(date)
    per_passage = [[e._.value for e in _unnamed_dates(d)] for d in docs]
    values = [v for passage in per_passage for v in passage]
    starts = frozenset(accumulate((len(passage) for passage in per_passage[:-1]), initial=0))
    resolve_dates(values, year, month, document_day(date), starts)
    events = [e for d in docs for e in d._.events or []]
    in_order = [  # each passage's events with its notes on earlier ones, in reading order
        e
        for d in docs
        for e in sorted([*(d._.events or []), *(d._.event_notes or [])], key=itemgetter("start"))
    ]
    nlp.get_pipe("events").complete(in_order)
    for d in docs:
        if any(DROP_KEY in e for e in d._.events or []):
            d._.events = [e for e in d._.events if DROP_KEY not in e]
    return Completed(values, [e for e in events if DROP_KEY not in e])
