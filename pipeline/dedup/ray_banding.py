"""Dedup's LSH banding as a Ray Data shuffle, for `extract --engine ray`: one row per
item and band, hash-partitioned across the cluster by (band, band hash), each block's
buckets paired at once; only the candidate pairs come back for the exact check. The
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


def candidate_pairs(
    items: list[tuple[str, np.ndarray, bool]], bands: int, rows: int, partitions: int = 4
) -> set[tuple[str, str]]:
    """The pairs that share a band, at least one of them new. One row per item and band,
    hash-partitioned across the cluster by (band, hash), so the rows of a bucket meet in
    one block (what Ray Data's `map_groups` does); each block then yields its pairs at
    once, not one call per bucket (most buckets hold one item). `items`: (key,
    signature, is new)."""
    import ray.data

    table = [
        {"band": b, "hash": h, "key": key, "new": new}
        for key, signature, new in items
        for b, h in enumerate(band_hashes(signature, bands, rows))
    ]
    if not table:
        return set()
    pairs = (
        ray.data.from_items(table)
        .repartition(partitions, keys=["band", "hash"])
        .map_batches(_block_pairs, batch_size=None, batch_format="numpy")
    )
    return {(str(row["a"]), str(row["b"])) for row in pairs.iter_rows()}


def _block_pairs(block: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The pairs within each bucket of a block (rows sorted by bucket, then split where
    the bucket changes)."""
    order = np.lexsort((block["hash"], block["band"]))
    band, bucket_hash = block["band"][order], block["hash"][order]
    keys, new = block["key"][order], block["new"][order]
    starts = np.flatnonzero((band[1:] != band[:-1]) | (bucket_hash[1:] != bucket_hash[:-1])) + 1
    pairs = sorted(
        {
            (min(keys[i], keys[j]), max(keys[i], keys[j]))
            for bucket in np.split(np.arange(len(order)), starts)
            if len(bucket) > 1
            for x, i in enumerate(bucket)
            for j in bucket[x + 1 :]
            if keys[i] != keys[j] and (new[i] or new[j])
        }
    )
    return {
        "a": np.array([a for a, _ in pairs], dtype=object),
        "b": np.array([b for _, b in pairs], dtype=object),
    }
