"""Text that remembers, character by character, where in the raw source it came from.

Layout repair only ever *removes* raw characters or lets a space stand for one raw
whitespace character; it never invents text. A `Rope` enforces that by construction: it
is a string plus, for each character, the raw offset it was copied from. Alignment runs
(design §4, `align`) are the run-length encoding of that offset list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.text.alignment import Alignment


@dataclass(frozen=True)
class Rope:
    text: str
    offsets: tuple[int, ...]

    def __post_init__(self) -> None:
        if len(self.text) != len(self.offsets):
            raise ValueError("a rope needs one raw offset per character")

    @classmethod
    def empty(cls) -> Rope:
        return cls("", ())

    @classmethod
    def from_raw(cls, raw: str, start: int, end: int) -> Rope:
        return cls(raw[start:end], tuple(range(start, end)))

    @classmethod
    def space_for(cls, raw: str, offset: int) -> Rope:
        """One space standing for the raw whitespace character at `offset`."""
        if not raw[offset].isspace():
            raise ValueError(f"raw[{offset}] is not whitespace")
        return cls(" ", (offset,))

    def __len__(self) -> int:
        return len(self.text)

    def __add__(self, other: Rope) -> Rope:
        return Rope(self.text + other.text, self.offsets + other.offsets)

    def __getitem__(self, item: slice) -> Rope:
        if not isinstance(item, slice):
            raise TypeError("ropes are sliced, not indexed")
        return Rope(self.text[item], self.offsets[item])

    @staticmethod
    def join(parts: Iterable[Rope]) -> Rope:
        parts = list(parts)
        return Rope("".join(p.text for p in parts), tuple(o for p in parts for o in p.offsets))

    def strip(self) -> Rope:
        left = len(self.text) - len(self.text.lstrip())
        right = len(self.text.rstrip())
        return self[left:right] if right > left else Rope.empty()

    def delete(self, positions: Iterable[int]) -> Rope:
        """Drop the characters at the given text positions."""
        drop = set(positions)
        if not drop:
            return self
        keep = [i for i in range(len(self.text)) if i not in drop]
        return Rope("".join(self.text[i] for i in keep), tuple(self.offsets[i] for i in keep))

    def spaces_normalized(self) -> Rope:
        """Let a single space stand for every whitespace character that is kept."""
        if not any(ch.isspace() and ch != " " for ch in self.text):
            return self
        return Rope("".join(" " if ch.isspace() else ch for ch in self.text), self.offsets)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw offsets `[raw_start, raw_end)` that text `[start, end)` was copied from
        (the raw span may also hold debris that the text left out, such as a line break)."""
        return self.offsets[start], self.offsets[end - 1] + 1

    def align(self) -> list[list[int]]:
        """Runs `[text_start, raw_start, length]` in which text and raw advance together."""
        return Alignment.of_offsets(self.offsets).to_json()
