"""brat standoff export: one `<doc_id>.txt` and `<doc_id>.ann` per document, on the raw text.

brat offsets are code points into the `.txt`, so the `.txt` is the raw text of design §4
(written with `newline=""`: a `\\r\\n` stays two characters) and every annotation is placed
through the passage `align`: an entity that the passage text joined across a dropped line
break becomes a discontinuous span (`T1\\tGPE 10 11;13 14\\t蒙 古`, the fragments' texts
joined by one space, as brat checks). A fragment never holds a line-break character, since
the text field must stay on its line of the `.ann`.

Events become brat events: a trigger on the anchor, span-valued arguments pointing at the
entity mentions of the evidence sentence (parties, participants, subject, location) or of
the passage (dates), enumerable arguments as attributes, and everything else as a JSON note
on the event. Entities carry their kb_id, value, source and mention_id in a note and a
`Reference` normalization, so nothing of the records is lost.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.nlp.events import registry
from pipeline.outputs.folder import OutputFolder
from pipeline.schema import ENTITY_LABELS
from pipeline.text.alignment import Alignment, Fragments

# Every character that a line reader (Python's str.splitlines, brat's reader) ends a line at.
LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def colors() -> dict[str, str]:
    """Colours in brat: displaCy's for the entity labels (as in the HTML viewer), then the
    event types' own (pipeline/nlp/events/registry.py)."""
    from spacy.displacy.render import DEFAULT_LABEL_COLORS  # spaCy: only when they are written

    return {
        **{label: DEFAULT_LABEL_COLORS[label] for label in ENTITY_LABELS},
        **{t.brat: t.brat_color for t in registry.types()},
    }



@dataclass(frozen=True)
class TextBound:
    """`T` line: a typed span, possibly discontinuous."""

    id: str
    type: str
    fragments: Fragments
    text: str


@dataclass(frozen=True)
class Event:
    """`E` line: the event type, its trigger and (role, annotation id) arguments."""

    id: str
    type: str
    trigger: str
    roles: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Attribute:
    """`A` line: an attribute value of an annotation."""

    id: str
    name: str
    target: str
    value: str


@dataclass(frozen=True)
class Normalization:
    """`N` line: a link from an annotation to a knowledge-base id (`kb:RUS`)."""

    id: str
    type: str
    target: str
    ref: str
    text: str


@dataclass(frozen=True)
class Note:
    """`#` line: an annotator note on an annotation."""

    id: str
    type: str
    target: str
    text: str


Annotation = TextBound | Event | Attribute | Normalization | Note


def entity_note(entity: dict[str, Any]) -> str:
    """The note of an entity: `key=value` fields split by ` | `, the JSON value last."""
    value = _one_line_json(entity.get("value"))
    return (
        f"kb_id={entity.get('kb_id') or ''} | source={entity.get('source') or ''} | "
        f"mention_id={entity['mention_id']} | value={value}"
    )


def note_fields(text: str) -> dict[str, Any]:
    """An entity note read back: kb_id and source (None when empty), mention_id, value."""
    fields = dict(part.split("=", 1) for part in text.split(" | ", 3))
    return {
        "kb_id": fields["kb_id"] or None,
        "source": fields["source"] or None,
        "mention_id": fields["mention_id"],
        "value": json.loads(fields["value"]),
    }


