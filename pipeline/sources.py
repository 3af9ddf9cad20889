"""The inputs of a run: files named or found under folders, with what the corpus folder
says of them (manifest.jsonl) and where its corrections are (corrections.jsonl)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.corrections import CORRECTIONS_NAME
from pipeline.manifest import MANIFEST_NAME, load_manifest


@dataclass
class Source:
    path: str  # as given on the command line (joined with the path inside a folder)
    resolved: Path
    root: Path  # the input folder it was found in (or its own folder)
    manifest: dict[str, Any] = field(default_factory=dict)
    id_basis: str | None = None  # what the doc_id hashes, when not the path within its input

    @property
    def doc_id(self) -> str:
        """Readable and stable: the file stem plus a hash of its path within its input."""
        basis = self.id_basis or self.resolved.relative_to(self.root).as_posix()
        stem = re.sub(r"[^\w.-]+", "_", self.resolved.stem)[:60] or "doc"
        return f"{stem}-{hashlib.sha1(basis.encode()).hexdigest()[:8]}"


def discover(inputs: Iterable[str]) -> Iterator[Source]:
    """Files named or found (recursively, in sorted order) under the given folders, each
    with its own doc_id: where two inputs hold the same relative path (a/x.txt, b/x.txt),
    the later one's id hashes its path as given instead."""
    ids: set[str] = set()
    for source in _found(inputs):
        basis = source.path
        while source.doc_id in ids:
            source.id_basis, basis = basis, basis + "\0"
        ids.add(source.doc_id)
        yield source


def _found(inputs: Iterable[str]) -> Iterator[Source]:
    seen: set[Path] = set()
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            manifest = load_manifest(path)
            root = path.resolve()
            for file in sorted(p for p in path.rglob("*") if not p.is_dir()):
                if file.name in (MANIFEST_NAME, CORRECTIONS_NAME) and file.parent == path:
                    continue
                if any(part.startswith(".") for part in file.relative_to(path).parts):
                    continue
                resolved = file.resolve() if file.exists() else file.absolute()
                if resolved in seen:
                    continue
                seen.add(resolved)
                yield Source(str(file), resolved, root, manifest.get(resolved, {}))
        else:
            resolved = path.resolve() if path.exists() else path.absolute()
            if resolved in seen:
                continue
            seen.add(resolved)
            manifest = load_manifest(path.parent) if path.parent.is_dir() else {}
            yield Source(str(path), resolved, resolved.parent, manifest.get(resolved, {}))


def corrections_files(inputs: Iterable[str]) -> list[Path]:
    """The corrections.jsonl beside the inputs: in each folder given, or beside each file."""
    folders = {Path(given) if Path(given).is_dir() else Path(given).parent for given in inputs}
    return [folder / CORRECTIONS_NAME for folder in sorted(folders)]
