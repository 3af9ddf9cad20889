"""The dedup index on disk: what later runs dedup against without recomputing it.

An index folder holds `meta.json` (the configuration it was built with and its segments)
and one segment folder per run that added something: `entries.jsonl` (key, level, content
digest, canonical rank, run), `signatures.u32` (num_perm values per entry), `shingles.u64`
with `offsets.i64` (each entry's sorted shingle hashes, for the exact Jaccard check) and
`edges.jsonl` (the verified pairs the run found) and `retired.jsonl` (keys whose items are
gone: the passages an edited document no longer has). Segments are only ever added, each
written to a temporary folder and renamed into place, and `meta.json` is replaced
atomically after it, so a run that is killed leaves the index as it was. A later segment's
entry replaces an earlier one with the same key (the text changed); edges of a replaced
entry are dropped when the index is read.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import uuid
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np

from pipeline.dedup.live import Entry, LiveEntries

__all__ = ["Edge", "Entry", "IndexMismatch", "IndexStore", "Segment", "SegmentWriter"]

FORMAT = 1
META = "meta.json"
MISSING = object()
SIGNATURE_BATCH = 4096  # signatures read at a time by `IndexStore.level_items`


@dataclass(frozen=True, slots=True)
class Edge:
    a: str
    b: str
    jaccard: float


class IndexMismatch(Exception):
    """The index was built with another configuration; mixing them would be wrong."""


def config_differences(index: dict[str, Any], run: dict[str, Any]) -> list[str]:
    """The settings that differ, each with both values: `threshold: index 0.8, this run
    0.7` (a setting one side lacks is `not set` there)."""

    def shown(config: dict[str, Any], key: str) -> str:
        return json.dumps(config[key], ensure_ascii=False) if key in config else "not set"

    return [
        f"{key}: index {shown(index, key)}, this run {shown(run, key)}"
        for key in [*index, *(k for k in run if k not in index)]
        if index.get(key, MISSING) != run.get(key, MISSING)
    ]


class Segment:
    """One run's entries, read from its files as needed: not memory-mapped, so the pages
    read stay in the page cache, not in the process's resident memory."""

    def __init__(self, path: Path, num_perm: int) -> None:
        self.path = path
        self.num_perm = num_perm
        self.offsets = np.fromfile(path / "offsets.i64", dtype=np.int64)

    def signatures(self, rows: Iterable[int]) -> list[np.ndarray]:
        spans = ((row * self.num_perm, self.num_perm) for row in rows)
        return _read(self.path / "signatures.u32", np.uint32, spans)

    def shingle_count(self, row: int) -> int:
        return int(self.offsets[row + 1] - self.offsets[row])

    def shingle_span(self, row: int) -> tuple[int, int]:
        """Where a row's shingles are in `shingles.u64`: the first one's number, how many."""
        return int(self.offsets[row]), self.shingle_count(row)

    def shingle_sets(self, rows: Iterable[int]) -> list[np.ndarray]:
        spans = (self.shingle_span(row) for row in rows)
        return _read(self.path / "shingles.u64", np.uint64, spans)


def _read(path: Path, dtype: type, spans: Iterable[tuple[int, int]]) -> list[np.ndarray]:
    """The values of each span (the first value's number, how many) of a file."""
    with path.open("rb", buffering=0) as handle:
        return [read_span(handle.fileno(), dtype, start, count) for start, count in spans]


def read_span(fd: int, dtype: type, start: int, count: int) -> np.ndarray:
    """`count` values of a file from the `start`-th (`os.pread`: no file position moved)."""
    size = np.dtype(dtype).itemsize
    return np.frombuffer(os.pread(fd, count * size, start * size), dtype=dtype)


