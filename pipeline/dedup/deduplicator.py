"""Near-duplicate detection of documents and passages across scripts, run after annotation.

Each document and each passage of at least `min_passage_chars` is fingerprinted (its
shingle set and MinHash signature, `pipeline.dedup.minhash`); fingerprints go into the
index (`pipeline.dedup.store`). At the end of a run, datasketch's `MinHashLSH` (bands and
rows derived from the Jaccard each level must reach; in memory, or in Redis through
datasketch's storage backend) proposes candidates for every new item, each candidate pair
is checked on the exact shingle sets (`DedupConfig.duplicates`: Jaccard, and for documents
also the containment of the shorter in the longer), and clusters and their canonical
members follow (`pipeline.dedup.clusters`). Items an earlier run put in the index are not
fingerprinted again: their signatures, shingles and pairs are read back.
"""

from __future__ import annotations

import importlib.util
import json
import math
from collections import Counter
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np
from datasketch import MinHashLSH

from pipeline.dedup.clusters import Mark, canonical_rank, clusters, mark_clusters
from pipeline.dedup.minhash import (
    HASH_FUNCTION,
    SCHEME,
    BulkMinHasher,
    content_digest,
    dedup_text,
    jaccard,
    shingle_hashes,
)
from pipeline.dedup.store import Edge, Entry, IndexStore
from pipeline.ingest.passage import PASSAGE_KINDS

LEVELS = ("document", "passage")


@dataclass(frozen=True)
class DedupConfig:
    """What decides which items are duplicates; recorded in run.json and in the index.
    The document rule is chosen by scripts/sweep_dedup.py (docs/bench-dedup-reprints.md)."""

    ngram: int = 3  # chosen by the sweep of scripts/bench_dedup.py (docs/bench-dedup.md)
    num_perm: int = 128
    seed: int = 1
    threshold: float = 0.8  # exact Jaccard of the shingle sets: passages (and documents)
    # Documents have their own Jaccard threshold (None: `threshold`): a reprint with a
    # header line and a sentence replaced, or 5 % of its characters changed, is at 0.6-0.8.
    document_threshold: float | None = 0.6
    # Documents only: a pair is also a duplicate when at least this share of the shorter
    # one's shingles are in the longer one (a copy cut short), provided the shorter has at
    # least `containment_min_shingles` of them (about as many characters). None: off.
    containment: float | None = 0.95
    containment_min_shingles: int = 200
    # Document candidates come from bands and rows tuned for this Jaccard (or the
    # document threshold if lower): a copy cut to half its length is at J 0.5.
    document_candidates: float = 0.5
    # Bands and rows are chosen so that a pair at the level's target Jaccard becomes a
    # candidate with at least this probability (lsh_bands); candidates are verified, so
    # misses cost more than false candidates.
    candidate_recall: float = 0.99
    min_passage_chars: int = 20
    # Footnotes are left out: repeated citations (Walt, pp. 5~6 / pp. 21~26) are near
    # duplicates that differ in exactly what matters, and notes point to each of them.
    passage_kinds: tuple[str, ...] = tuple(k for k in PASSAGE_KINDS if k != "footnote")

    def __post_init__(self) -> None:
        if not 0 < self.threshold <= 1:
            raise ValueError(f"threshold must be in (0, 1], not {self.threshold}")
        if self.ngram < 1 or self.num_perm < 1:
            raise ValueError(f"ngram and num_perm must be 1 or more: {self.ngram}, {self.num_perm}")
        if self.document_threshold is not None and not 0 < self.document_threshold <= 1:
            raise ValueError(
                f"document_threshold must be in (0, 1] or None, not {self.document_threshold}"
            )
        if self.containment is not None and not 0 < self.containment <= 1:
            raise ValueError(f"containment must be in (0, 1] or None, not {self.containment}")
        if not 0 < self.document_candidates <= 1:
            raise ValueError(
                f"document_candidates must be in (0, 1], not {self.document_candidates}"
            )

    def index_config(self) -> dict[str, Any]:
        """As stored in the index and run.json (JSON types: lists, not tuples)."""
        return json.loads(json.dumps({**asdict(self), "scheme": SCHEME, "hash": HASH_FUNCTION}))

    def jaccard_threshold(self, level: str) -> float:
        """The Jaccard that makes two items of the level duplicates."""
        if level == LEVELS[0] and self.document_threshold is not None:
            return self.document_threshold
        return self.threshold

    def candidate_jaccard(self, level: str) -> float:
        """The Jaccard at which a pair of the level must become an LSH candidate."""
        if level == LEVELS[0] and self.containment is not None:
            return min(self.jaccard_threshold(level), self.document_candidates)
        return self.jaccard_threshold(level)

    def bands(self, level: str) -> tuple[int, int]:
        """The level's LSH bands and rows."""
        return lsh_bands(self.candidate_jaccard(level), self.num_perm, self.candidate_recall)

    def duplicates(self, level: str, a: np.ndarray, b: np.ndarray) -> tuple[float, str | None]:
        """The exact Jaccard of two shingle sets (sorted unique hashes) and what makes them
        duplicates (`verdict`)."""
        inter = np.intersect1d(a, b, assume_unique=True).size
        union = len(a) + len(b) - inter
        return (inter / union if union else 1.0), self.verdict(level, inter, len(a), len(b))

    def verdict(self, level: str, inter: int, size_a: int, size_b: int) -> str | None:
        """What makes two items duplicates, given how many shingles they share and how many
        each has: "jaccard" (the Jaccard reaches the level's threshold), "containment"
        (documents: at least `containment` of the shorter one's shingles are in the
        longer one, and it has at least `containment_min_shingles`), or None."""
        union = size_a + size_b - inter
        if (inter / union if union else 1.0) >= self.jaccard_threshold(level):
            return "jaccard"
        shorter = min(size_a, size_b)
        if (
            level == LEVELS[0]
            and self.containment is not None
            and shorter >= self.containment_min_shingles
            and inter >= self.containment * shorter
        ):
            return "containment"
        return None


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
                items.append((item_key("passage", f"{doc_id}:{seq}"), seq, text))
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


