"""The `extract` job: inputs to documents, passages, entities, events, errors and run.json.

The driver discovers the inputs, has an engine turn each into a `Processed`
(processing.py: the steps of steps.py, in this process or in a pool of worker processes,
or from the result cache), writes the records in input order as they
come, applies the corpus's corrections, and at the end marks duplicates
(pipeline/dedup/) while writing the final files. The files of a run are written into a
generation folder of their own and published as a set (publish.py).
"""

from __future__ import annotations

import os
import platform
import resource
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

from pipeline import SCHEMA_VERSION, __version__, ids
from pipeline.dedup.clusters import Mark
from pipeline.dedup.deduplicator import Deduplicator
from pipeline.digests import code_digest, models_digest
from pipeline.extract.config import MAX_FILE_BYTES, ExtractConfig
from pipeline.extract.corrections import CorrectionSet
from pipeline.extract.engines.local import process_pool
from pipeline.extract.processing import DocumentProcessor, Processed
from pipeline.extract.publish import FolderLock, Generation, remove_stale
from pipeline.extract.writers import AtomicJsonl, StagedJsonl, write_json_atomic
from pipeline.ingest.sources import (
    Source,
    corrections_files,
    discover,
    shared_index,
    write_cachedir_tag,
)

__all__ = ["MAX_FILE_BYTES", "ExtractConfig", "Extractor"]  # what the command line uses

DEDUP_INDEX = "dedup-index"
CACHE = "cache"
PACKAGES = ("opencc", "jieba", "spacy", "datasketch", "scikit-learn")
OUTPUTS = ("documents", "passages", "entities", "events")


def _package_versions() -> dict[str, str]:
    versions = {
        "python": platform.python_version(),
        "pipeline": __version__,
        "pipeline_code": code_digest(),  # the source itself, between releases
    }
    for name in PACKAGES:
        try:
            versions[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


@dataclass
class RunSummary:
    documents: int = 0
    ok: int = 0
    errors: int = 0
    passages: int = 0
    entities: int = 0
    events: int = 0
    seconds: float = 0.0
    cached: int = 0
    duplicates: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)
    quality: Counter[str] = field(default_factory=Counter)
    stats: dict[str, Counter[str]] = field(default_factory=dict)
    step_seconds: Counter[str] = field(default_factory=Counter)
    peak_rss: dict[str, int] = field(default_factory=dict)  # KiB, the largest process's
    # The driver's dedup step by part: `resolve`, then writing each output file with its marks.
    dedup_parts: dict[str, float] = field(default_factory=dict)

    def add(self, processed: Processed) -> None:
        """The counters of one document into the run's."""
        self.documents += 1
        self.cached += processed.cached
        if processed.error:
            self.errors += 1
        else:
            self.ok += 1
        self.quality.update(processed.quality)
        for name, counts in processed.stats.items():
            self.stats.setdefault(name, Counter()).update(counts)
        if not processed.cached:
            self.step_seconds.update(processed.seconds)
            for name, kib in processed.peak_rss.items():
                self.peak_rss[name] = max(self.peak_rss.get(name, 0), kib)


