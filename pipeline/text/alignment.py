"""The one map between a passage's text and its raw source (design §4, `align`).

A passage's `align` is a list of runs `[text_start, raw_start, length]` in which text and
raw advance together. Every consumer of offsets — records, corrections applied during a
run and imported afterwards, brat fragments, the viewer — goes through `Alignment`, so the
project's central guarantee (each character leads back to the raw character it was copied
from) is computed in one place. Lookups are binary searches over the runs: the cost per
mention does not grow with the passage.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Container, Sequence
from itertools import pairwise

Run = Sequence[int]  # [text_start, raw_start, length]
# Every character for which str.isspace() is true (tests/test_rope.py checks the list): a
# space of the text may stand for any of them.
WHITESPACE = (
    "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)
AS_SPACES = str.maketrans(dict.fromkeys(WHITESPACE, " "))
Fragments = tuple[tuple[int, int], ...]


class Alignment:
    """A passage's alignment runs, with the lookups in both directions."""

    def __init__(self, runs: Sequence[Run]) -> None:
        self.runs = runs
        self._text_starts = [run[0] for run in runs]
        raw_starts = [run[1] for run in runs]
        # Layout repair only removes characters, so raw starts ascend; a hand-made `align`
        # that does not is still answered, by a scan.
        ascending = all(a < b for a, b in pairwise(raw_starts))
        self._raw_starts = raw_starts if ascending else None

    @classmethod
    def of_offsets(cls, offsets: Sequence[int]) -> Alignment:
        """The runs of a per-character list of raw offsets (a `Rope`'s)."""
        runs: list[list[int]] = []
        for pos, off in enumerate(offsets):
            if runs and runs[-1][1] + runs[-1][2] == off:
                runs[-1][2] += 1
            else:
                runs.append([pos, off, 1])
        return cls(runs)

    def _run_at_text(self, offset: int) -> Run | None:
        k = bisect_right(self._text_starts, offset) - 1
        if k >= 0 and offset < self.runs[k][0] + self.runs[k][2]:
            return self.runs[k]
        return None

    def raw_offset(self, offset: int) -> int | None:
        """The raw offset text character `offset` was copied from; None outside the text."""
        run = self._run_at_text(offset)
        return None if run is None else run[1] + offset - run[0]

    def text_offset(self, raw: int) -> int | None:
        """The text offset of raw character `raw`; None when the text left it out."""
        if self._raw_starts is None:
            candidates = [run for run in self.runs if run[1] <= raw < run[1] + run[2]][:1]
        else:
            k = bisect_right(self._raw_starts, raw) - 1
            candidates = [self.runs[k]] if k >= 0 else []
        for text_start, raw_start, length in candidates:
            if raw_start <= raw < raw_start + length:
                return text_start + raw - raw_start
        return None

    def raw_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The raw span `[raw_start, raw_end)` behind text `[start, end)` (it may also hold
        debris the text left out, such as a line break); None outside the text."""
        first, last = self.raw_offset(start), self.raw_offset(end - 1)
        if first is None or last is None:
            return None
        return first, last + 1

    def text_span(self, raw_start: int, raw_end: int) -> tuple[int, int] | None:
        """Text offsets of a raw span whose first and last characters the text holds."""
        start, last = self.text_offset(raw_start), self.text_offset(raw_end - 1)
        if start is None or last is None or last < start:
            return None
        return start, last + 1

    def fragments(
        self, start: int, end: int, raw: str, leave_out: Container[str] = ()
    ) -> Fragments:
        """The raw spans behind text `[start, end)`: contiguous raw characters merged, raw
        characters in `leave_out` (line breaks, for brat) left out with the text
        character that stands for them."""
        pieces: list[list[int]] = []
        k = max(bisect_right(self._text_starts, start) - 1, 0)
        for text_start, raw_start, length in self.runs[k:]:
            if text_start >= end:
                break
            for t in range(max(start, text_start), min(end, text_start + length)):
                r = raw_start + t - text_start
                if raw[r] in leave_out:
                    continue
                if pieces and pieces[-1][1] == r:
                    pieces[-1][1] = r + 1
                else:
                    pieces.append([r, r + 1])
        return tuple((a, b) for a, b in pieces)

    def problems(self, text: str, raw: str) -> list[str]:
        """What is wrong when checking the runs of `text` against `raw` (empty when they
        verify): every character covered exactly once, in order, and equal to the raw
        character it points to; a space may stand for one raw whitespace character."""
        problems: list[str] = []
        expected_start = 0
        for text_start, raw_start, length in self.runs:
            if text_start != expected_start:
                problems.append(
                    f"run at {text_start} leaves a gap or overlap (expected {expected_start})"
                )
            if length <= 0 or raw_start < 0 or raw_start + length > len(raw):
                problems.append(f"run {[text_start, raw_start, length]} is outside the raw text")
                expected_start = text_start + max(length, 0)
                continue
            piece, source = (
                text[text_start : text_start + length],
                raw[raw_start : raw_start + length],
            )
            if piece != source and piece != source.translate(AS_SPACES):
                problems += _first_mismatch(text, raw, text_start, raw_start, length)
            expected_start = text_start + length
        if expected_start != len(text):
            problems.append(f"alignment covers {expected_start} of {len(text)} characters")
        return problems

    def to_json(self) -> list[list[int]]:
        return [list(run) for run in self.runs]


def _first_mismatch(text: str, raw: str, text_start: int, raw_start: int, length: int) -> list[str]:
    """The first character of a run that differs from its raw one, other than a space
    standing for raw whitespace (runs are first compared whole, at C speed)."""
    for k in range(length):
        t, r = text[text_start + k : text_start + k + 1], raw[raw_start + k]
        if t != r and not (t == " " and r.isspace()):
            return [f"text[{text_start + k}]={t!r} but raw[{raw_start + k}]={r!r}"]
    return []


def verify_alignment(text: str, align: Sequence[Run], raw: str) -> list[str]:
    """Problems found when checking `align` of `text` against `raw` (empty when it verifies)."""
    return Alignment(align).problems(text, raw)