class SegmentWriter:
    """Appends a run's new entries to a temporary segment folder, streaming them (and their
    arrays) to disk so that memory does not grow with the corpus."""

    def __init__(self, root: Path, number: int, run: int) -> None:
        self.number = number
        self.run = run
        self.final = root / f"{number:06d}"
        self.tmp = root / f".{number:06d}.tmp"
        for stale in (self.final, self.tmp):  # left by a run killed before its meta update
            shutil.rmtree(stale, ignore_errors=True)
        self.tmp.mkdir(parents=True)
        self._signatures = (self.tmp / "signatures.u32").open("wb")
        self._shingles = (self.tmp / "shingles.u64").open("wb")
        self._entries = (self.tmp / "entries.jsonl").open("w", encoding="utf-8")
        self.offsets = array("q", [0])

    @property
    def count(self) -> int:
        """Entries added so far."""
        return len(self.offsets) - 1

    def add(
        self,
        key: str,
        level: str,
        digest: str,
        rank: tuple[Any, ...],
        signature: np.ndarray,
        shingles: np.ndarray,
        run: int,
    ) -> Entry:
        row = self.count
        item = {"key": key, "level": level, "digest": digest, "rank": list(rank), "run": run}
        self._entries.write(_line(item))
        self._signatures.write(np.ascontiguousarray(signature, dtype=np.uint32).tobytes())
        self._shingles.write(np.ascontiguousarray(shingles, dtype=np.uint64).tobytes())
        self.offsets.append(self.offsets[-1] + len(shingles))
        return Entry(key, level, digest, tuple(rank), run, self.number, row)

    def flush(self) -> None:
        self._signatures.flush()
        self._shingles.flush()
        self._entries.flush()
        with (self.tmp / "offsets.i64").open("wb") as handle:
            self.offsets.tofile(handle)

    def readable(self, num_perm: int) -> Segment:
        """The entries written so far, for verification before the segment is committed."""
        self.flush()
        return Segment(self.tmp, num_perm)

    def commit(self, edges: Iterable[Edge], retired: Iterable[str]) -> None:
        self.flush()
        for handle in self._handles():
            handle.close()
        _write_jsonl(self.tmp / "edges.jsonl", ([e.a, e.b, e.jaccard] for e in edges))
        _write_jsonl(self.tmp / "retired.jsonl", retired)
        os.replace(self.tmp, self.final)

    def discard(self) -> None:
        for handle in self._handles():
            with contextlib.suppress(OSError):  # closing flushes, which fails on a full disk
                handle.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _handles(self) -> tuple[IO[Any], ...]:
        return self._signatures, self._shingles, self._entries


def _line(row: Any) -> str:
    return json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"


