"""What decides which items are duplicates (`DedupConfig`), and the LSH bands and rows that
propose the candidates each level checks."""

from __future__ import annotations

import importlib.util
import json
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from pipeline.dedup.minhash import HASH_FUNCTION, SCHEME, intersection_size, jaccard_of_counts
from pipeline.ingest.passage import PASSAGE_KINDS

LEVELS = ("document", "passage")


@dataclass(frozen=True)
class DedupConfig:
    """What decides which items are duplicates; recorded in run.json and in the index.
    The document rule is chosen by scripts/sweep_dedup.py (docs/bench-dedup-reprints.md)."""

    ngram: int = 3  # chosen by the sweep of scripts/bench_dedup.py (docs/bench-dedup.md)
    num_perm: int = 128
    seed: int = 1
    threshold: float = 0.8  # exact Jaccard of the shingle sets: passages (and documents)
    # Documents have their own Jaccard threshold (None: `threshold`): a reprint with a
    # header line and a sentence replaced, or 5 % of its characters changed, is at 0.6-0.8.
    document_threshold: float | None = 0.6
    # Documents only: a pair is also a duplicate when at least this share of the shorter
    # one's shingles are in the longer one (a copy cut short), provided the shorter has at
    # least `containment_min_shingles` of them (about as many characters). None: off.
    containment: float | None = 0.95
    containment_min_shingles: int = 200
    # Document candidates come from bands and rows tuned for this Jaccard (or the
    # document threshold if lower): a copy cut to half its length is at J 0.5.
    document_candidates: float = 0.5
    # Bands and rows are chosen so that a pair at the level's target Jaccard becomes a
    # candidate with at least this probability (lsh_bands); candidates are verified, so
    # misses cost more than false candidates.
    candidate_recall: float = 0.99
    min_passage_chars: int = 20
    # Footnotes are left out: repeated citations (Walt, pp. 5~6 / pp. 21~26) are near
    # duplicates that differ in exactly what matters, and notes point to each of them.
    passage_kinds: tuple[str, ...] = tuple(k for k in PASSAGE_KINDS if k != "footnote")

    def __post_init__(self) -> None:
        if not 0 < self.threshold <= 1:
            raise ValueError(f"threshold must be in (0, 1], not {self.threshold}")
        if self.ngram < 1 or self.num_perm < 1:
            raise ValueError(f"ngram and num_perm must be 1 or more: {self.ngram}, {self.num_perm}")
        if self.document_threshold is not None and not 0 < self.document_threshold <= 1:
            raise ValueError(
                f"document_threshold must be in (0, 1] or None, not {self.document_threshold}"
            )
        if self.containment is not None and not 0 < self.containment <= 1:
            raise ValueError(f"containment must be in (0, 1] or None, not {self.containment}")
        if not 0 < self.document_candidates <= 1:
            raise ValueError(
                f"document_candidates must be in (0, 1], not {self.document_candidates}"
            )

    def index_config(self) -> dict[str, Any]:
        """As stored in the index and run.json (JSON types: lists, not tuples)."""
        return json.loads(json.dumps({**asdict(self), "scheme": SCHEME, "hash": HASH_FUNCTION}))

    def jaccard_threshold(self, level: str) -> float:
        """The Jaccard that makes two items of the level duplicates."""
        if level == LEVELS[0] and self.document_threshold is not None:
            return self.document_threshold
        return self.threshold

    def candidate_jaccard(self, level: str) -> float:
        """The Jaccard at which a pair of the level must become an LSH candidate."""
        if level == LEVELS[0] and self.containment is not None:
            return min(self.jaccard_threshold(level), self.document_candidates)
        return self.jaccard_threshold(level)

    def bands(self, level: str) -> tuple[int, int]:
        """The level's LSH bands and rows."""
        return lsh_bands(self.candidate_jaccard(level), self.num_perm, self.candidate_recall)

    def duplicates(self, level: str, a: np.ndarray, b: np.ndarray) -> tuple[float, str | None]:
        """The exact Jaccard of two shingle sets (sorted unique hashes) and what makes them
        duplicates (`verdict`)."""
        inter = intersection_size(a, b)
        similarity = jaccard_of_counts(inter, len(a), len(b))
        return similarity, self.verdict(level, inter, len(a), len(b))

    def verdict(self, level: str, inter: int, size_a: int, size_b: int) -> str | None:
        """What makes two items duplicates, given how many shingles they share and how many
        each has: "jaccard" (the Jaccard reaches the level's threshold), "containment"
        (documents: at least `containment` of the shorter one's shingles are in the
        longer one, and it has at least `containment_min_shingles`), or None."""
        if jaccard_of_counts(inter, size_a, size_b) >= self.jaccard_threshold(level):
            return "jaccard"
        shorter = min(size_a, size_b)
        if (
            level == LEVELS[0]
            and self.containment is not None
            and shorter >= self.containment_min_shingles
            and inter >= self.containment * shorter
        ):
            return "containment"
        return None


def lsh_bands(threshold: float, num_perm: int, recall: float) -> tuple[int, int]:
    """Bands and rows for the threshold: of the (b, r) with b * r <= num_perm under which a
    pair of Jaccard `threshold` is a candidate with probability >= `recall`, the one with
    the fewest expected candidates below the threshold (the area under the S-curve
    1 - (1 - J^r)^b from 0 to the threshold)."""
    below = np.linspace(0.0, threshold, 201)
    best: tuple[float, int, int] | None = None
    for rows in range(1, num_perm + 1):
        for bands in range(1, num_perm // rows + 1):
            if 1 - (1 - threshold**rows) ** bands >= recall:
                curve = 1 - (1 - below**rows) ** bands
                false_candidates = float(np.sum((curve[1:] + curve[:-1]) / 2) * below[1])
                if best is None or false_candidates < best[0]:
                    best = (false_candidates, bands, rows)
                break
    if best is None:
        raise ValueError(f"no bands and rows of {num_perm} permutations reach {recall}")
    return best[1], best[2]


def redis_options(url: str) -> dict[str, Any]:
    """redis://host:port/db as the keyword arguments of `redis.Redis` (datasketch's
    `storage_config["redis"]`)."""
    parsed = urlsplit(url)
    if parsed.scheme != "redis" or not parsed.hostname:
        raise ValueError(f"not a Redis URL (redis://host:port/db): {url!r}")
    if importlib.util.find_spec("redis") is None:
        raise ValueError(
            "--dedup-redis needs the Redis client, an extra of this package: pip install '.[redis]'"
        )
    db = parsed.path.strip("/")
    return {"host": parsed.hostname, "port": parsed.port or 6379, "db": int(db or 0)}
