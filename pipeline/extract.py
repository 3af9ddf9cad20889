"""The `extract` job: inputs to documents.jsonl, passages.jsonl, errors.jsonl and run.json.

Each step is a small object with one method and one job (read, decode, layout, normalize,
verify); each keeps its own counters. A document that fails a step is recorded with the
step's name and reason, and the run goes on.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import SCHEMA_VERSION, __version__
from pipeline.chars import ends_sentence
from pipeline.corrections import CORRECTIONS_NAME, CorrectionSet
from pipeline.decoding import DecodeError, decode
from pipeline.dedup.clusters import Mark
from pipeline.dedup.deduplicator import DedupConfig, Deduplicator, Fingerprint, Fingerprinter
from pipeline.entities import mention_fields
from pipeline.events import event_fields
from pipeline.layout.document import LayoutResult
from pipeline.layout.kind import parse_layout
from pipeline.manifest import MANIFEST_NAME, load_manifest
from pipeline.nlp import load
from pipeline.normalize import Normalizer
from pipeline.resources import MODELS_DIR
from pipeline.rope import verify_alignment
from pipeline.values import resolve_dates

MAX_FILE_BYTES = 200 * 1024 * 1024
DEDUP_INDEX = "dedup-index"
KEYWORD_SPLIT = re.compile(r"[、，,；;]\s*")
AUTHOR_SPLIT = re.compile(r"[、，,；;]\s*|\s{2,}")
PACKAGES = ("opencc", "jieba", "spacy", "datasketch", "scikit-learn")


@dataclass(frozen=True)
class ExtractConfig:
    """Everything that changes the output; its hash goes into run.json."""

    opencc_config: str = "t2s"
    max_file_bytes: int = MAX_FILE_BYTES
    dedup: DedupConfig = field(default_factory=DedupConfig)

    def digest(self) -> str:
        blob = json.dumps(asdict(self), sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


@dataclass
class Source:
    path: str  # as given on the command line (joined with the path inside a folder)
    resolved: Path
    root: Path  # the input folder it was found in (or its own folder)
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def doc_id(self) -> str:
        """Readable and stable: the file stem plus a hash of its path within its input."""
        relative = self.resolved.relative_to(self.root).as_posix()
        stem = re.sub(r"[^\w.-]+", "_", self.resolved.stem)[:60] or "doc"
        return f"{stem}-{hashlib.sha1(relative.encode()).hexdigest()[:8]}"


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


def discover(inputs: Iterable[str]) -> Iterator[Source]:
    """Files named or found (recursively, in sorted order) under the given folders."""
    seen: set[Path] = set()
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            manifest = load_manifest(path)
            root = path.resolve()
            for file in sorted(p for p in path.rglob("*") if not p.is_dir()):
                if file.name in (MANIFEST_NAME, CORRECTIONS_NAME) and file.parent == path:
                    continue
                if any(part.startswith(".") for part in file.relative_to(path).parts):
                    continue
                resolved = file.resolve() if file.exists() else file.absolute()
                if resolved in seen:
                    continue
                seen.add(resolved)
                yield Source(str(file), resolved, root, manifest.get(resolved, {}))
        else:
            resolved = path.resolve() if path.exists() else path.absolute()
            if resolved in seen:
                continue
            seen.add(resolved)
            manifest = load_manifest(path.parent) if path.parent.is_dir() else {}
            yield Source(str(path), resolved, resolved.parent, manifest.get(resolved, {}))


def corrections_files(inputs: Iterable[str]) -> list[Path]:
    """The corrections.jsonl beside the inputs: in each folder given, or beside each file."""
    folders = {Path(given) if Path(given).is_dir() else Path(given).parent for given in inputs}
    return [folder / CORRECTIONS_NAME for folder in sorted(folders)]


class Step:
    name = "step"

    def __init__(self) -> None:
        self.stats: Counter[str] = Counter()
        self.seconds = 0.0

    def __call__(self, doc: Document) -> Document:
        started = time.perf_counter()
        try:
            return self.run(doc)
        finally:
            self.seconds += time.perf_counter() - started

    def run(self, doc: Document) -> Document:
        raise NotImplementedError


class ReadStep(Step):
    """Bytes of the file; unreadable, missing or oversized files are errors."""

    name = "read"

    def __init__(self, max_bytes: int) -> None:
        super().__init__()
        self.max_bytes = max_bytes

    def run(self, doc: Document) -> Document:
        path = doc.source.resolved
        try:
            size = path.stat().st_size
            if size > self.max_bytes:
                raise StepError(
                    self.name,
                    f"file is {size} bytes, over the limit of "
                    f"{self.max_bytes} (raise --max-file-bytes)",
                )
            doc.data = path.read_bytes()
        except OSError as err:
            raise StepError(self.name, f"cannot read file: {err.strerror or err}") from None
        self.stats["files"] += 1
        self.stats["bytes"] += len(doc.data)
        return doc


class DecodeStep(Step):
    name = "decode"

    def run(self, doc: Document) -> Document:
        try:
            decoded = decode(doc.data)
        except DecodeError as err:
            raise StepError(self.name, str(err)) from None
        doc.raw, doc.encoding = decoded.text, decoded.encoding
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
        doc.docs = list(self.nlp.pipe(p.text for p in doc.layout.passages))
        doc.norms = [d._.text_norm for d in doc.docs]
        self.stats["passages"] += len(doc.docs)
        self.stats["tokens"] += sum(1 for d in doc.docs for t in d if not t.is_space)
        for ent in (e for d in doc.docs for e in d.ents):
            self.stats[f"entities_{ent.label_}"] += 1
            self.stats[f"entities_from_{ent._.source}"] += 1
        for event in (e for d in doc.docs for e in d._.events or []):
            self.stats[f"events_{event['type']}"] += 1
        self.stats["chars"] += sum(len(d.text) for d in doc.docs)
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
        meta: dict[str, Any] = {
            "title": None,
            "authors": [],
            "publisher": None,
            "date": None,
            "url": None,
        }
        passages = doc.layout.passages
        title = next((p for p in passages if p.kind == "title" and p.lang == "zh"), None)
        title = title or next((p for p in passages if p.kind == "title"), None)
        if title:
            meta["title"] = title.text
        for p in passages:
            if p.kind == "title" and p.role == "title_en":
                meta["title_en"] = p.text
            elif p.kind == "byline" and p.role == "author":
                key = "authors_en" if p.lang == "en" else "authors"
                meta.setdefault(key, []).extend(a for a in AUTHOR_SPLIT.split(p.text) if a)
            elif p.kind == "meta" and p.role == "affiliation":
                key = "affiliations_en" if p.lang == "en" else "affiliations"
                meta.setdefault(key, []).append(p.text.strip("（）()"))
            elif p.kind == "keywords":
                _, _, words = p.text.partition("：" if "：" in p.text else ":")
                key = "keywords_en" if p.lang == "en" else "keywords"
                meta[key] = [w.strip() for w in KEYWORD_SPLIT.split(words) if w.strip()]
        meta.update({k: v for k, v in doc.layout.meta.items() if v not in (None, [], {})})
        for key, value in doc.source.manifest.items():
            if meta.get(key) in (None, [], {}):
                meta[key] = value
        doc.meta = meta
        self.stats["with_title"] += bool(meta["title"])
        self.stats["with_date"] += bool(meta["date"])
        self.stats["with_authors"] += bool(meta["authors"])
        return doc


class DateStep(Step):
    """DATE values completed in reading order: 今年/去年 from the document's date, 同年
    and bare month-days from the year last mentioned (pipeline.values.resolve_dates)."""

    name = "dates"

    def run(self, doc: Document) -> Document:
        date = str(doc.meta.get("date") or "")
        year = int(date[:4]) if date[:4].isdigit() else None
        values = [e._.value for d in doc.docs for e in d.ents if e.label_ == "DATE"]
        resolve_dates(values, year)
        self.stats["dates"] += len(values)
        self.stats["dates_inferred"] += sum(bool(v.get("inferred")) for v in values)
        self.stats["dates_unresolved"] += sum(
            "XXXX" in str(v.get(k, "")) for v in values for k in ("value", "start", "end")
        )
        return doc


class EventStep(Step):
    """Event arguments completed across the document's passages (pipeline.events)."""

    name = "events"

    def __init__(self, nlp: Language) -> None:
        super().__init__()
        self.events = nlp.get_pipe("events")

    def run(self, doc: Document) -> Document:
        found = [e for d in doc.docs for e in d._.events or []]
        self.events.complete(found)
        for event in found:
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


