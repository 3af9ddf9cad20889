"""Which pairs of an LSH bucket the exact check needs: those that can still join two
clusters, not all N(N-1)/2 of it.

The marks follow the clusters alone: the connected components of the verified pairs (the
candidate pairs, those sharing a band with at least one side new, that the exact check
accepts). A pair whose two items are already in one component adds nothing to them, so
it is not checked. `Linker.bucket` takes a bucket's members in ascending order and meets
each with the components of the members before it: a component it is already in is
skipped; with another, its members (one of each `kind`: copies of one text get one
verdict) are checked one at a time until one is accepted (then the two components are
one, and the rest of that component is skipped) or all are
rejected. The components come out exactly those of checking every candidate pair, in any
order of the buckets; only which of the accepted pairs get checked (and are kept) depends
on the order. The work is about one check per member that joins a cluster, plus the
rejected candidates: a bucket of thousands of near-copies costs a few thousand checks, not
millions. A rejected pair is remembered in a fixed-size table (`MEMO_SLOTS`) by the
`kind` of its two items, the digest of their compared text when the step gives it (items
of one kind have the same shingle set, so the verdict is the same): the other bands the
pair shares, and the other copies of either text, mostly do not check it again.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable

from pipeline.dedup.clusters import Forest

MEMO_SLOTS = 1 << 19  # rejected pairs of kinds remembered (16 bytes each: 8 MiB)
# A component's members met in a bucket: one member of each kind, and one queried member
# of each kind.
Group = tuple[dict[int, int], dict[int, int]]
_GOLDEN = 0x9E3779B97F4A7C15
_MASK64 = (1 << 64) - 1


class Linker:
    """Joins items of `forest` (numbers) by the pairs `check` accepts, checking only those
    that join two components. `check(a, b)`, a < b: whether the pair is a duplicate (it
    records what it needs). A pair is only checked when one side is `queried`: new, or an
    item whose cluster must be found again (`pipeline.dedup.deduplicator`). `kind(n)`: a
    number below 2^63 that is the same for two items only if `check` gives them the same
    verdict with any third (the digest of their text); by default the item itself."""

    def __init__(
        self,
        forest: Forest,
        check: Callable[[int, int], bool],
        kind: Callable[[int], int] | None = None,
        memo_slots: int = MEMO_SLOTS,
    ) -> None:
        self.forest = forest
        self.check = check
        self.kind = kind or int
        self.memo = (array("Q", bytes(8 * memo_slots)), array("Q", bytes(8 * memo_slots)))
        self.shift = 64 - (memo_slots.bit_length() - 1)

    def bucket(self, members: list[int], queried: list[bool]) -> None:
        """Settles one bucket: members ascending, each with whether it is queried."""
        find, kind = self.forest.find, self.kind
        # The members met so far by their component's root: one member of each kind, and
        # one queried member of each kind (members of one kind get one verdict, so one
        # stands for all: a cluster of copies costs a check, not one per copy).
        groups: dict[int, Group] = {}
        with_query: dict[int, Group] = {}
        for x, ask in zip(members, queried, strict=True):
            root = find(x)
            for other, (every, asked) in list((groups if ask else with_query).items()):
                if other not in groups or find(other) == root:
                    continue  # joined to x's component earlier in this loop
                for y in (every if ask else asked).values():
                    if self._check(y, x):
                        root = self._join(groups, with_query, root, other, x)
                        break
            group = groups.setdefault(root, ({}, {}))
            group[0].setdefault(kind(x), x)
            if ask:
                group[1].setdefault(kind(x), x)
                with_query[root] = group

    def _join(
        self,
        groups: dict[int, Group],
        with_query: dict[int, Group],
        root: int,
        other: int,
        x: int,
    ) -> int:
        """Unites x's component (root) with another's; their groups become one under the
        new root. Returns it."""
        self.forest.union(x, other)
        joined = self.forest.find(x)
        mine, theirs = groups.pop(root, ({}, {})), groups.pop(other)
        with_query.pop(root, None)
        with_query.pop(other, None)
        # the smaller group folded into the larger in place: a bucket of N members that
        # join one by one costs O(N), not O(N^2) copies
        group, small = (mine, theirs) if len(mine[0]) >= len(theirs[0]) else (theirs, mine)
        for part, more in zip(group, small, strict=True):
            for key, member in more.items():
                part.setdefault(key, member)
        groups[joined] = group
        if group[1]:
            with_query[joined] = group
        return joined

    def _check(self, a: int, b: int) -> bool:
        """`check` of the pair (a < b), unless a pair of the same kinds was rejected before
        (the memo: a slot holds the last rejected pair of kinds that maps to it)."""
        first, second = sorted((self.kind(a) + 1, self.kind(b) + 1))  # 0: an empty slot
        slot = (((first * _GOLDEN) ^ second) * _GOLDEN & _MASK64) >> self.shift
        kinds, partners = self.memo
        if kinds[slot] == first and partners[slot] == second:
            return False
        if self.check(a, b):
            return True
        kinds[slot], partners[slot] = first, second
        return False
