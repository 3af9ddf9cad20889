"""Duplicate clusters: union-find over verified pairs, and the canonical member of each.

The canonical member is the first by this rule: the run it entered the index (an item an
earlier run published stays canonical), then the earliest date (undated last), then the
most complete (the longest dedup text), then the path, then the position in the document,
then the key. `duplicate_of` of every other member names it, and `dup_cluster` is its id.
"""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from pipeline.dedup.store import Edge, Entry

UNDATED = "9999"


def canonical_rank(date: str | None, length: int, path: str, seq: int) -> tuple[Any, ...]:
    """What the canonical rule compares, stored with each entry."""
    return (date or UNDATED, -length, path, seq)


class Forest:
    """Union-find over items numbered 0 .. size-1 (their keys' order): one 8-byte parent a
    item in an `array`, not a dict of keys, so it stays small at any corpus size. A root is
    always its component's smallest number."""

    def __init__(self, size: int) -> None:
        self.parent = array("q", range(size))
        self.touched = bytearray(size)  # in some pair

    def find(self, item: int) -> int:
        parent = self.parent
        root = item
        while root != parent[root]:
            root = parent[root]
        while item != root:  # path compression
            parent[item], item = root, parent[item]
        return root

    def union(self, a: int, b: int) -> None:
        self.touched[a] = self.touched[b] = 1
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> Iterator[list[int]]:
        """The components of the items in some pair, each sorted, in the order of their
        smallest (first) member."""
        items = np.flatnonzero(np.frombuffer(self.touched, dtype=np.uint8))
        roots = np.fromiter((self.find(int(i)) for i in items), dtype=np.int64, count=len(items))
        order = np.argsort(roots, kind="stable")  # items ascend within a root
        items, roots = items[order], roots[order]
        starts = np.flatnonzero(roots[1:] != roots[:-1]) + 1
        for group in np.split(items, starts) if len(items) else []:
            yield group.tolist()


@dataclass(frozen=True)
class Mark:
    """What a record carries: the canonical member's id (None on the canonical itself),
    the cluster's id, and the Jaccard similarity with the canonical member."""

    duplicate_of: str | None
    dup_cluster: str
    similarity: float | None


def clusters(edges: Iterable[Edge]) -> list[list[str]]:
    """Connected components of the verified pairs, each sorted, in sorted order (in memory:
    the step numbers its keys in its table and uses `Forest` itself)."""
    edges = list(edges)
    keys = sorted({key for edge in edges for key in (edge.a, edge.b)})
    number = {key: n for n, key in enumerate(keys)}
    forest = Forest(len(keys))
    for edge in edges:
        forest.union(number[edge.a], number[edge.b])
    return [[keys[n] for n in group] for group in forest.groups()]


def mark_clusters(
    groups: Iterable[list[str]],
    entries: Mapping[str, Entry],
    wanted: Callable[[str], bool],
    similarity: Callable[[str, str], float],
    item_id: Callable[[str], str],
) -> dict[str, Mark]:
    """Marks for the keys `wanted` (this run's items) in each cluster."""
    return {
        key: mark
        for group in groups
        for key, mark in cluster_marks(group, entries, wanted, similarity, item_id)
    }


def cluster_marks(
    group: list[str],
    entries: Mapping[str, Entry],
    wanted: Callable[[str], bool],
    similarity: Callable[[str, str], float],
    item_id: Callable[[str], str],
) -> Iterator[tuple[str, Mark]]:
    """The marks of the `wanted` keys of one cluster (none when it has none)."""
    if not any(wanted(k) for k in group):
        return
    canonical = min(group, key=lambda k: (entries[k].run, *entries[k].rank, k))
    cluster = item_id(canonical)
    for key in filter(wanted, group):
        if key == canonical:
            yield key, Mark(None, cluster, None)
        else:
            yield key, Mark(cluster, cluster, round(similarity(key, canonical), 4))


class Marks(Mapping[str, Mark]):
    """The marks of a run's items by item id, for the writers: a table of the run's
    database (`pipeline.dedup.live`), not a dict growing with the corpus."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.db.execute("DELETE FROM marks")

    def add(self, item: str, mark: Mark) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO marks VALUES (?, ?, ?, ?)",
            (item, mark.duplicate_of, mark.dup_cluster, mark.similarity),
        )

    def get(self, item: str, default: Mark | None = None) -> Mark | None:  # type: ignore[override]
        """The item's mark (most records have none: a look-up without an exception)."""
        row = self.db.execute(
            "SELECT duplicate_of, cluster, similarity FROM marks WHERE id = ?", (item,)
        ).fetchone()
        return default if row is None else Mark(*row)

    def __getitem__(self, item: str) -> Mark:
        mark = self.get(item)
        if mark is None:
            raise KeyError(item)
        return mark

    def __iter__(self) -> Iterator[str]:
        return (item for (item,) in self.db.execute("SELECT id FROM marks ORDER BY id"))

    def items(self) -> Iterator[tuple[str, Mark]]:  # type: ignore[override]
        query = "SELECT id, duplicate_of, cluster, similarity FROM marks ORDER BY id"
        return ((item, Mark(*rest)) for item, *rest in self.db.execute(query))

    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM marks").fetchone()[0])
