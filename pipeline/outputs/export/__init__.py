"""`python -m pipeline export OUT`: the output folder in the formats linguists' tools read.

- `brat/`: brat standoff on the raw texts (`<doc_id>.txt`, `<doc_id>.ann`, the brat
  configuration), see `pipeline.outputs.export.brat`;
- `conll/entities.conll`: token, UD POS, BIO entity tag, see `pipeline.outputs.export.conll`;
- `corpus.spacy`: a spaCy DocBin of the passages, see `pipeline.outputs.export.docbin`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pipeline.outputs.export.brat import write_brat
from pipeline.outputs.export.conll import write_conll
from pipeline.outputs.folder import OutputError, OutputFolder


def export_all(folder: Path, dest: Path | None = None) -> dict[str, dict[str, int]]:
    """Writes the three exports of output folder `folder` into `dest` (default: the folder
    itself); returns the counts of each."""
    from pipeline.outputs.export.docbin import write_docbin  # spaCy: only `export` imports it

    output = OutputFolder(folder)
    dest = folder if dest is None else dest
    return {
        "brat": write_brat(output, dest / "brat"),
        "conll": write_conll(output, dest / "conll" / "entities.conll"),
        "docbin": write_docbin(output, dest / "corpus.spacy"),
    }


def run_export(args: argparse.Namespace) -> int:
    try:
        stats = export_all(args.out, args.to)
    except (OutputError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    brat, conll, docbin = stats["brat"], stats["conll"], stats["docbin"]
    print(
        f"export: {brat.get('documents', 0)} documents, {brat.get('entities', 0)} entities "
        f"({brat.get('discontinuous', 0)} discontinuous), {brat.get('events', 0)} events "
        f"-> brat/; {conll.get('passages', 0)} passages, {conll.get('tokens', 0)} tokens "
        f"-> conll/entities.conll, corpus.spacy ({docbin.get('overlaps_skipped', 0)} "
        f"overlapping entities left out) in {args.to or args.out}/"
    )
    return 0


def register(commands: Any) -> None:
    export = commands.add_parser(
        "export", help="brat standoff, CoNLL and spaCy DocBin exports of an output folder"
    )
    export.add_argument("out", type=Path, metavar="OUT", help="an extract output folder")
    export.add_argument("--to", type=Path, metavar="DIR", help="where (default OUT)")
    export.set_defaults(handler=run_export)
