"""What the pages say about a record besides its text: an entity's tooltip, an event's
summary, year and actors (by its type's registry entry), a document's title."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.nlp.events import registry


def entity_title(record: dict[str, Any]) -> str:
    parts = [record["label"]]
    if record.get("kb_id"):
        parts.append(record["kb_id"])
    if record.get("value") is not None:
        parts.append(json.dumps(record["value"], ensure_ascii=False))
    if record["text_norm"] != record["text"]:
        parts.append(record["text_norm"])
    parts.append(f"source: {record['source']}")
    parts.append(f"raw {record['raw_start']}–{record['raw_end']}")
    return " · ".join(parts)


def _event_args(event: dict[str, Any], keys: str) -> tuple[str, ...]:
    """The arguments of the event's type named by `keys` (an attribute of its
    registry.EventType); none for a type this process does not register."""
    event_type = registry.get(event["type"])
    return getattr(event_type, keys) if event_type else ()


def event_summary(event: dict[str, Any]) -> str:
    args = event["args"]
    bits = []
    for key in _event_args(event, "summary_args"):
        value = args.get(key)
        if value in (None, [], ""):
            continue
        if isinstance(value, dict):
            value = value.get("value") or value.get("text")
        if isinstance(value, list):
            value = ", ".join(map(str, value))
        bits.append(f"{key}: {value}")
    if event.get("curated"):
        bits.append(f"curated: {', '.join(event['curated'])}")
    return "; ".join(bits)


def event_year(event: dict[str, Any]) -> str:
    """The first year an event is dated by (a decade, 1960年代, gives its first year)."""
    args = event["args"]
    for key in _event_args(event, "date_args"):
        value = args.get(key)
        if isinstance(value, dict) and (value.get("value") or value.get("start")):
            return str(value.get("value") or value["start"])[:4]
    return ""


def event_actors(event: dict[str, Any]) -> list[str]:
    actors: list[str] = []
    for key in _event_args(event, "actor_args"):
        value = event["args"].get(key)
        if isinstance(value, list):
            actors += value
        elif value:
            actors.append(value)
    return actors


def document_title(document: dict[str, Any]) -> str:
    meta = document.get("meta") or {}
    original = meta.get("original") or {}
    return meta.get("title") or original.get("title") or Path(document["path"]).name
