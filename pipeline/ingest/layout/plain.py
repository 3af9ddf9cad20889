"""Any other text: paragraphs separated by blank lines or, with none, one a line (unless
the lines are wrapped at one width), line breaks inside CJK removed; the rows of a table
kept as a table passage, one row a line.

If the text is double-spaced (a blank line after every line, as PDF dumps are), blank
lines say nothing and paragraph ends are inferred from line widths instead.
"""

from __future__ import annotations

from pipeline.ingest.layout.dates import header_date
from pipeline.ingest.layout.document import LayoutResult
from pipeline.ingest.layout.footnotes import footnote_passage, link_footnotes
from pipeline.ingest.layout.lines import Line, split_lines
from pipeline.ingest.layout.news import MAX_HEADING_CHARS, blocks_of
from pipeline.ingest.layout.paragraphs import (
    column_width,
    split_lines_into_paragraphs,
    split_paragraphs,
)
from pipeline.ingest.layout.patterns import LayoutPatterns, load_patterns
from pipeline.ingest.layout.tables import split_off_tables, table_passage
from pipeline.ingest.layout.text import join_lines, remove_extraction_spaces
from pipeline.ingest.passage import Passage
from pipeline.text.chars import ends_sentence

DOUBLE_SPACED_SHARE = 0.8


def is_double_spaced(lines: list[Line]) -> bool:
    """Most non-blank lines are single-line blocks followed by exactly one blank line."""
    blocks = blocks_of(lines)
    if len(blocks) < 6:
        return False
    single = sum(1 for block, blanks in blocks if len(block) == 1 and blanks == 1)
    return single >= DOUBLE_SPACED_SHARE * len(blocks)


class PlainLayout:
    kind = "text"

    def __init__(self, patterns: LayoutPatterns | None = None) -> None:
        self.p = patterns or load_patterns()

    def parse(self, raw: str) -> LayoutResult:
        lines = split_lines(raw)
        double_spaced = is_double_spaced(lines)
        tables: list[list[Line]] = []  # groups that are a table's lines
        if double_spaced:
            body = [ln for ln in lines if not ln.blank]
            groups = split_paragraphs(body, column_width(body))
        else:
            groups = []
            for block, _ in blocks_of(lines):
                for header, run in self._header_runs(block):
                    if header:  # a journal's header is no table row nor part of a paragraph
                        groups.append(run)
                        continue
                    for table, part in split_off_tables(run, self.p):
                        if table:
                            tables.append(part)
                        groups.extend([part] if table else split_lines_into_paragraphs(part))
        passages: list[Passage] = []
        meta: dict = {}
        headers = 0
        for index, group in enumerate(groups):
            if len(group) == 1 and self.p.journal_header_line_raw(group[0].content):
                headers += 1  # 問題與研究　第63卷第2期（2024年6月）　頁1-36: no passage
                date = header_date(self.p, group[0].content)
                if date and not meta:  # but its date dates the text
                    meta = {
                        "date": date,
                        "evidence": {"journal_header": [group[0].start, group[0].end]},
                    }
                continue
            if any(group is table for table in tables):
                passages.append(table_passage(raw, "table", group, self.p))
                continue
            footnote = footnote_passage(raw, group, self.p)
            if footnote:
                passages.append(footnote)
                continue
            rope = remove_extraction_spaces(join_lines(raw, group))
            if not rope.text:
                continue
            passages.append(Passage(self._kind(rope.text, group, index, len(groups)), rope))
        result = LayoutResult(self.kind, passages, meta=meta)
        stats = link_footnotes(result.passages)
        result.stats = {
            "paragraph_groups": len(groups),
            "double_spaced": double_spaced,
            "footnotes": stats.footnotes,
            "footnotes_linked": stats.linked,
            "running_headers_removed": headers,
        }
        return result

    def _header_runs(self, block: list[Line]) -> list[tuple[bool, list[Line]]]:
        """The block cut around its journal-header lines (新疆大学硕士学位论文　…　21 above
        a chapter's heading), each header a run of its own."""
        runs: list[tuple[bool, list[Line]]] = []
        for line in block:
            header = self.p.journal_header_line_raw(line.content)
            if header or not runs or runs[-1][0]:
                runs.append((header, [line]))
            else:
                runs[-1][1].append(line)
        return runs

    def _kind(self, text: str, group: list[Line], index: int, total: int) -> str:
        short = len(group) == 1 and len(text) <= MAX_HEADING_CHARS and not ends_sentence(text)
        if short and index == 0 and total > 1:
            return "title"
        if short and (self.p.heading(text) or index < total - 1):
            return "heading"
        return "paragraph"
