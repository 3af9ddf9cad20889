"""Where paragraphs end when blank lines say nothing (PDF dumps double-space every line).

A line ends its paragraph when it is clearly shorter than the column (the last line of a
paragraph rarely fills it), or when it ends a sentence and the extraction left the
trailing space that it puts after paragraph-final lines. Everything else continues.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from statistics import quantiles

from pipeline.ingest.layout.lines import Line
from pipeline.text.chars import CLOSERS, ends_sentence, is_wide

FULL_RATIO = 0.88
MIN_RUN_FOR_LOCAL_WIDTH = 4
WRAP_TOLERANCE = 2  # display columns: a justified or cut line is this close to the column
MIN_WRAPPED_LINES = 3  # two lines of about one length are often two paragraphs
MIN_WRAPPED_LENGTH = 20  # characters: short lines of one length are titles or dates
LATIN_LETTER = re.compile(r"[A-Za-z]")
PARAGRAPH_END_MARKS = frozenset("：:；;") | CLOSERS
CONTINUING_MARKS = frozenset("，,、､")  # a line ending on one goes on in the next
TITLE_BRACKETS = (("《", "》"), ("〈", "〉"))
# a note's marker after a sentence's end (…联合演习。①, …性質。²¹, …。[3])
TRAILING_NOTE = re.compile(
    r"(?:[\u2460-\u2473\u2474-\u2487\u2776-\u277f\u3251-\u325f¹²³⁴⁵⁶⁷⁸⁹⁰]+|\[\d{1,3}\])$"
)


def column_width(lines: Sequence[Line]) -> int:
    """Typical width of a full line, measured on lines without Latin letters.

    Latin letters are narrower than the half-em they are counted as, so Latin-heavy
    lines overstate the column; most lines of running text are full, so the 80th
    percentile of the CJK lines is the column.
    """
    widths = [ln.width for ln in lines if not ln.blank and not LATIN_LETTER.search(ln.text)]
    if len(widths) < 4:
        widths = [ln.width for ln in lines if not ln.blank]
    if not widths:
        return 0
    if len(widths) < 4:
        return max(widths)
    return int(quantiles(widths, n=5)[-1])


def _runs_on(text: str) -> bool:
    """A line cut inside a sentence (…签署《中华人民共和国和蒙古人民, …冷战结束后，中蒙关系
    实现正常化，1994): the next line goes on with it, however short it is (ragged,
    unjustified dumps). A sentence end, a colon, a semicolon or a closing bracket (…關係。
    （參見 / 表2）, a parenthetical broken across lines) may end a paragraph, a note's
    marker after it too (…举行。①)."""
    text = TRAILING_NOTE.sub("", text) or text
    return bool(text) and not ends_sentence(text) and text[-1] not in PARAGRAPH_END_MARKS


def _inside_title(text: str) -> bool:
    """A line cut inside a title in 《》 or 〈〉 (…签署《上海合作组织成员国长期睦邻友 / 好合作
    条约》): a title never spans two paragraphs, so the next line goes on with it."""
    return any(text.count(opener) > text.count(closer) for opener, closer in TITLE_BRACKETS)


def is_wrapped(lines: Sequence[Line], width: int) -> bool:
    """Lines cut at one width (a PDF or a terminal dump): at least three of the lines before
    the last, and half of them, are within WRAP_TOLERANCE of the column's `width`, or have
    one length in characters (a text cut every N characters, whose half-width digits make
    the display widths differ; a long footnote line may set the column). A web page dump,
    one paragraph a line, has lines of every length."""
    body = [ln for ln in lines[:-1] if not ln.blank]
    full = sum(abs(ln.width - width) <= WRAP_TOLERANCE for ln in body)
    lengths = Counter(len(ln.text) for ln in body if len(ln.text) >= MIN_WRAPPED_LENGTH)
    same = max(lengths.values(), default=0)
    return any(n >= MIN_WRAPPED_LINES and 2 * n >= len(body) for n in (full, same))


def split_lines_into_paragraphs(lines: Sequence[Line]) -> list[list[Line]]:
    """Paragraphs of a block of lines without blank lines between them: wrapped lines as
    `split_paragraphs` groups them; lines most of which are cut inside a sentence, one
    paragraph; else (a web page dump, one paragraph a line) a line ends its paragraph
    unless it is cut inside a sentence: it ends on a comma or an enumeration mark, or it
    runs on (`_runs_on`) at the full width of the block (a ragged dump) or inside a title
    in 《》 (`_inside_title`); a short line with no sentence end (a title, a date line) is
    one of its own."""
    width = column_width(lines)
    if is_wrapped(lines, width):
        return split_paragraphs(lines, width)
    full = FULL_RATIO * width
    ends = [not _runs_on(ln.text.rstrip()) for ln in lines[:-1]]
    counted = [end for end, ln in zip(ends, lines, strict=False) if end or ln.width >= full]
    if 2 * sum(counted) <= len(counted):  # not counted: short lines, titles and date lines
        return [list(lines)]  # most lines are cut inside a sentence: one paragraph
    paragraphs: list[list[Line]] = [[]]
    for line in lines:
        paragraphs[-1].append(line)
        text = line.text.rstrip()
        cut = bool(text) and (
            text[-1] in CONTINUING_MARKS
            or (_runs_on(text) and (line.width >= full or _inside_title(text)))
        )
        if not cut:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def split_paragraphs(
    lines: Sequence[Line],
    fallback_width: int,
    strip_markers: Callable[[str], str] = lambda s: s,
) -> list[list[Line]]:
    """Group consecutive lines of running text into paragraphs."""
    if not lines:
        return []
    width = column_width(lines) if len(lines) >= MIN_RUN_FOR_LOCAL_WIDTH else fallback_width
    width = max(width, 1)
    paragraphs: list[list[Line]] = [[]]
    for line in lines:
        paragraphs[-1].append(line)
        text = strip_markers(line.text)
        short = line.width < FULL_RATIO * width and not _runs_on(text)
        final = ends_sentence(text) and line.trailing_space and bool(text) and is_wide(text[-1])
        if short or final:
            paragraphs.append([])
    return [p for p in paragraphs if p]