class Deduplicator:
    """Collects a run's fingerprints and, at the end, marks its duplicates."""

    def __init__(
        self,
        config: DedupConfig,
        index_dir: Path,
        redis: dict[str, Any] | None = None,
        banding: str = "datasketch",
    ) -> None:
        self.config = config
        self.banding = banding  # "datasketch" (MinHashLSH) or "ray" (a Ray Data groupby)
        self.store = IndexStore(index_dir, config.index_config())
        self.redis = redis
        self.writer = self.store.writer()
        self.hasher = BulkMinHasher(config.num_perm, config.seed)
        self.run_keys: set[str] = set()
        self.new: list[str] = []
        self.stats: dict[str, Counter[str]] = {level: Counter() for level in LEVELS}
        self.lsh_params: dict[str, dict[str, int]] = {}  # bands and rows per level
        self.found: list[Edge] = []  # the pairs this run verified
        self.retired: list[str] = []

    def add(self, fingerprints: list[Fingerprint]) -> None:
        for fp in fingerprints:
            self.run_keys.add(fp.key)
            self.stats[fp.level]["items"] += 1
            assert fp.shingles is not None and fp.signature is not None
            earlier = self.store.live.get(fp.key)
            if earlier is not None and earlier.digest == fp.digest:
                self.stats[fp.level]["reused"] += 1  # the index holds it with the same text
                continue
            # A changed text keeps the run it first entered in: an edited original stays
            # canonical over the reprints of it.
            self.store.live[fp.key] = self.writer.add(
                fp.key,
                fp.level,
                fp.digest,
                fp.rank,
                fp.signature,
                fp.shingles,
                earlier.run if earlier else self.writer.run,
            )
            replaced = earlier is not None
            self.new.append(fp.key)
            self.stats[fp.level]["new"] += 1
            self.stats[fp.level]["replaced"] += replaced

    def resolve(self) -> dict[str, Mark]:
        """Marks for this run's items; `commit` then adds the run's segment to the index."""
        self.store.attach(self.writer)
        self._retire()
        new = set(self.new)
        # Pairs verified by earlier runs stay, unless one side was fingerprinted again.
        edges = [e for e in self.store.edges if e.a not in new and e.b not in new]
        found: list[Edge] = []
        for level in LEVELS:
            candidates = self._candidates(level)
            stats = self.stats[level]
            stats["candidate_pairs"] += len(candidates)
            for a, b in sorted(candidates):
                similarity, why = self.config.duplicates(
                    level, self._shingles(a), self._shingles(b)
                )
                if why is not None:
                    found.append(Edge(a, b, round(similarity, 6)))
                    stats["verified_pairs"] += 1
                    if why == "containment":  # and not the Jaccard
                        stats["verified_by_containment"] += 1
                    stats[_bin(similarity)] += 1
                else:
                    stats["rejected_pairs"] += 1
        edges += found
        self.found = found
        groups = clusters(edges)
        marks = mark_clusters(
            groups,
            self.store.live,
            wanted=self.run_keys.__contains__,
            similarity=self._jaccard,
            item_id=item_id,
        )
        for key, mark in marks.items():
            stats = self.stats[level_of(key)]
            stats["clustered"] += 1
            stats["duplicates"] += mark.duplicate_of is not None
        for group in groups:
            if any(k in self.run_keys for k in group):
                self.stats[level_of(group[0])]["clusters"] += 1
        return {item_id(k): m for k, m in marks.items()}

    def commit(self) -> None:
        """The index gains the run's segment: called once the run's output is complete,
        so that an index never holds a run whose output was not written."""
        self.store.commit(self.writer, self.found, self.retired, redis=self.redis is not None)

    def discard(self) -> None:
        """A failed run: its staged segment goes, the index stays as it was."""
        self.writer.discard()

    def _retire(self) -> list[str]:
        """Passages the index holds for a document of this run that the document no longer
        has (its text changed): they leave the index."""
        documents = {item_id(k) for k in self.run_keys if k.startswith("d:")}
        retired = [
            key
            for key in sorted(self.store.live)
            if key.startswith("p:")
            and key not in self.run_keys
            and item_id(key).rsplit(":", 1)[0] in documents
        ]
        for key in retired:
            del self.store.live[key]
        self.stats[LEVELS[1]]["retired"] += len(retired)
        self.retired = retired
        return retired

    def _candidates(self, level: str) -> set[tuple[str, str]]:
        """Pairs (sorted) that share a band with a new item of the level."""
        entries = [e for k, e in sorted(self.store.live.items()) if e.level == level]
        fresh = set(self.new)
        if self.banding == "ray":
            from pipeline.dedup import ray_banding

            bands, rows = self.config.bands(level)
            self.lsh_params[level] = {"bands": bands, "rows": rows}
            items = [(e.key, self._signature(e), e.key in fresh) for e in entries]
            return ray_banding.candidate_pairs(items, bands, rows)
        lsh = self._lsh(level)
        new = [e for e in entries if e.key in fresh]
        if self.redis is None or lsh.is_empty():
            missing = entries
        else:  # Redis holds the synced segments' entries; add the others, drop the retired
            synced = self.store.redis_segments
            missing = [e for e in entries if e.key in fresh or e.segment not in synced]
            for key in self.retired:
                if key.startswith(level[0]) and key in lsh:
                    lsh.remove(key)
            for entry in missing:
                if entry.key in lsh:
                    lsh.remove(entry.key)
        with lsh.insertion_session() as session:
            for entry in missing:
                session.insert(entry.key, self._minhash(entry))
        pairs: set[tuple[str, str]] = set()
        for entry in new:
            for other in lsh.query(self._minhash(entry)):
                # Redis may hold keys of a run killed before its index was saved.
                if other != entry.key and other in self.store.live:
                    pairs.add((min(entry.key, other), max(entry.key, other)))
        return pairs

    def _lsh(self, level: str) -> MinHashLSH:
        storage: dict[str, Any] = {"type": "dict"}
        if self.redis is not None:
            storage = {
                "type": "redis",
                "basename": f"{self.store.index_id}:{level}".encode(),
                "redis": self.redis,
            }
        bands, rows = self.config.bands(level)
        lsh = MinHashLSH(
            threshold=self.config.candidate_jaccard(level),
            num_perm=self.config.num_perm,
            params=(bands, rows),
            storage_config=storage,
        )
        self.lsh_params[level] = {"bands": lsh.b, "rows": lsh.r}
        return lsh

    def _signature(self, entry: Entry) -> np.ndarray:
        return np.asarray(self.store.segment(entry.segment).signatures[entry.row])

    def _minhash(self, entry: Entry) -> Any:
        return self.hasher.lean(self._signature(entry))

    def _shingles(self, key: str) -> np.ndarray:
        entry = self.store.live[key]
        return self.store.segment(entry.segment).shingle_set(entry.row)

    def _jaccard(self, a: str, b: str) -> float:
        return jaccard(self._shingles(a), self._shingles(b))

    def _storage(self) -> str:
        """Where the bands live: Redis, a Ray Data shuffle, or this process's memory."""
        return "redis" if self.redis else "ray" if self.banding == "ray" else "memory"

    def record(self) -> dict[str, Any]:
        """The dedup part of run.json: configuration, LSH parameters, counts per level."""
        return {
            "config": self.config.index_config(),
            "datasketch": metadata.version("datasketch"),
            "lsh": {**self.lsh_params, "storage": self._storage()},
            "index": {"segments": len(self.store.segments), "entries": len(self.store.live)},
            "levels": {level: dict(sorted(s.items())) for level, s in self.stats.items()},
        }


