"""`make bench` (per-character stages): characters per second of the stages that read every
character of a document (layout widths, script detection, alignment verification), each
against the per-character Python loop it replaced, on the shipped corpus repeated to
`--chars` characters. Best of `--repeat` runs, one process."""

from __future__ import annotations

import argparse
import platform
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from pipeline.text.alignment import Alignment
from pipeline.text.chars import display_width, is_cjk, is_wide
from pipeline.text.normalize import Normalizer

ROOT = Path(__file__).resolve().parents[1]


def corpus_text(chars: int) -> str:
    text = "".join(
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "raw").glob("*.txt"))
    )
    return (text * (chars // len(text) + 1))[:chars]


def loop_width(text: str) -> int:
    return sum(2 if is_wide(ch) else 1 for ch in text)


def loop_script_counts(text: str, normalizer: Normalizer) -> tuple[int, int, int]:
    """The counts `Normalizer.script` made before (2026-12-05 morning)."""
    han = sum(1 for ch in text if is_cjk(ch))
    simplified = normalizer._converter.convert(text)
    traditional = normalizer._to_traditional.convert(text)
    trad_only = sum(1 for a, b in zip(text, simplified, strict=False) if a != b)
    simp_only = sum(1 for a, b in zip(text, traditional, strict=False) if a != b)
    return han, trad_only, simp_only


def loop_verify(text: str, raw: str) -> bool:
    """The character loop `verify_alignment` ran before, over one run."""
    for k in range(len(raw)):
        t, r = text[k : k + 1], raw[k]
        if t != r and not (t == " " and r.isspace()):
            return False
    return True


def rate(work: Callable[[], object], chars: int, repeat: int) -> float:
    best = min(_seconds(work) for _ in range(repeat))
    return chars / best


def _seconds(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chars", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", type=Path, help="also write the report (Markdown) here")
    args = parser.parse_args()
    raw = corpus_text(args.chars)
    text = "".join(" " if ch == "\n" else ch for ch in raw)  # spaces standing for breaks
    normalizer = Normalizer()
    normalizer.script(raw[:1000])  # OpenCC loaded before timing
    alignment = Alignment([[0, 0, len(raw)]])
    rows = [
        ("display width (layout)", lambda: display_width(raw), lambda: loop_width(raw)),
        (
            "script detection",
            lambda: normalizer.script(raw),
            lambda: loop_script_counts(raw, normalizer),
        ),
        (
            "alignment verification (provenance)",
            lambda: alignment.problems(text, raw),
            lambda: loop_verify(text, raw),
        ),
    ]
    lines = [
        "# Per-character stages",
        "",
        f"Measured {date.today().isoformat()} on {platform.node()} ({platform.machine()}, "
        f"Python {platform.python_version()}): {len(raw):,} characters of the corpus, best "
        f"of {args.repeat} (`scripts/bench_chars.py`). Script detection includes OpenCC's "
        "conversion of the whole text in both columns.",
        "",
        "| stage | chars/s now | chars/s, per-character loop | × |",
        "|---|---:|---:|---:|",
    ]
    for name, now, loop in rows:
        fast, slow = rate(now, len(raw), args.repeat), rate(loop, len(raw), args.repeat)
        lines.append(f"| {name} | {fast:,.0f} | {slow:,.0f} | {fast / slow:.1f} |")
    report = "\n".join(lines) + "\n"
    print(report)
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
