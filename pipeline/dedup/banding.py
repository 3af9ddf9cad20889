"""LSH banding out of core: the buckets of a level without its band tables in memory.

Every item's band keys (the band's number and the values of its rows) are written to disk
in sorted runs of at most `run_records` keys and the runs merged (`heapq.merge`), so the
items that agree on a band meet in one bucket, as datatrove's minhash stage does. Memory is
bounded by the run size (and the largest bucket), not by the corpus. A pair is a candidate
exactly when datasketch's `MinHashLSH` with the same bands and rows would propose it: its
signatures agree on every row of at least one band, and at least one side is new; the step
checks only those of a bucket's pairs that can join two clusters (`pipeline.dedup.linker`).
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable, Iterator
from operator import itemgetter
from pathlib import Path

import numpy as np

RUN_RECORDS = 1 << 16  # band keys held in memory before a sorted run is written
# Records read back from the runs at a time while merging, all runs together (each run's
# share at least MIN_CHUNK), so that the merge's buffers do not grow with the number of runs.
MERGE_RECORDS = 1 << 13
MIN_CHUNK = 1 << 6


def buckets(
    items: Iterable[tuple[np.ndarray, bool]],
    bands: int,
    rows: int,
    folder: Path,
    run_records: int = RUN_RECORDS,
) -> Iterator[tuple[list[int], list[bool]]]:
    """The buckets of items numbered in the order given ((signature, is new)) that share a
    band, at least two members and one of them new: (members ascending, each one's is new),
    in the order of (band, the band's values). `folder` (created, and left for the caller
    to remove) holds the runs. The pairs are not spelt out: a bucket of N members holds
    N(N-1)/2 of them, and what the step needs of it is far less (`pipeline.dedup.linker`)."""
    folder.mkdir(parents=True, exist_ok=True)
    yield from merged_buckets(_band_runs(items, bands, rows, folder / "bands", run_records), rows)


def merged_buckets(runs: list[Path], rows: int) -> Iterator[tuple[list[int], list[bool]]]:
    """The buckets of sorted runs of band records (uint32 rows: band, the values of its
    `rows` rows, item number, is new), merged: those of two members or more, one of them
    new, in the order of (band, the band's values), members ascending. Also the end of the
    Ray banding (`pipeline.dedup.ray_banding`), which writes such runs of what its shuffle
    kept."""
    width = rows + 3  # band, its rows' values, item number, is new
    chunk = _chunk(len(runs))
    records = heapq.merge(*(_read_run(path, np.uint32, width, chunk) for path in runs))
    for _, bucket in itertools.groupby(records, key=itemgetter(slice(0, rows + 1))):
        members = list(bucket)  # ascending: the runs hold items in order
        if len(members) < 2:  # most buckets hold one item
            continue
        new = [bool(m[-1]) for m in members]
        if any(new):
            yield [m[-2] for m in members], new


def candidate_pairs(
    items: Iterable[tuple[np.ndarray, bool]],
    bands: int,
    rows: int,
    folder: Path,
    run_records: int = RUN_RECORDS,
) -> list[tuple[int, int]]:
    """Every pair (i, j), i < j, of the buckets with at least one side new: sorted, each
    once, in memory. What datasketch's `MinHashLSH` proposes (tested); the step itself
    does not enumerate them."""
    return sorted(
        {
            (members[x], members[y])
            for members, new in buckets(items, bands, rows, folder, run_records)
            for x in range(len(members))
            for y in range(x + 1, len(members))
            if new[x] or new[y]
        }
    )


def _band_runs(
    items: Iterable[tuple[np.ndarray, bool]], bands: int, rows: int, stem: Path, run_records: int
) -> list[Path]:
    """Sorted runs of band keys: one uint32 row (band, values of its rows, item, is new) per
    item and band."""
    return [
        sorted_run(block, stem, number)
        for number, block in enumerate(band_records(items, bands, rows, run_records))
    ]


def band_records(
    items: Iterable[tuple[np.ndarray, bool]], bands: int, rows: int, run_records: int
) -> Iterator[np.ndarray]:
    """The items' band records, one uint32 row (band, values of its rows, item, is new) per
    item and band, in blocks of at most `run_records` rows (whole items), items numbered
    in the order given."""
    per_run = max(1, run_records // bands)
    items = iter(items)
    # Filled in place, one item at a time: no list of the chunk's signature arrays.
    signatures = np.empty((per_run, bands * rows), dtype=np.uint32)
    new = np.empty(per_run, dtype=np.uint32)
    first = 0  # the chunk's first item number
    while count := _fill(items, signatures, new, bands * rows):
        block = np.empty((count, bands, rows + 3), dtype=np.uint32)
        block[:, :, 0] = np.arange(bands, dtype=np.uint32)
        block[:, :, 1 : rows + 1] = signatures[:count].reshape(count, bands, rows)
        block[:, :, rows + 1] = np.arange(first, first + count, dtype=np.uint32)[:, None]
        block[:, :, rows + 2] = new[:count, None]
        yield block.reshape(count * bands, rows + 3)
        first += count


def sorted_run(records: np.ndarray, stem: Path, number: int) -> Path:
    """Writes a block of records (uint32 rows) sorted by all their columns, first to last,
    as run `number` of `stem`; its path."""
    return _write_run(records[np.lexsort(records.T[::-1])], stem, number)


def _fill(
    items: Iterator[tuple[np.ndarray, bool]], signatures: np.ndarray, new: np.ndarray, width: int
) -> int:
    """Copies up to a chunk of items into the rows of `signatures` and `new`; how many."""
    count = 0
    for signature, fresh in itertools.islice(items, len(new)):
        signatures[count] = signature[:width]
        new[count] = fresh
        count += 1
    return count


def _write_run(records: np.ndarray, stem: Path, number: int) -> Path:
    path = stem.with_name(f"{stem.name}-{number:05d}")
    records.tofile(path)
    return path


def _chunk(runs: int) -> int:
    """Records read from each run at a time: `MERGE_RECORDS` in all, however many runs."""
    return max(MIN_CHUNK, MERGE_RECORDS // max(runs, 1))


def _read_run(path: Path, dtype: type, width: int, chunk: int) -> Iterator[tuple[int, ...]]:
    """A run's records as tuples, read `chunk` at a time."""
    step = chunk * width
    itemsize = np.dtype(dtype).itemsize
    for start in itertools.count(0, step):
        values = np.fromfile(path, dtype=dtype, count=step, offset=start * itemsize)
        if not len(values):
            return
        yield from map(tuple, values.reshape(-1, width).tolist())
