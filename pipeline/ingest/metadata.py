"""A document's metadata: the title, authors, affiliations and keywords its layout found,
then what the layout read from the text (date, agency, byline), then the manifest's fields
for what is still missing. Separators are data (models/layout/patterns.json)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from pipeline.ingest.layout.document import LayoutResult
from pipeline.ingest.layout.news import DATELINE_DAY
from pipeline.ingest.layout.patterns import LayoutPatterns, load_patterns
from pipeline.ingest.passage import Passage

EMPTY = (None, [], {})  # a field with one of these is missing
MAX_DATELINE_LAG = 3  # days a report may be published after its dateline


def document_metadata(
    layout: LayoutResult, manifest: Mapping[str, Any], patterns: LayoutPatterns | None = None
) -> dict[str, Any]:
    """The metadata fields of a document (title, authors, publisher, date and url always)."""
    patterns = patterns or load_patterns()
    meta: dict[str, Any] = {"title": None, "authors": [], "publisher": None, "date": None,
                            "url": None}  # fmt: skip
    title = _title(layout.passages)
    if title:
        meta["title"] = title.text
    for passage in layout.passages:
        _add_passage(meta, passage, patterns)
    meta.update({k: v for k, v in layout.meta.items() if v not in EMPTY})
    dateline_day = meta.pop(DATELINE_DAY, None)
    for key, value in manifest.items():
        if meta.get(key) in EMPTY:
            meta[key] = value
    if dateline_day and isinstance(meta["date"], str):
        meta["date"] = dateline_date(meta["date"], *dateline_day)
    return meta


def dateline_date(published: str, month: int | None, day: int) -> str:
    """The day a dateline without a year names (中央社華盛頓3日電), among the days up to
    MAX_DATELINE_LAG before the publication date (2021-02-04: 2021-02-03; on 2021-03-01,
    28日 is 2021-02-28), so that 今天 is the reporter's day; else (or with no full
    publication date) the publication date."""
    try:
        published_on = datetime.date.fromisoformat(published)
    except ValueError:  # 2021-02 or 2021/02/04: no day to count back from
        return published
    for back in range(MAX_DATELINE_LAG + 1):
        candidate = published_on - datetime.timedelta(days=back)
        if candidate.day == day and month in (None, candidate.month):
            return candidate.isoformat()
    return published


def _title(passages: Iterable[Passage]) -> Passage | None:
    """The Chinese title, else the first title."""
    titles = [p for p in passages if p.kind == "title"]
    return next((p for p in titles if p.lang == "zh"), None) or next(iter(titles), None)


def _add_passage(meta: dict[str, Any], p: Passage, patterns: LayoutPatterns) -> None:
    """What a front-matter passage says: an English title, authors, affiliations, keywords
    (English ones under their `_en` keys)."""
    en = "_en" if p.lang == "en" else ""
    if p.kind == "title" and p.role == "title_en":
        meta["title_en"] = p.text
    elif p.kind == "byline" and p.role == "author":
        meta.setdefault(f"authors{en}", []).extend(patterns.author_separator.split(p.text))
    elif p.kind == "meta" and p.role == "affiliation":
        meta.setdefault(f"affiliations{en}", []).append(p.text.strip("（）()"))
    elif p.kind == "keywords":
        _, _, words = p.text.partition("：" if "：" in p.text else ":")
        pieces = (w.strip() for w in patterns.keyword_separator.split(words))
        meta[f"keywords{en}"] = [w for w in pieces if w]
