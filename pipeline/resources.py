"""Where the pipeline's knowledge lives: the `models/` folder (dictionaries, gazetteer,
patterns, rules, the trained recognizer), found once, at import.

In order: the folder named by the environment variable `PIPELINE_MODELS_DIR`; the
`models/` beside the package (a checkout, or `pip install -e .`); the copy a wheel
installs under `<prefix>/share/pipeline/models` (pyproject.toml, data-files).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_VAR = "PIPELINE_MODELS_DIR"
CHECKOUT_MODELS = Path(__file__).resolve().parents[1] / "models"
INSTALLED_MODELS = Path(sys.prefix) / "share" / "pipeline" / "models"


class ModelsNotFound(RuntimeError):
    """No models folder where one was named or expected."""


def find_models_dir(environ: dict[str, str] | os._Environ[str] = os.environ) -> Path:
    named = environ.get(ENV_VAR)
    if named:
        path = Path(named).expanduser().resolve()
        if not path.is_dir():
            raise ModelsNotFound(f"{ENV_VAR}={named}: no such folder")
        return path
    for path in (CHECKOUT_MODELS, INSTALLED_MODELS):
        if path.is_dir():
            return path
    raise ModelsNotFound(
        f"no models folder at {CHECKOUT_MODELS} or {INSTALLED_MODELS}; set {ENV_VAR}"
    )


MODELS_DIR = find_models_dir()
