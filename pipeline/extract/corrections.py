"""Stored corrections applied during a run (the import command is pipeline/outputs/corrections.py).

Each line of a corpus folder's `corrections.jsonl` names its source text by sha256 and its
characters by raw offsets and the text they hold, so it applies to whatever the pipeline
finds now, and is counted as stale — never silently dropped — when the text changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import srsly

from pipeline import ids
from pipeline.nlp.gazetteer import load_gazetteer
from pipeline.text.alignment import Alignment


@dataclass
class CorrectionSet:
    """The corrections that apply to documents, by the sha256 of their raw bytes."""

    by_document: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    stats: Counter[str] = field(default_factory=Counter)
    stale: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)  # the sha256 of the documents of the run

    @classmethod
    def load(cls, paths: Iterable[Path]) -> CorrectionSet:
        """Every corrections file given; a later line for the same change replaces an
        earlier one."""
        latest: dict[str, dict[str, Any]] = {}
        for path in paths:
            if path.is_file():
                for record in srsly.read_jsonl(path):
                    latest[record["id"]] = record
        corrections = cls()
        for record in latest.values():
            corrections.by_document.setdefault(record["doc_sha256"], []).append(record)
        corrections.stats["loaded"] = len(latest)
        return corrections

    def apply(
        self,
        sha256: str,
        passages: list[dict[str, Any]],
        entities: list[dict[str, Any]],
        events: list[dict[str, Any]],
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The document's entity and event records with its corrections applied."""
        self.seen.add(sha256)
        corrections = self.by_document.get(sha256, [])
        if not corrections:
            return entities, events
        for correction in corrections:
            if correction["target"] == "event":
                applied = _set_arg(correction, events)
            elif correction["action"] == "add":
                applied = _add(correction, passages, entities)
            else:
                applied = _change(correction, entities)
            self.stats["applied" if applied else "stale"] += 1
            if not applied:
                self.stale.append(correction["id"])
        order = {p["passage_id"]: p["seq"] for p in passages}
        entities.sort(key=lambda e: (order[e["passage_id"]], e["start"], -e["end"]))
        return entities, events

    def record(self) -> dict[str, Any]:
        """The corrections part of run.json: how many were applied, and the ids of those
        that no longer apply (stale: the characters changed) or whose source text was not
        in the run (unmatched: another text, or the same one edited)."""
        unmatched = sorted(
            c["id"] for sha, items in self.by_document.items() if sha not in self.seen
            for c in items
        )  # fmt: skip
        return {
            **dict(sorted(self.stats.items())),
            "unmatched": len(unmatched),
            "stale_ids": sorted(self.stale),
            "unmatched_ids": unmatched,
        }


def _matches(record: dict[str, Any], correction: dict[str, Any], label_key: str) -> bool:
    return (
        record["raw_start"] == correction["raw_start"]
        and record["raw_end"] == correction["raw_end"]
        and record["text"] == correction["text"]
        and record[label_key] == correction["label"]
    )


def _change(correction: dict[str, Any], entities: list[dict[str, Any]]) -> bool:
    """delete or relabel the entity the correction names."""
    for k, entity in enumerate(entities):
        if _matches(entity, correction, "label"):
            if correction["action"] == "delete":
                del entities[k]
            else:
                label = correction["new_label"]
                entity["label"] = label
                entity["kb_id"] = kb_id_for(label, correction.get("kb_id"))
                entity["source"] = "curated"
            return True
    return False


def _add(
    correction: dict[str, Any], passages: list[dict[str, Any]], entities: list[dict[str, Any]]
) -> bool:
    for passage in passages:
        span = Alignment(passage["align"]).text_span(correction["raw_start"], correction["raw_end"])
        if span is None or passage["text"][span[0] : span[1]] != correction["text"]:
            continue
        if any(_matches(e, correction, "label") for e in entities):
            return True  # the pipeline finds it by now
        start, end = span
        entities.append(
            {
                "mention_id": ids.item_id(passage["passage_id"], correction["id"]),
                "doc_id": passage["doc_id"],
                "passage_id": passage["passage_id"],
                "label": correction["label"],
                "text": correction["text"],
                "text_norm": passage["text_norm"][start:end],
                "start": start,
                "end": end,
                "kb_id": kb_id_for(correction["label"], correction.get("kb_id")),
                "value": correction.get("value"),
                "source": "curated",
                "raw_start": correction["raw_start"],
                "raw_end": correction["raw_end"],
            }
        )
        return True
    return False


def _set_arg(correction: dict[str, Any], events: list[dict[str, Any]]) -> bool:
    for event in events:
        if _matches(event, correction, "type"):
            event["args"][correction["arg"]] = correction["value"]
            event["curated"] = sorted({*event.get("curated", []), correction["arg"]})
            return True
    return False


def kb_id_for(label: str, kb_id: str | None) -> str | None:
    """The kb_id a mention of `label` keeps: none when it names a gazetteer entity of
    another label. A relabelled mention loses the link of what it was (a PERSON is not the
    ORG it was taken for; brat keeps the old `Reference` line when only the type is
    changed), and an id the gazetteer does not know is kept as the linguist wrote it."""
    if kb_id is None:
        return None
    labels = _gazetteer_labels()
    return kb_id if labels.get(kb_id, label) == label else None


@cache
def _gazetteer_labels() -> dict[str, str]:
    return {entity.id: entity.label for entity in load_gazetteer()}