def models_digest() -> dict[str, str]:
    """sha256 (first 16 hex digits) of every file in models/: what the pipeline knew."""
    return {
        path.relative_to(MODELS_DIR).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        for path in sorted(MODELS_DIR.rglob("*"))
        if path.is_file()
    }


def _package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version(), "pipeline": __version__}
    for name in PACKAGES:
        try:
            versions[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


class AtomicJsonl:
    """A JSONL file written to a temporary name and renamed into place when complete."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tmp = path.with_name(f".{path.name}.tmp")
        self.handle = self.tmp.open("w", encoding="utf-8", newline="\n")
        self.count = 0

    def write(self, record: dict[str, Any]) -> None:
        self.handle.write(_dumps(record) + "\n")
        self.count += 1

    def close(self) -> None:
        self.handle.close()
        os.replace(self.tmp, self.path)


class StagedJsonl:
    """Records of a run written as they come, published with duplicate marks at its end.

    Every record's id comes first on its line (`{"doc_id":"…"`, `{"passage_id":"…"`,
    `{"mention_id":"<passage_id>:…"`), so publishing reads the id off the line and parses
    only the lines it changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.staged = path.with_name(f".{path.name}.staged")
        self.handle = self.staged.open("w", encoding="utf-8", newline="\n")

    def write(self, record: dict[str, Any]) -> None:
        self.handle.write(_dumps(record) + "\n")

    def publish(self, marks: dict[str, Mark], dropped: set[str]) -> tuple[int, int]:
        """Writes the final file; returns the records written and those left out."""
        self.handle.close()
        written = left_out = 0
        final = AtomicJsonl(self.path)
        with self.staged.open(encoding="utf-8") as lines:
            for line in lines:
                start = line.index(':"') + 2
                record_id = line[start : line.index('"', start)]
                owners = _owners(record_id)
                if dropped and any(o in dropped for o in owners):
                    left_out += 1
                    continue
                mark = marks.get(record_id)
                if mark is not None:
                    record = json.loads(line)
                    record["duplicate_of"] = mark.duplicate_of
                    record["dup_cluster"] = mark.dup_cluster
                    record["dup_similarity"] = mark.similarity
                    line = _dumps(record) + "\n"
                final.handle.write(line)
                written += 1
        final.count = written
        final.close()
        self.staged.unlink()
        return written, left_out


