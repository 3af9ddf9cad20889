"""Lines of a raw text with their offsets; the unit that layout rules look at."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.text.chars import display_width
from pipeline.text.rope import Rope

LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
# a paragraph's first line: one or two ideographic spaces or two to four spaces, then
# text (a centred title has more)
PARAGRAPH_INDENT = re.compile(r"(?:\u3000{1,2}| {2,4})(?=[^\s\u3000])")


@dataclass(frozen=True)
class Line:
    index: int
    start: int  # raw offset of the first character
    end: int  # raw offset just past the content (line terminator excluded)
    content: str

    @property
    def text(self) -> str:
        return self.content.strip()

    @property
    def blank(self) -> bool:
        return not self.content.strip()

    @property
    def indented(self) -> bool:
        """Starts with whitespace: in PDF dumps this marks the first line of a page."""
        return bool(self.content) and self.content[0] in " \t\u3000" and not self.blank

    @property
    def paragraph_indented(self) -> bool:
        """Indented as a paragraph's first line is (　　与南极不同…), not centred."""
        return PARAGRAPH_INDENT.match(self.content) is not None

    @property
    def trailing_space(self) -> bool:
        return self.content != self.content.rstrip()

    @property
    def width(self) -> int:
        return display_width(self.text)

    def rope(self, raw: str) -> Rope:
        """The line's characters with leading and trailing whitespace removed."""
        lead = len(self.content) - len(self.content.lstrip())
        trail = len(self.content.rstrip())
        return Rope.from_raw(raw, self.start + lead, self.start + trail)

    def slice_rope(self, raw: str, begin: int, end: int) -> Rope:
        """Characters `content[begin:end]` as a rope, surrounding whitespace removed."""
        return Rope.from_raw(raw, self.start + begin, self.start + end).strip()


def split_lines(raw: str) -> list[Line]:
    """Every line of `raw`, with `\\r\\n`, `\\r` and `\\n` all accepted as line ends."""
    lines: list[Line] = []
    for m in LINE_RE.finditer(raw):
        if m.start() == len(raw):
            break
        content = m.group(0).rstrip("\r\n")
        lines.append(Line(len(lines), m.start(), m.start() + len(content), content))
    return lines
