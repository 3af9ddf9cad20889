"""`make bench` (segmentation): characters per second of normalize+segment beside bare jieba.

The text is every line of the corpus and, when ../shared/data is there, the SIGHAN 2005 and
UNER GSD sentences in both scripts (no line repeated). Each system runs `--repeat` times on
the same lines in the same process; the best run counts (the least disturbed by the rest of
the machine).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import jieba
from eval_segmentation import DATA, publish, read_iob_words, read_sighan

from pipeline.nlp.language import default_segmenter, load
from pipeline.text.normalize import Normalizer

BASELINE = "bare jieba.cut (original text)"
CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "raw"


def bench_lines(data: Path) -> dict[str, list[str]]:
    """Lines by script: Traditional and Simplified."""
    corpus = [
        line
        for path in sorted(CORPUS.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    lines = {"zh-Hant": corpus, "zh-Hans": []}
    sources = {
        "zh-Hant": [
            (read_sighan, "sighan2005-dev/cityu_test_gold.utf8"),
            (read_iob_words, "uner-zh-gsd/zh_gsd-ud-train.iob2"),
        ],
        "zh-Hans": [
            (read_sighan, "sighan2005-dev/pku_test_gold.utf8"),
            (read_iob_words, "uner-zh-gsd/zh_gsdsimp-ud-train.iob2"),
        ],
    }
    for script, readers in sources.items():
        for reader, relative in readers:
            if (data / relative).exists():
                lines[script] += ["".join(words) for words in reader(data / relative)]
    return lines


def best_seconds(
    systems: dict[str, Callable[[str], object]], lines: list[str], repeat: int
) -> dict[str, float]:
    """Best time of each system; the systems take turns, so a slow spell of the machine
    hits them alike."""
    best = dict.fromkeys(systems, float("inf"))
    for _ in range(repeat):
        for name, run in systems.items():
            started = time.perf_counter()
            for line in lines:
                run(line)
            best[name] = min(best[name], time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--write", type=Path, help="also write the table to this Markdown file")
    args = parser.parse_args(argv)
    plain = jieba.Tokenizer()
    plain.initialize()
    normalize = Normalizer()
    segmenter = default_segmenter()
    tokenizer = load().tokenizer
    systems: dict[str, Callable[[str], object]] = {
        BASELINE: lambda line: list(plain.cut(line)),
        "normalize + segment": lambda line: segmenter(normalize(line)),
        "spaCy tokenizer (normalize + segment + Doc)": tokenizer,
    }
    segmenter(normalize("预热"))
    lines = bench_lines(args.data)
    seconds = {
        script: best_seconds(systems, subset, args.repeat)
        for script, subset in lines.items()
        if subset
    }
    seconds["all"] = {name: sum(s[name] for s in seconds.values()) for name in systems}
    lines["all"] = lines["zh-Hant"] + lines["zh-Hans"]
    table = ["| text | chars | system | chars/s | × bare jieba.cut |", "|---|---:|---|---:|---:|"]
    for name, best in seconds.items():
        chars = sum(map(len, lines[name]))
        baseline = chars / best[BASELINE]
        for system, elapsed in best.items():
            rate = chars / elapsed
            table.append(f"| {name} | {chars:,} | {system} | {rate:,.0f} | {rate / baseline:.2f} |")
    table.append(f"\nOne process; each figure is the best of {args.repeat} interleaved runs.")
    publish("Segmentation speed", "Segmentation speed", table, args.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
