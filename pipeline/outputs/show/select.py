"""The hits of a `Query` over an output folder: event and entity mentions that pass every
filter, each with its passage (for the context around it), in output order."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pipeline.nlp.events import registry
from pipeline.outputs.folder import DocumentRecords, OutputFolder
from pipeline.outputs.show.filters import Query
from pipeline.text.chars import display_width

LEADING_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class Hit:
    """One event or entity mention with the passage it is in."""

    record: dict[str, Any]
    passage: dict[str, Any]

    @property
    def is_event(self) -> bool:
        return "event_id" in self.record

    @property
    def type(self) -> str:
        return str(self.record["type"] if self.is_event else self.record["label"])

    def left(self, width: int) -> str:
        """The passage text before the anchor, at most `width` display columns of it."""
        text = self.passage["text"][: self.record["start"]]
        start, used = len(text), 0
        while start > 0 and used + display_width(text[start - 1]) <= width:
            start -= 1
            used += display_width(text[start])
        return text[start:]

    def right(self, width: int) -> str:
        """The passage text after the anchor, at most `width` display columns of it."""
        text = self.passage["text"][self.record["end"] :]
        end, used = 0, 0
        while end < len(text) and used + display_width(text[end]) <= width:
            used += display_width(text[end])
            end += 1
        return text[:end]

    def extra(self) -> str:
        """What was recorded about the mention: key arguments, or label, kb_id and value."""
        if self.is_event:
            args = self.record["args"]
            event_type = registry.get(self.type)
            shown = [
                f"{key}={_compact(args.get(key))}"
                for key in (event_type.shown_args if event_type else ())
                if args.get(key) not in (None, [])
            ]
            return " ".join([self.type, *shown])
        value = self.record.get("value") or {}
        shown = [f"{key}={_compact(v)}" for key, v in value.items() if v is not None]
        return " ".join(filter(None, [self.type, self.record.get("kb_id"), *shown]))

    def fields(self, width: int) -> dict[str, Any]:
        """The machine-readable hit (`--format jsonl`; tsv flattens it)."""
        record = self.record
        args = (
            record["args"]
            if self.is_event
            else {"kb_id": record.get("kb_id"), "value": record.get("value")}
        )
        return {
            "kind": "event" if self.is_event else "entity",
            "id": record["event_id"] if self.is_event else record["mention_id"],
            "doc_id": record["doc_id"],
            "passage_id": record["passage_id"],
            "type" if self.is_event else "label": self.type,
            "text": record["text"],
            "start": record["start"],
            "end": record["end"],
            "raw_start": record["raw_start"],
            "raw_end": record["raw_end"],
            "left": self.left(width),
            "right": self.right(width),
            "args": args,
        }


def _compact(value: Any) -> str:
    """An argument as one short token: lists joined by commas, dates by their value."""
    if isinstance(value, list):
        return ",".join(map(str, value))
    if isinstance(value, dict):
        return str(value.get("value", value.get("kb_id", value.get("text"))))
    return str(value)


def _year(value: Any) -> int | None:
    match = LEADING_YEAR.match(value) if isinstance(value, str) else None
    return int(match[0]) if match else None


def _value_years(value: dict[str, Any] | None) -> tuple[int, int] | None:
    """The years a recorded date covers: `{"value"}` one year, `{"start","end"}` a range."""
    if not value:
        return None
    years = [y for key in ("value", "start", "end") if (y := _year(value.get(key))) is not None]
    return (min(years), max(years)) if years else None


def event_years(event: dict[str, Any], dates: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """The year ranges an event is dated by (`pipeline.outputs.show`'s docstring); `dates`
    are the DATE mentions of its passage."""
    event_type = registry.get(event["type"])
    keys = event_type.date_args if event_type else ()
    if keys:  # else: dated by its sentence
        spans = [span for key in keys if (span := _value_years(event["args"].get(key)))]
        return [(min(s[0] for s in spans), max(s[1] for s in spans))] if spans else []
    sentence = event["sentence"]
    return [
        span
        for date in dates
        if sentence["start"] <= date["start"]
        and date["end"] <= sentence["end"]
        and (span := _value_years(date.get("value")))
    ]


def _overlaps(spans: Iterable[tuple[int, int]], years: tuple[int, int]) -> bool:
    return any(first <= years[1] and last >= years[0] for first, last in spans)


def _involved(event: dict[str, Any]) -> set[str]:
    args, event_type = event["args"], registry.get(event["type"])
    ids: set[str] = set()
    for key in event_type.actor_args if event_type else ():
        value = args.get(key)
        ids.update(value if isinstance(value, list) else [value] if value else [])
    return ids


def _text_matches(hit: Hit, patterns: tuple[re.Pattern[str], ...]) -> bool:
    start, end = hit.record["start"], hit.record["end"]
    if hit.is_event:
        start, end = hit.record["sentence"]["start"], hit.record["sentence"]["end"]
    texts = (hit.passage["text"][start:end], hit.passage["text_norm"][start:end])
    return any(p.search(text) for p in patterns for text in texts)


def _event_passes(event: dict[str, Any], query: Query, dates: list[dict[str, Any]]) -> bool:
    """`dates` are the DATE mentions of the event's passage."""
    return (
        event["type"] in query.event_types
        and all(ids & _involved(event) for ids in query.entities)
        and (not query.years or _overlaps(event_years(event, dates), query.years))
    )


def _mention_passes(mention: dict[str, Any], query: Query) -> bool:
    span = _value_years(mention.get("value")) if mention["label"] == "DATE" else None
    return (
        mention["label"] in query.labels
        and (not query.entities or any(mention.get("kb_id") in ids for ids in query.entities))
        and (not query.years or (span is not None and _overlaps([span], query.years)))
    )


def document_hits(item: DocumentRecords, query: Query) -> Iterator[Hit]:
    """The hits of one document, in passage order and by offset within a passage."""
    passages = {p["passage_id"]: p for p in item.passages}
    dates: dict[str, list[dict[str, Any]]] = {}
    for mention in item.entities:
        if mention["label"] == "DATE":
            dates.setdefault(mention["passage_id"], []).append(mention)
    records = [
        *(e for e in item.events if _event_passes(e, query, dates.get(e["passage_id"], []))),
        *(m for m in item.entities if _mention_passes(m, query)),
    ]
    hits = [Hit(record, passages[record["passage_id"]]) for record in records]
    hits.sort(key=lambda h: (h.passage["seq"], h.record["start"], h.record["end"]))
    return (hit for hit in hits if not query.patterns or _text_matches(hit, query.patterns))


def find_hits(folder: OutputFolder, query: Query) -> Iterator[Hit]:
    """Every hit of the folder in output order, at most `query.limit` of them."""
    count = 0
    for item in folder.documents():
        if not item.ok or not item.doc_id.startswith(query.doc_prefix):
            continue
        for hit in document_hits(item, query):
            if query.limit is not None and count >= query.limit:
                return
            count += 1
            yield hit