class Extractor:
    """Runs extract over inputs into an output folder (design §3)."""

    def __init__(
        self,
        config: ExtractConfig | None = None,
        dedup_index: Path | None = None,
        redis: dict[str, Any] | None = None,
        drop_duplicates: bool = False,
        jobs: int = 1,
        cache: Path | bool | None = True,
        engine: str = "local",
        address: str | None = None,
    ) -> None:
        if jobs < 1:
            raise ValueError(f"jobs must be 1 or more, not {jobs}")
        if engine not in ("local", "ray"):
            raise ValueError(f"engine must be local or ray, not {engine!r}")
        self.config = config or ExtractConfig()
        self.dedup_index = dedup_index
        self.redis = redis
        self.drop_duplicates = drop_duplicates
        self.jobs = jobs
        self.cache = cache  # True: OUT/cache; a path; False: none
        self.engine = engine  # "local" or "ray" (pipeline/extract/engines/ray.py)
        self.address = address  # of a Ray cluster; None starts a local Ray
        self._processor: DocumentProcessor | None = None

    def processor(self) -> DocumentProcessor:
        """The in-process pipeline (`jobs` 1), loaded once for the runs of this object."""
        if self._processor is None:
            self._processor = DocumentProcessor(self.config)
        return self._processor

    def _cache_dir(self, out_dir: Path) -> Path | None:
        if self.cache is True:
            return out_dir / CACHE
        return self.cache or None

    def results(self, sources: list[Source], cache_dir: Path | None) -> Iterator[Processed]:
        """Each source processed, in input order: here (`jobs` 1) or in a process pool."""
        if self.engine == "ray":
            from pipeline.extract.engines.ray import process_ray

            return process_ray(sources, self.config, cache_dir, self.jobs, self.address)
        if self.jobs <= 1:
            run = self.processor()
            run.use_cache(cache_dir)
            return map(run, sources)
        return process_pool(sources, self.config, cache_dir, self.jobs)

    def run(self, inputs: list[str], out_dir: Path, progress: bool = True) -> RunSummary:
        """Writes a new generation of `out_dir` and publishes it as a set (pipeline/
        publish.py); holds the folder's lock (and the dedup index's) for the whole run.
        On any failure the previous output stays as it was and nothing staged is left."""
        index_dir = self.dedup_index or out_dir / DEDUP_INDEX
        with FolderLock(out_dir), FolderLock(index_dir, "dedup index"):
            remove_stale(out_dir)
            generation = Generation(out_dir)
            dedup: Deduplicator | None = None
            try:
                dedup = Deduplicator(
                    self.config.dedup,
                    index_dir,
                    self.redis,
                    banding="ray" if self.engine == "ray" else "disk",
                )
                summary, record = self._run(inputs, out_dir, generation.path, dedup, progress)
                dedup.commit()
                record["dedup"] = dedup.record()  # the index as this run leaves it
                write_json_atomic(generation.path / "run.json", record)
                generation.publish()
            except BaseException:
                generation.discard()
                if dedup is not None:
                    dedup.discard()
                raise
        return summary

    def _run(
        self,
        inputs: list[str],
        out_dir: Path,
        files_dir: Path,
        dedup: Deduplicator,
        progress: bool,
    ) -> tuple[RunSummary, dict[str, Any]]:
        """The run's record files in `files_dir` (the unpublished generation), and what
        run.json will say."""
        started = time.perf_counter()
        cache_dir = self._cache_dir(out_dir)
        for folder in (cache_dir, dedup.store.root):
            if folder is not None:
                write_cachedir_tag(folder)
        skipped: list[str] = []
        exclude = [out_dir, dedup.store.root, *([cache_dir] if cache_dir else [])]
        folder_ids = shared_index(out_dir, dedup.store.root)
        sources = list(discover(inputs, exclude, skipped, folder_ids))
        corrections = CorrectionSet.load(corrections_files(inputs))
        staged = {name: StagedJsonl(files_dir / f"{name}.jsonl") for name in OUTPUTS}
        errors = AtomicJsonl(files_dir / "errors.jsonl")
        summary = RunSummary()
        results = self.results(sources, cache_dir)
        for processed in _progress(results, len(sources), progress):
            summary.add(processed)
            staged["documents"].write(processed.document)
            if processed.error:
                errors.write(processed.error)
                continue
            dedup.add(processed.fingerprints)
            entities, events = corrections.apply(
                processed.document["sha256"],
                processed.passages,
                processed.entities,
                processed.events,
            )
            for name, records in (
                ("passages", processed.passages),
                ("entities", entities),
                ("events", events),
            ):
                for record in records:
                    staged[name].write(record)
        errors.close()
        dedup_started = time.perf_counter()
        marks = dedup.resolve()
        summary.dedup_parts["resolve"] = time.perf_counter() - dedup_started
        self._publish(staged, marks, summary)
        summary.step_seconds["dedup"] = time.perf_counter() - dedup_started
        summary.peak_rss["dedup"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # driver
        summary.seconds = time.perf_counter() - started
        record = self._run_record(inputs, summary)
        record["skipped_inputs"] = skipped
        record["corrections"] = corrections.record()
        return summary, record

    def _publish(
        self, staged: dict[str, StagedJsonl], marks: Mapping[str, Mark], summary: RunSummary
    ) -> None:
        """Final files from the staged ones: duplicate marks added, and with
        `drop_duplicates` the marked records and what they hold left out. A passage is
        dropped only when the copy it duplicates is exported (or was, by an earlier run),
        so no text is left out of the export altogether."""
        started = time.perf_counter()
        for key, mark in marks.items():
            if mark.duplicate_of is not None:
                level = "passages" if ids.is_passage_or_below(key) else "documents"
                summary.duplicates[level] += 1
        dropped: set[str] = set()
        if self.drop_duplicates:
            dropped_docs = {
                k for k, m in marks.items() if not ids.is_passage_or_below(k) and m.duplicate_of
            }
            dropped = dropped_docs | {
                k
                for k, m in marks.items()
                if ids.is_passage_or_below(k)
                and (
                    ids.document_of(k) in dropped_docs
                    or (m.duplicate_of and ids.document_of(m.duplicate_of) not in dropped_docs)
                )
            }
        summary.dedup_parts["count_marks"] = time.perf_counter() - started
        counts = {}
        for name, handle in staged.items():
            started = time.perf_counter()
            counts[name], summary.dropped[name] = handle.publish(marks, dropped)
            summary.dedup_parts[f"publish_{name}"] = time.perf_counter() - started
        summary.passages, summary.entities, summary.events = (
            counts["passages"],
            counts["entities"],
            counts["events"],
        )

    def _run_record(self, inputs: list[str], summary: RunSummary) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "versions": _package_versions(),
            "config": asdict(self.config),
            "config_hash": self.config.digest(),
            "models": models_digest(),
            "inputs": inputs,
            "counts": {
                "documents": summary.documents,
                "ok": summary.ok,
                "errors": summary.errors,
                "passages": summary.passages,
                "entities": summary.entities,
                "events": summary.events,
                **{f"{k}_duplicates": summary.duplicates[k] for k in ("documents", "passages")},
                **{f"{k}_dropped": summary.dropped[k] for k in OUTPUTS},
            },
            "quality": dict(sorted(summary.quality.items())),
            "steps": {name: dict(sorted(c.items())) for name, c in sorted(summary.stats.items())},
            "timings": {
                "total_seconds": round(summary.seconds, 3),
                "engine": self.engine,
                "jobs": self.jobs,
                "documents_from_cache": summary.cached,
                **{name: round(s, 3) for name, s in sorted(summary.step_seconds.items())},
                "dedup_parts": {k: round(s, 3) for k, s in summary.dedup_parts.items()},
                "peak_rss_mib_after": {
                    name: round(kib / 1024) for name, kib in sorted(summary.peak_rss.items())
                },
            },
        }


def default_jobs() -> int:
    """All the cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _progress(items: Iterable[Processed], total: int, enabled: bool) -> Iterable[Processed]:
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, desc="extract", unit="doc", file=sys.stderr, disable=None)
