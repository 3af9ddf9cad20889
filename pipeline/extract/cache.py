"""Results on disk, keyed on everything that changes them: a re-run on an unchanged corpus
does no NLP, and a run killed half-way resumes where it stopped."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import pickle
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.digests import code_digest, models_digest
from pipeline.extract.config import ExtractConfig
from pipeline.ingest.sources import Source

CACHE_FORMAT = 1


class ResultCache:
    """`Processed` results on disk, one gzip'd pickle per key, written atomically."""

    def __init__(self, root: Path, config: ExtractConfig) -> None:
        self.root = root
        # Whatever changes the output for the same bytes changes the key.
        self.salt = json.dumps(
            {
                "format": CACHE_FORMAT,
                "pipeline": __version__,
                "code": code_digest(),
                "config": config.digest(),
                "models": models_digest(),
            },
            sort_keys=True,
        )

    def key(self, source: Source, sha256: str) -> str:
        place = json.dumps(
            [source.path, source.doc_id, source.manifest], sort_keys=True, ensure_ascii=False
        )
        blob = b"\0".join((self.salt.encode(), place.encode(), sha256.encode()))
        return hashlib.sha256(blob).hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.pkl.gz"

    def get(self, key: str) -> Any | None:
        try:
            with gzip.open(self._path(key), "rb") as handle:
                processed = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError):
            return None  # absent, or cut short by a killed run: processed again
        return processed

    def put(self, key: str, processed: Any) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with gzip.open(tmp, "wb", compresslevel=3) as handle:
            pickle.dump(processed, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
