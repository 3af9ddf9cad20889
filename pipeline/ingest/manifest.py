"""The corpus manifest: what is known of each source that its text does not say.

`manifest.jsonl` lies at the root of an input folder; each line names a file by its path
relative to that folder and gives metadata fields (publisher, original publisher ...).
Fields the pipeline extracts from the text itself win over the manifest.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

MANIFEST_NAME = "manifest.jsonl"


def load_manifest(folder: Path) -> dict[Path, dict[str, Any]]:
    """Manifest entries of `folder`, keyed by the resolved path of the file they describe."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return {}
    entries: dict[Path, dict[str, Any]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
            target = (folder / entry.pop("path")).resolve()
        except (json.JSONDecodeError, KeyError, TypeError) as err:
            raise ValueError(f"{path}:{number}: not a manifest entry ({err})") from None
        entries[target] = entry
    return entries
