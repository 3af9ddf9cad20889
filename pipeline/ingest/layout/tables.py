"""Tables in a plain-text dump: the rows of a table with or without a caption (lines of
cells set apart by wide spaces, tabs or two spaces, with no sentence in them), read as a
table passage of their own, one row a line, rather than as lines of a paragraph."""

from __future__ import annotations

import re

from pipeline.ingest.layout.lines import Line
from pipeline.ingest.layout.patterns import LayoutPatterns
from pipeline.ingest.layout.text import collapse_spaces, join_lines, remove_extraction_spaces
from pipeline.ingest.passage import Passage
from pipeline.text.rope import Rope

MAX_TABLE_ROWS = 120
MIN_UNCAPTIONED_ROWS = 2  # a header and a row at least: a table with no caption
MIN_ROW_CELLS = 3
TABLE_CELL_GAP = re.compile(r"\u3000+|\t+| {2,}")  # what sets a table's cells apart
SENTENCE_MARKS = re.compile("[。，；！？]")  # a line of prose has one; a row of cells none
FIELD_LABEL = re.compile(r"[^：:\s]{1,8}[：:]")  # 签署日期：, 状态：


def squeeze(text: str) -> str:
    """Line text with extraction spaces removed, for pattern matching (吳 雪 鳳 -> 吳雪鳳)."""
    return remove_extraction_spaces(Rope(text, tuple(range(len(text))))).text


def table_rows_end(body: list[Line], i: int, most: int) -> int:
    """Index past the rows of a table with no caption starting at body[i] (演习名称　时间
    　参演国家 / 寒冷反应-2022　2022年3月　挪威、美国…): two or more lines in a row, each of
    three cells or more set apart by wide spaces, tabs or two spaces, and no sentence in
    them (`most` rows at most); else 0. Joined to the paragraph before, they would be lost
    as rows."""
    end = i
    while end < len(body) and end - i < most and is_table_row(body[end].text):
        end += 1
    return end if end - i >= MIN_UNCAPTIONED_ROWS else 0


def is_table_row(text: str) -> bool:
    """Three cells or more (wide spaces, tabs or two spaces between) and no sentence."""
    cells = [c for c in TABLE_CELL_GAP.split(text.strip()) if c]
    return len(cells) >= MIN_ROW_CELLS and not SENTENCE_MARKS.search(text)


def is_record_line(text: str) -> bool:
    """A line of labelled fields (条约名称：…　签署日期：…　签署地点：…): a record of its own,
    each a sentence of the prose, not a table's row."""
    cells = [c for c in TABLE_CELL_GAP.split(text.strip()) if c]
    return sum(bool(FIELD_LABEL.match(c)) for c in cells) >= MIN_UNCAPTIONED_ROWS


def split_off_tables(lines: list[Line], patterns: LayoutPatterns) -> list[tuple[bool, list[Line]]]:
    """A block of lines as runs of prose (False) and of tables (True) with no blank line
    between them, as a web page or a short PDF extract gives them: a table is two rows or
    more (`table_rows_end`; not lines of labelled fields, `is_record_line`), with its
    caption right before them (表2　…主要演习) and its source or note lines right after
    them (资料来源：…)."""
    parts: list[tuple[bool, list[Line]]] = []
    prose_start = i = 0
    while i < len(lines):
        end = table_rows_end(lines, i, MAX_TABLE_ROWS)
        if not end or is_record_line(lines[i].text):
            i += 1
            continue
        captioned = i > prose_start and patterns.table_caption(squeeze(lines[i - 1].text))
        start = i - 1 if captioned else i
        while end < len(lines) and _float_text(patterns, lines[end]):
            end += 1
        if start > prose_start:
            parts.append((False, lines[prose_start:start]))
        parts.append((True, lines[start:end]))
        prose_start = i = end
    if prose_start < len(lines):
        parts.append((False, lines[prose_start:]))
    return parts


def table_passage(raw: str, kind: str, lines: list[Line], patterns: LayoutPatterns) -> Passage:
    """Caption, rows (one a line, cells as the dump spaced them), notes and source."""
    parts: list[Rope] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if i == 0 and not is_table_row(line.text):  # a caption; not a header row
            segment = remove_extraction_spaces(line.rope(raw))
            i += 1
        elif _float_text(patterns, line):
            k = i + 1
            while k < len(lines) and not _float_text(patterns, lines[k]):
                k += 1
            segment = remove_extraction_spaces(join_lines(raw, lines[i:k]))
            i = k
        else:
            segment = collapse_spaces(line.rope(raw))
            i += 1
        if parts:
            parts.append(_newline_before(raw, segment))
        parts.append(segment)
    return Passage(kind, Rope.join(parts))


def _float_text(patterns: LayoutPatterns, line: Line) -> bool:
    """A table's or a figure's source or note line (资料来源：…, 注：…)."""
    text = squeeze(line.text)
    return bool(patterns.float_source(text) or patterns.float_note(text))


def _newline_before(raw: str, segment: Rope) -> Rope:
    """A raw line break between two table lines, kept as the row separator."""
    if not segment.offsets:
        return Rope.empty()
    first = segment.offsets[0]
    pos = raw.rfind("\n", 0, first)
    if pos < 0:
        pos = raw.rfind("\r", 0, first)
    return Rope.from_raw(raw, pos, pos + 1) if pos >= 0 else Rope.empty()
