"""Candidates from datasketch's `MinHashLSH` with its tables in Redis (`--dedup-redis`): the
tables outlive the run and are shared, so a run inserts only the entries they lack."""

from __future__ import annotations

from typing import Any

from pipeline.dedup.config import DedupConfig
from pipeline.dedup.minhash import BulkMinHasher
from pipeline.dedup.store import Entry, IndexStore


def redis_candidates(
    store: IndexStore,
    config: DedupConfig,
    redis: dict[str, Any],
    level: str,
    fresh: set[str],
    retired: list[str],
    asked: set[str] = frozenset(),  # type: ignore[assignment]
) -> set[tuple[str, str]]:
    """Pairs (sorted) that share a band with a new item of the level (`fresh`: the run's new
    keys; `retired`: keys that left the index, dropped from the tables) or with one of
    `asked` (earlier items whose clusters are found again: queried, not inserted again)."""
    from datasketch import MinHashLSH  # 0.3 s of imports (scipy): only for --dedup-redis

    hasher = BulkMinHasher(config.num_perm, config.seed)
    bands, rows = config.bands(level)
    lsh = MinHashLSH(
        threshold=config.candidate_jaccard(level),
        num_perm=config.num_perm,
        params=(bands, rows),
        storage_config={
            "type": "redis",
            "basename": f"{store.index_id}:{level}".encode(),
            "redis": redis,
        },
    )
    entries = [entry for entry, _ in store.live.level(level)]
    missing = entries
    if not lsh.is_empty():  # the synced segments' entries are there; add the others
        synced = store.redis_segments
        missing = [e for e in entries if e.key in fresh or e.segment not in synced]
        for key in retired:
            if key.startswith(level[0]) and key in lsh:
                lsh.remove(key)
        for entry in missing:
            if entry.key in lsh:
                lsh.remove(entry.key)

    def lean(entry: Entry) -> Any:
        return hasher.lean(store.segment(entry.segment).signatures([entry.row])[0])

    with lsh.insertion_session() as session:
        for entry in missing:
            session.insert(entry.key, lean(entry))
    pairs: set[tuple[str, str]] = set()
    for entry in entries:
        if entry.key in fresh or entry.key in asked:
            for other in lsh.query(lean(entry)):
                # Redis may hold keys of a run killed before its index was saved.
                if other != entry.key and other in store.live:
                    pairs.add((min(entry.key, other), max(entry.key, other)))
    return pairs
