"""The steps of `extract` for one document: read, decode, layout, script, annotate,
provenance, metadata, events (dates and events completed), fingerprint.

Each step is a small object with one method and one job; each keeps its own counters. A
document that fails a step raises `StepError` with the step's name and reason, so that it
is recorded and the run goes on.
"""

from __future__ import annotations

import hashlib
import os
import resource
import stat
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.dedup.config import DedupConfig
from pipeline.dedup.fingerprint import Fingerprint, Fingerprinter
from pipeline.ingest.layout.document import LayoutResult
from pipeline.ingest.layout.kind import parse_layout
from pipeline.ingest.metadata import document_metadata
from pipeline.ingest.sources import Source
from pipeline.nlp.events.document import complete
from pipeline.text.alignment import verify_alignment
from pipeline.text.decoding import DecodeError, decode
from pipeline.text.normalize import Normalizer

if TYPE_CHECKING:  # spaCy loads with the pipeline (processing.py), not with the steps
    from spacy.language import Language
    from spacy.tokens import Doc


class StepError(Exception):
    def __init__(self, stage: str, message: str) -> None:
        super().__init__(message)
        self.stage = stage


@dataclass
class Document:
    source: Source
    data: bytes = b""
    raw: str = ""
    encoding: str | None = None
    layout: LayoutResult | None = None
    script: str = "other"
    norms: list[str] = field(default_factory=list)
    docs: list[Doc] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    fingerprints: list[Fingerprint] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sha256: str | None = None  # of the bytes read


class Step:
    name = "step"

    def __init__(self) -> None:
        self.stats: Counter[str] = Counter()
        self.seconds = 0.0
        self.peak_rss = 0  # KiB: the process's peak resident memory once the step is done

    def __call__(self, doc: Document) -> Document:
        started = time.perf_counter()
        try:
            return self.run(doc)
        finally:
            self.seconds += time.perf_counter() - started
            self.peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    def run(self, doc: Document) -> Document:
        raise NotImplementedError


class ReadStep(Step):
    """Bytes of the file; unreadable, missing or oversized files are errors."""

    name = "read"

    def __init__(self, max_bytes: int) -> None:
        super().__init__()
        self.max_bytes = max_bytes

    def run(self, doc: Document) -> Document:
        try:
            doc.data = self._read(doc.source.path, doc.source.resolved)
        except OSError as err:
            raise StepError(self.name, f"cannot read file: {err.strerror or err}") from None
        doc.sha256 = hashlib.sha256(doc.data).hexdigest()
        self.stats["files"] += 1
        self.stats["bytes"] += len(doc.data)
        return doc


    def _read(self, given: str, path: Path) -> bytes:
        """The bytes of a regular file, at most `max_bytes` of them. Opened without
        blocking (a FIFO would wait for a writer forever) and checked on the open handle,
        so a file swapped or grown while it is read cannot hang or overrun the run."""
        if os.path.islink(given) and not os.path.exists(given):
            raise StepError(self.name, "a dangling symbolic link or a link loop")
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):  # before opening: a socket cannot be opened at all
            raise StepError(self.name, f"not a regular file: {_file_kind(mode)}")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            mode = os.fstat(fd).st_mode
            if not stat.S_ISREG(mode):
                raise StepError(self.name, f"not a regular file: {_file_kind(mode)}")
            size = os.fstat(fd).st_size
            if size > self.max_bytes:
                raise StepError(self.name, self._too_big(size))
            data = handle.read(self.max_bytes + 1)
        if len(data) > self.max_bytes:  # it grew while being read
            raise StepError(self.name, self._too_big(len(data)))
        return data

    def _too_big(self, size: int) -> str:
        return f"file is {size} bytes, over the limit of {self.max_bytes} (raise --max-file-bytes)"


def _file_kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a folder (symbolic links to folders are not followed)"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    return next((name for test, name in kinds if test(mode)), "not a plain file")


class DecodeStep(Step):
    name = "decode"

    def run(self, doc: Document) -> Document:
        try:
            decoded = decode(doc.data)
        except DecodeError as err:
            raise StepError(self.name, str(err)) from None
        doc.raw, doc.encoding = decoded.text, decoded.encoding
        if decoded.replaced:
            doc.warnings.append(
                f"decode: {decoded.replaced} invalid UTF-8 sequence(s) replaced by U+FFFD"
            )
            self.stats["replaced_sequences"] += decoded.replaced
        self.stats[decoded.encoding] += 1
        self.stats["chars"] += len(doc.raw)
        return doc


class LayoutStep(Step):
    name = "layout"

    def run(self, doc: Document) -> Document:
        if not doc.raw.strip():
            raise StepError(self.name, "no text: the file holds only whitespace")
        doc.layout = parse_layout(doc.raw, doc.source.manifest.get("kind"))
        self.stats[f"kind_{doc.layout.kind}"] += 1
        for passage in doc.layout.passages:
            self.stats[f"passages_{passage.kind}"] += 1
        for key in ("footnotes", "footnotes_linked", "running_headers_removed"):
            self.stats[key] += doc.layout.stats.get(key, 0) or 0
        return doc


