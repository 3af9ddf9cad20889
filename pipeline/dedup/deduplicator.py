"""Near-duplicate detection of documents and passages across scripts, run after annotation.

Each document and each passage of at least `min_passage_chars` is fingerprinted (its
shingle set and MinHash signature, `pipeline.dedup.fingerprint`); fingerprints go into the
index (`pipeline.dedup.store`). At the end of a run, the bands and rows derived from the
Jaccard each level must reach (`DedupConfig.bands`) propose candidates for every new item
(out of core in sorted runs, `pipeline.dedup.banding`; or datasketch's `MinHashLSH` in
Redis, `pipeline.dedup.redis_lsh`; or a Ray Data shuffle, `pipeline.dedup.ray_banding`),
each candidate pair is checked on the exact shingle sets, read in bounded batches
(`DedupConfig.duplicates`: Jaccard, and for documents also the containment of the shorter
in the longer), and clusters and their canonical members follow (`pipeline.dedup.clusters`).
Items an earlier run put in the index are not fingerprinted again: their signatures,
shingles and pairs are read back.
"""

from __future__ import annotations

import itertools
import json
import math
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from importlib import metadata
from pathlib import Path
from typing import IO, Any

import numpy as np

from pipeline import ids
from pipeline.dedup.banding import RUN_RECORDS, candidate_pairs
from pipeline.dedup.clusters import Forest, Marks, cluster_marks
from pipeline.dedup.config import LEVELS, DedupConfig
from pipeline.dedup.fingerprint import Fingerprint, item_id, item_key, level_of
from pipeline.dedup.minhash import jaccard
from pipeline.dedup.redis_lsh import redis_candidates
from pipeline.dedup.store import Edge, Entry, IndexStore, Segment

# Shingles (8 bytes each) read at a time for the exact check of candidate pairs.
SHINGLE_BATCH = 1 << 20
SIGNATURE_BATCH = 4096  # signatures read at a time for banding


