"""`make eval` (events): P/R/F per event type and argument accuracy against tests/gold/events.jsonl.

Runs `extract` on the shipped corpus and scores the documents the gold file covers.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from eval_segmentation import publish

from pipeline.decoding import decode
from pipeline.event_eval import read_gold, score
from pipeline.extract import Extractor

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "events.jsonl"


def evaluate(corpus: Path = ROOT / "corpus", gold_path: Path = GOLD) -> dict:
    with tempfile.TemporaryDirectory() as out:
        Extractor().run([str(corpus)], Path(out), progress=False)
        documents = [json.loads(x) for x in (Path(out) / "documents.jsonl").open(encoding="utf-8")]
        names = {d["doc_id"]: Path(d["path"]).name for d in documents}
        raws = {Path(d["path"]).name: decode(Path(d["path"]).read_bytes()).text for d in documents}
        predicted = [
            {**e, "doc": names[e["doc_id"]]}
            for e in map(json.loads, (Path(out) / "events.jsonl").open(encoding="utf-8"))
        ]
    return score(read_gold(gold_path, raws), predicted)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", type=Path, help="also write the table to this Markdown file")
    args = parser.parse_args(argv)
    result = evaluate()
    lines = ["| type | gold | predicted | P | R | F |", "|---|---:|---:|---:|---:|---:|"]
    for kind in ("treaty", "exercise", "percentage"):
        r = result[kind]
        lines.append(
            f"| {kind} | {r['gold']} | {r['predicted']} "
            f"| {r['p']:.3f} | {r['r']:.3f} | {r['f']:.3f} |"
        )
    lines += [
        "",
        f"Argument accuracy over matched events: {result['argument_accuracy']:.3f} "
        f"({result['arguments']} gold arguments). Wrong:",
        "",
        *(f"- {w}" for w in result["wrong_arguments"]),
    ]
    publish(
        "Event extraction accuracy", "Events against tests/gold/events.jsonl", lines, args.write
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