class ScriptStep(Step):
    """The document's script (zh-Hant, zh-Hans, mixed, other), from its whole raw text."""

    name = "script"

    def __init__(self, normalizer: Normalizer) -> None:
        super().__init__()
        self.normalizer = normalizer

    def run(self, doc: Document) -> Document:
        doc.script = self.normalizer.script(doc.raw)
        self.stats[doc.script] += 1
        return doc


class AnnotateStep(Step):
    """Each passage through the spaCy pipeline: text_norm, tokens, entities."""

    name = "annotate"

    def __init__(self, nlp: Language) -> None:
        super().__init__()
        self.nlp = nlp

    def run(self, doc: Document) -> Document:
        assert doc.layout is not None
        longest = max((len(p.text) for p in doc.layout.passages), default=0)
        if longest > self.nlp.max_length:  # spaCy refuses it; its arrays would take GBs
            raise StepError(
                self.name,
                f"a passage of {longest:,} characters (a paragraph without a line break) is "
                f"over the annotation limit of {self.nlp.max_length:,}; split the text",
            )
        doc.docs = list(self.nlp.pipe(p.text for p in doc.layout.passages))
        doc.norms = [d._.text_norm for d in doc.docs]
        self.stats["passages"] += len(doc.docs)
        self.stats["tokens"] += sum(len(d) - int(d.to_array("IS_SPACE").sum()) for d in doc.docs)
        for ent in (e for d in doc.docs for e in d.ents):
            self.stats[f"entities_{ent.label_}"] += 1
            self.stats[f"entities_from_{ent._.source}"] += 1
        for event in (e for d in doc.docs for e in d._.events or []):
            self.stats[f"events_{event['type']}"] += 1
        self.stats["chars"] += sum(len(p.text) for p in doc.layout.passages)
        return doc


class ProvenanceStep(Step):
    """Every character of every passage, and every entity, must verify against the raw
    text."""

    name = "provenance"

    def run(self, doc: Document) -> Document:
        assert doc.layout is not None
        for seq, (passage, annotated) in enumerate(zip(doc.layout.passages, doc.docs, strict=True)):
            problems = verify_alignment(passage.text, passage.rope.align(), doc.raw)
            if annotated.text != passage.text or len(annotated._.text_norm) != len(passage.text):
                problems.append("the annotated text or text_norm differs from the passage text")
            # The passage's characters verify, so an anchor inside the passage does too.
            problems += [
                f"{kind} at {start}..{end} outside the passage"
                for kind, start, end in _anchors(annotated)
                if not 0 <= start < end <= len(passage.text)
            ]
            if problems:
                raise StepError(self.name, f"passage {seq} does not align: {problems[0]}")
            self.stats["passages_verified"] += 1
            self.stats["chars_verified"] += len(passage.text)
            self.stats["entities_verified"] += len(annotated.ents)
            self.stats["events_verified"] += len(annotated._.events or [])
        return doc


def _anchors(annotated: Doc) -> Iterator[tuple[str, int, int]]:
    """Every entity and event anchor of a passage: what, start, end."""
    for ent in annotated.ents:
        yield ent.label_, ent.start_char, ent.end_char
    for event in annotated._.events or []:
        yield event["type"], event["start"], event["end"]


class MetadataStep(Step):
    """Document metadata from the passages (title, authors, keywords) and the manifest."""

    name = "metadata"

    def run(self, doc: Document) -> Document:
        assert doc.layout is not None
        doc.meta = meta = document_metadata(doc.layout, doc.source.manifest)
        self.stats["with_title"] += bool(meta["title"])
        self.stats["with_date"] += bool(meta["date"])
        self.stats["with_authors"] += bool(meta["authors"])
        return doc


class CompleteStep(Step):
    """The document's DATE values resolved in reading order and its event arguments
    completed across its passages (pipeline.nlp.events.document.complete, as `tag` does)."""

    name = "events"

    def __init__(self, nlp: Language) -> None:
        super().__init__()
        self.nlp = nlp

    def run(self, doc: Document) -> Document:
        completed = complete(self.nlp, doc.docs, doc.meta.get("date"))
        values = completed.dates
        self.stats["dates"] += len(values)
        self.stats["dates_inferred"] += sum(bool(v.get("inferred")) for v in values)
        self.stats["dates_unresolved"] += sum(
            "XXXX" in str(v.get(k, "")) for v in values for k in ("value", "start", "end")
        )
        for event in completed.events:
            self.stats[event["type"]] += 1
        return doc


class FingerprintStep(Step):
    """Shingles and MinHash signatures of the document and of its passages
    (pipeline.dedup); what the dedup index already holds with the same text is reused."""

    name = "fingerprint"

    def __init__(self, config: DedupConfig) -> None:
        super().__init__()
        self.fingerprinter = Fingerprinter(config)

    def run(self, doc: Document) -> Document:
        date = doc.meta.get("date")
        assert doc.layout is not None
        passages = [(p.kind, norm) for p, norm in zip(doc.layout.passages, doc.norms, strict=True)]
        doc.fingerprints, stats = self.fingerprinter(
            doc.source.doc_id, passages, str(date) if date else None, doc.source.path
        )
        self.stats.update(stats)
        return doc
