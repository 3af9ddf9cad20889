"""Dates the layout reads from a text's own lines: a date line's or a dateline's groups, and
the issue a journal's header prints. One reading of a year (民國 years included) for all."""

from __future__ import annotations

import re

from pipeline.ingest.layout.patterns import LayoutPatterns
from pipeline.text.normalize import FULLWIDTH_FOLD

ROC_EPOCH = 1911  # 民國1年 is 1912


def matched_year(m: re.Match[str]) -> int | None:
    """The year of a match with a group `year` or `roc_year` (民國113年 → 2024); None
    without one."""
    groups = m.groupdict()
    if groups.get("year"):
        return int(groups["year"])
    if groups.get("roc_year"):
        return int(groups["roc_year"]) + ROC_EPOCH
    return None


def year_month(year: int, month: str | None) -> str:
    """`YYYY-MM`, or `YYYY` when no month is given."""
    return f"{year:04d}-{int(month):02d}" if month else f"{year:04d}"


def header_date(patterns: LayoutPatterns, text: str) -> str | None:
    """The issue date a journal's header line prints (第62卷第4期（2023年12月）, 民國113年5月,
    2024年第4期): `YYYY-MM`, or `YYYY` when it gives no month; None without a year. It dates
    the paper when nothing else does, its year what 今年 and 3月12日 need."""
    m = patterns.header_date.search(text.translate(FULLWIDTH_FOLD))
    year = matched_year(m) if m else None
    return year_month(year, m["month"]) if m and year else None