class Deduplicator:
    """Collects a run's fingerprints and, at the end, marks its duplicates."""

    def __init__(
        self,
        config: DedupConfig,
        index_dir: Path,
        redis: dict[str, Any] | None = None,
        banding: str = "disk",
        run_records: int = RUN_RECORDS,
    ) -> None:
        self.config = config
        self.banding = banding  # "disk" (sorted runs) or "ray" (a Ray Data groupby)
        self.run_records = run_records  # band keys or pairs a sorted run holds
        self.store = IndexStore(index_dir, config.index_config())
        self.redis = redis
        self.writer = self.store.writer()
        self.stats: dict[str, Counter[str]] = {level: Counter() for level in LEVELS}
        self.lsh_params: dict[str, dict[str, int]] = {}  # bands and rows per level
        self._found: IO[str] | None = None  # the pairs this run verified, once resolved
        self.retired: list[str] = []

    def add(self, fingerprints: list[Fingerprint]) -> None:
        """Records the run's items (flagged seen in the live table) and writes the new ones
        to the staged segment."""
        live = self.store.live
        for fp in fingerprints:
            self.stats[fp.level]["items"] += 1
            assert fp.shingles is not None and fp.signature is not None
            earlier = live.get(fp.key)
            if earlier is not None and earlier.digest == fp.digest:
                live.see(fp.key)
                self.stats[fp.level]["reused"] += 1  # the index holds it with the same text
                continue
            # A changed text keeps the run it first entered in: an edited original stays
            # canonical over the reprints of it.
            entry = self.writer.add(
                fp.key,
                fp.level,
                fp.digest,
                fp.rank,
                fp.signature,
                fp.shingles,
                earlier.run if earlier else self.writer.run,
            )
            live.put([entry], seen=True, new=True)
            replaced = earlier is not None
            self.stats[fp.level]["new"] += 1
            self.stats[fp.level]["replaced"] += replaced

    def resolve(self) -> Marks:
        """Marks for this run's items; `commit` then adds the run's segment to the index.
        The pairs are joined on the keys' numbers (`Forest`), the clusters read back one at
        a time and their marks written to the run's table: none of it grows in memory."""
        self.store.attach(self.writer)
        self._retire()
        live = self.store.live
        live.number()
        forest = Forest(len(live))
        for edge in self._edges():
            forest.union(live.num(edge.a), live.num(edge.b))
        marks = Marks(live.db)
        for numbers in forest.groups():
            group = [live.key_of(n) for n in numbers]
            found = list(cluster_marks(group, live, live.is_seen, self._jaccard, item_id))
            if found:
                self.stats[level_of(group[0])]["clusters"] += 1
            for key, mark in found:
                stats = self.stats[level_of(key)]
                stats["clustered"] += 1
                stats["duplicates"] += mark.duplicate_of is not None
                marks.add(item_id(key), mark)
        return marks

    def _edges(self) -> Iterator[Edge]:
        """The verified pairs: earlier runs' (unless one side was fingerprinted again), then
        this run's, which are also written to disk for the index, not held in memory."""
        new = self.store.live.is_new
        yield from (e for e in self.store.edges() if not new(e.a) and not new(e.b))
        # Unnamed, on the index's disk; read by `commit` and `found`, closed with the object.
        found = tempfile.TemporaryFile("w+", encoding="utf-8", dir=self.writer.tmp)  # noqa: SIM115
        self._found = found
        for level in LEVELS:
            bands, rows = self.config.bands(level)
            self.lsh_params[level] = {"bands": bands, "rows": rows}
            with tempfile.TemporaryDirectory(dir=self.writer.tmp) as spill:
                # In the run's staged segment folder: a killed run's is removed by the next.
                for edge in self._verify(level, self._candidates(level, bands, rows, Path(spill))):
                    found.write(json.dumps([edge.a, edge.b, edge.jaccard]) + "\n")
                    yield edge

    @property
    def found(self) -> list[Edge]:
        """The pairs this run verified (read back from disk)."""
        return list(self._found_edges())

    def _found_edges(self) -> Iterator[Edge]:
        if self._found is None:
            return
        self._found.seek(0)
        for line in self._found:
            yield Edge(*json.loads(line))

    def commit(self) -> None:
        """The index gains the run's segment: called once the run's output is complete,
        so that an index never holds a run whose output was not written."""
        self.store.commit(
            self.writer, self._found_edges(), self.retired, redis=self.redis is not None
        )

    def discard(self) -> None:
        """A failed run: its staged segment goes, the index stays as it was."""
        self.writer.discard()

    def _retire(self) -> list[str]:
        """Passages the index holds for a document of this run that the document no longer
        has (its text changed): they leave the index."""
        live = self.store.live
        retired = [
            key
            for key in live.unseen_passages()
            if live.is_seen(item_key(LEVELS[0], ids.document_of(item_id(key))))
        ]
        live.discard(retired)
        self.stats[LEVELS[1]]["retired"] += len(retired)
        self.retired = retired
        return retired

    def _candidates(
        self, level: str, bands: int, rows: int, spill: Path
    ) -> Iterator[tuple[str, str]]:
        """Pairs (sorted, in sorted order) that share a band with a new item of the level."""
        live = self.store.live
        if self.redis is not None:
            fresh = {entry.key for entry, new in live.level(level) if new}
            found = redis_candidates(
                self.store, self.config, self.redis, level, fresh, self.retired
            )
            yield from sorted(found)
            return
        if self.banding == "ray":
            from pipeline.dedup import ray_banding

            items = [(e.key, s, new) for e, s, new in self._level_items(level)]
            yield from sorted(ray_banding.candidate_pairs(items, bands, rows))
        else:
            # Items are numbered in key order, the level's from its first key's number on.
            first = live.first_num(level)
            signed = ((s, new) for _, s, new in self._level_items(level))
            for i, j in candidate_pairs(signed, bands, rows, spill, self.run_records):
                yield live.key_of(first + i), live.key_of(first + j)

    def _verify(self, level: str, candidates: Iterable[tuple[str, str]]) -> Iterator[Edge]:
        """The candidate pairs that are duplicates, checked in the order given."""
        stats = self.stats[level]
        stats["candidate_pairs"] += 0  # counted even when there are none
        for batch, shingles in self._batches(candidates):
            stats["candidate_pairs"] += len(batch)
            for a, b in batch:
                similarity, why = self.config.duplicates(level, shingles[a], shingles[b])
                if why is not None:
                    stats["verified_pairs"] += 1
                    if why == "containment":  # and not the Jaccard
                        stats["verified_by_containment"] += 1
                    stats[_bin(similarity)] += 1
                    yield Edge(a, b, round(similarity, 6))
                else:
                    stats["rejected_pairs"] += 1

    def _batches(
        self, pairs: Iterable[tuple[str, str]]
    ) -> Iterator[tuple[list[tuple[str, str]], dict[str, np.ndarray]]]:
        """The pairs in batches, each with the shingle sets of its items, read together:
        a batch ends before its items would hold more than `SHINGLE_BATCH` shingles."""
        batch: list[tuple[str, str]] = []
        sizes: dict[str, int] = {}
        held = 0
        for pair in pairs:
            wanted = {key: self._shingle_count(key) for key in pair if key not in sizes}
            if batch and held + sum(wanted.values()) > SHINGLE_BATCH:
                yield batch, self._shingle_sets(sizes)
                batch, sizes, held = [], {}, 0
                wanted = {key: self._shingle_count(key) for key in pair}
            batch.append(pair)
            sizes.update(wanted)
            held += sum(wanted.values())
        if batch:
            yield batch, self._shingle_sets(sizes)

    def _level_items(self, level: str) -> Iterator[tuple[Entry, np.ndarray, bool]]:
        """The level's entries in key order, each with its signature and whether it is new;
        signatures read `SIGNATURE_BATCH` at a time."""
        rows = self.store.live.level(level)
        while batch := list(itertools.islice(rows, SIGNATURE_BATCH)):
            read = self._rows([entry for entry, _ in batch], Segment.signatures)
            yield from ((entry, read[entry.key], new) for entry, new in batch)

    def _shingle_count(self, key: str) -> int:
        entry = self.store.live[key]
        return self.store.segment(entry.segment).shingle_count(entry.row)

    def _shingle_sets(self, keys: Iterable[str]) -> dict[str, np.ndarray]:
        return self._rows([self.store.live[key] for key in keys], Segment.shingle_sets)

    def _rows(
        self, entries: list[Entry], read: Callable[[Segment, list[int]], list[np.ndarray]]
    ) -> dict[str, np.ndarray]:
        """What `read` gives for each entry, by key: each segment's rows read together."""
        by_segment: dict[int, list[Entry]] = defaultdict(list)
        for entry in entries:
            by_segment[entry.segment].append(entry)
        found: dict[str, np.ndarray] = {}
        for number, group in by_segment.items():
            rows = read(self.store.segment(number), [e.row for e in group])
            found.update(zip((e.key for e in group), rows, strict=True))
        return found

    def _jaccard(self, a: str, b: str) -> float:
        shingles = self._shingle_sets([a, b])
        return jaccard(shingles[a], shingles[b])

    def _storage(self) -> str:
        """Where the bands live: Redis, a Ray Data shuffle, or sorted runs on disk."""
        return "redis" if self.redis else "ray" if self.banding == "ray" else "disk"

    def record(self) -> dict[str, Any]:
        """The dedup part of run.json: configuration, LSH parameters, counts per level."""
        return {
            "config": self.config.index_config(),
            "datasketch": metadata.version("datasketch"),
            "lsh": {**self.lsh_params, "storage": self._storage()},
            "index": {"segments": len(self.store.segments), "entries": len(self.store.live)},
            "levels": {level: dict(sorted(s.items())) for level, s in self.stats.items()},
        }


def _bin(similarity: float) -> str:
    """The similarity histogram bucket of a verified pair: 0.05 wide, 1.0 on its own."""
    return f"similarity_{math.floor(similarity * 20 + 1e-9) / 20:.2f}"
