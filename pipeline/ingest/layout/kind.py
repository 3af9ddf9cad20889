"""Which layout a text has: `paper`, `news` or plain `text`."""

from __future__ import annotations

from pipeline.ingest.layout.document import LayoutResult
from pipeline.ingest.layout.lines import split_lines
from pipeline.ingest.layout.news import NewsLayout, folded, front_lines
from pipeline.ingest.layout.paper import PaperLayout
from pipeline.ingest.layout.patterns import LayoutPatterns, load_patterns
from pipeline.ingest.layout.plain import PlainLayout
from pipeline.ingest.layout.tables import squeeze

NEWS_BYLINE_WINDOW = 600
NEWS_FRONT_LINES = 3  # a date line or an agency dateline among these makes a news item
PAPER_MIN_FOOTNOTES = 3


def detect_kind(raw: str, patterns: LayoutPatterns | None = None) -> str:
    p = patterns or load_patterns()
    lines = [ln for ln in split_lines(raw) if not ln.blank]
    if not lines:
        return "text"
    if p.news_date_line_raw(lines[0].content) or p.news_byline(raw[:NEWS_BYLINE_WINDOW]):
        return "news"
    front = front_lines(lines, NEWS_FRONT_LINES)
    if (
        any(p.news_date_only.search(folded(ln.text)) for ln in front)
        or any(p.news_dateline.match(folded(ln.content)) for ln in front)
        or p.news_title_date.search(folded(lines[0].text))  # 2024年3月12日外交部…记者会
    ):
        return "news"
    footnote_labels = sum(1 for ln in lines if p.footnote_label_raw(ln.content))
    headers = sum(1 for ln in lines if p.running_header_raw(ln.content))
    front = [squeeze(ln.text) for ln in lines[:40]]
    has_abstract = any(p.abstract_label(t) for t in front)
    has_keywords = any(p.keywords_label(t) for t in front)
    if footnote_labels >= PAPER_MIN_FOOTNOTES or headers or (has_abstract and has_keywords):
        return "paper"
    return "text"


def parse_layout(raw: str, kind: str | None = None) -> LayoutResult:
    """Passages of `raw`, with the layout parser for its kind (detected unless given)."""
    kind = kind or detect_kind(raw)
    parser = {"paper": PaperLayout, "news": NewsLayout, "text": PlainLayout}[kind]()
    return parser.parse(raw)
