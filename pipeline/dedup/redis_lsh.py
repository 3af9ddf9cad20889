"""Candidates from datasketch's `MinHashLSH` with its tables in Redis (`--dedup-redis`): the
tables outlive the run and are shared, so a run inserts only the entries they lack.

The level is streamed from the index (`IndexStore.level_items`), never held: one pass
removes what left or changed, one inserts what the tables lack, and the step then queries
its items one at a time (`RedisTables.query`) and settles each answer as a bucket of its own
(`pipeline.dedup.deduplicator`, through `pipeline.dedup.linker`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from pipeline.dedup.config import DedupConfig
from pipeline.dedup.minhash import BulkMinHasher
from pipeline.dedup.store import IndexStore

# Commands each table's Redis pipeline holds before it is sent while inserting. datasketch's
# pipelines hold 50,000, and its `insertion_session(buffer_size=...)` does not reach them
# (datasketch 2.0.0: `RedisListStorage` takes `Storage.buffer_size`, which sets a number,
# before `RedisStorage.buffer_size`, which sets the pipeline's, by the order of its bases):
# every insert of a level of up to 50,000 items was held, about 9 KB an item at 16 bands.
INSERT_BUFFER = 1024


class RedisTables:
    """The level's LSH tables in Redis, brought up to date with the index when made: the
    `retired` keys (those that left the index this run) and the entries this run
    fingerprinted again are removed, and every live entry the tables lack is inserted (the
    new ones, and those of segments written by runs without Redis)."""

    def __init__(
        self,
        store: IndexStore,
        config: DedupConfig,
        redis: dict[str, Any],
        level: str,
        retired: Iterable[str],
    ) -> None:
        from datasketch import MinHashLSH  # 0.3 s of imports (scipy): only for --dedup-redis

        self.hasher = BulkMinHasher(config.num_perm, config.seed)
        bands, rows = config.bands(level)
        self.lsh = MinHashLSH(
            threshold=config.candidate_jaccard(level),
            num_perm=config.num_perm,
            params=(bands, rows),
            storage_config={
                "type": "redis",
                "basename": f"{store.index_id}:{level}".encode(),
                "redis": redis,
            },
        )
        synced = store.redis_segments
        every = self.lsh.is_empty()  # else the synced segments' entries are there

        def missing(segment: int, new: bool) -> bool:
            return every or new or segment not in synced

        if not every:
            for key in retired:
                if key.startswith(level[0]) and key in self.lsh:
                    self.lsh.remove(key)
            for entry, new in store.live.level(level):
                if missing(entry.segment, new) and entry.key in self.lsh:
                    self.lsh.remove(entry.key)
        with self.lsh.insertion_session(buffer_size=INSERT_BUFFER) as session:
            for storage in (self.lsh.keys, *self.lsh.hashtables):
                storage._buffer.buffer_size = INSERT_BUFFER  # the pipeline's own (above)
            for entry, signature, new in store.level_items(level):
                if missing(entry.segment, new):
                    session.insert(entry.key, self.hasher.lean(signature))

    def query(self, signature: np.ndarray) -> list[str]:
        """The keys that share a band with the signature, sorted (its own key among them
        when it is in the tables; keys a killed run left too)."""
        return sorted(self.lsh.query(self.hasher.lean(signature)))
