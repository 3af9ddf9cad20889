"""`make bench` (dense lines): does annotation cost time linear in a passage's length?

Builds single-line passages of `--sizes` characters (default 10k, 100k and 1M) from dense
sentences, Traditional and Simplified: states, dates, treaties signed, joint exercises,
percentages. Each goes through the whole annotation (`pipeline.nlp.language.load()`: tokenizer,
statistical recognizer, gazetteer, values, links, events), one component at a time so
each is timed on its own, and, unless `--no-extract`, as a one-file corpus through
`extract` (`-j 1`, no cache: layout, provenance, records, output; run.json's step
timings). Annotation is timed in CPU seconds of this process, with one BLAS thread, so
that other work on a shared machine does not count; lines up to 100k characters run
`--repeat` times and the best run counts.

Reports characters per second per size and per component, and the ratio of the cost per
character at the largest size to that at the smallest (linear: about 1). The report is
printed and written to `--out`/bench-dense.md (default out/bench); docs/ is left alone.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from eval_segmentation import publish
from spacy.language import Language
from threadpoolctl import threadpool_limits

from pipeline.extract.run import ExtractConfig, Extractor
from pipeline.extract.steps import AnnotateStep
from pipeline.nlp.language import load

ROOT = Path(__file__).resolve().parents[1]
SENTENCES = (
    "中國與蒙古於2024年3月15日在烏蘭巴托簽署「中蒙經濟合作協定」，佔比12%。",
    "2023年8月，俄羅斯、中國和蒙古在色楞格省舉行「草原-2023」聯合軍演，參演兵力同比增長8.2%。",
    "2022年5月20日，美国与日本签署《美日安全保障条约》修订议定书，韩国占比35.5%。",
    "中俄两国军队于2021年9月9日在宁夏举行“西部·联合-2021”联合军演，双方同比增长8.2%。",
    "蒙古2016年出口較2015年增加5%，其中中國佔其出口總額的80%。",
    "2019年底，哈萨克斯坦、吉尔吉斯斯坦与塔吉克斯坦签订《边境地区加强军事互信协定》，"
    "贸易额增长3.5个百分点。",
    "日本、韓國與美國於2020年10月在東海舉行聯合軍事演習，國防預算佔比約2%。",
    "中国与巴基斯坦2018年6月签署《中巴经济走廊合作备忘录》，投资占比百分之十五。",
)
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
REPEAT_UP_TO = 100_000  # longer lines run once


def dense_line(size: int) -> str:
    """`size` characters of the dense sentences in turn, on one line."""
    parts, length = [], 0
    while length < size:
        sentence = SENTENCES[len(parts) % len(SENTENCES)]
        parts.append(sentence)
        length += len(sentence)
    return "".join(parts)[:size]


def annotate(nlp: Language, text: str) -> tuple[dict[str, float], int, int]:
    """CPU seconds per component (the tokenizer first) of `nlp(text)`; entities, events."""
    seconds = {}
    started = time.process_time()
    doc = nlp.make_doc(text)
    seconds["tokenizer"] = time.process_time() - started
    for name, component in nlp.pipeline:
        started = time.process_time()
        doc = component(doc)
        seconds[name] = time.process_time() - started
    return seconds, len(doc.ents), len(doc._.events or [])


def best(runs: list[dict[str, float]]) -> dict[str, float]:
    """The fastest run's seconds (by their sum)."""
    return min(runs, key=lambda run: sum(run.values()))


def extractor(ner_model: bool, max_length: int) -> Extractor:
    """`extract -j 1 --no-cache`, its pipeline loaded (by a first run on a short line)."""
    loaded = Extractor(ExtractConfig(ner_model=ner_model), jobs=1, cache=False)
    for step in loaded.processor().steps:
        if isinstance(step, AnnotateStep):
            step.nlp.max_length = max(step.nlp.max_length, max_length)
    extract(loaded, dense_line(2_000))
    return loaded


