"""Duplicate clusters: union-find over verified pairs, and the canonical member of each.

The canonical member is the first by this rule: the run it entered the index (an item an
earlier run published stays canonical), then the earliest date (undated last), then the
most complete (the longest dedup text), then the path, then the position in the document,
then the key. `duplicate_of` of every other member names it, and `dup_cluster` is its id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pipeline.dedup.store import Edge, Entry

UNDATED = "9999"


def canonical_rank(date: str | None, length: int, path: str, seq: int) -> tuple[Any, ...]:
    """What the canonical rule compares, stored with each entry."""
    return (date or UNDATED, -length, path, seq)


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        root = self.parent.setdefault(key, key)
        while root != self.parent[root]:
            root = self.parent[root]
        while key != root:  # path compression
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass(frozen=True)
class Mark:
    """What a record carries: the canonical member's id (None on the canonical itself),
    the cluster's id, and the Jaccard similarity with the canonical member."""

    duplicate_of: str | None
    dup_cluster: str
    similarity: float | None


def clusters(edges: Iterable[Edge]) -> list[list[str]]:
    """Connected components of the verified pairs, each sorted, in sorted order."""
    forest = UnionFind()
    for edge in edges:
        forest.union(edge.a, edge.b)
    members: dict[str, list[str]] = defaultdict(list)
    for key in forest.parent:
        members[forest.find(key)].append(key)
    return sorted(sorted(group) for group in members.values())


def mark_clusters(
    groups: Iterable[list[str]],
    entries: Mapping[str, Entry],
    wanted: Callable[[str], bool],
    similarity: Callable[[str, str], float],
    item_id: Callable[[str], str],
) -> dict[str, Mark]:
    """Marks for the keys `wanted` (this run's items) in each cluster."""
    marks: dict[str, Mark] = {}
    for group in groups:
        if not any(wanted(k) for k in group):
            continue
        canonical = min(group, key=lambda k: (entries[k].run, *entries[k].rank, k))
        cluster = item_id(canonical)
        for key in filter(wanted, group):
            if key == canonical:
                marks[key] = Mark(None, cluster, None)
            else:
                marks[key] = Mark(cluster, cluster, round(similarity(key, canonical), 4))
    return marks
