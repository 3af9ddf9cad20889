"""Web-page dumps of news reports.

The shipped Liberty Times item starts with one line that holds the `date` field, a photo
caption ending in its credit (（取自微博「中國軍號」）), the byline 〔記者涂鉅旻／台北報導〕
and the lead paragraph; a reprint note （原文「…」，由…撰寫…） follows; subheadings are
short lines set off by runs of blank lines.
"""

from __future__ import annotations

import datetime
import re

from pipeline.ingest.layout.dates import matched_year
from pipeline.ingest.layout.document import LayoutResult
from pipeline.ingest.layout.footnotes import footnote_passage, link_footnotes
from pipeline.ingest.layout.lines import Line, split_lines
from pipeline.ingest.layout.paragraphs import split_lines_into_paragraphs
from pipeline.ingest.layout.patterns import LayoutPatterns, load_patterns
from pipeline.ingest.layout.tables import split_off_tables, table_passage
from pipeline.ingest.layout.text import join_line_ropes, join_lines, remove_extraction_spaces
from pipeline.ingest.passage import Passage
from pipeline.text.chars import ends_sentence, ends_statement
from pipeline.text.normalize import FULLWIDTH_FOLD

MAX_HEADING_CHARS = 30
MAX_TITLE_CHARS = 50
MAX_FRONT_LINES = 6  # a title, a date line, a source line … before the body


def blocks_of(lines: list[Line]) -> list[tuple[list[Line], int]]:
    """Runs of non-blank lines, each with the number of blank lines that follow it."""
    blocks: list[tuple[list[Line], int]] = []
    current: list[Line] = []
    for line in lines:
        if line.blank:
            if current:
                blocks.append((current, 0))
                current = []
            if blocks:
                blocks[-1] = (blocks[-1][0], blocks[-1][1] + 1)
        else:
            current.append(line)
    if current:
        blocks.append((current, 0))
    return blocks


def folded(text: str) -> str:
    """Full-width digits and symbols as ASCII, length kept, so patterns match either."""
    return text.translate(FULLWIDTH_FOLD)


def iso_date(year: int, month: int | None, day: int | None) -> str | None:
    """`YYYY-MM-DD`, or `YYYY-MM` without a day; None for what is no date."""
    if month is None or not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


DATELINE_DAY = "dateline_day"  # layout meta: [month or None, day] of a dateline with no year


def matched_date(m: re.Match[str], year: int | None = None) -> str | None:
    """The date of a match with groups year or roc_year (民國 1 = 1912), month and day;
    `year` stands in when the text gives none."""
    groups = m.groupdict()
    year = matched_year(m) or year
    if year is None:
        return None
    month = int(groups["month"]) if groups.get("month") else None
    day = int(groups["day"]) if groups.get("day") else None
    return iso_date(year, month, day)


def front_lines(lines: list[Line], limit: int) -> list[Line]:
    """The first `limit` non-blank lines."""
    return [line for line in lines if not line.blank][:limit]


