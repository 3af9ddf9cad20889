"""`extract --engine ray`: the same run on a Ray cluster.

Annotation is Ray Data's `map_batches` over an actor pool: each actor loads the pipeline
once (a `DocumentProcessor`, with the result cache when there is one) and turns sources
into `Processed` results, which stream back to the driver in input order, so the driver
writes the same files as the local engine. Dedup's banding runs as a Ray Data shuffle
(one row per item and band, hash-partitioned by the band's hash across the cluster, each
block's buckets paired at once: pipeline/dedup/ray_banding.py), and only the candidate
pairs come back to the driver for the exact Jaccard check.

On a real cluster, start Ray on the machines (`ray start --head` on one, `ray start
--address=HEAD:6379` on the others) and give `--address HEAD:6379` (or `auto` on a node of
the cluster). The inputs, the output folder's cache and the dedup index must be on a file
system every node sees (NFS, a mounted bucket): actors read the sources themselves.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.extract.config import ExtractConfig
from pipeline.extract.processing import DocumentProcessor, Processed
from pipeline.ingest.sources import Source


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
