"""`extract --engine ray`: the same run on a Ray cluster.

Annotation is Ray Data's `map_batches` over an actor pool: each actor loads the pipeline
once (a `DocumentProcessor`, with the result cache when there is one) and turns sources
into `Processed` results, which stream back to the driver in input order, so the driver
writes the same files as the local engine. Dedup's banding runs as a Ray Data shuffle
(one row per item and band, hash-partitioned by the band's hash across the cluster, each
block's buckets paired at once), and only the candidate pairs come back to the driver for
the exact Jaccard check.

On a real cluster, start Ray on the machines (`ray start --head` on one, `ray start
--address=HEAD:6379` on the others) and give `--address HEAD:6379` (or `auto` on a node of
the cluster). The inputs, the output folder's cache and the dedup index must be on a file
system every node sees (NFS, a mounted bucket): actors read the sources themselves.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.processing import DocumentProcessor, ExtractConfig, Processed
from pipeline.sources import Source


def start(address: str | None, jobs: int) -> None:
    """Joins the cluster at `address`, or starts a local Ray with `jobs` CPUs."""
    try:
        import ray
    except ImportError as err:
        raise ModuleNotFoundError(
            "extract --engine ray needs Ray, an extra of this package: pip install '.[ray]'",
            name="ray",
        ) from err

    logging.getLogger("ray.data").setLevel(logging.WARNING)
    if ray.is_initialized():
        return
    options: dict[str, Any] = {
        "include_dashboard": False,
        "log_to_driver": False,
        "logging_level": logging.WARNING,
    }
    if address:
        ray.init(address=address, **options)
    else:
        ray.init(num_cpus=jobs, **options)


class _Annotator:
    """A Ray Data actor: the pipeline, loaded once per actor."""

    def __init__(self, config: ExtractConfig, cache_dir: str | None) -> None:
        self.processor = DocumentProcessor(config, Path(cache_dir) if cache_dir else None)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        results = [
            pickle.dumps(self.processor(pickle.loads(item)), protocol=pickle.HIGHEST_PROTOCOL)
            for item in batch["source"]
        ]
        return {"processed": np.array(results, dtype=object)}


def process_ray(
    sources: Iterable[Source],
    config: ExtractConfig,
    cache_dir: Path | None,
    jobs: int,
    address: str | None = None,
) -> Iterator[Processed]:
    """Each source processed by an actor pool of `jobs` actors, in input order."""
    start(address, jobs)  # first: without Ray installed, it says how to install it
    import ray.data

    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    items = [{"source": pickle.dumps(source)} for source in sources]
    if not items:
        return
    dataset = ray.data.from_items(items, override_num_blocks=len(items)).map_batches(
        _Annotator,
        fn_constructor_args=(config, str(cache_dir) if cache_dir else None),
        batch_size=1,
        batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=jobs),
        num_cpus=1,
    )
    for row in dataset.iter_rows():
        yield pickle.loads(row["processed"])


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