class NewsLayout:
    kind = "news"

    def __init__(self, patterns: LayoutPatterns | None = None) -> None:
        self.p = patterns or load_patterns()

    def parse(self, raw: str) -> LayoutResult:
        passages: list[Passage] = []
        meta: dict = {}
        lines = split_lines(raw)
        start = self._front_matter(raw, lines, passages, meta)
        blocks = blocks_of(lines[start:])
        for index, (lines, blanks_after) in enumerate(blocks):
            if index == 0:
                passages.extend(self._first_block(raw, lines, meta))
                continue
            footnote = footnote_passage(raw, lines, self.p)
            if footnote:
                passages.append(footnote)
                continue
            rope = remove_extraction_spaces(join_lines(raw, lines))
            text = rope.text
            if self.p.news_reprint_note(text):
                passages.append(Passage("meta", rope, role="reprint_note"))
                self._reprint_meta(text, meta)
            elif self._is_heading(text, lines, blanks_after, index == len(blocks) - 1):
                passages.append(Passage("heading", rope))
            else:
                for table, part in split_off_tables(lines, self.p):
                    passages.extend(
                        [table_passage(raw, "table", part, self.p)]
                        if table
                        else (
                            Passage("paragraph", remove_extraction_spaces(join_lines(raw, group)))
                            for group in split_lines_into_paragraphs(part)
                        )
                    )
        if not meta.get("date"):
            self._title_date(passages, meta)
        result = LayoutResult(self.kind, passages, meta=meta)
        result.passages = result.ordered()
        stats = link_footnotes(result.passages)
        result.stats = {
            "blocks": len(blocks),
            "footnotes": stats.footnotes,
            "footnotes_linked": stats.linked,
        }
        return result

    @staticmethod
    def _is_heading(text: str, lines: list[Line], blanks_after: int, last: bool) -> bool:
        return (
            len(lines) == 1
            and len(text) <= MAX_HEADING_CHARS
            and not ends_sentence(text)
            and not text.endswith(("，", "、", "："))
            and not last
            and blanks_after >= 1
        )

    def is_date_line(self, line: Line) -> re.Match[str] | None:
        """A line that is only a date (and time, weekday or source): 2024/03/15 10:30,
        2024年3月15日 星期五, 民國113年3月15日, 113/03/15."""
        return self.p.news_date_only.search(folded(line.text))

    def _front_matter(
        self, raw: str, lines: list[Line], passages: list[Passage], meta: dict
    ) -> int:
        """Leading date lines and a title line before the body; returns the index of the
        first line left to the blocks. The corpus's `date …` opening line is the first
        block's (`_first_block`)."""
        taken = 0
        title = False
        for line in lines[:MAX_FRONT_LINES]:
            if line.blank:
                taken += 1
                continue
            date = self.is_date_line(line)
            if date:
                passages.append(Passage("meta", line.rope(raw), role="date"))
                lead = len(line.content) - len(line.content.lstrip())
                end = len(line.content.rstrip())
                self._set_date(meta, matched_date(date), line.start + lead, line.start + end)
            elif (
                not title
                and all(done.role == "date" for done in passages)  # a page's date line above it
                and len(line.text) <= MAX_TITLE_CHARS
                and not ends_statement(line.text)
                and not self.p.news_date_line_raw(line.content)
                and not self.p.news_dateline.match(folded(line.content))
                and not self.p.news_byline(line.content)
            ):
                passages.append(Passage("title", line.rope(raw)))
                title = True
            else:
                break
            taken = line.index + 1
        return taken if passages else 0

    @staticmethod
    def _set_date(meta: dict, date: str | None, start: int, end: int) -> None:
        if date and not meta.get("date"):
            meta["date"] = date
            meta.setdefault("evidence", {})["date"] = [start, end]

    def _title_date(self, passages: list[Passage], meta: dict) -> None:
        """The full date a headline opens with (2024年3月12日外交部发言人毛宁主持例行记者会)
        as the document's date, when no date line or dateline gave one: the day a report or
        transcript is of is, failing all else, the best witness of its year."""
        title = next((p for p in passages if p.kind == "title"), None)
        m = self.p.news_title_date.search(folded(title.text)) if title else None
        if title and m:
            start, end = title.rope.raw_span(m.start(), m.end())
            self._set_date(meta, matched_date(m), start, end)

    def _dateline(self, raw: str, line: Line, pos: int, meta: dict) -> tuple[Passage, int] | None:
        """An agency dateline opening the lead: 新华社北京5月20日电（记者…）,
        （中央社記者…台北15日電）, 本报北京3月15日电, （吉隆坡23日讯）. Its date completes the
        document's (month and year from a date line when it gives only the day)."""
        m = self.p.news_dateline.match(folded(line.content), pos)
        if not m:
            return None
        if m.group("agency"):  # （吉隆坡23日讯）: a paper's own dateline names no agency
            meta["agency"] = m.group("agency")
        if m.group("place"):
            meta["dateline"] = m.group("place")
        names = [m.group(g) for g in ("names", "more_names") if m.group(g)]
        if names:
            meta["authors"] = [n for part in names for n in self.p.news_name_separator.split(part)]
        if m.group("day"):  # 本报讯（记者…）: a dateline without a day gives no date
            known_year = int(meta["date"][:4]) if meta.get("date") else None
            date = matched_date(m, known_year)
            first = next(g for g in ("year", "month", "day") if m.group(g))
            self._set_date(meta, date, line.start + m.start(first), line.start + m.end("day"))
            if date is None:  # 台北15日電: the manifest's date completes it
                meta[DATELINE_DAY] = [int(m.group("month") or 0) or None, int(m.group("day"))]
        passage = Passage("byline", line.slice_rope(raw, pos, m.end()), role="dateline")
        return passage, m.end()

    def _first_block(self, raw: str, lines: list[Line], meta: dict) -> list[Passage]:
        """The opening line: date field, photo caption, byline, then the lead."""
        first = lines[0]
        passages: list[Passage] = []
        pos = 0
        m = self.p.news_date_line_raw.search(first.content)
        if m:
            passages.append(Passage("meta", first.slice_rope(raw, 0, m.end()), role="date"))
            meta["date"] = m.group("date")
            meta.setdefault("evidence", {})["date"] = [
                first.start + m.start("date"),
                first.start + m.end("date"),
            ]
            pos = m.end()
        byline = self.p.news_byline.search(first.content, pos) if first.content else None
        if byline and byline.start() - pos < 200:
            before = first.slice_rope(raw, pos, byline.start())
            if before.text:
                role = "photo_caption" if self.p.photo_credit(before.text) else None
                kind = "caption" if role else "paragraph"
                passages.append(Passage(kind, remove_extraction_spaces(before), role=role))
            passages.append(Passage("byline", first.slice_rope(raw, byline.start(), byline.end())))
            self._byline_meta(byline.group("body"), meta)
            pos = byline.end()
        dateline = self._dateline(raw, first, pos, meta)
        if dateline:
            passages.append(dateline[0])
            pos = dateline[1]
        for group in split_lines_into_paragraphs(lines):
            items = [
                (line, first.slice_rope(raw, pos, len(first.content)) if line is first else None)
                for line in group
            ]
            paragraph = remove_extraction_spaces(
                join_line_ropes(raw, [(line, rope or line.rope(raw)) for line, rope in items])
            )
            if paragraph.text:
                passages.append(Passage("paragraph", paragraph))
        return passages

    def _byline_meta(self, body: str, meta: dict) -> None:
        m = self.p.news_byline_parts.search(body)
        if m:
            meta["authors"] = self.p.news_name_separator.split(m.group("names"))
            if m.group("place"):
                meta["dateline"] = m.group("place")

    def _reprint_meta(self, text: str, meta: dict) -> None:
        m = self.p.news_reprint_parts.search(text)
        if not m:
            return
        meta["original"] = {
            "title": m.group("title"),
            "author": m.group("author"),
            "organization": m.group("org"),
            "position": m.group("position"),
            "venue": m.group("venue"),
        }
