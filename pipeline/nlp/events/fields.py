"""Event mentions as records: the fields that design §4 (events.jsonl) and the `tag`
command share, a date argument read from its DATE entity once the document's dates are
resolved."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline.nlp.values.dates import first_iso

if TYPE_CHECKING:
    from spacy.tokens import Doc


def _text(doc: Doc, start: int, end: int) -> str:
    """`doc.text[start:end]`, from the tokens that hold it: `doc.text` joins all the tokens
    again at each call. The token before the first one counts too, in case `start` is its
    trailing space."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:  # not inside the text
        return doc.text[start:end]
    tokens = doc[max(span.start - 1, 0) : span.end]
    return tokens.text_with_ws[start - tokens.start_char : end - tokens.start_char]


def _date_arg(doc: Doc, ref: dict[str, Any]) -> dict[str, Any] | None:
    start, end = ref["date_of"]
    ent = doc.char_span(start, end)
    value = (ent._.value if ent is not None else None) or {}
    arg = date_arg(_text(doc, start, end), value, ref["part"])
    edition = ref.get("edition")  # 金龙-2024 于5月16日开幕: 2024, not the year named last
    iso = arg.get("value", "") if arg else ""
    if edition and iso[:4].isdigit() and value.get("inferred") and "年" not in arg["text"]:
        arg["value"] = edition + iso[4:]
    return arg


def date_arg(text: str, value: dict[str, Any], part: str) -> dict[str, Any] | None:
    """A date argument as JSON, from the DATE's text and (resolved) value: the `whole`
    range, or the `start` or `end` of it (a single date is its own start and end)."""
    if part == "whole" and not value.get("value") and value.get("start"):
        return {"text": text, "start": value["start"], "end": value.get("end")}
    iso = value.get("end") if part == "end" else first_iso(value)
    return {"text": text, "value": iso} if iso else None


def event_fields(doc: Doc, event: dict[str, Any]) -> dict[str, Any]:
    """The fields of an event mention that design §4 and the `tag` command share."""
    fields = {
        "type": event["type"],
        "text": _text(doc, event["start"], event["end"]),
        "start": event["start"],
        "end": event["end"],
        "sentence": event["sentence"],
        "args": event_args(doc, event),
    }
    if "codes" in event:
        fields["codes"] = event["codes"]
    return fields


def event_args(doc: Doc, event: dict[str, Any]) -> dict[str, Any]:
    """Arguments as JSON: a date becomes `{"text", "value"}` with its (resolved) ISO value."""
    return {
        key: _date_arg(doc, value) if isinstance(value, dict) and "date_of" in value else value
        for key, value in event["args"].items()
    }