def lsh_bands(threshold: float, num_perm: int, recall: float) -> tuple[int, int]:
    """Bands and rows for the threshold: of the (b, r) with b * r <= num_perm under which a
    pair of Jaccard `threshold` is a candidate with probability >= `recall`, the one with
    the fewest expected candidates below the threshold (the area under the S-curve
    1 - (1 - J^r)^b from 0 to the threshold)."""
    below = np.linspace(0.0, threshold, 201)
    best: tuple[float, int, int] | None = None
    for rows in range(1, num_perm + 1):
        for bands in range(1, num_perm // rows + 1):
            if 1 - (1 - threshold**rows) ** bands >= recall:
                curve = 1 - (1 - below**rows) ** bands
                false_candidates = float(np.sum((curve[1:] + curve[:-1]) / 2) * below[1])
                if best is None or false_candidates < best[0]:
                    best = (false_candidates, bands, rows)
                break
    if best is None:
        raise ValueError(f"no bands and rows of {num_perm} permutations reach {recall}")
    return best[1], best[2]


def redis_options(url: str) -> dict[str, Any]:
    """redis://host:port/db as the keyword arguments of `redis.Redis` (datasketch's
    `storage_config["redis"]`)."""
    parsed = urlsplit(url)
    if parsed.scheme != "redis" or not parsed.hostname:
        raise ValueError(f"not a Redis URL (redis://host:port/db): {url!r}")
    if importlib.util.find_spec("redis") is None:
        raise ValueError(
            "--dedup-redis needs the Redis client, an extra of this package: pip install '.[redis]'"
        )
    db = parsed.path.strip("/")
    return {"host": parsed.hostname, "port": parsed.port or 6379, "db": int(db or 0)}


def _bin(similarity: float) -> str:
    """The similarity histogram bucket of a verified pair: 0.05 wide, 1.0 on its own."""
    return f"similarity_{math.floor(similarity * 20 + 1e-9) / 20:.2f}"