def _owners(record_id: str) -> list[str]:
    """The document id, then the passage id, then the record's own id (ids nest by ':')."""
    parts = record_id.split(":")
    return [":".join(parts[: i + 1]) for i in range(min(len(parts), 3))]


def write_json_atomic(path: Path, obj: Any) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def document_record(doc: Document, error: StepError | None = None) -> dict[str, Any]:
    return {
        "doc_id": doc.source.doc_id,
        "path": doc.source.path,
        "sha256": hashlib.sha256(doc.data).hexdigest() if doc.data or not error else None,
        "encoding": doc.encoding,
        "script": doc.script,
        "kind": doc.layout.kind if doc.layout else None,
        "meta": doc.meta,
        "n_chars": len(doc.raw),
        "n_passages": len(doc.layout.passages) if doc.layout and not error else 0,
        "status": "error" if error else "ok",
        "error": f"{error.stage}: {error}" if error else None,
        "duplicate_of": None,
        "dup_cluster": None,
        "dup_similarity": None,
    }


def passage_records(doc: Document) -> Iterator[dict[str, Any]]:
    assert doc.layout is not None
    doc_id = doc.source.doc_id
    seq_of = {id(p): seq for seq, p in enumerate(doc.layout.passages)}
    footnotes = {p.n: seq_of[id(p)] for p in doc.layout.passages if p.kind == "footnote"}
    rows = zip(doc.layout.passages, doc.norms, doc.docs, strict=True)
    for seq, (passage, norm, annotated) in enumerate(rows):
        yield {
            "passage_id": f"{doc_id}:{seq}",
            "doc_id": doc_id,
            "seq": seq,
            "kind": passage.kind,
            "role": passage.role,
            "lang": passage.lang,
            "n": passage.n,
            "text": passage.text,
            "text_norm": norm,
            "align": passage.rope.align(),
            "tokens": token_triples(annotated),
            "notes": [_note_record(doc_id, note, footnotes) for note in passage.notes],
            "duplicate_of": None,
            "dup_cluster": None,
            "dup_similarity": None,
        }