def _write_jsonl(path: Path, rows: Iterable[Any]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(_line(row))


def _read_jsonl(path: Path) -> Iterator[Any]:
    """The file's rows, one line at a time."""
    with path.open(encoding="utf-8") as handle:
        yield from (json.loads(line) for line in handle if line.strip())


class IndexStore:
    """The live entries and edges of an index folder (created empty if absent): the entries
    in an on-disk table (`pipeline.dedup.live`), the edges read from the segments when
    wanted, so that opening a large index does not hold it in memory."""

    def __init__(self, root: Path, config: dict[str, Any]) -> None:
        self.root = root
        self.config = config
        meta_path = root / META
        if meta_path.exists():
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            differences = config_differences(
                {"format": meta.get("format"), **(meta.get("config") or {})},
                {"format": FORMAT, **config},
            )
            if differences:
                raise IndexMismatch(
                    f"the dedup index in {root} was built with another configuration "
                    f"({'; '.join(differences)}); run with the index's settings, give another "
                    "--dedup-index or remove that folder"
                )
            self.segments: list[int] = list(meta["segments"])
            self.runs = int(meta["runs"])
            self.index_id = str(meta["id"])
            self.redis_segments = set(meta.get("redis_segments", []))
        else:
            self.segments, self.runs = [], 0
            self.index_id = uuid.uuid4().hex  # names the index's LSH tables in Redis
            self.redis_segments: set[int] = set()  # segments whose entries Redis holds
        self.num_perm = int(config["num_perm"])
        self.live = LiveEntries()
        self._segments: dict[int, Segment] = {}
        self._load()

    def _load(self) -> None:
        for number in self.segments:
            path = self.root / f"{number:06d}"
            self._segments[number] = Segment(path, self.num_perm)
            self.live.put(
                Entry(i["key"], i["level"], i["digest"], tuple(i["rank"]), i["run"], number, row)
                for row, i in enumerate(_read_jsonl(path / "entries.jsonl"))
            )
            self.live.discard(_read_jsonl(path / "retired.jsonl"))

    def edges(self) -> Iterator[Edge]:
        """The verified pairs of the segments whose two entries are live and no newer than
        the segment (an entry replaced later, or retired, takes its pairs with it)."""
        for edge, number in self.pairs():
            if self.current(edge.a, number) and self.current(edge.b, number):
                yield edge

    def current(self, key: str, segment: int) -> bool:
        """Whether `key` is live with the entry it had when `segment` was written: not
        retired nor replaced since (what a pair of that segment needs of its items)."""
        entry = self.live.get(key)
        return entry is not None and entry.segment <= segment

    def pairs(self) -> Iterator[tuple[Edge, int]]:
        """Every verified pair the segments hold, with its segment's number, live or not."""
        for number in list(self.segments):
            for a, b, jaccard in _read_jsonl(self.root / f"{number:06d}" / "edges.jsonl"):
                yield Edge(a, b, jaccard), number

    def segment(self, number: int) -> Segment:
        return self._segments[number]

    def level_items(self, level: str) -> Iterator[tuple[Entry, np.ndarray, bool]]:
        """The level's live entries in key order, each with its signature and whether it is
        new this run; signatures read `SIGNATURE_BATCH` at a time (the disk and Ray banding
        and the Redis tables all read them here)."""
        rows = self.live.level(level)
        while batch := list(itertools.islice(rows, SIGNATURE_BATCH)):
            read = self.rows([entry for entry, _ in batch], Segment.signatures)
            yield from ((entry, read[entry.key], new) for entry, new in batch)

    def rows(
        self, entries: list[Entry], read: Callable[[Segment, list[int]], list[np.ndarray]]
    ) -> dict[str, np.ndarray]:
        """What `read` gives for each entry, by key: each segment's rows read together."""
        by_segment: dict[int, list[Entry]] = {}
        for entry in entries:
            by_segment.setdefault(entry.segment, []).append(entry)
        found: dict[str, np.ndarray] = {}
        for number, group in by_segment.items():
            rows = read(self.segment(number), [e.row for e in group])
            found.update(zip((e.key for e in group), rows, strict=True))
        return found

    def attach(self, writer: SegmentWriter) -> None:
        """Makes the entries a writer holds readable for verification."""
        self._segments[writer.number] = writer.readable(self.num_perm)

    def writer(self) -> SegmentWriter:
        self.root.mkdir(parents=True, exist_ok=True)
        number = max(self.segments, default=0) + 1
        return SegmentWriter(self.root, number, self.runs + 1)

    def commit(
        self, writer: SegmentWriter, edges: Iterable[Edge], retired: Iterable[str], redis: bool
    ) -> None:
        """Publishes the run's segment; with nothing new, the index stays as it was.
        `redis`: the run put every live entry into the Redis tables. `edges` and `retired`
        are streamed to the segment's files."""
        synced = set(self.segments) if redis else self.redis_segments
        edges, retired = iter(edges), iter(retired)
        first, gone = next(edges, None), next(retired, None)
        if writer.count or first is not None or gone is not None:
            writer.commit(
                itertools.chain([first] if first else [], edges),
                itertools.chain([gone] if gone is not None else [], retired),
            )
            self._segments[writer.number] = Segment(writer.final, self.num_perm)
            self.segments.append(writer.number)
            self.runs = writer.run
            synced = synced | {writer.number} if redis else synced
        else:
            writer.discard()
            self._segments.pop(writer.number, None)
            if synced == self.redis_segments:
                return
        self.redis_segments = synced
        meta = {
            "format": FORMAT,
            "id": self.index_id,
            "config": self.config,
            "segments": self.segments,
            "runs": self.runs,
            "redis_segments": sorted(self.redis_segments),
        }
        tmp = self.root / f".{META}.tmp"
        tmp.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, self.root / META)