def extract(extractor: Extractor, text: str) -> dict[str, float]:
    """Seconds per step of `extractor` on a one-file corpus of `text`; `other` is the rest
    of the run (the records and their output)."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        (corpus / "dense.txt").write_text(text + "\n", encoding="utf-8")
        out = Path(tmp) / "out"
        extractor.run([str(corpus)], out, progress=False)
        timings = json.loads((out / "run.json").read_text(encoding="utf-8"))["timings"]
    steps = {k: v for k, v in timings.items() if isinstance(v, float) and k != "total_seconds"}
    return steps | {
        "other": max(timings["total_seconds"] - sum(steps.values()), 0.0),
        "total": timings["total_seconds"],
    }


def recognizer(nlp: Language) -> str:
    """Which recognizer the pipeline has (its token features)."""
    if "ner" not in nlp.pipe_names:
        return "no recognizer"
    return f"recognizer `{nlp.config['components']['ner']['model']['tok2vec']['@architectures']}`"


def peak_mib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def rate(size: int, seconds: float) -> str:
    return f"{size / seconds:,.0f}" if seconds > 0 else "∞"



def cost_table(
    title: str,
    what: str,
    sizes: list[int],
    names: list[str],
    seconds: dict[int, dict[str, float]],
    cell: Callable[[int, float], str],
) -> list[str]:
    """A markdown table of one row per name and one column per size, with the cost per
    character at the largest size over that at the smallest."""
    lines = [
        "",
        title,
        "",
        f"| {what} | " + " | ".join(f"{size:,}" for size in sizes) + " | cost ratio |",
        "|---|" + "---:|" * (len(sizes) + 1),
    ]
    for name in names:
        first, last = seconds[sizes[0]][name] / sizes[0], seconds[sizes[-1]][name] / sizes[-1]
        ratio = f"{last / first:.2f}" if first > 0 else ""
        cells = " | ".join(cell(size, seconds[size][name]) for size in sizes)
        lines.append(f"| {name} | {cells} | {ratio} |")
    return lines

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="characters per line, comma-separated (default %(default)s)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of lines up to 100k chars")
    parser.add_argument("--no-ner-model", action="store_true", help="without the recognizer")
    parser.add_argument("--no-extract", action="store_true", help="annotation only")
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "bench")
    args = parser.parse_args(argv)
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(","))

    nlp = load(ner_model=not args.no_ner_model)
    nlp.max_length = max(nlp.max_length, sizes[-1])
    annotate(nlp, dense_line(2_000))  # loads the dictionaries and models
    whole = None if args.no_extract else extractor(not args.no_ner_model, sizes[-1])
    runs: dict[int, dict[str, float]] = {}
    steps: dict[int, dict[str, float]] = {}
    found: dict[int, tuple[int, int]] = {}
    peaks: dict[int, int] = {}
    with threadpool_limits(1):
        for size in sizes:
            text = dense_line(size)
            timed = []
            for _ in range(args.repeat if size <= REPEAT_UP_TO else 1):
                seconds, entities, events = annotate(nlp, text)
                timed.append(seconds)
            runs[size], found[size], peaks[size] = best(timed), (entities, events), peak_mib()
            print(f"{size:,} chars: annotated in {sum(runs[size].values()):.1f} s", file=sys.stderr)
            if whole is not None:
                steps[size] = extract(whole, text)
                print(f"{size:,} chars: extract in {steps[size]['total']:.1f} s", file=sys.stderr)

    components = list(runs[sizes[0]])
    lines = [
        "One line of dense text (states, dates, treaties, exercises, percentages; Traditional "
        "and Simplified) per size, annotated by `pipeline.nlp.language.load()` "
        f"({recognizer(nlp)}); "
        f"CPU seconds, one BLAS thread; best of {args.repeat} runs up to {REPEAT_UP_TO:,} "
        "characters, one run above. Peak RSS: of the process, so far.",
        "",
        "| chars | entities | events | CPU s | chars/s | cost per char × smallest | peak RSS |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    smallest = sum(runs[sizes[0]].values()) / sizes[0]
    for size in sizes:
        total = sum(runs[size].values())
        entities, events = found[size]
        lines.append(
            f"| {size:,} | {entities:,} | {events:,} | {total:.2f} | {rate(size, total)} "
            f"| {total / size / smallest:.2f} | {peaks[size]:,} MiB |"
        )
    lines += cost_table(
        "Per component (chars/s of that component alone):",
        "component",
        sizes,
        components,
        runs,
        rate,
    )
    if steps:
        names = [k for k in steps[sizes[0]] if k != "total"] + ["total"]
        lines += cost_table(
            "`extract -j 1 --no-cache` on the line as a one-file corpus (run.json timings, wall "
            "seconds; `other`: records and output):",
            "step",
            sizes,
            names,
            steps,
            lambda size, seconds: f"{seconds:.2f}",
        )
    largest = sum(runs[sizes[-1]].values()) / sizes[-1]
    lines += [
        "",
        f"Cost per character at {sizes[-1]:,} vs {sizes[0]:,}: {largest / smallest:.2f}×.",
    ]
    publish(
        "Dense lines (linear cost)",
        "Annotation of one dense line",
        lines,
        args.out / "bench-dense.md",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
