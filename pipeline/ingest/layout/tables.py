"""The rows of a table in a PDF dump that has no caption: lines of cells set apart by wide
spaces, tabs or two spaces, with no sentence in them, read as a table of their own rather
than as lines of the paragraph before."""

from __future__ import annotations

import re

from pipeline.ingest.layout.lines import Line

MIN_UNCAPTIONED_ROWS = 2  # a header and a row at least: a table with no caption
MIN_ROW_CELLS = 3
TABLE_CELL_GAP = re.compile(r"\u3000+|\t+| {2,}")  # what sets a table's cells apart
SENTENCE_MARKS = re.compile("[。，；！？]")  # a line of prose has one; a row of cells none


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
