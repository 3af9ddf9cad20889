"""The dedup step of extract alone, timed in its parts (`scripts/bench_scale.py --dedup-step`).

Each file of a corpus is decoded, laid out (`parse_layout`), its passages normalized
(`Normalizer`, extract's text_norm less the tokenizer) and fingerprinted with the product's
`Fingerprinter`; the fingerprints go to a `Deduplicator` (disk banding, a fresh index) as
extract's driver adds them. The step is then what extract times as `dedup`: `resolve` and
the writers' look-up of every document's and passage's mark. Its parts are timed by
wrapping the product's functions (a few per cent of overhead; none under `--profile`),
and the process's resident memory is sampled every 20 ms while the step runs.
"""

from __future__ import annotations

import cProfile
import functools
import hashlib
import resource
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline import ids
from pipeline.dedup import deduplicator
from pipeline.dedup.config import LEVELS, DedupConfig
from pipeline.dedup.deduplicator import Deduplicator
from pipeline.dedup.fingerprint import Fingerprinter
from pipeline.dedup.linker import Linker
from pipeline.ingest.layout.kind import parse_layout
from pipeline.text.decoding import decode
from pipeline.text.normalize import Normalizer

PARTS = {
    "link (banding + settling)": (Deduplicator, "_link"),
    "settling buckets (Linker.bucket)": (Linker, "bucket"),
    "exact check (DedupConfig.duplicates)": (DedupConfig, "duplicates"),
    "shingle reads (_ShingleCache)": (deduplicator._ShingleCache, "__getitem__"),
    "cluster marks (cluster_marks)": (deduplicator, "cluster_marks"),
}


class RssSampler(threading.Thread):
    """The largest VmRSS of this process seen every `every` seconds until stopped."""

    def __init__(self, every: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.every, self.done = every, threading.Event()
        self.start_kib = self.peak_kib = self.rss_kib()

    @staticmethod
    def rss_kib() -> int:
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))

    def run(self) -> None:
        while not self.done.is_set():
            self.peak_kib = max(self.peak_kib, self.rss_kib())
            self.done.wait(self.every)


def _timed(seconds: Counter[str], name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[name] += time.perf_counter() - started

    return wrapper


def _patched(seconds: Counter[str]) -> list[tuple[Any, str, Any]]:
    undo = []
    for name, (owner, attribute) in PARTS.items():
        original = getattr(owner, attribute)
        function = original
        if attribute == "cluster_marks":  # a generator: timed as it is consumed
            function = functools.wraps(original)(lambda *a, f=original: list(f(*a)))
        setattr(owner, attribute, _timed(seconds, name, function))
        undo.append((owner, attribute, original))
    return undo


def dedup_step(
    corpus: Path, index: Path, marks_path: Path | None, profile: Path | None
) -> list[str]:
    """Fingerprints the corpus, runs the step; the report's lines (Markdown)."""
    config = DedupConfig()
    normalize, fingerprint = Normalizer(), Fingerprinter(config)
    dedup = Deduplicator(config, index)
    seconds: Counter[str] = Counter()
    documents: list[tuple[str, int]] = []  # doc id, passages: what the writers look up
    chars = 0
    for path in sorted(corpus.iterdir()):
        started = time.perf_counter()
        raw = decode(path.read_bytes()).text
        chars += len(raw)
        passages = parse_layout(raw).passages
        doc_id = ids.doc_id(path.stem, path.name)
        norms = [(p.kind, normalize(p.text)) for p in passages]
        found, _ = fingerprint(doc_id, norms, None, str(path))
        added = time.perf_counter()
        dedup.add(found)
        seconds["fingerprints (not the step)"] += added - started
        seconds["add (not the step)"] += time.perf_counter() - added
        documents.append((doc_id, len(passages)))
    undo = [] if profile else _patched(seconds)
    profiler = cProfile.Profile() if profile else None
    sampler = RssSampler()
    sampler.start()
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    marks = dedup.resolve()
    resolved = time.perf_counter()
    marked = sum(
        marks.get(item) is not None
        for doc_id, count in documents
        for item in [doc_id, *(ids.passage_id(doc_id, seq) for seq in range(count))]
    )
    step = time.perf_counter() - started
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    sampler.done.set()
    sampler.join()
    for owner, attribute, original in undo:
        setattr(owner, attribute, original)
    digest = hashlib.sha256()
    with open(marks_path or "/dev/null", "w", encoding="utf-8") as out:
        for item, mark in marks.items():
            line = f"{item}\t{mark.duplicate_of}\t{mark.dup_cluster}\t{mark.similarity}\n"
            digest.update(line.encode("utf-8"))
            out.write(line)
    dedup.commit()
    seconds["resolve"] = resolved - started
    seconds["mark look-ups (the writers')"] = step - seconds["resolve"]
    return _report(dedup, documents, chars, step, seconds, sampler, marked, digest)


def _report(dedup, documents, chars, step, seconds, rss, marked, digest) -> list[str]:
    n = len(documents)
    stats = dedup.stats
    items = sum(stats[level]["items"] for level in LEVELS)
    per_k = 1000 / n
    lines = [
        f"{n:,} documents, {chars:,} characters, {items:,} items "
        f"({stats[LEVELS[0]]['items']:,} documents, {stats[LEVELS[1]]['items']:,} passages); "
        f"{marked:,} marks, sha256 {digest.hexdigest()[:16]}.",
        "",
        "| step s | s / 1,000 docs | ms / item | RSS at the step's start | step peak RSS "
        "(sampled) | process peak RSS |",
        "|---:|---:|---:|---:|---:|---:|",
        f"| {step:.2f} | {step * per_k:.3f} | {1000 * step / items:.3f} | "
        f"{rss.start_kib / 1024:,.0f} MiB | {rss.peak_kib / 1024:,.0f} MiB | "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB |",
        "",
        "| part | s | s / 1,000 docs |",
        "|---|---:|---:|",
    ]
    lines += [f"| {name} | {s:.2f} | {s * per_k:.3f} |" for name, s in seconds.items()]
    lines += [
        "",
        "| level | items | duplicates | pairs checked | accepted | checked / item | "
        "accepted / item | clusters |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for level in LEVELS:
        s = stats[level]
        count = max(1, s["items"])
        lines.append(
            f"| {level} | {s['items']:,} | {s['duplicates']:,} | {s['candidate_pairs']:,} | "
            f"{s['verified_pairs']:,} | {s['candidate_pairs'] / count:.3f} | "
            f"{s['verified_pairs'] / count:.3f} | {s['clusters']:,} |"
        )
    return lines
