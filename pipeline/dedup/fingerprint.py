"""Fingerprints of a document and its passages: the keys, digests and canonical ranks of the
items to dedup, with their shingle sets and MinHash signatures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

from pipeline import ids
from pipeline.dedup.clusters import canonical_rank
from pipeline.dedup.config import LEVELS, DedupConfig
from pipeline.dedup.minhash import BulkMinHasher, content_digest, dedup_text, shingle_hashes


@dataclass
class Fingerprint:
    """An item to dedup: its key, text digest, canonical rank, shingles and signature."""

    key: str
    digest: str
    rank: tuple[Any, ...]
    shingles: np.ndarray | None = None
    signature: np.ndarray | None = None

    @property
    def level(self) -> str:
        return level_of(self.key)


def item_key(level: str, item_id: str) -> str:
    return f"{level[0]}:{item_id}"


def level_of(key: str) -> str:
    return LEVELS[0] if key.startswith("d:") else LEVELS[1]


def item_id(key: str) -> str:
    return key[2:]


@dataclass
class Fingerprinter:
    """Fingerprints of a document and its passages, computed together in one bulk call
    (in whichever process annotated the document)."""

    config: DedupConfig

    def __post_init__(self) -> None:
        self.hasher = BulkMinHasher(self.config.num_perm, self.config.seed)

    def __call__(
        self,
        doc_id: str,
        passages: list[tuple[str, str]],
        date: str | None,
        path: str,
    ) -> tuple[list[Fingerprint], Counter[str]]:
        """Fingerprints of a document given its passages as (kind, text_norm)."""
        stats: Counter[str] = Counter()
        texts = [dedup_text(t) for _, t in passages]
        whole = "".join(texts)
        items: list[tuple[str, int, str]] = []
        if whole:
            items.append((item_key("document", doc_id), -1, whole))
        for seq, ((kind, _), text) in enumerate(zip(passages, texts, strict=True)):
            if kind not in self.config.passage_kinds:
                stats[f"passages_{kind}_not_compared"] += 1
            elif len(text) < self.config.min_passage_chars:
                stats["passages_too_short"] += 1
            else:
                items.append((item_key("passage", ids.passage_id(doc_id, seq)), seq, text))
        fingerprints, fresh = [], []
        for key, seq, text in items:
            # Passages rank by their document, so a canonical document's passages are
            # canonical too.
            fingerprint = Fingerprint(
                key, content_digest(text), canonical_rank(date, len(whole), path, seq)
            )
            fingerprints.append(fingerprint)
            fresh.append((fingerprint, text))
        shingles = [shingle_hashes(text, self.config.ngram) for _, text in fresh]
        for (fingerprint, _), row, signature in zip(
            fresh, shingles, self.hasher.signatures(shingles), strict=True
        ):
            fingerprint.shingles, fingerprint.signature = row, signature
            stats[f"{fingerprint.level}s_fingerprinted"] += 1
        stats["chars_fingerprinted"] += sum(len(t) for _, t in fresh)
        return fingerprints, stats
