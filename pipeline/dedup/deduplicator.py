"""Near-duplicate detection of documents and passages across scripts, run after annotation.

Each document and each passage of at least `min_passage_chars` is fingerprinted (its
shingle set and MinHash signature, `pipeline.dedup.fingerprint`); fingerprints go into the
index (`pipeline.dedup.store`). At the end of a run, the bands and rows derived from the
Jaccard each level must reach (`DedupConfig.bands`) propose candidates for every new item
(buckets out of core in sorted runs, `pipeline.dedup.banding`; or a Ray Data shuffle,
`pipeline.dedup.ray_banding`; or each queried item's answer from datasketch's `MinHashLSH`
in Redis, `pipeline.dedup.redis_lsh`); the candidate pairs that can still join two clusters
(`pipeline.dedup.linker`) are checked on the exact shingle sets, read with `pread` and
kept in a bounded cache (`DedupConfig.duplicates`: Jaccard, and for documents also the
containment of the shorter in the longer), and clusters and their canonical members
follow (`pipeline.dedup.clusters`). Items an earlier run put in the index are not
fingerprinted again: their signatures, shingles and pairs are read back.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from array import array
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path
from typing import IO, Any

import numpy as np

from pipeline.dedup.banding import RUN_RECORDS, buckets
from pipeline.dedup.clusters import Forest, Marks, cluster_marks
from pipeline.dedup.config import LEVELS, DedupConfig
from pipeline.dedup.fingerprint import Fingerprint, item_id, level_of
from pipeline.dedup.linker import Linker
from pipeline.dedup.minhash import jaccard
from pipeline.dedup.redis_lsh import RedisTables
from pipeline.dedup.store import Edge, Entry, IndexStore, Segment, read_span

# Shingles (8 bytes each) the exact check keeps read (`_ShingleCache`).
SHINGLE_BATCH = 1 << 20


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
        requery = self._earlier(forest)
        # Unnamed, on the index's disk; read by `commit` and `found`, closed with the object.
        self._found = tempfile.TemporaryFile("w+", encoding="utf-8", dir=self.writer.tmp)  # noqa: SIM115
        for level in LEVELS:
            bands, rows = self.config.bands(level)
            self.lsh_params[level] = {"bands": bands, "rows": rows}
            with tempfile.TemporaryDirectory(dir=self.writer.tmp) as spill:
                # In the run's staged segment folder: a killed run's is removed by the next.
                self._link(level, bands, rows, forest, requery, Path(spill))
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

    def _earlier(self, forest: Forest) -> bytearray:
        """Joins the verified pairs of earlier runs whose two items are still live and
        unchanged; returns, by number, the items whose clusters must be found again.

        The index keeps only the pairs a run checked, and a run does not check a pair
        already joined through others (`pipeline.dedup.linker`): when an item leaves (a
        passage retired) or changes (its text replaced) this run, its pairs go, and the
        rest of its earlier cluster may hold together through pairs never checked. So
        every item of those pieces is queried again, as if new: its candidates are
        checked against everything, and the clusters are those of checking every pair."""
        live = self.store.live
        requery = bytearray(len(forest.parent))
        seeds: list[int] = []
        for edge, number in self.store.pairs():
            # Live, not replaced since the pair was checked, nor fingerprinted this run.
            kept_a = self._kept(edge.a, number)
            kept_b = self._kept(edge.b, number)
            if kept_a and kept_b:
                forest.union(live.num(edge.a), live.num(edge.b))
            elif kept_a or kept_b:
                kept, lost = (edge.a, edge.b) if kept_a else (edge.b, edge.a)
                if live.is_retired(lost) or live.is_new(lost):  # left or changed in this run
                    seeds.append(live.num(kept))
        if seeds:
            roots = {forest.find(n) for n in seeds}
            touched = np.flatnonzero(np.frombuffer(forest.touched, dtype=np.uint8)).tolist()
            for n in [*seeds, *touched]:
                if not requery[n] and forest.find(n) in roots:
                    requery[n] = 1
                    self.stats[level_of(live.key_of(n))]["requeried"] += 1
        return requery

    def _kept(self, key: str, segment: int) -> bool:
        """Whether a pair of `segment` still holds for `key`: its entry then is live and
        was not fingerprinted again this run."""
        return self.store.current(key, segment) and not self.store.live.is_new(key)

    def _link(
        self,
        level: str,
        bands: int,
        rows: int,
        forest: Forest,
        requery: bytearray,
        spill: Path,
    ) -> None:
        """Joins the level's items by the candidate pairs the exact check accepts, checking
        only those that can join two clusters (`Linker`); the pairs checked and accepted
        are written to disk for the index."""
        live = self.store.live
        first = live.first_num(level)  # the level's items are numbered from here, in key order
        shingles = _ShingleCache(self.store, live.level(level), first)
        stats = self.stats[level]
        stats["candidate_pairs"] += 0  # counted even when there are none
        found = self._found
        assert found is not None

        def check(i: int, j: int) -> bool:
            stats["candidate_pairs"] += 1
            if shingles.kind(i) == shingles.kind(j):  # one text: one shingle set
                similarity, why = 1.0, "jaccard"
            else:
                similarity, why = self.config.duplicates(level, shingles[i], shingles[j])
            if why is None:
                stats["rejected_pairs"] += 1
                return False
            stats["verified_pairs"] += 1
            if why == "containment":  # and not the Jaccard
                stats["verified_by_containment"] += 1
            stats[_bin(similarity)] += 1
            edge = [live.key_of(i), live.key_of(j), round(similarity, 6)]
            found.write(json.dumps(edge) + "\n")
            return True

        linker = Linker(forest, check, shingles.kind)
        try:
            for members, queried in self._buckets(level, bands, rows, first, requery, spill):
                linker.bucket([first + m for m in members], queried)
        finally:
            shingles.close()

    def _buckets(
        self, level: str, bands: int, rows: int, first: int, requery: bytearray, spill: Path
    ) -> Iterator[tuple[list[int], list[bool]]]:
        """The level's buckets (members numbered from the level's first item, ascending;
        each with whether it is queried: new, or its cluster found again): from sorted runs
        on disk or Ray, in the order of (band, the band's values); from Redis, one a queried
        item, in key order."""
        if self.redis is not None:
            yield from self._redis_buckets(level, first, requery)
            return
        items = (
            (entry.key, signature, new or bool(requery[first + n]))
            for n, (entry, signature, new) in enumerate(self.store.level_items(level))
        )
        if self.banding == "ray":
            from pipeline.dedup import ray_banding

            yield from ray_banding.buckets(items, bands, rows, spill, self.run_records)
        else:
            signed = ((signature, asked) for _, signature, asked in items)
            yield from buckets(signed, bands, rows, spill, self.run_records)

    def _redis_buckets(
        self, level: str, first: int, requery: bytearray
    ) -> Iterator[tuple[list[int], list[bool]]]:
        """The candidates from the Redis tables as buckets: each queried item with the items
        that share a band with it (a star: only the queried item is flagged, so the linker
        checks its pairs alone, one per component it can join), less the queried items
        before it in key order, whose own star held the pair. Each candidate pair is met
        once; the level is streamed, one query's answer held at a time."""
        live = self.store.live
        tables = RedisTables(self.store, self.config, self.redis or {}, level, live.retired())

        def queried(n: int, key: str) -> bool:
            return bool(requery[first + n]) or live.is_new(key)

        for n, (entry, signature, new) in enumerate(self.store.level_items(level)):
            if not (new or requery[first + n]):
                continue
            members = [n]
            for other in tables.query(signature):
                # Redis may hold keys of a run killed before its index was saved.
                if other == entry.key or other not in live:
                    continue
                m = live.num(other) - first
                if m > n or not queried(m, other):
                    members.append(m)
            if len(members) > 1:
                members.sort()
                yield members, [m == n for m in members]

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
            self.writer,
            self._found_edges(),
            self.store.live.retired(),
            redis=self.redis is not None,
        )

    def discard(self) -> None:
        """A failed run: its staged segment goes, the index stays as it was."""
        self.writer.discard()

    def _retire(self) -> None:
        """Passages the index holds for a document of this run that the document no longer
        has (its text changed): they leave the index (`LiveEntries.retire`, in SQL; the
        keys stay in a table of the run's database for `_earlier`, the Redis tables and
        `commit`)."""
        self.stats[LEVELS[1]]["retired"] += self.store.live.retire()

    def _shingle_sets(self, keys: Iterable[str]) -> dict[str, np.ndarray]:
        return self.store.rows([self.store.live[key] for key in keys], Segment.shingle_sets)

    def _jaccard(self, a: str, b: str) -> float:
        live = self.store.live
        if live[a].digest == live[b].digest:  # one text: one shingle set
            return 1.0
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