def entity_records(doc: Document) -> Iterator[dict[str, Any]]:
    """One record per entity mention (design §4)."""
    return _anchored_records(
        doc, "mention_id", "", lambda d: d.ents, lambda d, e: mention_fields(e)
    )


def event_records(doc: Document) -> Iterator[dict[str, Any]]:
    """One record per event mention (design §4)."""
    return _anchored_records(doc, "event_id", "e", lambda d: d._.events or [], event_fields)


def _anchored_records(
    doc: Document,
    id_key: str,
    id_prefix: str,
    items: Callable[[Doc], Iterable[Any]],
    fields: Callable[[Doc, Any], dict[str, Any]],
) -> Iterator[dict[str, Any]]:
    """Records with an id, their passage, offsets into the passage and into the raw."""
    assert doc.layout is not None
    doc_id = doc.source.doc_id
    for seq, (passage, annotated) in enumerate(zip(doc.layout.passages, doc.docs, strict=True)):
        for k, item in enumerate(items(annotated)):
            record = fields(annotated, item)
            raw_start, raw_end = passage.rope.raw_span(record["start"], record["end"])
            yield {
                id_key: f"{doc_id}:{seq}:{id_prefix}{k}",
                "doc_id": doc_id,
                "passage_id": f"{doc_id}:{seq}",
                **record,
                "raw_start": raw_start,
                "raw_end": raw_end,
            }


def token_triples(doc: Doc) -> list[list[Any]]:
    """`[start, end, pos]` for each word (whitespace tokens left out), UD POS."""
    return [[t.idx, t.idx + len(t), t.pos_] for t in doc if not t.is_space]


def _note_record(doc_id: str, note: Any, footnotes: dict[int | None, int]) -> dict[str, Any]:
    return {
        "marker": note.marker,
        "n": note.n,
        "footnote": f"{doc_id}:{footnotes[note.n]}" if note.n in footnotes else None,
        "raw_offset": note.raw_offset,
        "start": note.start,
    }


@dataclass
class RunSummary:
    documents: int = 0
    ok: int = 0
    errors: int = 0
    passages: int = 0
    entities: int = 0
    events: int = 0
    seconds: float = 0.0
    duplicates: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)


OUTPUTS = ("documents", "passages", "entities", "events")


