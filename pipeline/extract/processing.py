"""One source in, everything a run keeps of it out: the unit of work of every engine.

`DocumentProcessor` runs the steps (pipeline/extract/steps.py) on a source and returns a
`Processed`: its records, fingerprints, error, and the steps' counters — plain, picklable
data, so a worker process or a Ray actor can make it and the driver can write it. A
`ResultCache` keeps each `Processed` under a key of the file's bytes, its place in the
run (path, id, manifest) and everything that changes the output (configuration, models,
versions): a re-run on an unchanged corpus does no NLP, and a run killed half-way resumes
where it stopped.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import pickle
import signal
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.dedup.config import DedupConfig
from pipeline.dedup.fingerprint import Fingerprint
from pipeline.extract.records import document_record, entity_records, event_records, passage_records
from pipeline.extract.steps import (
    AnnotateStep,
    DateStep,
    DecodeStep,
    Document,
    EventStep,
    FingerprintStep,
    LayoutStep,
    MetadataStep,
    ProvenanceStep,
    ReadStep,
    ScriptStep,
    Step,
    StepError,
)
from pipeline.ingest.sources import Source
from pipeline.nlp.language import load
from pipeline.resources import MODELS_DIR
from pipeline.text.chars import ends_sentence
from pipeline.text.normalize import Normalizer

# A book-length PDF dump is a few MB; past this a file is refused (raise with
# --max-file-bytes), which bounds a worker's memory.
MAX_FILE_BYTES = 32 * 1024 * 1024
CACHE_FORMAT = 1


@dataclass(frozen=True)
class ExtractConfig:
    """Everything that changes the output; its hash goes into run.json."""

    opencc_config: str = "t2s"
    ner_model: bool = True  # the statistical recognizer (else gazetteer and rules only)
    max_file_bytes: int = MAX_FILE_BYTES
    dedup: DedupConfig = field(default_factory=DedupConfig)

    def __post_init__(self) -> None:
        Normalizer(self.opencc_config)  # a ValueError for a config text_norm cannot use
        if self.max_file_bytes < 1:
            raise ValueError(f"max_file_bytes must be 1 or more, not {self.max_file_bytes}")

    def digest(self) -> str:
        blob = json.dumps(asdict(self), sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


@cache
def models_digest() -> dict[str, str]:
    """sha256 (first 16 hex digits) of every file in models/: what the pipeline knew."""
    return {
        path.relative_to(MODELS_DIR).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        for path in sorted(MODELS_DIR.rglob("*"))
        if path.is_file()
    }


@cache
def code_digest() -> str:
    """sha256 (first 16 hex digits) of the pipeline's own source: a changed rule in code
    (not only a new release) must not be answered from the cache."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class Processed:
    """What a run keeps of one source."""

    doc_id: str
    document: dict[str, Any]
    passages: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    fingerprints: list[Fingerprint] = field(default_factory=list)
    error: dict[str, Any] | None = None  # the errors.jsonl record
    quality: Counter[str] = field(default_factory=Counter)
    stats: dict[str, Counter[str]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    peak_rss: dict[str, int] = field(default_factory=dict)  # KiB after each step
    cached: bool = False


class ResultCache:
    """`Processed` results on disk, one gzip'd pickle per key, written atomically."""

    def __init__(self, root: Path, config: ExtractConfig) -> None:
        self.root = root
        # Whatever changes the output for the same bytes changes the key.
        self.salt = json.dumps(
            {
                "format": CACHE_FORMAT,
                "pipeline": __version__,
                "code": code_digest(),
                "config": config.digest(),
                "models": models_digest(),
            },
            sort_keys=True,
        )

    def key(self, source: Source, sha256: str) -> str:
        place = json.dumps(
            [source.path, source.doc_id, source.manifest], sort_keys=True, ensure_ascii=False
        )
        blob = b"\0".join((self.salt.encode(), place.encode(), sha256.encode()))
        return hashlib.sha256(blob).hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.pkl.gz"

    def get(self, key: str) -> Processed | None:
        try:
            with gzip.open(self._path(key), "rb") as handle:
                processed = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError):
            return None  # absent, or cut short by a killed run: processed again
        processed.cached = True
        return processed

    def put(self, key: str, processed: Processed) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with gzip.open(tmp, "wb", compresslevel=3) as handle:
            pickle.dump(processed, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)


