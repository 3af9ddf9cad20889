"""Dedup's LSH banding as a Ray Data shuffle, for `extract --engine ray`: one row per
item and band, hash-partitioned across the cluster by (band, band hash), each block's
buckets found at once; only the rows of the buckets of two items or more, one new, come
back, for the step's exact check (`pipeline.dedup.linker`). The dedup stage's own code:
the engine (pipeline/extract/engines/ray.py) runs documents, not this.

The driver holds neither the level nor what comes back: the items' band records are made
a chunk at a time (`pipeline.dedup.banding.band_records`) and put in Ray's object store
(which spills to disk), and the rows the shuffle kept are read back a batch at a time into
sorted runs on disk, merged into buckets as the local banding's are
(`pipeline.dedup.banding.merged_buckets`): the same buckets in the same order."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from pipeline.dedup.banding import RUN_RECORDS, band_records, merged_buckets, sorted_run


def band_hashes(signature: np.ndarray, bands: int, rows: int) -> list[int]:
    """One signed 64-bit hash per band of a signature (of the band's rows as bytes)."""
    return [
        int.from_bytes(
            hashlib.blake2b(signature[b * rows : (b + 1) * rows].tobytes(), digest_size=8).digest(),
            signed=True,  # an int64 column Arrow can sort and group
        )
        for b in range(bands)
    ]


def buckets(
    items: Iterable[tuple[str, np.ndarray, bool]],
    bands: int,
    rows: int,
    folder: Path,
    run_records: int = RUN_RECORDS,
    partitions: int = 4,
) -> Iterator[tuple[list[int], list[bool]]]:
    """The buckets that hold at least two items and one new: (the members' numbers in
    `items`, ascending; each one's is new), in the order of (band, the band's values), as
    the sorted runs on disk give them (`pipeline.dedup.banding.buckets`), so that the
    step checks the same pairs in the same order. One row per item and band,
    hash-partitioned across the cluster by (band, hash), so the rows of a bucket meet in
    one block (what Ray Data's `map_groups` does); each block then keeps the rows of its
    buckets of two or more with one new, not one call per bucket (most buckets hold one
    item). `items`: (key, signature, is new), in key order, read once. `folder` (created,
    and left for the caller to remove) holds the runs of what comes back, at most
    `run_records` rows each: the driver's memory is bounded by that, not by the level."""
    import pyarrow as pa
    import ray
    import ray.data

    folder.mkdir(parents=True, exist_ok=True)
    signed = ((signature, new) for _, signature, new in items)
    blocks = []  # references to the object store, one per chunk of items
    for records in band_records(signed, bands, rows, run_records):
        columns = {f"c{k}": records[:, k] for k in range(rows + 3)}  # band, values, item, new
        columns["hash"] = np.fromiter(
            (_record_hash(record, rows) for record in records), np.int64, len(records)
        )
        blocks.append(ray.put(pa.table(columns)))
    if not blocks:
        return
    kept = (
        ray.data.from_arrow_refs(blocks)
        .repartition(partitions, keys=["c0", "hash"])
        .map_batches(_block_buckets, batch_size=None, batch_format="numpy")
    )
    stem = folder / "kept"
    runs = []
    for batch in kept.iter_batches(batch_size=run_records, batch_format="numpy"):
        records = np.stack([batch[f"c{k}"] for k in range(rows + 3)], axis=1).astype(np.uint32)
        if len(records):
            runs.append(sorted_run(records, stem, len(runs)))
    del blocks, kept
    yield from merged_buckets(runs, rows)


def _record_hash(record: np.ndarray, rows: int) -> int:
    """The hash of a band record's values (`band_hashes` of its band): what partitions it."""
    return band_hashes(record[1 : rows + 1], 1, rows)[0]


def _block_buckets(block: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The rows of each bucket of a block that holds two items or more, one of them new
    (rows sorted by band and values, then split where the bucket changes)."""
    values = sorted((name for name in block if name != "hash"), key=lambda name: int(name[1:]))
    rows = len(values) - 3  # c0 the band, c1..c{rows} its values, then item and is new
    key = [block[name] for name in values[: rows + 1]]
    order = np.lexsort(key[::-1])
    keys = np.stack([column[order] for column in key], axis=1)
    starts = np.flatnonzero((keys[1:] != keys[:-1]).any(axis=1)) + 1
    new = block[values[-1]][order]
    kept = [
        bucket
        for bucket in np.split(np.arange(len(order)), starts)
        if len(bucket) > 1 and new[bucket].any()
    ]
    picked = order[np.concatenate(kept)] if kept else np.array([], dtype=np.int64)
    return {name: block[name][picked] for name in values}
