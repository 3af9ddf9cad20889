"""One source in, everything a run keeps of it out: the unit of work of every engine.

`DocumentProcessor` runs the steps (pipeline/extract/steps.py) on a source and returns a
`Processed`: its records, fingerprints, error, and the steps' counters — plain, picklable
data, so a worker process or a Ray actor can make it and the driver can write it. The
result cache (cache.py) keeps each `Processed` under a key of the file's bytes, its place
in the run (path, id, manifest) and everything that changes the output.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pipeline.dedup.fingerprint import Fingerprint
from pipeline.extract.cache import ResultCache
from pipeline.extract.config import ExtractConfig
from pipeline.extract.records import document_record, entity_records, event_records, passage_records
from pipeline.extract.steps import (
    AnnotateStep,
    CompleteStep,
    DecodeStep,
    Document,
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
from pipeline.text.chars import ends_sentence
from pipeline.text.normalize import Normalizer


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
        from pipeline.nlp.language import load  # spaCy with it: not for a run of cache hits

        return [
            DecodeStep(),
            LayoutStep(),
            ScriptStep(Normalizer(self.config.opencc_config)),
            annotate := AnnotateStep(
                load(self.config.opencc_config, ner_model=self.config.ner_model)
            ),
            ProvenanceStep(),
            MetadataStep(),
            CompleteStep(annotate.nlp),
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
            cached.cached = True
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
