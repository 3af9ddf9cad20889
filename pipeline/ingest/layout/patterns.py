"""The layout patterns of models/layout/patterns.json, compiled."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.resources import MODELS_DIR

PATTERNS_PATH = MODELS_DIR / "layout" / "patterns.json"


@dataclass(frozen=True)
class PatternSet:
    patterns: tuple[re.Pattern[str], ...]

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        """The first pattern, in order, found from `pos` on."""
        return next((m for p in self.patterns if (m := p.search(text, pos))), None)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        """The first pattern, in order, that matches at `pos` exactly (not further on)."""
        return next((m for p in self.patterns if (m := p.match(text, pos))), None)

    def split(self, text: str) -> list[str]:
        """The non-empty pieces of `text` between matches of the first pattern (a separator's
        set holds one)."""
        return [piece for piece in self.patterns[0].split(text) if piece]

    def __call__(self, text: str) -> bool:
        return self.search(text) is not None


class LayoutPatterns:
    """Attribute access to each named pattern list: `patterns.heading("壹、前言")`."""

    def __init__(self, spec: dict[str, object]) -> None:
        self._sets: dict[str, PatternSet] = {}
        for name, value in spec.items():
            if name.startswith("_"):
                continue
            items = value if isinstance(value, list) else [value]
            self._sets[name] = PatternSet(tuple(re.compile(str(p)) for p in items))

    def __getattr__(self, name: str) -> PatternSet:
        try:
            return self._sets[name]
        except KeyError:
            raise AttributeError(name) from None


@lru_cache(maxsize=4)
def load_patterns(path: Path = PATTERNS_PATH) -> LayoutPatterns:
    return LayoutPatterns(json.loads(path.read_text(encoding="utf-8")))
