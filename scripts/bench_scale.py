"""`make bench` (scale): the whole of extract on a generated corpus, serial (also with
`--no-ner-model`), parallel and on Ray, beside bare `jieba.cut` and spaCy's `blank("zh")`
with its jieba segmenter.

The corpus (`--size` MB of UTF-8, default 100) is built from real sentences (../shared/data
and the shipped corpus): documents of 20-60 consecutive sentences in paragraphs, a third
of them converted to the other script, a tenth written in Big5 or GB18030. Each
configuration runs as its own `python -m pipeline extract` process (no cache), so its
wall time and its peak RSS (the largest of the driver and its workers, from
`getrusage(RUSAGE_CHILDREN)`; Ray's workers are not children, so for Ray it is the
driver's) are its own; the driver's own peak (it runs the dedup step) is run.json's
`peak_rss_mib_after` → `dedup`. Per-stage rates come from run.json's timings
(seconds summed over the workers: rates per core).

`--dedup-step pool|unique` times the dedup step alone instead, the way extract runs it
(`dedup_step`): this generator's corpus (`pool`) or one of unique text with a duplicate
structure that is the same at every size (`unique`, `pipeline.evaluation.unique_corpus`).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jieba
import opencc
import spacy
from dedup_step import dedup_step
from eval_segmentation import publish

from pipeline.evaluation.synthetic import read_sentences
from pipeline.evaluation.unique_corpus import UniqueCorpus

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SOURCES = (
    "uner-zh-gsd/zh_gsd-ud-train.iob2",
    "sighan2005-dev/cityu_test_gold.utf8",
    "sighan2005-dev/pku_test_gold.utf8",
    "peoples-daily-ner-dev/example.dev",
)


def sentences() -> list[str]:
    found = [s for rel in SOURCES if (DATA / rel).exists() for s in read_sentences(DATA / rel)]
    for path in sorted((ROOT / "corpus" / "raw").glob("*.txt")):
        text = path.read_text(encoding="utf-8").replace("\n", "")
        found += [s + "。" for s in text.split("。") if len(s) >= 8]
    return found


def generate(folder: Path, megabytes: float, seed: int) -> tuple[int, int]:
    """Writes the corpus; returns (documents, characters)."""
    rng = random.Random(seed)
    pool = sentences()
    convert = {"t2s": opencc.OpenCC("t2s"), "s2t": opencc.OpenCC("s2t")}
    target, written, chars, n = megabytes * 1e6, 0, 0, 0
    folder.mkdir(parents=True)
    while written < target:
        start = rng.randrange(len(pool))
        picked = [pool[(start + k) % len(pool)] for k in range(rng.randint(20, 60))]
        paragraphs = ["".join(picked[k : k + 4]) for k in range(0, len(picked), 4)]
        text = "\n\n".join(paragraphs) + "\n"
        if rng.random() < 1 / 3:
            text = convert[rng.choice(("t2s", "s2t"))].convert(text)
        encoding = "utf-8"
        if rng.random() < 0.1:
            encoding = "gb18030" if convert["t2s"].convert(text) == text else "big5"
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            data = text.encode("utf-8")
        (folder / f"doc-{n:06d}.txt").write_bytes(data)
        written += len(data)
        chars += len(text)
        n += 1
    return n, chars


def run_extract(corpus: Path, out: Path, extra: list[str]) -> tuple[float, int, dict]:
    """Wall seconds, peak RSS (KiB: the largest of the extract process and the workers it
    waited for, measured by a wrapper process of its own) and run.json of one run."""
    command = [sys.executable, "-m", "pipeline", "extract", str(corpus), "--out", str(out),
               "--no-cache", "--no-progress", *extra]  # fmt: skip
    wrapper = (
        "import resource, subprocess, sys; "
        f"subprocess.run({command!r}, check=True, capture_output=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    # One BLAS thread a process: `-j 1` is then one core, and `-j N` N cores, as the
    # targets mean (by default the recognizer's matrix products use every core).
    threads = {name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", wrapper],
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **threads},
    )
    seconds = time.perf_counter() - started
    return seconds, int(done.stdout.split()[-1]), json.loads((out / "run.json").read_text())


def baseline_rates(corpus: Path) -> dict[str, float]:
    """chars/s of bare jieba.cut and of spaCy blank("zh") with jieba, one process."""
    texts = [p.read_bytes() for p in sorted(corpus.iterdir())]
    texts = [t.decode("utf-8", errors="replace") for t in texts]
    chars = sum(len(t) for t in texts)
    jieba.initialize()
    started = time.perf_counter()
    for text in texts:
        for _ in jieba.cut(text):
            pass
    rates = {"bare jieba.cut": chars / (time.perf_counter() - started)}
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    started = time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    rates['spaCy blank("zh"), jieba segmenter'] = chars / (time.perf_counter() - started)
    return rates


def component_rates(corpus: Path, sample_chars: int = 300_000) -> list[tuple[str, float]]:
    """chars/s of the project's tokenizer and of each component of the shipped pipeline
    alone, one process, on the first `sample_chars` characters of the corpus (paragraphs
    as passages), each component run over the docs the ones before it annotated."""
    from pipeline.nlp.language import load

    texts: list[str] = []
    for path in sorted(corpus.iterdir()):
        texts += [p for p in path.read_bytes().decode("utf-8", "replace").split("\n\n") if p]
        if sum(map(len, texts)) >= sample_chars:
            break
    chars = sum(map(len, texts))
    nlp = load()
    nlp(texts[0])  # warm: jieba's dictionary, LAC's session and the tables load once
    started = time.perf_counter()
    docs = [nlp.make_doc(text) for text in texts]
    rates = [("tokenizer (normalize + jieba + rules)", chars / (time.perf_counter() - started))]
    for name, component in nlp.pipeline:
        started = time.perf_counter()
        docs = list(component.pipe(docs) if hasattr(component, "pipe") else map(component, docs))
        rates.append((name, chars / max(time.perf_counter() - started, 1e-9)))
    return rates


def startup_seconds() -> dict[str, float]:
    """Wall seconds of a fresh process: importing the command line, and loading the
    pipeline (best of 3)."""
    commands = {
        "import pipeline.cli": "import pipeline.cli",
        "import + load()": "import pipeline.cli; from pipeline.nlp.language import load; load()",
    }
    best = {}
    for name, code in commands.items():
        times = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
            times.append(time.perf_counter() - started)
        best[name] = min(times)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=float, default=100.0, help="MB of text to generate")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", default=f"1,2,{os.cpu_count()}", help="-j values to run")
    parser.add_argument("--ray", action="store_true", help="also the Ray engine at the last -j")
    parser.add_argument("--write", type=Path, help="also save the report (Markdown)")
    parser.add_argument(
        "--dedup-step",
        choices=("pool", "unique"),
        help="only the dedup step, on this corpus: this generator's or unique_corpus's",
    )
    parser.add_argument("--marks", type=Path, help="with --dedup-step: write the marks here")
    parser.add_argument("--profile", type=Path, help="with --dedup-step: cProfile of the step")
    args = parser.parse_args()
    if args.dedup_step:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus"
            if args.dedup_step == "unique":
                UniqueCorpus(args.seed).write(corpus, args.size)
            else:
                generate(corpus, args.size, args.seed)
            lines = dedup_step(corpus, Path(tmp) / "index", args.marks, args.profile)
        what = f"{args.dedup_step} corpus, {args.size:g} MB, seed {args.seed}: dedup step"
        publish("Dedup step benchmark", what, lines, args.write)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        documents, chars = generate(corpus, args.size, args.seed)
        rates = baseline_rates(corpus)
        jieba_rate = rates["bare jieba.cut"]
        lines = [
            f"Generated corpus: {documents:,} documents, {chars:,} characters "
            f"({args.size:g} MB, seed {args.seed}). Each run: `python -m pipeline extract "
            f"--no-cache`, its own process.",
            "",
            "| run | wall s | chars/s | docs/s | × bare jieba.cut (one core) | speed-up | "
            "peak RSS | driver peak RSS |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, rate in rates.items():
            lines.append(f"| {name} | | {rate:,.0f} | | {rate / jieba_rate:.2f} | | | |")
        runs = [(f"-j {j}", ["-j", str(j)]) for j in dict.fromkeys(args.jobs.split(","))]
        runs.insert(1, ("-j 1 --no-ner-model", ["-j", "1", "--no-ner-model"]))
        if args.ray:
            last = args.jobs.split(",")[-1]
            runs.append((f"--engine ray -j {last}", ["--engine", "ray", "-j", last]))
        serial_seconds = None
        stages: dict = {}
        for name, extra in runs:
            seconds, peak, record = run_extract(corpus, Path(tmp) / name.replace(" ", ""), extra)
            serial_seconds = serial_seconds or seconds
            lines.append(
                f"| extract {name} | {seconds:,.1f} | {chars / seconds:,.0f} | "
                f"{documents / seconds:,.1f} | {chars / seconds / jieba_rate:.2f} | "
                f"{serial_seconds / seconds:.2f}× | {peak / 1024:,.0f} MiB | "
                f"{record['timings']['peak_rss_mib_after']['dedup']:,} MiB |"
            )
            stages = stages or record["timings"]
        lines += [
            "",
            "Per stage at -j 1 (run.json timings; chars/s of that stage alone):",
            "",
            "| stage | seconds | chars/s | × bare jieba.cut | peak RSS after it |",
            "|---|---:|---:|---:|---:|",
        ]
        peaks = stages.get("peak_rss_mib_after", {})
        for stage, seconds in stages.items():
            if isinstance(seconds, float) and stage != "total_seconds" and seconds > 0:
                rate = chars / seconds
                peak = f"{peaks[stage]:,} MiB" if stage in peaks else ""
                lines.append(
                    f"| {stage} | {seconds:,.1f} | {rate:,.0f} | {rate / jieba_rate:.2f} | {peak} |"
                )
        lines += [
            "",
            "Each component alone (one process, the first 300,000 characters, paragraphs as "
            "passages):",
            "",
            "| component | chars/s | × bare jieba.cut |",
            "|---|---:|---:|",
        ]
        for name, rate in component_rates(corpus):
            lines.append(f"| {name} | {rate:,.0f} | {rate / jieba_rate:.2f} |")
    lines += ["", "Start-up, a fresh process (best of 3):", ""]
    lines += [f"- {name}: {seconds:.2f} s" for name, seconds in startup_seconds().items()]
    publish("Scale benchmark", "Whole-pipeline speed", lines, args.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