def _one_line_json(data: Any) -> str:
    """Readable JSON that stays on one line for any line reader (the separators that JSON
    leaves unescaped become escapes)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char in ("\x85", "\u2028", "\u2029"):
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


class _AnnWriter:
    """The lines of one `.ann`, with brat's per-prefix id counters."""

    def __init__(self, raw: str, stats: Counter[str], seen: dict[str, set[str]]) -> None:
        self.raw = raw
        self.lines: list[str] = []
        self.numbers: Counter[str] = Counter()
        self.stats = stats
        self.seen = seen
        self.triggers: dict[tuple[str, Fragments], str] = {}
        self.alignments: dict[str, Alignment] = {}

    def fragments(self, record: dict[str, Any], passage: dict[str, Any]) -> Fragments:
        """The raw spans of an entity or event, line breaks left out (one per fragment)."""
        alignment = self.alignments.get(passage["passage_id"])
        if alignment is None:
            alignment = self.alignments[passage["passage_id"]] = Alignment(passage["align"])
        return alignment.fragments(record["start"], record["end"], self.raw, LINE_BREAKS)

    def add(self, prefix: str, body: str) -> str:
        self.numbers[prefix] += 1
        ann_id = f"{prefix}{self.numbers[prefix]}"
        self.lines.append(f"{ann_id}\t{body}")
        return ann_id

    def textbound(self, label: str, fragments: Fragments) -> str:
        offsets = ";".join(f"{a} {b}" for a, b in fragments)
        text = " ".join(self.raw[a:b] for a, b in fragments)
        return self.add("T", f"{label} {offsets}\t{text}")

    def entity(self, entity: dict[str, Any], passage: dict[str, Any]) -> str:
        fragments = self.fragments(entity, passage)
        t_id = self.textbound(entity["label"], fragments)
        self.add("#", f"AnnotatorNotes {t_id}\t{entity_note(entity)}")
        if entity.get("kb_id"):
            self.add("N", f"Reference {t_id} kb:{entity['kb_id']}\t{entity['kb_id']}")
            self.stats["normalizations"] += 1
        self.stats["entities"] += 1
        self.stats["fragments"] += len(fragments)
        self.stats["discontinuous"] += len(fragments) > 1
        return t_id

    def event(
        self,
        event: dict[str, Any],
        passage: dict[str, Any],
        mentions: list[tuple[dict[str, Any], str]],
    ) -> None:
        args = event["args"]
        event_type = registry.get(event["type"])
        if event_type is None:
            raise ValueError(f"{event['event_id']}: no event type {event['type']!r} is registered")
        etype = event_type.brat
        fragments = self.fragments(event, passage)
        trigger = self.triggers.get((etype, fragments))
        if trigger is None:
            trigger = self.triggers[(etype, fragments)] = self.textbound(etype, fragments)
            self.stats["triggers"] += 1
        roles: list[str] = []
        for role in event_type.roles:
            targets = arg_mentions(args.get(role.arg), role.labels, event, mentions)
            missing = len(_arg_values(args.get(role.arg))) - len(targets)
            self.stats["unlinked_args"] += missing
            for n, t_id in enumerate(targets, start=1):
                roles.append(f"{role.brat}{n if n > 1 else ''}:{t_id}")
        e_id = self.add("E", " ".join([f"{etype}:{trigger}", *roles]))
        self.stats["events"] += 1
        self.stats["roles"] += len(roles)
        for attribute in event_type.attributes:
            value = args.get(attribute.arg)
            if value is not None:
                self.add("A", f"{attribute.brat} {e_id} {value}")
                self.seen.setdefault(attribute.brat, set()).add(str(value))
                self.stats["attributes"] += 1
        note = {"event_id": event["event_id"], "args": args, "codes": event.get("codes")}
        self.add("#", f"AnnotatorNotes {e_id}\t{_one_line_json(note)}")


