"""PDF text dumps of academic papers: pages, running headers, footnote zones, floats.

What the dump looks like (the shipped paper, 問題與研究 2017): every line is followed by an
empty line; a page's body is followed by a line of spaces and its footnotes (`註 泝 ...`);
the next page's first line starts with a space; even pages carry a running header
(`72   問題與研究 第 56卷 第 2期 民國 106年 6月`). Tables (表 1), figures (圖 1) with their
說明 and 資料來源 lines float between paragraphs, which continue around them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pipeline.ingest.layout.dates import header_date, matched_year, year_month
from pipeline.ingest.layout.document import LayoutResult
from pipeline.ingest.layout.footnotes import link_footnotes
from pipeline.ingest.layout.lines import Line, split_lines
from pipeline.ingest.layout.paragraphs import FULL_RATIO, column_width, split_paragraphs
from pipeline.ingest.layout.patterns import LayoutPatterns, load_patterns
from pipeline.ingest.layout.running_headers import (
    header_key,
    mark_running_titles,
    running_header_keys,
)
from pipeline.ingest.layout.tables import MAX_TABLE_ROWS, squeeze, table_passage, table_rows_end
from pipeline.ingest.layout.text import (
    join_line_ropes,
    join_lines,
    remove_extraction_spaces,
)
from pipeline.ingest.passage import Passage
from pipeline.text.chars import is_cjk

SEPARATOR_MIN_SPACES = 10
MAX_FLOAT_TEXT_LINES = 15


@dataclass
class _Footnote:
    label: str | None
    lines: list[tuple[Line, int]] = field(default_factory=list)  # (line, content offset)


@dataclass
class _Block:
    kind: str
    lines: list[Line]
    role: str | None = None
    lang: str = "zh"


def is_latin_only(text: str) -> bool:
    return bool(text) and not any(is_cjk(ch) for ch in text)


class PaperLayout:
    """Splits a PDF dump of a paper into passages."""

    kind = "paper"

    def __init__(self, patterns: LayoutPatterns | None = None) -> None:
        self.p = patterns or load_patterns()

    # ---- pass 0: what each line is ------------------------------------------------
    def _classify(self, lines: list[Line]) -> list[str]:
        header_keys = running_header_keys(lines, self.p.running_header_shape)
        roles: list[str] = []
        zone = "body"
        for line in lines:
            content = line.content
            if line.blank:
                if zone == "body" and len(content) >= SEPARATOR_MIN_SPACES:
                    zone = "notes"
                roles.append("blank")
                continue
            if self.p.running_header_raw(content) or header_key(line) in header_keys:
                roles.append("header")
                zone = "body"
                continue
            if zone == "notes" and line.indented:
                zone = "body"
            if zone == "notes":
                roles.append("note_start" if self.p.footnote_label_raw(content) else "note")
                continue
            if self.p.ornament(line.text):
                roles.append("ornament")
            elif self.p.page_number_raw(content):
                roles.append("page_number")
            else:
                roles.append("body")
        mark_running_titles(lines, roles)
        return roles

    # ---- footnotes ------------------------------------------------------------------
    def _footnotes(self, lines: list[Line], roles: list[str]) -> list[_Footnote]:
        notes: list[_Footnote] = []
        for line, role in zip(lines, roles, strict=True):
            if role == "note_start":
                m = self.p.footnote_label_raw.search(line.content)
                assert m is not None
                label = re.sub(r"\s", "", m.group("marker"))
                notes.append(_Footnote(label, [(line, m.end())]))
            elif role == "note":
                if not notes:
                    notes.append(_Footnote(None))
                notes[-1].lines.append((line, 0))
        return notes

    # ---- pass 1: structure of the body ----------------------------------------------
    def _front_line(self, text: str, line: Line, width: int) -> bool:
        """May be a title or byline: no numbered heading, full line, line of sentences (，。)
        or paragraph's indented first line (a dump that starts inside the article)."""
        prose = line.width >= FULL_RATIO * width or "，" in text or "。" in text
        return not (self.p.heading(text) or prose or line.paragraph_indented)

    def _is_heading(self, text: str, line: Line, width: int) -> bool:
        return (
            self.p.heading(text)
            and line.width < 0.8 * width
            and not text.endswith(("。", "，", "；"))
        )

    def _float_text_end(self, body: list[Line], j: int, width: int) -> int:
        """Index past a 說明/資料來源 block starting at body[j]."""
        k = j
        while k < len(body) and k - j < MAX_FLOAT_TEXT_LINES:
            line = body[k]
            k += 1
            text = line.text
            ends = text.endswith((".", "。", "）", ")")) and (
                line.trailing_space or line.width < FULL_RATIO * width
            )
            if ends or (k < len(body) and body[k].index - line.index > 8):
                break
        return k

    def _consume_float(self, body: list[Line], i: int, width: int, table: bool) -> int:
        """Index past the table or figure whose caption is body[i]."""
        j = i + 1
        rows = 0
        while j < len(body):
            text = squeeze(body[j].text)
            if self.p.float_source(text) or self.p.float_note(text):
                j = self._float_text_end(body, j, width)
                after = squeeze(body[j].text) if j < len(body) else ""
                if self.p.float_source(after) or self.p.float_note(after):
                    continue
                break
            if (
                not table
                or rows >= MAX_TABLE_ROWS
                or self.p.table_caption(text)
                or self.p.figure_caption(text)
                or (self._is_heading(text, body[j], width) and not text[0].isdigit())
                or self._looks_like_prose(body, j, width)
            ):
                break
            rows += 1
            j += 1
        return j

    @staticmethod
    def _looks_like_prose(body: list[Line], j: int, width: int) -> bool:
        """Two full lines of comma-separated text in a row: the table has ended."""
        window = body[j : j + 2]
        return len(window) == 2 and all(
            ln.width >= FULL_RATIO * width and "，" in ln.text and "  " not in ln.text
            for ln in window
        )

    def _structure(self, body: list[Line], width: int) -> list[_Block]:
        """Structural blocks, then the runs of running-text lines between headings."""
        blocks: list[_Block] = []
        runs: list[tuple[str, str, list[Line]]] = []  # (kind, lang, lines)
        mode, lang = "paragraph", "zh"
        in_front = True
        seen_title = False
        i = 0

        def add_text_line(line: Line) -> None:
            if runs and runs[-1][0] == mode and runs[-1][1] == lang:
                runs[-1][2].append(line)
            else:
                runs.append((mode, lang, [line]))

        def break_run() -> None:
            runs.append(("break", lang, []))

        while i < len(body):
            line = body[i]
            text = squeeze(line.text)
            latin = is_latin_only(text)
            if self.p.abstract_label(text):
                lang = "en" if latin else "zh"
                blocks.append(_Block("heading", [line], role="abstract_label", lang=lang))
                mode, in_front = "abstract", False
                break_run()
            elif self.p.keywords_label(text):
                blocks.append(_Block("keywords", [line], lang="en" if latin else "zh"))
                mode, lang = "paragraph", "zh"
                break_run()
            elif in_front and not seen_title and self._front_line(text, line, width):
                blocks.append(_Block("title", [line]))
                seen_title = True
            elif in_front and line.width < 0.8 * width and self._front_line(text, line, width):
                is_affiliation = self.p.affiliation(text)
                blocks.append(
                    _Block(
                        "meta" if is_affiliation else "byline",
                        [line],
                        role="affiliation" if is_affiliation else "author",
                    )
                )
            elif self.p.table_caption(text) or self.p.figure_caption(text):
                table = self.p.table_caption(text)
                end = self._consume_float(body, i, width, table)
                blocks.append(_Block("table" if table else "caption", body[i:end]))
                i = end
                in_front = False
                continue
            elif rows_end := table_rows_end(body, i, MAX_TABLE_ROWS):  # a table with no caption
                blocks.append(_Block("table", body[i:rows_end]))
                i = rows_end
                in_front = False
                break_run()
                continue
            elif latin and line.indented and self._english_front_matter(body, i):
                end = self._english_front_matter(body, i)
                blocks += _english_front_blocks(body[i:end])
                i = end
                break_run()
                continue
            elif self._is_heading(text, line, width):
                blocks.append(_Block("heading", [line]))
                mode, lang, in_front = "paragraph", "zh", False
                break_run()
            else:
                in_front = False
                add_text_line(line)
            i += 1
        for kind, lang_, lines in runs:
            if lines:
                blocks.append(_Block(kind, lines, lang=lang_))  # split into paragraphs later
        return blocks

    def _english_front_matter(self, body: list[Line], i: int) -> int:
        """End index of an English title/author/affiliation block before `Abstract`, or 0."""
        for k in range(i + 1, min(i + 8, len(body))):
            text = squeeze(body[k].text)
            if self.p.abstract_label(text):
                return k
            if not is_latin_only(text):
                return 0
        return 0

    # ---- pass 2: passages ---------------------------------------------------------
    def parse(self, raw: str) -> LayoutResult:
        lines = split_lines(raw)
        roles = self._classify(lines)
        footnotes = self._footnotes(lines, roles)
        markers = {f.label for f in footnotes if f.label}
        body = [ln for ln, role in zip(lines, roles, strict=True) if role == "body"]
        width = column_width(body)

        def strip_markers(text: str) -> str:
            text = text.rstrip()
            while text and text[-1] in markers:
                text = text[:-1].rstrip()
            return text

        blocks = self._structure(body, width)
        passages: list[Passage] = []
        for block in blocks:
            if block.kind in ("paragraph", "abstract"):
                for para in split_paragraphs(block.lines, width, strip_markers):
                    passages.append(self._text_passage(raw, block.kind, para, lang=block.lang))
            elif block.kind == "table":
                passages.append(table_passage(raw, "table", block.lines, self.p))
            elif block.kind == "caption":
                passages.append(table_passage(raw, "caption", block.lines, self.p))
            else:
                passages.append(
                    self._text_passage(raw, block.kind, block.lines, block.role, block.lang)
                )
        for note in footnotes:
            passages.append(self._footnote_passage(raw, note))
        result = LayoutResult(self.kind, passages)
        result.passages = result.ordered()
        fn_stats = link_footnotes(result.passages)
        role_counts = Counter(roles)
        result.stats = {
            "lines": len(lines),
            "running_headers_removed": role_counts["header"],
            "page_numbers_removed": role_counts["page_number"],
            "ornaments_removed": role_counts["ornament"],
            "footnotes": fn_stats.footnotes,
            "footnotes_linked": fn_stats.linked,
            "footnote_cross_references": fn_stats.cross_references,
            "unlinked_footnote_labels": fn_stats.unlinked_labels,
            "column_width": width,
        }
        result.meta = self._journal_meta(raw, lines, roles)
        return result

    def _text_passage(
        self, raw: str, kind: str, lines: list[Line], role: str | None = None, lang: str = "zh"
    ) -> Passage:
        return Passage(kind, remove_extraction_spaces(join_lines(raw, lines)), role=role, lang=lang)

    def _footnote_passage(self, raw: str, note: _Footnote) -> Passage:
        ropes = []
        for line, offset in note.lines:
            rope = line.slice_rope(raw, offset, len(line.content))
            ropes.append((line, rope))
        joined = join_line_ropes(raw, ropes)
        return Passage("footnote", remove_extraction_spaces(joined), label=note.label)

    def _journal_meta(self, raw: str, lines: list[Line], roles: list[str]) -> dict:
        """The journal, volume and issue of the first header that names them, and the date
        of the first that prints one (第62卷第4期（2023年12月）: `header_date`)."""
        meta: dict = {}
        for line, role in zip(lines, roles, strict=True):
            if role != "header":
                continue
            m = self.p.journal_header_raw.search(line.content)
            if m and "journal" not in meta:
                meta.update(
                    journal=m.group("journal"),
                    volume=int(m.group("volume")),
                    issue=int(m.group("issue")),
                    evidence={"journal_header": [line.start, line.end]},
                )
                year = matched_year(m)
                if year:
                    meta["date"] = year_month(year, m.group("month"))
            if "date" not in meta and (date := header_date(self.p, line.content)):
                meta["date"] = date
                meta.setdefault("evidence", {"journal_header": [line.start, line.end]})
            if "journal" in meta and "date" in meta:
                break
        return meta


def _english_front_blocks(lines: list[Line]) -> list[_Block]:
    """An English title, then its author line and affiliation lines where there are any."""
    roles = [("title", "title_en", lines[:1]), ("byline", "author", lines[1:2])]
    roles.append(("meta", "affiliation", lines[2:]))
    return [_Block(kind, part, role=role, lang="en") for kind, role, part in roles if part]
