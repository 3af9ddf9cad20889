"""The published JSON Schemas of the output records (pipeline/schemas/*.schema.json)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

SCHEMA_FILES = {
    "documents.jsonl": "document.schema.json",
    "passages.jsonl": "passage.schema.json",
    "errors.jsonl": "error.schema.json",
    "entities.jsonl": "entity.schema.json",
    "events.jsonl": "event.schema.json",
    "run.json": "run.schema.json",
}


@cache
def schema(output_name: str) -> dict[str, Any]:
    """The JSON Schema of an output file (`entities.jsonl`, `run.json` …)."""
    text = (
        resources.files("pipeline.schemas")
        .joinpath(SCHEMA_FILES[output_name])
        .read_text(encoding="utf-8")
    )
    return json.loads(text)


@cache
def validator(output_name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator  # 0.1 s of imports: only what validates

    Draft202012Validator.check_schema(schema(output_name))
    return Draft202012Validator(schema(output_name))


def validation_errors(output_name: str, record: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.path))}: {e.message}"
        for e in validator(output_name).iter_errors(record)
    ]


# The entity labels of the output contract, from its schema (the event types are those of
# pipeline/nlp/events/registry.py, which tests/test_event_registry.py checks against it).
ENTITY_LABELS: tuple[str, ...] = tuple(schema("entities.jsonl")["properties"]["label"]["enum"])
