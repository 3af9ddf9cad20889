"""`make bench` (viewer): how long the viewer's pages take to open in headless Chromium.

Runs extract on the corpus (or takes `--out`), builds the viewer, and opens the index and
every document page from `file://`, `--repeat` times each; the best load (navigation start
to the end of the load event, from the browser's Navigation Timing) counts.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from eval_segmentation import publish

from pipeline.extract.run import Extractor
from pipeline.outputs.view import HEADLESS_CHROMIUM_ARGS, build_view

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, help="an extract output (default: the corpus)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--write", type=Path, help="also save the report (Markdown)")
    args = parser.parse_args()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("playwright is not installed (pip install -e .[dev])", file=sys.stderr)
        return 1
    chromium = shutil.which("chromium")
    if chromium is None:
        print("Debian's chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out
        if out is None:
            out = Path(tmp) / "out"
            Extractor().run([str(ROOT / "corpus")], out, progress=False)
        started = time.perf_counter()
        stats = build_view(out)
        build_seconds = time.perf_counter() - started
        pages = [out / "view" / "index.html", *sorted((out / "view" / "doc").glob("*.html"))]
        lines = [
            f"Viewer of {stats.get('pages', 0)} documents ({stats.get('entities', 0)} entities, "
            f"{stats.get('events', 0)} events) built in {build_seconds:.2f} s. Load time in "
            f"headless Chromium from file:// (navigation start to load event end), best of "
            f"{args.repeat}:",
            "",
            "| page | size | DOM content loaded | load |",
            "|---|---:|---:|---:|",
        ]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=list(HEADLESS_CHROMIUM_ARGS)
            )
            for path in pages:
                best = (float("inf"), float("inf"))
                for _ in range(args.repeat):
                    page = browser.new_page()
                    page.goto(path.as_uri())
                    timing = page.evaluate(
                        "(() => { const t = performance.getEntriesByType('navigation')[0];"
                        " return [t.domContentLoadedEventEnd, t.loadEventEnd]; })()"
                    )
                    best = min(best, tuple(timing))
                    page.close()
                name = path.relative_to(out / "view").as_posix()
                lines.append(
                    f"| {name} | {path.stat().st_size / 1024:,.0f} KiB | {best[0]:,.0f} ms | "
                    f"{best[1]:,.0f} ms |"
                )
            browser.close()
    publish("Viewer load time", "Viewer load time", lines, args.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
