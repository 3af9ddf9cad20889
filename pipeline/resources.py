"""Where the pipeline's knowledge lives: the `models/` folder beside the package."""

from __future__ import annotations

from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parents[1] / "models"