class Extractor:
    """Runs the steps on every input, stages the records, then marks duplicates (and
    leaves them out with `drop_duplicates`) while publishing the final JSONL files."""

    def __init__(
        self,
        config: ExtractConfig | None = None,
        dedup_index: Path | None = None,
        redis: dict[str, Any] | None = None,
        drop_duplicates: bool = False,
    ) -> None:
        self.config = config or ExtractConfig()
        self.dedup_index = dedup_index
        self.redis = redis
        self.drop_duplicates = drop_duplicates
        self.fingerprint = FingerprintStep(self.config.dedup)
        self.steps: list[Step] = [
            ReadStep(self.config.max_file_bytes),
            DecodeStep(),
            LayoutStep(),
            ScriptStep(Normalizer(self.config.opencc_config)),
            annotate := AnnotateStep(load(self.config.opencc_config)),
            ProvenanceStep(),
            MetadataStep(),
            DateStep(),
            EventStep(annotate.nlp),
            self.fingerprint,
        ]

    def run(self, inputs: list[str], out_dir: Path, progress: bool = True) -> RunSummary:
        started = time.perf_counter()
        for step in self.steps:  # each run.json counts its own run
            step.stats.clear()
            step.seconds = 0.0
        out_dir.mkdir(parents=True, exist_ok=True)
        dedup = Deduplicator(
            self.config.dedup, self.dedup_index or out_dir / DEDUP_INDEX, self.redis
        )
        self.fingerprint.fingerprinter.known = dedup.known_digests()
        sources = list(discover(inputs))
        corrections = CorrectionSet.load(corrections_files(inputs))
        staged = {name: StagedJsonl(out_dir / f"{name}.jsonl") for name in OUTPUTS}
        errors = AtomicJsonl(out_dir / "errors.jsonl")
        summary = RunSummary()
        quality: Counter[str] = Counter()
        for source in _progress(sources, progress):
            doc = Document(source)
            summary.documents += 1
            try:
                for step in self.steps:
                    doc = step(doc)
            except StepError as err:
                summary.errors += 1
                staged["documents"].write(document_record(doc, err))
                errors.write(
                    {
                        "doc_id": source.doc_id,
                        "path": source.path,
                        "stage": err.stage,
                        "error": str(err),
                    }
                )
                continue
            summary.ok += 1
            dedup.add(doc.fingerprints)
            document = document_record(doc)
            staged["documents"].write(document)
            passages = list(passage_records(doc))
            entities, events = corrections.apply(
                document["sha256"], passages, list(entity_records(doc)), list(event_records(doc))
            )
            for name, records in (
                ("passages", passages),
                ("entities", entities),
                ("events", events),
            ):
                for record in records:
                    staged[name].write(record)
            _count_quality(doc, quality)
        errors.close()
        dedup_started = time.perf_counter()
        marks = dedup.resolve()
        self._publish(staged, marks, summary)
        dedup_seconds = time.perf_counter() - dedup_started
        summary.seconds = time.perf_counter() - started
        record = self._run_record(inputs, summary, quality)
        record["dedup"] = dedup.record()
        record["corrections"] = corrections.record()
        record["timings"]["dedup"] = round(dedup_seconds, 3)
        write_json_atomic(out_dir / "run.json", record)
        return summary

    def _publish(
        self, staged: dict[str, StagedJsonl], marks: dict[str, Mark], summary: RunSummary
    ) -> None:
        """Final files from the staged ones: duplicate marks added, and with
        `drop_duplicates` the marked records and what they hold left out. A passage is
        dropped only when the copy it duplicates is exported (or was, by an earlier run),
        so no text is left out of the export altogether."""
        for key, mark in marks.items():
            if mark.duplicate_of is not None:
                summary.duplicates["passages" if ":" in key else "documents"] += 1
        dropped: set[str] = set()
        if self.drop_duplicates:
            dropped_docs = {k for k, m in marks.items() if ":" not in k and m.duplicate_of}
            dropped = dropped_docs | {
                k
                for k, m in marks.items()
                if ":" in k
                and (
                    k.split(":")[0] in dropped_docs
                    or (m.duplicate_of and m.duplicate_of.split(":")[0] not in dropped_docs)
                )
            }
        counts = {}
        for name, handle in staged.items():
            counts[name], summary.dropped[name] = handle.publish(marks, dropped)
        summary.passages, summary.entities, summary.events = (
            counts["passages"],
            counts["entities"],
            counts["events"],
        )

    def _run_record(
        self, inputs: list[str], summary: RunSummary, quality: Counter[str]
    ) -> dict[str, Any]:
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
            "quality": dict(sorted(quality.items())),
            "steps": {step.name: dict(sorted(step.stats.items())) for step in self.steps},
            "timings": {
                "total_seconds": round(summary.seconds, 3),
                **{step.name: round(step.seconds, 3) for step in self.steps},
            },
        }


def _count_quality(doc: Document, quality: Counter[str]) -> None:
    """Figures a reviewer checks first: sentence-final paragraphs, leftover debris."""
    assert doc.layout is not None
    for p in doc.layout.passages:
        if p.kind == "paragraph":
            quality["paragraphs"] += 1
            quality["paragraphs_ending_sentence"] += ends_sentence(p.text)
        if p.kind not in ("table", "caption") and "\n" in p.text:
            quality["passages_with_newline"] += 1
    quality["footnotes"] += doc.layout.stats.get("footnotes", 0) or 0
    quality["footnotes_linked"] += doc.layout.stats.get("footnotes_linked", 0) or 0


def _progress(items: list[Source], enabled: bool) -> Iterable[Source]:
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, desc="extract", unit="doc", file=sys.stderr, disable=None)