class _ShingleCache:
    """The shingle sets of a level's items by number, read from their segments when asked
    (`os.pread` on a descriptor held open for the level) and kept while they hold at most
    `SHINGLE_BATCH` shingles, the least recently used leaving first: the exact check meets
    the same items again and again, bucket after bucket."""

    def __init__(
        self, store: IndexStore, entries: Iterable[tuple[Entry, bool]], first: int
    ) -> None:
        self.store = store
        self.first = first
        self.segments, self.rows = array("i"), array("q")  # where each item's arrays are
        self.kinds = array("q")  # its text's digest, 60 bits of it: one text, one kind
        for entry, _ in entries:
            self.segments.append(entry.segment)
            self.rows.append(entry.row)
            self.kinds.append(int(entry.digest[:15], 16))
        self.held: OrderedDict[int, np.ndarray] = OrderedDict()
        self.size = 0
        self.files: dict[int, int] = {}  # segment: its shingles' descriptor

    def __getitem__(self, number: int) -> np.ndarray:
        found = self.held.get(number)
        if found is not None:
            self.held.move_to_end(number)
            return found
        n = number - self.first
        segment = self.store.segment(self.segments[n])
        fd = self.files.get(self.segments[n])
        if fd is None:
            fd = self.files[self.segments[n]] = os.open(segment.path / "shingles.u64", os.O_RDONLY)
        found = read_span(fd, np.uint64, *segment.shingle_span(self.rows[n]))
        self.held[number] = found
        self.size += len(found)
        while self.size > SHINGLE_BATCH and len(self.held) > 1:
            _, dropped = self.held.popitem(last=False)
            self.size -= len(dropped)
        return found

    def kind(self, number: int) -> int:
        """The item's text, as a number: two items of one kind have one shingle set (the
        digest is SHA-1 of the compared text, 60 bits of it kept)."""
        return self.kinds[number - self.first]

    def close(self) -> None:
        for fd in self.files.values():
            os.close(fd)
        self.files.clear()


def _bin(similarity: float) -> str:
    """The similarity histogram bucket of a verified pair: 0.05 wide, 1.0 on its own."""
    return f"similarity_{math.floor(similarity * 20 + 1e-9) / 20:.2f}"
