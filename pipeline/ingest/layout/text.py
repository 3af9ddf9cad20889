"""Joining lines and removing extraction spaces, the two repairs every layout needs."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.ingest.layout.lines import Line
from pipeline.text.chars import is_wide
from pipeline.text.rope import Rope

WHITESPACE_RUN = re.compile(r"\s+")
URL_TAIL = re.compile(r"(?:https?://|www\.)\S*$")


def _separator(raw: str, prev: Line, prev_rope: Rope, next_rope: Rope) -> Rope:
    """What replaces the line break between two lines: nothing or one space.

    A break next to a CJK character or full-width punctuation is deleted. Between Latin
    text it becomes a space, unless the line ends inside a URL or after a hyphen. The
    space stands for the raw trailing space when there is one, else for the line break.
    """
    last, first = prev_rope.text[-1], next_rope.text[0]
    if is_wide(last) or is_wide(first):
        return Rope.empty()
    if prev.trailing_space:
        return Rope.space_for(raw, prev.start + len(prev.content.rstrip()))
    if last in "-/" or URL_TAIL.search(prev_rope.text):
        return Rope.empty()
    return Rope.space_for(raw, prev.end)


def join_line_ropes(raw: str, items: Sequence[tuple[Line, Rope]]) -> Rope:
    """Parts of consecutive lines (a footnote after its label, say) as one run of text."""
    parts: list[Rope] = []
    prev: tuple[Line, Rope] | None = None
    for line, rope in items:
        if not rope.text:
            continue
        if prev is not None:
            parts.append(_separator(raw, prev[0], prev[1], rope))
        parts.append(rope)
        prev = (line, rope)
    return Rope.join(parts)


def join_lines(raw: str, lines: Sequence[Line]) -> Rope:
    """The lines as one run of text, line breaks repaired."""
    return join_line_ropes(raw, [(line, line.rope(raw)) for line in lines])


def remove_extraction_spaces(rope: Rope) -> Rope:
    """Drop spaces next to CJK characters or full-width punctuation; collapse the rest.

    PDF extraction puts spaces between CJK characters (吳 雪 鳳) and around numbers and
    Latin words inside CJK text (1991 年); between two Latin words one space is kept.
    """
    drop: list[int] = []
    text = rope.text
    for m in WHITESPACE_RUN.finditer(text):
        start, end = m.span()
        before = text[start - 1] if start > 0 else ""
        after = text[end] if end < len(text) else ""
        if not before or not after or is_wide(before) or is_wide(after):
            drop.extend(range(start, end))
        else:
            drop.extend(range(start + 1, end))
    return rope.delete(drop).spaces_normalized()


def collapse_spaces(rope: Rope) -> Rope:
    """Runs of spaces or tabs become one space (newlines kept); used where spaces separate
    table cells."""
    drop: list[int] = []
    for m in re.finditer(r"[ \t\u3000]{2,}", rope.text):
        drop.extend(range(m.start() + 1, m.end()))
    return rope.delete(drop)