def _arg_values(value: Any) -> list[Any]:
    """The values of a span-valued argument: a list (parties), one value, or none."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def arg_mentions(
    value: Any,
    labels: tuple[str, ...],
    event: dict[str, Any],
    mentions: list[tuple[dict[str, Any], str]],
) -> list[str]:
    """The T ids of the passage mentions that carry an argument, one per value: a kb_id
    (parties, subject) is looked for in the evidence sentence, a text (a date, a location)
    in the whole passage, then a location's kb_id in the sentence; of several mentions the
    one in the sentence and nearest the anchor wins."""
    sentence = event["sentence"]

    def in_sentence(entity: dict[str, Any]) -> bool:
        return sentence["start"] <= entity["start"] and entity["end"] <= sentence["end"]

    def rank(mention: tuple[dict[str, Any], str]) -> tuple[bool, int]:
        return not in_sentence(mention[0]), abs(mention[0]["start"] - event["start"])

    typed = [m for m in mentions if m[0]["label"] in labels]
    found: list[str] = []
    for item in _arg_values(value):
        if isinstance(item, str):
            candidates = [m for m in typed if m[0]["kb_id"] == item and in_sentence(m[0])]
        else:
            candidates = [m for m in typed if m[0]["text"] == item.get("text")]
            if not candidates and item.get("kb_id"):
                candidates = [
                    m for m in typed if m[0]["kb_id"] == item["kb_id"] and in_sentence(m[0])
                ]
        if candidates:
            t_id = min(candidates, key=rank)[1]
            if t_id not in found:
                found.append(t_id)
    return found


def write_brat(folder: OutputFolder, dest: Path) -> dict[str, int]:
    """Writes `<doc_id>.txt` and `<doc_id>.ann` for every ok document, and the brat
    configuration, into `dest`; returns the counts of what was written."""
    dest.mkdir(parents=True, exist_ok=True)
    stats: Counter[str] = Counter()
    seen: dict[str, set[str]] = {}
    for item in folder.documents():
        if not item.ok:
            continue
        raw = folder.raw_text(item.document)
        writer = _AnnWriter(raw, stats, seen)
        passages = {p["passage_id"]: p for p in item.passages}
        mentions: dict[str, list[tuple[dict[str, Any], str]]] = {}
        for entity in item.entities:
            t_id = writer.entity(entity, passages[entity["passage_id"]])
            mentions.setdefault(entity["passage_id"], []).append((entity, t_id))
        for event in item.events:
            passage_id = event["passage_id"]
            writer.event(event, passages[passage_id], mentions.get(passage_id, []))
        with (dest / f"{item.doc_id}.txt").open("w", encoding="utf-8", newline="") as handle:
            handle.write(raw)
        ann = "".join(line + "\n" for line in writer.lines)
        (dest / f"{item.doc_id}.ann").write_text(ann, encoding="utf-8", newline="\n")
        stats["documents"] += 1
    (dest / "annotation.conf").write_text(annotation_conf(seen), encoding="utf-8")
    (dest / "visual.conf").write_text(visual_conf(), encoding="utf-8")
    return dict(stats)


def annotation_conf(seen: dict[str, set[str]]) -> str:
    """brat's annotation.conf: the entity labels, the registered event types with their
    roles, and the attributes with the values of design §4 (plus any other value the run
    wrote)."""
    lines = ["# Entity labels and events of the pipeline (design §4).", "[entities]"]
    lines += ENTITY_LABELS
    lines += ["[relations]", "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>"]
    lines.append("[events]")
    for event_type in registry.types():
        args = [
            f"{role.brat}{'*' if role.many else '?'}:{'|'.join(role.labels)}"
            for role in event_type.roles
        ]
        lines.append(f"{event_type.brat}\t{', '.join(args)}")
    lines.append("[attributes]")
    for event_type in registry.types():
        for attribute in event_type.attributes:
            values = attribute.values
            extra = sorted(seen.get(attribute.brat, set()) - set(values))
            lines.append(
                f"{attribute.brat}\tArg:{event_type.brat}, Value:{'|'.join([*values, *extra])}"
            )
    return "\n".join(lines) + "\n"


def visual_conf() -> str:
    """brat's visual.conf: a colour for each entity label and event type."""
    lines = [
        "[labels]",
        "[drawing]",
        "SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken",
        "ARC_DEFAULT\tcolor:black, arrowHead:triangle-5",
        "ATTRIBUTE_DEFAULT\tglyph:*",
    ]
    lines += [f"{label}\tbgColor:{color}" for label, color in colors().items()]
    return "\n".join(lines) + "\n"


def read_ann(path: Path) -> list[Annotation]:
    """The annotations of a `.ann` file (T, E, A, N and # lines), in file order."""
    with path.open(encoding="utf-8", newline="\n") as handle:
        return [parse_line(line.removesuffix("\n")) for line in handle if line.strip()]


def parse_line(line: str) -> Annotation:
    """One line of a `.ann`; a ValueError for a line of another kind or a malformed one."""
    ann_id, body, *tail = line.split("\t", 2)
    text = tail[0] if tail else ""
    match ann_id[:1]:
        case "T":
            label, offsets = body.split(" ", 1)
            fragments = tuple(
                (int(start), int(end))
                for start, end in (part.split() for part in offsets.split(";"))
            )
            return TextBound(ann_id, label, fragments, text)
        case "E":
            head, *args = body.split(" ")
            etype, trigger = head.split(":")
            roles = tuple((role, target) for role, target in (a.split(":") for a in args))
            return Event(ann_id, etype, trigger, roles)
        case "A":
            name, target, value = body.split(" ", 2)
            return Attribute(ann_id, name, target, value)
        case "N":
            ntype, target, ref = body.split(" ", 2)
            return Normalization(ann_id, ntype, target, ref, text)
        case "#":
            ntype, target = body.split(" ", 1)
            return Note(ann_id, ntype, target, text)
    raise ValueError(f"not a T, E, A, N or # annotation: {line!r}")
