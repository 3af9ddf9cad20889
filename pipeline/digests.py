"""What changes the output, hashed in one place: configurations, the models, the code.

The result cache keys its entries on these, run.json records them, and the gazetteer's
built patterns carry their source's digest; one JSON form (sorted keys, UTF-8) for all.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.resources import MODELS_DIR


def json_digest(data: Any) -> str:
    """sha256 of `data` as JSON with sorted keys, UTF-8 (the same data, the same digest)."""
    encoded = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


@cache
def models_digest() -> dict[str, str]:
    """sha256 (first 16 hex digits) of every file in models/: what the pipeline knew."""
    return {
        path.relative_to(MODELS_DIR).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        for path in sorted(MODELS_DIR.rglob("*"))
        if path.is_file()
    }


@cache
def code_digest() -> str:
    """sha256 (first 16 hex digits) of the pipeline's own source: a changed rule in code
    (not only a new release) must not be answered from the cache."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]
