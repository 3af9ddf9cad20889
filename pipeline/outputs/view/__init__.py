"""`python -m pipeline view OUT`: a static, self-contained site in OUT/view/ for linguists.

The pages are rendered here, on the server side, from the output folder: every text goes
through `html.escape` (and JSON embedded in a page has `<`, `>` and `&` escaped), so a
document holding `<script>` shows it as text. The script (`view_assets/view.js`) only adds
what needs a browser: sorting and filtering the tables, the Traditional/Simplified toggle,
tokens on demand, and the raw offsets and source characters of what is selected or
clicked. No network, no CDN: it works from `file://` and from `python -m http.server`.
Entity colours are displaCy's (`spacy.displacy.render.DEFAULT_LABEL_COLORS`).

The package by job: `markup` (escaping, a passage's highlights, the page shell), `records`
(what is said about a record), `pages` (a document's page and the index).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from pipeline.nlp.events import registry
from pipeline.outputs.folder import DocumentRecords, OutputError, OutputFolder
from pipeline.outputs.view.pages import document_page, index_page
from pipeline.outputs.view.records import document_title

ASSETS = Path(__file__).resolve().parent.parent / "view_assets"
# How tests and benchmarks open the site in Debian's chromium: without the networking
# flags it keeps trying Google's services, which a closed network refuses.
HEADLESS_CHROMIUM_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def write_site(folder: OutputFolder, dest: Path) -> dict[str, int]:
    """Writes the pages of output folder `folder` into `dest`, with the assets."""
    shutil.rmtree(dest / "doc", ignore_errors=True)
    (dest / "doc").mkdir(parents=True)
    (dest / "assets").mkdir(exist_ok=True)
    for asset in ("view.css", "view.js"):
        shutil.copyfile(ASSETS / asset, dest / "assets" / asset)
    (dest / "assets" / "labels.css").write_text(_label_css(), encoding="utf-8")
    stats: Counter[str] = Counter()
    rows: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for item in folder.documents():
        stats["documents"] += 1
        rows.append(item.document | {"_counts": _counts(item)})
        if not item.ok:
            continue
        raw = folder.raw_text(item.document)
        page = dest / "doc" / f"{item.doc_id}.html"
        page.write_text(document_page(item, raw), encoding="utf-8")
        stats["pages"] += 1
        stats["entities"] += len(item.entities)
        stats["events"] += len(item.events)
        title = document_title(item.document)
        events += [e | {"_title": title} for e in item.events]
    (dest / "index.html").write_text(index_page(rows, events), encoding="utf-8")
    return dict(stats)


def _counts(item: DocumentRecords) -> dict[str, int]:
    return {
        "passages": len(item.passages),
        "entities": len(item.entities),
        "events": len(item.events),
    }


def _label_css() -> str:
    from spacy.displacy.render import DEFAULT_LABEL_COLORS  # spaCy: only when the site is built

    rules = [
        f'mark.ent[data-label="{label}"] {{ background: {color}; }}'
        for label, color in sorted(DEFAULT_LABEL_COLORS.items())
    ]
    rules += [
        f".ev-{kind} {{ box-shadow: inset 0 -3px 0 {color}; }}"
        for kind, color in ((t.name, t.color) for t in registry.types())
    ]
    return "\n".join(rules) + "\n"


def build_view(out: Path, dest: Path | None = None) -> dict[str, int]:
    """Writes the site of output folder `out` into `dest` (default OUT/view)."""
    folder = OutputFolder(out)
    return write_site(folder, dest or out / "view")


def run_view(args: argparse.Namespace) -> int:
    try:
        stats = build_view(args.out, args.to)
    except OutputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    dest = args.to or args.out / "view"
    print(
        f"view: {stats.get('pages', 0)} document pages, {stats.get('entities', 0)} entities, "
        f"{stats.get('events', 0)} events -> {dest}/index.html"
    )
    return 0


def register(commands: Any) -> None:
    view = commands.add_parser("view", help="build the HTML viewer of an output folder")
    view.add_argument("out", type=Path, metavar="OUT", help="an extract output folder")
    view.add_argument("--to", type=Path, metavar="DIR", help="where (default OUT/view)")
    view.set_defaults(handler=run_view)