class DocumentProcessor:
    """The steps of extract, loaded once (per process or actor), applied to one source."""

    def __init__(self, config: ExtractConfig, cache_dir: Path | None = None) -> None:
        self.config = config
        self.cache: ResultCache | None = None
        self.use_cache(cache_dir)
        self.read = ReadStep(config.max_file_bytes)

    @cached_property
    def steps(self) -> list[Step]:
        """The steps after reading; the NLP pipeline loads on the first cache miss."""
        return [
            DecodeStep(),
            LayoutStep(),
            ScriptStep(Normalizer(self.config.opencc_config)),
            annotate := AnnotateStep(
                load(self.config.opencc_config, ner_model=self.config.ner_model)
            ),
            ProvenanceStep(),
            MetadataStep(),
            DateStep(),
            EventStep(annotate.nlp),
            FingerprintStep(self.config.dedup),
        ]

    def use_cache(self, cache_dir: Path | None) -> None:
        self.cache = ResultCache(cache_dir, self.config) if cache_dir else None

    def __call__(self, source: Source) -> Processed:
        self.read.stats, self.read.seconds = Counter(), 0.0
        doc = Document(source)
        try:
            self.read(doc)
        except StepError as err:
            return self._failed(doc, err, [self.read])
        key = self.cache.key(source, doc.sha256 or "") if self.cache else None
        if key is not None and (cached := self.cache.get(key)) is not None:
            return cached
        for step in self.steps:  # the counters of this document alone
            step.stats, step.seconds = Counter(), 0.0
        step = self.read
        try:
            for step in self.steps:
                doc = step(doc)
        except StepError as err:
            processed = self._failed(doc, err, [self.read, *self.steps])
        except Exception as err:  # a defect met by one input: recorded, and the run goes on
            failure = StepError(step.name, f"internal error: {type(err).__name__}: {err}")
            processed = self._failed(doc, failure, [self.read, *self.steps])
        else:
            processed = Processed(
                doc.source.doc_id,
                document_record(doc),
                list(passage_records(doc)),
                list(entity_records(doc)),
                list(event_records(doc)),
                doc.fingerprints,
                quality=quality_counts(doc),
                **self._counters([self.read, *self.steps]),
            )
        if key is not None:
            self.cache.put(key, processed)
        return processed

    def _failed(self, doc: Document, err: StepError, steps: list[Step]) -> Processed:
        error = {
            "doc_id": doc.source.doc_id,
            "path": doc.source.path,
            "stage": err.stage,
            "error": str(err),
        }
        return Processed(
            doc.source.doc_id, document_record(doc, err), error=error, **self._counters(steps)
        )

    @staticmethod
    def _counters(steps: list[Step]) -> dict[str, Any]:
        return {
            "stats": {s.name: s.stats for s in steps if s.stats},
            "seconds": {s.name: s.seconds for s in steps},
            "peak_rss": {s.name: s.peak_rss for s in steps if s.peak_rss},
        }


def quality_counts(doc: Document) -> Counter[str]:
    """Figures a reviewer checks first: sentence-final paragraphs, leftover debris."""
    assert doc.layout is not None
    quality: Counter[str] = Counter()
    for p in doc.layout.passages:
        if p.kind == "paragraph":
            quality["paragraphs"] += 1
            quality["paragraphs_ending_sentence"] += ends_sentence(p.text)
        if p.kind not in ("table", "caption") and "\n" in p.text:
            quality["passages_with_newline"] += 1
    quality["footnotes"] += doc.layout.stats.get("footnotes", 0) or 0
    quality["footnotes_linked"] += doc.layout.stats.get("footnotes_linked", 0) or 0
    return quality


# --- engines: how sources become `Processed`, in input order ----------------------------

_WORKER: DocumentProcessor | None = None


def _start_worker(
    config: ExtractConfig, cache_dir: Path | None, blas_threads: int, driver: int
) -> None:
    """As joblib's loky workers do: the cores shared out, so N workers' matrix products do
    not run N × cores threads on the machine's cores."""
    from threadpoolctl import threadpool_limits

    global _WORKER
    end_with_parent(driver)
    threadpool_limits(blas_threads)
    _WORKER = DocumentProcessor(config, cache_dir)


def end_with_parent(driver: int) -> None:
    """A worker ends when its driver (pid `driver`) does, also when the driver is killed
    (kill -9) while the worker was still starting: the kernel's parent-death signal on
    Linux, and a watchdog thread everywhere. Ctrl-C is the driver's to handle (it stops
    the pool), so a worker ignores SIGINT."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != driver:  # the driver died before the signal was armed
        os._exit(1)

    def watch() -> None:
        while os.getppid() == driver:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def _work(source: Source) -> Processed:
    assert _WORKER is not None
    return _WORKER(source)


def process_pool(
    sources: Iterable[Source], config: ExtractConfig, cache_dir: Path | None, jobs: int
) -> Iterator[Processed]:
    """`jobs` processes that each load the pipeline once. The results come in input
    order, one document at a time, and at most 2 × `jobs` documents are in flight, so
    memory follows the largest documents, not the corpus."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")  # no fork of a process with threads
    blas_threads = max(1, (os.cpu_count() or 1) // jobs)
    initargs = (config, cache_dir, blas_threads, os.getpid())
    with context.Pool(jobs, initializer=_start_worker, initargs=initargs) as pool:
        window: deque[Any] = deque()
        for source in sources:
            window.append(pool.apply_async(_work, (source,)))
            if len(window) >= 2 * jobs:
                yield window.popleft().get()
        while window:
            yield window.popleft().get()
