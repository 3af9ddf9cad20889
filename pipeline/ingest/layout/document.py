"""What a layout parser returns: passages in reading order plus what it learned."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.ingest.passage import Passage


@dataclass
class LayoutResult:
    kind: str  # paper | news | text
    passages: list[Passage]
    meta: dict[str, Any] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)

    def ordered(self) -> list[Passage]:
        """Passages sorted by the raw offset of their first character (reading order)."""
        return sorted(
            (p for p in self.passages if p.text),
            key=lambda p: (p.rope.offsets[0], p.kind),
        )
