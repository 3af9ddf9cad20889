"""Scoring event mentions against a gold file (tests/gold/events.jsonl): P/R/F per type and
argument accuracy. Used by `make eval` (scripts/eval_events.py) and by the tests' floors.

A gold line names its document (file name), type, anchor text and which occurrence of that
text in the raw file it is, and the arguments a reader finds; a predicted event matches
when its raw span overlaps that occurrence and the type agrees. Only documents the gold
file covers are scored.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class GoldEvent:
    doc: str
    type: str
    start: int
    end: int
    args: dict[str, Any]


def read_gold(path: Path, raws: dict[str, str]) -> list[GoldEvent]:
    """Gold events with raw offsets found from (text, occurrence) in each raw text."""
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        matches = list(re.finditer(re.escape(g["text"]), raws[g["doc"]]))
        m = matches[g["occurrence"] - 1]
        events.append(GoldEvent(g["doc"], g["type"], m.start(), m.end(), g["args"]))
    return events


def _comparable(key: str, value: Any) -> Any:
    if isinstance(value, dict) and "value" in value:  # a date argument
        return value["value"]
    if isinstance(value, list):
        return sorted(value)
    return value


def score(gold: list[GoldEvent], predicted: list[dict[str, Any]]) -> dict[str, Any]:
    """`predicted`: events.jsonl records with a `doc` key (the file name) added."""
    docs = {g.doc for g in gold}
    predicted = [p for p in predicted if p["doc"] in docs]
    counts: Counter[str] = Counter()
    used: set[int] = set()
    wrong: list[str] = []
    for g in gold:
        counts[f"{g.type}_gold"] += 1
        match = next(
            (
                i
                for i, p in enumerate(predicted)
                if i not in used
                and p["doc"] == g.doc
                and p["type"] == g.type
                and p["raw_start"] < g.end
                and p["raw_end"] > g.start
            ),
            None,
        )
        if match is None:
            continue
        used.add(match)
        counts[f"{g.type}_tp"] += 1
        for key, value in g.args.items():
            counts["args"] += 1
            got = _comparable(key, predicted[match]["args"].get(key))
            if got == _comparable(key, value):
                counts["args_right"] += 1
            else:
                wrong.append(f"{g.doc} {g.type} {g.start} {key}: {got!r}, gold {value!r}")
    for p in predicted:
        counts[f"{p['type']}_predicted"] += 1
    result: dict[str, Any] = {}
    for kind in ("treaty", "exercise", "percentage"):
        tp, n_gold, n_pred = (counts[f"{kind}_{k}"] for k in ("tp", "gold", "predicted"))
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        result[kind] = {"p": p, "r": r, "f": 2 * p * r / (p + r) if p + r else 0.0,
                        "gold": n_gold, "predicted": n_pred}  # fmt: skip
    result["argument_accuracy"] = counts["args_right"] / counts["args"] if counts["args"] else 0.0
    result["arguments"] = counts["args"]
    result["wrong_arguments"] = wrong
    return result
