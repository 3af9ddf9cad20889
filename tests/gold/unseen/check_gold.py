"""Sanity check of the unseen gold set: anchors occur, manifest complete.

python tests/gold/unseen/check_gold.py   (exit 1 on a problem)
"""
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
TEXTS = HERE / "texts"


def occurrences(hay, needle):
    n, i = 0, hay.find(needle)
    while i != -1:
        n, i = n + 1, hay.find(needle, i + 1)
    return n


def main():
    bad = []
    manifest = [json.loads(l) for l in (TEXTS / "manifest.jsonl").read_text("utf-8").splitlines() if l.strip()]
    listed = {m["path"] for m in manifest}
    files = {p.name for p in TEXTS.iterdir() if p.name != "manifest.jsonl"}
    for f in sorted(files - listed):
        bad.append(f"not in manifest: {f}")
    for f in sorted(listed - files):
        bad.append(f"manifest names a missing file: {f}")
    for m in manifest:
        for k in ("path", "publisher", "date", "genre"):
            if k not in m:
                bad.append(f"manifest line for {m.get('path')} lacks {k}")
    for n, line in enumerate((HERE / "events.jsonl").read_text("utf-8").splitlines(), 1):
        g = json.loads(line)
        if g["doc"] not in files:
            bad.append(f"line {n}: no such text {g['doc']}")
            continue
        raw = (TEXTS / g["doc"]).read_text("utf-8")
        have = occurrences(raw, g["text"])
        if have < g["occurrence"]:
            bad.append(f"line {n}: {g['doc']}: {g['text']!r} occurs {have} times, gold wants occurrence {g['occurrence']}")
        if g["type"] not in ("treaty", "exercise", "percentage"):
            bad.append(f"line {n}: bad type {g['type']}")
    for b in bad:
        print(b)
    print(f"{len(files)} texts, {n} gold events, {len(bad)} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
