"""Start-up: every command pays for `import pipeline.cli` and its parser before it runs, so
the heavy modules load only in the commands that use them (spaCy with the pipeline in
`segment`, `tag` and extract's annotation, with the DocBin and displaCy's colours in
`export` and `view`)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

HEAVY = (
    "spacy",
    "thinc",
    "onnxruntime",
    "datasketch",
    "ray",
    "redis",
    "jieba",
    "jsonschema",
)


def test_the_command_line_starts_without_the_heavy_modules() -> None:
    code = (
        "import sys, pipeline.cli; pipeline.cli.build_parser(); "
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "", f"imported at start-up: {done.stdout.strip()}"
