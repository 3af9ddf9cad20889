"""Output files written safely: JSONL and JSON to a temporary name, renamed into place
when complete; staged JSONL published with the duplicate marks at the end of a run."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pipeline import ids
from pipeline.dedup.clusters import Mark


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


class AtomicJsonl:
    """A JSONL file written to a temporary name and renamed into place when complete."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tmp = path.with_name(f".{path.name}.tmp")
        self.handle = self.tmp.open("w", encoding="utf-8", newline="\n")
        self.count = 0

    def write(self, record: dict[str, Any]) -> None:
        self.handle.write(_dumps(record) + "\n")
        self.count += 1

    def close(self) -> None:
        self.handle.close()
        os.replace(self.tmp, self.path)


class StagedJsonl:
    """Records of a run written as they come, published with duplicate marks at its end.

    Every record's id comes first on its line (`{"doc_id":"…"`, `{"passage_id":"…"`,
    `{"mention_id":"<passage_id>:…"`), so publishing reads the id off the line and parses
    only the lines it changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.staged = path.with_name(f".{path.name}.staged")
        self.handle = self.staged.open("w", encoding="utf-8", newline="\n")

    def write(self, record: dict[str, Any]) -> None:
        self.handle.write(_dumps(record) + "\n")

    def publish(self, marks: Mapping[str, Mark], dropped: set[str]) -> tuple[int, int]:
        """Writes the final file; returns the records written and those left out."""
        self.handle.close()
        written = left_out = 0
        final = AtomicJsonl(self.path)
        with self.staged.open(encoding="utf-8") as lines:
            for line in lines:
                start = line.index(':"') + 2
                record_id = line[start : line.index('"', start)]
                owners = ids.owners(record_id)
                if dropped and any(o in dropped for o in owners):
                    left_out += 1
                    continue
                mark = marks.get(record_id)
                if mark is not None:
                    record = json.loads(line)
                    record["duplicate_of"] = mark.duplicate_of
                    record["dup_cluster"] = mark.dup_cluster
                    record["dup_similarity"] = mark.similarity
                    line = _dumps(record) + "\n"
                final.handle.write(line)
                written += 1
        final.count = written
        final.close()
        self.staged.unlink()
        return written, left_out


def write_json_atomic(path: Path, obj: Any) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
