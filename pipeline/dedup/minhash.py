"""MinHash signatures of texts, computed in bulk.

A text is reduced to what two reprints share: `text_norm` (Simplified, width-folded) with
punctuation, symbols and whitespace stripped and Latin letters lower-cased, so a
Traditional article and its Simplified reprint give the same string. Its character
n-grams are hashed all at once with NumPy (a 64-bit polynomial over the code points,
finished by the MurmurHash3 mixer), and the signatures of many texts are the column
minima of one matrix product with datasketch's own permutations (scheme `affine32`):
the result is exactly what `datasketch.MinHash.update` gives for the same 32-bit shingle
hashes, without a Python call per shingle.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from datasketch import LeanMinHash

SCHEME = "affine32"
HASH_FUNCTION = (
    "shingle: 64-bit polynomial over code points (x * 0x100000001B3 + c mod 2^64) with "
    "the MurmurHash3 fmix64 finalizer, folded to 32 bits (high ^ low); permutations: "
    "datasketch affine32"
)
STRIP = re.compile(r"[\W_]+")
MULTIPLIER = np.uint64(0x100000001B3)
FMIX64 = (np.uint64(33), np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53))
# Rows of the (shingles x permutations) matrix computed at a time: 16 MiB for 128 perms.
BLOCK_ROWS = 32_768


def dedup_text(text_norm: str) -> str:
    """What is compared: letters and digits of the normalized text, Latin lower-cased."""
    return STRIP.sub("", text_norm).lower()


def content_digest(text: str) -> str:
    """Identifies a dedup text, so an index can reuse a signature it already has."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def shingle_hashes(text: str, n: int) -> np.ndarray:
    """Sorted unique 64-bit hashes of the character n-grams of `text` (a text shorter
    than n is one shingle, an empty text none)."""
    if not text:
        return np.empty(0, dtype=np.uint64)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    width = min(n, len(codes))
    count = len(codes) - width + 1
    hashes = np.zeros(count, dtype=np.uint64)
    for j in range(width):
        hashes = hashes * MULTIPLIER + codes[j : j + count]
    shift, m1, m2 = FMIX64
    hashes ^= hashes >> shift
    hashes *= m1
    hashes ^= hashes >> shift
    hashes *= m2
    hashes ^= hashes >> shift
    return np.unique(hashes)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted unique shingle-hash arrays."""
    return jaccard_of_counts(intersection_size(a, b), len(a), len(b))


def jaccard_of_counts(inter: int, size_a: int, size_b: int) -> float:
    """The Jaccard of two sets given how many values they share and how many each has (two
    empty sets: 1.0). The one place it is computed: `jaccard`, `DedupConfig.duplicates`
    and `DedupConfig.verdict` use it."""
    union = size_a + size_b - inter
    return inter / union if union else 1.0


def intersection_size(a: np.ndarray, b: np.ndarray) -> int:
    """How many values two sorted unique arrays share: each of the shorter looked up in
    the longer by binary search (what `np.intersect1d` counts, without sorting both
    together: 3-5x faster on shingle sets)."""
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return 0
    at = np.searchsorted(b, a)
    at[at == len(b)] = 0
    return int(np.count_nonzero(b[at] == a))


@dataclass(frozen=True)
class BulkMinHasher:
    """Signatures of many shingle sets at once (scheme affine32, datasketch's seed)."""

    num_perm: int = 128
    seed: int = 1

    @cached_property
    def permutations(self) -> tuple[np.ndarray, np.ndarray]:
        from datasketch import MinHash  # datasketch loads SciPy (0.4 s): when first needed

        a, b = MinHash(num_perm=self.num_perm, seed=self.seed, scheme=SCHEME).permutations
        return a.astype(np.uint32), b.astype(np.uint32)

    def signatures(self, shingle_sets: Sequence[np.ndarray]) -> np.ndarray:
        """One row of `num_perm` uint32 minima per set; an empty set gives all 2^32-1, as
        an empty datasketch MinHash does."""
        out = np.full((len(shingle_sets), self.num_perm), np.uint32(0xFFFFFFFF), np.uint32)
        sizes = np.array([len(s) for s in shingle_sets], dtype=np.int64)
        filled = np.flatnonzero(sizes)
        if not len(filled):
            return out
        values = np.concatenate([shingle_sets[i] for i in filled])
        owners = np.repeat(filled, sizes[filled])
        from datasketch.minhash import _fmix

        folded = ((values >> np.uint64(32)) ^ values).astype(np.uint32)
        mixed = _fmix(folded, 32)
        a, b = self.permutations
        for lo in range(0, len(mixed), BLOCK_ROWS):
            block = mixed[lo : lo + BLOCK_ROWS, None] * a + b
            who = owners[lo : lo + BLOCK_ROWS]
            starts = np.flatnonzero(np.r_[True, who[1:] != who[:-1]])
            minima = np.minimum.reduceat(block, starts, axis=0)
            rows = who[starts]
            out[rows] = np.minimum(out[rows], minima)
        return out

    def lean(self, signature: np.ndarray) -> LeanMinHash:
        """The datasketch object for a signature row (for LSH and its storage)."""
        from datasketch import LeanMinHash

        return LeanMinHash(seed=self.seed, hashvalues=signature, scheme=SCHEME)
