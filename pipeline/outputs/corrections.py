"""A linguist's corrections: reviewable data next to the corpus, applied by every later run.

`python -m pipeline import-corrections OUT ...` reads what a linguist changed — edited brat
`.ann` files of `python -m pipeline export OUT`, or a plain corrections file — compares it
with the records of OUT, and appends one line per change to `corrections.jsonl` in the
corpus folder (the folder given to extract, beside `manifest.jsonl`). A line says what to
do (`add`, `delete` or `relabel` an entity, `set_arg` of an event), to which source text
(its sha256) and to which characters (raw offsets and the text they hold), so it keeps
applying while the pipeline changes around it, and stops — counted as stale in run.json,
never silently — when the text itself changes. Corrected records carry
`source: "curated"` (entities) or `curated: [args]` (events).

The plain corrections file is JSON Lines, one change a line, naming records of OUT:
    {"action": "delete", "mention_id": "..."}
    {"action": "relabel", "mention_id": "...", "label": "ORG", "kb_id": "org:sco"}
    {"action": "add", "passage_id": "...", "start": 3, "end": 6, "label": "GPE", "kb_id": "MNG"}
    {"action": "set_arg", "event_id": "...", "arg": "parties", "value": ["CHN", "RUS"]}
(optional on each: "by", "note").

A `kb_id` stays with a mention only while its label is the label of the gazetteer entity
it names: relabelling ORG → PERSON drops the ORG's id (`kb_id_for`). The command exits 0
when it found changes (new ones, or ones an earlier import stored), 1 on an error and when
what it was given holds no change at all (`nothing to import`, with the files it read), 2
when it was given neither `--ann` nor `--changes`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.extract.corrections import kb_id_for
from pipeline.ingest.sources import CORRECTIONS_NAME
from pipeline.nlp.events import registry
from pipeline.outputs.export import brat
from pipeline.outputs.folder import DocumentRecords, OutputError, OutputFolder, read_jsonl
from pipeline.schema import ENTITY_LABELS
from pipeline.text.alignment import Alignment

ACTIONS = ("add", "delete", "relabel", "set_arg")


class CorrectionError(ValueError):
    """A correction that names nothing in the output, or says something impossible."""


def correction_id(record: dict[str, Any]) -> str:
    """Stable for the same change of the same characters, so importing twice adds nothing."""
    key = {
        k: record.get(k)
        for k in ("action", "doc_sha256", "raw_start", "raw_end", "target", "label", "arg")
    }
    blob = json.dumps(key, sort_keys=True, ensure_ascii=False).encode()
    return "c-" + hashlib.sha1(blob).hexdigest()[:12]


def _target(record: dict[str, Any], target: str) -> dict[str, Any]:
    """What a correction names of an entity or event record: its characters and label."""
    return {
        "target": target,
        "raw_start": record["raw_start"],
        "raw_end": record["raw_end"],
        "text": record["text"],
        "label": record["label" if target == "entity" else "type"],
    }


def from_change(change: dict[str, Any], index: OutputIndex) -> dict[str, Any]:
    """A stored correction from one line of a plain corrections file."""
    action = change.get("action")
    if action not in ACTIONS:
        raise CorrectionError(f"unknown action {action!r} (one of {', '.join(ACTIONS)})")
    if action == "set_arg":
        event = index.event(change.get("event_id"))
        record = _target(event, "event") | {"arg": change["arg"], "value": change.get("value")}
        document = index.document_of(event["doc_id"])
    elif action == "add":
        passage = index.passage(change.get("passage_id"))
        start, end = int(change["start"]), int(change["end"])
        if not 0 <= start < end <= len(passage["text"]):
            raise CorrectionError(f"no characters {start}..{end} in {passage['passage_id']}")
        raw = index.raw_span(passage, start, end)
        record = {
            "target": "entity",
            "raw_start": raw[0],
            "raw_end": raw[1],
            "text": passage["text"][start:end],
            "label": (label := _label(change.get("label"))),
            "kb_id": kb_id_for(label, change.get("kb_id")),
        }
        document = index.document_of(passage["doc_id"])
    else:
        entity = index.entity(change.get("mention_id"))
        record = _target(entity, "entity")
        if action == "relabel":
            label = _label(change.get("label"))
            record |= {"new_label": label, "kb_id": kb_id_for(label, change.get("kb_id"))}
        document = index.document_of(entity["doc_id"])
    record |= {"action": action, "doc_sha256": document["sha256"], "path": document["path"]}
    record |= {k: change[k] for k in ("by", "note") if change.get(k)}
    return {"id": correction_id(record), **record}


def _label(label: Any) -> str:
    if label not in ENTITY_LABELS:
        raise CorrectionError(f"unknown entity label {label!r}")
    return str(label)


class OutputIndex:
    """The records of an output folder by id, for resolving what a change names."""

    def __init__(self, folder: OutputFolder) -> None:
        self.folder = folder
        self.documents: dict[str, DocumentRecords] = {d.doc_id: d for d in folder.documents()}
        self._passages = {p["passage_id"]: p for d in self.documents.values() for p in d.passages}
        self._entities = {e["mention_id"]: e for d in self.documents.values() for e in d.entities}
        self._events = {e["event_id"]: e for d in self.documents.values() for e in d.events}

    def document_of(self, doc_id: str) -> dict[str, Any]:
        return self.documents[doc_id].document

    def passage(self, passage_id: Any) -> dict[str, Any]:
        return _lookup(self._passages, passage_id, "passage")

    def entity(self, mention_id: Any) -> dict[str, Any]:
        return _lookup(self._entities, mention_id, "entity mention")

    def event(self, event_id: Any) -> dict[str, Any]:
        return _lookup(self._events, event_id, "event")

    def raw_span(self, passage: dict[str, Any], start: int, end: int) -> tuple[int, int]:
        span = Alignment(passage["align"]).raw_span(start, end)
        if span is None:
            raise CorrectionError(f"offsets {start}..{end} are not in {passage['passage_id']}")
        return span


def _lookup(table: dict[str, dict[str, Any]], key: Any, what: str) -> dict[str, Any]:
    if key not in table:
        raise CorrectionError(f"no {what} {key!r} in the output folder")
    return table[key]


def changes_from_ann(path: Path, index: OutputIndex) -> list[dict[str, Any]]:
    """What a linguist changed in an exported `.ann` (named `<doc_id>.ann`), as plain
    changes: entity annotations deleted, relabelled, re-linked (the `Reference` line),
    moved or added; event attributes changed; parties or participants changed."""
    item = index.documents.get(path.stem)
    if item is None:
        raise CorrectionError(f"{path.name}: no document {path.stem!r} in the output folder")
    raw = index.folder.raw_text(item.document)
    annotations = brat.read_ann(path)
    bounds = {a.id: a for a in annotations if isinstance(a, brat.TextBound)}
    notes = {a.target: a.text for a in annotations if isinstance(a, brat.Note)}
    refs = {
        a.target: a.ref.removeprefix("kb:")
        for a in annotations
        if isinstance(a, brat.Normalization)
    }
    alignments = {p["passage_id"]: Alignment(p["align"]) for p in item.passages}
    originals = {e["mention_id"]: e for e in item.entities}
    linked: dict[str, brat.TextBound] = {}
    added: list[brat.TextBound] = []
    for bound in bounds.values():
        if bound.type not in ENTITY_LABELS:
            continue
        mention = _noted_mention(notes.get(bound.id))
        if mention in originals and mention not in linked:
            linked[mention] = bound
        else:
            added.append(bound)
    changes: list[dict[str, Any]] = []
    for mention_id, entity in originals.items():
        bound = linked.get(mention_id)
        alignment = alignments[entity["passage_id"]]
        exported = alignment.fragments(entity["start"], entity["end"], raw, brat.LINE_BREAKS)
        if bound is None:
            changes.append({"action": "delete", "mention_id": mention_id})
        elif bound.fragments != exported:
            changes.append({"action": "delete", "mention_id": mention_id})
            added.append(bound)
        elif bound.type != entity["label"] or refs.get(bound.id) != entity["kb_id"]:
            changes.append(
                {"action": "relabel", "mention_id": mention_id, "label": bound.type,
                 "kb_id": refs.get(bound.id)}
            )  # fmt: skip
    for bound in added:
        changes.append(_added(bound, item.passages, refs.get(bound.id), path))
    changes += _event_changes(annotations, bounds, refs, notes, item)
    return changes


def _noted_mention(note: str | None) -> str | None:
    if not note or "mention_id=" not in note:
        return None
    return str(brat.note_fields(note)["mention_id"])


def _added(
    bound: Any, passages: list[dict[str, Any]], kb_id: str | None, path: Path
) -> dict[str, Any]:
    raw_start, raw_end = bound.fragments[0][0], bound.fragments[-1][1]
    for passage in passages:
        span = Alignment(passage["align"]).text_span(raw_start, raw_end)
        if span is not None:
            return {
                "action": "add",
                "passage_id": passage["passage_id"],
                "start": span[0],
                "end": span[1],
                "label": bound.type,
                "kb_id": kb_id,
            }
    raise CorrectionError(
        f"{path.name}: {bound.id} ({raw_start}..{raw_end}) is not inside one passage"
    )


def _event_changes(
    annotations: list[Any],
    bounds: dict[str, Any],
    refs: dict[str, str],
    notes: dict[str, str],
    item: DocumentRecords,
) -> list[dict[str, Any]]:
    """set_arg changes for the events whose attributes or actor roles were edited."""
    events = {e["event_id"]: e for e in item.events}
    attributes: dict[str, dict[str, str]] = {}
    for a in annotations:
        if isinstance(a, brat.Attribute):
            attributes.setdefault(a.target, {})[a.name] = a.value
    changes = []
    for edited in (a for a in annotations if isinstance(a, brat.Event)):
        try:
            event = events[json.loads(notes[edited.id])["event_id"]]
        except (KeyError, ValueError):
            continue  # an event the linguist added: not carried back (yet)
        event_type, args = registry.get(event["type"]), event["args"]
        if event_type is None:
            continue  # a type this process does not register: nothing to compare with
        for attribute in event_type.attributes:
            value = attributes.get(edited.id, {}).get(attribute.brat)
            arg = attribute.arg
            if value != (None if args.get(arg) is None else str(args[arg])):
                changes.append(_set(event, arg, value))
        mentions = [
            (e, e["mention_id"]) for e in item.entities if e["passage_id"] == event["passage_id"]
        ]
        kb_of = {e["mention_id"]: e["kb_id"] for e in item.entities}
        for role in (r for r in event_type.roles if r.many):  # parties, participants
            arg = role.arg
            # The export links only the actors with a mention in the sentence; the others
            # stay as they were.
            exported = {
                kb_of[m] for m in brat.arg_mentions(args.get(arg), role.labels, event, mentions)
            }
            chosen = {
                refs.get(target) or ""
                for name, target in edited.roles
                if name.rstrip("0123456789") == role.brat and target in bounds
            } - {""}
            if chosen != exported:
                value = sorted((set(args.get(arg) or []) - exported) | chosen)
                changes.append(_set(event, arg, value))
    return changes


def _set(event: dict[str, Any], arg: str, value: Any) -> dict[str, Any]:
    return {"action": "set_arg", "event_id": event["event_id"], "arg": arg, "value": value}


def store(corrections: list[dict[str, Any]], corpus: Path) -> tuple[int, int]:
    """Appends the corrections not yet stored to CORPUS/corrections.jsonl; returns
    (added, already there)."""
    path = corpus / CORRECTIONS_NAME
    known = {r["id"] for r in read_jsonl(path)} if path.exists() else set()
    fresh = [c for c in corrections if c["id"] not in known]
    with path.open("a", encoding="utf-8", newline="\n") as handle:
        for correction in fresh:
            handle.write(json.dumps(correction, ensure_ascii=False, sort_keys=True) + "\n")
    return len(fresh), len(corrections) - len(fresh)


# `import-corrections` found no change in what it was given: status 1, with a message.
NOTHING_TO_IMPORT = 1
# Neither --ann nor --changes: a usage error, status 2 as argparse gives.
NO_INPUTS = 2


def run_import(args: argparse.Namespace) -> int:
    """0 when changes were found (new, or stored by an earlier import), 1 on an error and
    when the inputs hold no change at all, 2 when no input was given."""
    if not args.changes and not args.ann:
        print(
            "error: nothing to import: give edited brat files (--ann FILE_OR_FOLDER ...) "
            "and/or corrections files (--changes FILE ...)",
            file=sys.stderr,
        )
        return NO_INPUTS
    try:
        index = OutputIndex(OutputFolder(args.out))
        corrections: list[dict[str, Any]] = []
        read: list[Path] = []
        for path in args.changes or []:
            corrections += _corrections(read_jsonl(path), index)
            read.append(path)
        for path in args.ann or []:
            anns = sorted(path.glob("*.ann")) if path.is_dir() else [path]
            if not anns:
                print(f"note: no .ann files in {path}", file=sys.stderr)
            for ann in anns:
                corrections += _corrections(changes_from_ann(ann, index), index)
                read.append(ann)
        if not corrections:
            print(
                f"import-corrections: nothing to import: {_plural(len(read), 'file')} read "
                f"({_names(read)}), no change against {args.out}; {args.corpus / CORRECTIONS_NAME}"
                " is unchanged",
                file=sys.stderr,
            )
            return NOTHING_TO_IMPORT
        added, known = store(corrections, args.corpus)
    except (OutputError, CorrectionError, OSError, KeyError, json.JSONDecodeError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(
        f"import-corrections: {added} new, {known} already stored -> "
        f"{args.corpus / CORRECTIONS_NAME}"
    )
    return 0


def _corrections(changes: Iterable[dict[str, Any]], index: OutputIndex) -> list[dict[str, Any]]:
    """The stored form of each change; a note for a kb_id left out because the gazetteer
    entity it names has another label (`kb_id_for`)."""
    corrections = []
    for change in changes:
        correction = from_change(change, index)
        if change.get("kb_id") and not correction.get("kb_id"):
            label = correction.get("new_label", correction["label"])
            print(
                f"note: {correction['text']!r} ({label}): kb_id {change['kb_id']} is not a "
                f"{label} in the gazetteer; stored without a kb_id",
                file=sys.stderr,
            )
        corrections.append(correction)
    return corrections


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _names(paths: list[Path], shown: int = 3) -> str:
    names = [p.name for p in paths[:shown]]
    more = f" and {len(paths) - shown} more" if len(paths) > shown else ""
    return (", ".join(names) or "none") + more


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "import-corrections",
        help="store a linguist's corrections (edited brat .ann files or a corrections file)",
    )
    parser.add_argument("out", type=Path, metavar="OUT", help="the output folder corrected")
    parser.add_argument(
        "--corpus", type=Path, required=True, help="the corpus folder that gets corrections.jsonl"
    )
    parser.add_argument(
        "--ann", type=Path, nargs="*", metavar="ANN", help="edited brat .ann files or folders"
    )
    parser.add_argument(
        "--changes", type=Path, nargs="*", metavar="FILE", help="plain corrections files (JSONL)"
    )
    parser.set_defaults(handler=run_import)
