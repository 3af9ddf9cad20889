"""DATE, MONEY, PERCENT and QUANTITY mentions with normalized values, by rule.

The rules read `text_norm` (Simplified, half-width: 億 → 亿, ％ → %), so one pattern serves
both scripts; the words they know (currencies, units, approximation words, the ROC era)
are data in models/values/rules.json. Each mention's `Span._.value` is

- DATE: `{"value": "2017-06"}`, or `{"start", "end"}` for a range (a decade, a century, a
  half or quarter: 2023年第三季度 → 2023-07 to 2023-09); a year not in the text is `XXXX`
  (9月8日 → `XXXX-09-08`), a month `XX` (15日 → `XXXX-XX-15`), and 今年/去年/同年 keep a
  `relative` key, 本月/上月 a `relative_month` key, 上世纪 a `relative_century` key (its
  years `XX90`), until the document's date and earlier dates resolve them
  (`resolve_dates`). A part of the period is `mod` (`start`, `mid`, `end`: 2019年底 →
  `{"value": "2019", "mod": "end"}`), as TimeML's `mod`; years before the common era are
  ISO 8601's (公元前221年 → `-0220`);
- MONEY: `{"amount", "currency"}`; QUANTITY: `{"amount", "unit"}`; both with `high` for a
  range (3000至5000名, 30-50亿美元: the low end takes the high end's magnitude) and `approx`
  (`nearly`, `about`, `over`, `under`) when the text says so (约, 逾, 30多亿, 数十亿 …; a
  概数 such as 三四百 is its lower reading, `about`);
- PERCENT: `{"value", "high", "approx", "unit"}` (unit `percent` or `percentage_point`).

The package: `numerals` (numbers in either notation), `rules` (the compiled patterns and
`find`), `normalizers` (each label's value), `dates` (DATE values, ranges, `resolve_dates`),
`tables` (amounts in tables), `component` (the spaCy component `values`).

Importing this package stays light (no spaCy), so that the document-level completion
(pipeline/nlp/events/document.py) and the run's steps import without the pipeline; the
component loads on first use of its names (the `values` spaCy entry point names
`create_values`), as in pipeline.nlp.events.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline.nlp.values.dates import document_day, document_year_month, resolve_dates
from pipeline.nlp.values.numerals import chinese_number, number
from pipeline.nlp.values.rules import RULES_PATH, ValueRules

if TYPE_CHECKING:
    from pipeline.nlp.values.component import MAX_EXPANSION, ValueMentions, create_values

__all__ = [
    "MAX_EXPANSION",
    "RULES_PATH",
    "ValueMentions",
    "ValueRules",
    "chinese_number",
    "create_values",
    "document_day",
    "document_year_month",
    "number",
    "resolve_dates",
]


def __getattr__(name: str) -> Any:
    if name in ("MAX_EXPANSION", "ValueMentions", "create_values"):
        from pipeline.nlp.values import component

        return getattr(component, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
