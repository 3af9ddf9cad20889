"""Reading an `extract` output folder back: what the viewer, the exports, the concordance
and the corrections work from.

The JSONL files are written in document order, so one pass over each, grouped by
`doc_id`, gives every document with its passages, entities and events while holding only
one document in memory.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

from pipeline.extract.publish import published
from pipeline.text.decoding import decode

RECORD_FILES = ("documents", "passages", "entities", "events")


class OutputError(Exception):
    """The folder is not an extract output, or a source text is gone or changed."""


@dataclass
class DocumentRecords:
    """One document of an output folder with everything recorded about it."""

    document: dict[str, Any]
    passages: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return str(self.document["doc_id"])

    @property
    def ok(self) -> bool:
        return self.document["status"] == "ok"


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


class OutputFolder:
    """An output folder of `python -m pipeline extract`."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        # Resolved once, so every file read comes from the same run (pipeline/extract/publish.py).
        self.files = published(self.path)
        missing = [n for n in RECORD_FILES if not (self.files / f"{n}.jsonl").is_file()]
        if missing:
            raise OutputError(
                f"{self.path} is not an extract output folder (no {missing[0]}.jsonl)"
            )

    def records(self, name: str) -> Iterator[dict[str, Any]]:
        """The records of one file (`documents`, `passages`, `entities`, `events`)."""
        return read_jsonl(self.files / f"{name}.jsonl")

    def run(self) -> dict[str, Any]:
        path = self.files / "run.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def documents(self) -> Iterator[DocumentRecords]:
        """Every document in output order with its passages, entities and events."""
        groups = {
            name: groupby(self.records(name), key=lambda r: r["doc_id"])
            for name in RECORD_FILES[1:]
        }
        pending: dict[str, tuple[str, list[dict[str, Any]]] | None] = {
            name: _next_group(group) for name, group in groups.items()
        }
        for document in self.records("documents"):
            item = DocumentRecords(document)
            for name, group in groups.items():
                current = pending[name]
                if current is not None and current[0] == item.doc_id:
                    setattr(item, name, current[1])
                    pending[name] = _next_group(group)
            yield item

    def raw_text(self, document: dict[str, Any]) -> str:
        """The document's raw text (design §4), decoded again from its file; an error if
        the file is gone or its bytes are not those the output was made from."""
        path = Path(document["path"])
        if not path.is_absolute() and not path.exists():
            path = self.path.parent / path
        try:
            data = path.read_bytes()
        except OSError as err:
            raise OutputError(f"cannot read the source {document['path']}: {err}") from None
        if hashlib.sha256(data).hexdigest() != document["sha256"]:
            raise OutputError(f"the source {document['path']} changed since the run")
        return decode(data).text


def _next_group(group: groupby) -> tuple[str, list[dict[str, Any]]] | None:
    try:
        key, records = next(group)
    except StopIteration:
        return None
    return key, list(records)
