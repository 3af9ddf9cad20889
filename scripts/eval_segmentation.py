"""`make eval` (segmentation): word P/R/F on the development sets in ../shared/data.

Compares the project's segmenter (normalize + jieba + project dictionary + rules) with plain
jieba on the raw text and with plain jieba on the OpenCC-converted text, on SIGHAN 2005 CityU
(Traditional) and PKU (Simplified) and on the UNER GSD dev words in both scripts, and reports
the gap between the Traditional and Simplified versions of the same GSD sentences.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import jieba

from pipeline.nlp.language import default_segmenter
from pipeline.text.normalize import Normalizer

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

Sentence = list[str]


def read_sighan(path: Path) -> list[Sentence]:
    with path.open(encoding="utf-8-sig") as lines:
        return [words for line in lines if (words := line.split())]


def read_iob_words(path: Path) -> list[Sentence]:
    sentences: list[Sentence] = []
    current: Sentence = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if not line:
                if current:
                    sentences.append(current)
                current = []
            elif not line.startswith("#"):
                current.append(line.split("\t")[1])
    if current:
        sentences.append(current)
    return sentences


def spans(words: Iterable[str]) -> set[tuple[int, int]]:
    result, position = set(), 0
    for word in words:
        result.add((position, position + len(word)))
        position += len(word)
    return result


def score(gold: list[Sentence], segment: Callable[[str], list[str]]) -> tuple[float, ...]:
    """Word precision, recall and F1 over all sentences (span matching)."""
    correct = predicted = expected = 0
    for words in gold:
        text = "".join(words)
        guess = segment(text)
        if "".join(guess) != text:
            raise ValueError(f"segmenter changed the text: {text!r}")
        gold_spans, guess_spans = spans(words), spans(guess)
        correct += len(gold_spans & guess_spans)
        predicted += len(guess_spans)
        expected += len(gold_spans)
    precision, recall = correct / predicted, correct / expected
    return precision, recall, 2 * precision * recall / (precision + recall)


def systems() -> dict[str, Callable[[str], list[str]]]:
    plain = jieba.Tokenizer()
    normalize = Normalizer("t2s")
    segmenter = default_segmenter()

    def on_converted(text: str) -> list[str]:
        norm, words, position = normalize(text), [], 0
        for word in plain.cut(norm):
            words.append(text[position : position + len(word)])
            position += len(word)
        return words

    def project(text: str) -> list[str]:
        return [text[start:end] for start, end, _ in segmenter(normalize(text))]

    return {
        "jieba on raw text": lambda text: list(plain.cut(text)),
        "jieba on t2s text": on_converted,
        "pipeline": project,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--write", type=Path, help="also write the table to this Markdown file")
    args = parser.parse_args(argv)
    sets = {
        "SIGHAN05 CityU (Hant)": (read_sighan, "sighan2005-dev/cityu_test_gold.utf8"),
        "SIGHAN05 PKU (Hans)": (read_sighan, "sighan2005-dev/pku_test_gold.utf8"),
        "UNER GSD dev (Hant)": (read_iob_words, "uner-zh-gsd/zh_gsd-ud-dev.iob2"),
        "UNER GSD dev (Hans)": (read_iob_words, "uner-zh-gsd/zh_gsdsimp-ud-dev.iob2"),
    }
    if not all((args.data / rel).exists() for _, rel in sets.values()):
        print(f"eval: development data not found under {args.data}; nothing to measure")
        return 0
    gold = {name: reader(args.data / rel) for name, (reader, rel) in sets.items()}
    lines = [
        "| data set | sentences | system | P | R | F |",
        "|---|---:|---|---:|---:|---:|",
    ]
    f_scores: dict[tuple[str, str], float] = {}
    built = systems()
    for name, sentences in gold.items():
        for system, segment in built.items():
            p, r, f = score(sentences, segment)
            f_scores[(name, system)] = f
            lines.append(f"| {name} | {len(sentences)} | {system} | {p:.4f} | {r:.4f} | {f:.4f} |")
    lines.append("")
    lines.append("Traditional − Simplified F on the same GSD sentences (F points):")
    lines.append("")
    for system in built:
        gap = f_scores[("UNER GSD dev (Hant)", system)] - f_scores[("UNER GSD dev (Hans)", system)]
        lines.append(f"- {system}: {100 * gap:+.2f}")
    publish("Segmentation accuracy", "Segmentation", lines, args.write)
    return 0


def publish(title: str, what: str, lines: list[str], write: Path | None) -> None:
    """Print the figures under a line saying when and where they were measured; with
    `write`, also save them as a Markdown page."""
    header = (
        f"{what}, measured {datetime.date.today().isoformat()} on {platform.node()} "
        f"({platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()})"
    )
    report = "\n".join([header, "", *lines])
    print(report)
    if write:
        write.parent.mkdir(parents=True, exist_ok=True)
        write.write_text(f"# {title}\n\n{report}\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
