"""Dedup's LSH banding as a Ray Data shuffle, for `extract --engine ray`: one row per
item and band, hash-partitioned across the cluster by (band, band hash), each block's
buckets found at once; only the buckets of two items or more come back, for the step's
exact check (`pipeline.dedup.linker`). The
dedup stage's own code: the engine (pipeline/extract/engines/ray.py) runs documents, not this."""

from __future__ import annotations

import hashlib

import numpy as np


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
    items: list[tuple[str, np.ndarray, bool]], bands: int, rows: int, partitions: int = 4
) -> list[tuple[list[int], list[bool]]]:
    """The buckets that hold at least two items and one new: (the members' numbers in
    `items`, ascending; each one's is new), in the order of (band, the band's values), as
    the sorted runs on disk give them (`pipeline.dedup.banding.buckets`), so that the
    step checks the same pairs in the same order. One row per item and band,
    hash-partitioned across the cluster by (band, hash), so the rows of a bucket meet in
    one block (what Ray Data's `map_groups` does); each block then keeps the rows of its
    buckets of two or more with one new, not one call per bucket (most buckets hold one
    item). `items`: (key, signature, is new), in key order."""
    import ray.data

    table = [
        {"band": b, "hash": h, "item": n, "new": new}
        for n, (_, signature, new) in enumerate(items)
        for b, h in enumerate(band_hashes(signature, bands, rows))
    ]
    if not table:
        return []
    kept = (
        ray.data.from_items(table)
        .repartition(partitions, keys=["band", "hash"])
        .map_batches(_block_buckets, batch_size=None, batch_format="numpy")
    )
    grouped: dict[tuple[int, int], list[int]] = {}
    for row in kept.iter_rows():
        grouped.setdefault((int(row["band"]), int(row["hash"])), []).append(int(row["item"]))
    found = []
    for (band, _), members in grouped.items():
        members.sort()
        values = items[members[0]][1][band * rows : (band + 1) * rows].tolist()
        found.append(((band, values), members, [items[m][2] for m in members]))
    found.sort(key=lambda bucket: bucket[0])
    return [(members, new) for _, members, new in found]


def _block_buckets(block: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The rows of each bucket of a block that holds two items or more, one of them new
    (rows sorted by bucket, then split where the bucket changes)."""
    order = np.lexsort((block["hash"], block["band"]))
    band, bucket_hash = block["band"][order], block["hash"][order]
    starts = np.flatnonzero((band[1:] != band[:-1]) | (bucket_hash[1:] != bucket_hash[:-1])) + 1
    new = block["new"][order]
    kept = [
        bucket
        for bucket in np.split(np.arange(len(order)), starts)
        if len(bucket) > 1 and new[bucket].any()
    ]
    rows = order[np.concatenate(kept)] if kept else np.array([], dtype=np.int64)
    return {name: block[name][rows] for name in ("band", "hash", "item")}
