"""DATE, MONEY, PERCENT and QUANTITY mentions with normalized values, by rule.

The rules read `text_norm` (Simplified, half-width: 億 → 亿, ％ → %), so one pattern serves
both scripts; the words they know (currencies, units, approximation words, the ROC era)
are data in models/values/rules.json. Each mention's `Span._.value` is

- DATE: `{"value": "2017-06"}`, or `{"start", "end"}` for a range; a year not in the text is
  `XXXX` (9月8日 → `XXXX-09-08`), and 今年/去年/同年 keep a `relative` key, until the
  document's date and earlier years resolve them (`resolve_dates`);
- MONEY: `{"amount", "currency"}`; QUANTITY: `{"amount", "unit"}`;
- PERCENT: `{"value", "high", "approx", "unit"}` (unit `percent` or `percentage_point`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline import entities  # noqa: F401 (Span extensions `value`, `source`)
from pipeline.chars import word_alternation
from pipeline.resources import MODELS_DIR

RULES_PATH = MODELS_DIR / "values" / "rules.json"
MAX_EXPANSION = 3  # characters a match may grow by to reach word boundaries
CHINESE_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                  "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
ARABIC = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
CHINESE = (
    r"[〇零一二两三四五六七八九十][〇零一二两三四五六七八九十百千]*(?:点[〇零一二三四五六七八九]+)?"
)
NUMBER = rf"(?:{ARABIC}|{CHINESE})"


def chinese_number(text: str) -> float:
    """一百一十二 → 112, 二〇〇一 → 2001, 九十八点二 → 98.2, 十二 → 12, 两 → 2."""
    whole, _, fraction = text.partition("点")
    if whole and all(ch in CHINESE_DIGITS for ch in whole):
        value = float(int("".join(str(CHINESE_DIGITS[ch]) for ch in whole)))
    else:
        value, digit, units = 0.0, 0, {"十": 10, "百": 100, "千": 1000}
        for ch in whole:
            if ch in CHINESE_DIGITS:
                digit = CHINESE_DIGITS[ch]
            elif ch in units:
                value += (digit or 1) * units[ch]
                digit = 0
        value += digit
    if fraction:
        value += float("0." + "".join(str(CHINESE_DIGITS[ch]) for ch in fraction))
    return value


def number(text: str) -> float:
    """An Arabic (4,000 / 83.47 / -0.06) or Chinese numeral."""
    text = text.replace(",", "").strip()
    return float(text) if text.lstrip("-")[:1].isdigit() else chinese_number(text)


def _clean(value: float) -> int | float:
    return int(value) if value == int(value) else round(value, 6)


class ValueRules:
    """The compiled patterns; `find(text_norm)` → (start, end, label, value)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = d = data
        magnitudes = "".join(d["magnitudes"])
        amount = rf"{NUMBER}(?:\s*[{magnitudes}]+(?:\s*{ARABIC}\s*[{magnitudes}]+)*)?"
        before = word_alternation(d["approx_before"])
        after = word_alternation(d["approx_after"])
        dash = "|".join(re.escape(s) for s in d["range_separators"])
        month_day = (
            rf"\s*(?P<month>{NUMBER})\s*月(?:\s*(?P<day>{NUMBER})\s*[日号](?:\s*(?:{dash}|、)"
            rf"\s*(?:(?P<month2>{NUMBER})\s*月\s*)?(?P<day2>{NUMBER})\s*[日号])?)?"
        )
        # a range's dash follows its first number at once: "0.43% -0.06%" is two cells
        signed = rf"(?:(?<![\d.])-)?{NUMBER}"
        number_range = rf"(?P<low>{signed})%?(?:(?:{dash})\s*(?P<high>{signed}))?"
        patterns = {
            "PERCENT": [
                rf"(?:(?P<before>{before})\s*)?{number_range}\s*%(?:\s*(?P<after>{after}))?",
                rf"(?:(?P<before>{before})\s*)?百分之(?P<low>{CHINESE})"
                rf"(?:(?:{dash})(?:百分之)?(?P<high>{CHINESE}))?(?:(?P<after>{after}))?",
                rf"(?:(?P<before>{before})\s*)?(?P<denominator>{CHINESE})分之(?P<low>{CHINESE})",
                rf"(?:(?P<before>{before})\s*)?(?P<points>{NUMBER})\s*个?百分点",
                rf"(?:(?P<before>{before}))?(?P<tenths>[一二两三四五六七八九十])成"
                rf"(?:(?P<after>{after}))?",
            ],
            "MONEY": [
                rf"(?P<prefix>{word_alternation(d['currency_prefixes'])})\s*(?P<amount>{amount})"
                rf"\s*(?P<currency>{word_alternation(d['currencies'])})?",
                rf"(?:(?P<before>{before})\s*)?(?P<amount>{amount})\s*"
                rf"(?P<currency>{word_alternation(d['currencies'])})",
                # a table cell with its unit in brackets: 3.75（10亿美元）
                rf"(?P<amount>{ARABIC})\s*[（(](?P<scale>{ARABIC}?[{magnitudes}]*)"
                rf"(?P<currency>{word_alternation(d['currencies'])})[)）]",
            ],
            "QUANTITY": [
                rf"(?:(?P<before>{before})\s*)?(?P<amount>(?:{ARABIC})(?:\s*[{magnitudes}]+)?)"
                rf"\s*(?P<unit>{word_alternation(d['quantity_units'])})",
            ],
            "DATE": [
                rf"{d['roc_era']}(?P<roc>{NUMBER})年(?:{month_day})?",
                rf"(?P<year>\d{{4}}|[〇零一二三四五六七八九]{{4}})\s*"
                rf"(?:(?:{dash})\s*(?P<year2>\d{{4}}|\d{{2}}))?\s*年(?P<decade>代)?(?:{month_day})?",
                rf"(?P<relative>{word_alternation(d['relative_years'])})(?:{month_day})?",
                month_day,
            ],
        }
        self.table_unit = re.compile(
            rf"单位\s*[:：]\s*(?P<scale>{ARABIC}?[{magnitudes}]*)"
            rf"(?P<currency>{word_alternation(d['currencies'])})"
        )
        self.bare_number = re.compile(rf"(?<![\d.,]){ARABIC}(?![\d.,%年月日号])")
        # a column header with its unit in brackets: 金额（10亿美元）, not 3.75（10亿美元）
        self.column_unit = re.compile(
            rf"(?P<head>[^\s（(]*[^\d\s（(.,%])[（(](?P<scale>{ARABIC}?[{magnitudes}]*)"
            rf"(?P<currency>{word_alternation(d['currencies'])})[)）]"
        )
        self.table_cell = re.compile(r"\S+")
        self.table_end = tuple(d["table_end"])
        self.percent_columns = tuple(d["percent_columns"])
        self.whole_number = re.compile(rf"-?{ARABIC}")
        self.patterns = [(label, re.compile(p)) for label, group in patterns.items() for p in group]

    @classmethod
    def from_path(cls, path: Path = RULES_PATH) -> ValueRules:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def find(self, text: str) -> list[tuple[int, int, str, dict[str, Any]]]:
        """Mentions, leftmost-longest first; a value that does not parse is left out."""
        found = []
        for label, pattern in self.patterns:
            for match in pattern.finditer(text):
                value = getattr(self, f"_{label.lower()}")(match)
                if value is not None:
                    found.append((match.start(), match.end(), label, value))
        found += self._amounts_in_unit(text)
        in_columns, unit_headers = self._amounts_in_columns(text)
        found = [f for f in found if not any(a <= f[0] < b for a, b in unit_headers)]
        found += in_columns
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        chosen: list[tuple[int, int, str, dict[str, Any]]] = []
        for mention in found:
            if not chosen or mention[0] >= chosen[-1][1]:
                chosen.append(mention)
        return chosen

    def _amounts_in_unit(self, text: str) -> list[tuple[int, int, str, dict[str, Any]]]:
        """In a table whose caption gives the unit (（单位：千美元）), the bare numbers
        after it are amounts of that unit."""
        declared = self.table_unit.search(text)
        if not declared:
            return []
        scale = self._scale(declared["scale"])
        currency = self.data["currencies"][declared["currency"]]
        return [
            (
                m.start(),
                m.end(),
                "MONEY",
                {"amount": _clean(number(m[0]) * scale), "currency": currency},
            )
            for m in self.bare_number.finditer(text, declared.end())
        ]

    def _amounts_in_columns(
        self, text: str
    ) -> tuple[list[tuple[int, int, str, dict[str, Any]]], list[tuple[int, int]]]:
        """Bare numbers in table rows under a header that types their column:
        金额（10亿美元） (MONEY of that unit) or 百分比 (PERCENT). A row's trailing numeric
        cells line up with the header's last cells (its label may hold spaces). Also
        returns where the header units are, which are not amounts themselves."""
        mentions: list[tuple[int, int, str, dict[str, Any]]] = []
        unit_headers: list[tuple[int, int]] = []
        columns: list[dict[str, Any] | None] = []
        offset = 0
        for line in text.split("\n"):
            cells = [(m.start() + offset, m[0]) for m in self.table_cell.finditer(line)]
            offset += len(line) + 1
            if not cells or cells[0][1].startswith(self.table_end):
                columns = []
                continue
            kinds = [self._column_kind(cell) for _, cell in cells]
            if len(cells) > 1 and any(kinds):
                columns = kinds
                unit_headers += [
                    (start + kind["unit_at"], start + len(cell))
                    for (start, cell), kind in zip(cells, kinds, strict=True)
                    if kind and "unit_at" in kind
                ]
                continue
            for (start, cell), kind in zip(reversed(cells), reversed(columns), strict=False):
                if not self.whole_number.fullmatch(cell):
                    break
                if kind is not None:
                    mentions.append((start, start + len(cell), *self._typed_cell(cell, kind)))
        return mentions, unit_headers

    def _column_kind(self, cell: str) -> dict[str, Any] | None:
        """What a header cell says of the numbers under it, if anything (for a unit, also
        where in the cell it is declared)."""
        declared = self.column_unit.fullmatch(cell)
        if declared:
            return {
                "label": "MONEY",
                "scale": self._scale(declared["scale"]),
                "currency": self.data["currencies"][declared["currency"]],
                "unit_at": declared.end("head"),
            }
        if cell.endswith(self.percent_columns):
            return {"label": "PERCENT"}
        return None

    def _typed_cell(self, cell: str, kind: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        if kind["label"] == "MONEY":
            amount = _clean(number(cell) * kind["scale"])
            return "MONEY", {"amount": amount, "currency": kind["currency"]}
        return "PERCENT", {"value": _clean(number(cell)), "high": None, "approx": None,
                           "unit": "percent"}  # fmt: skip

    def _scale(self, text: str) -> float:
        """10亿 → 1e9, 千 → 1e3, 百万 → 1e6, '' → 1."""
        if text[:1].isdigit():
            return self._amount(text)
        scale = 1.0
        for ch in text:
            scale *= self.data["magnitudes"][ch]
        return scale

    def _approx(self, match: re.Match[str]) -> str | None:
        groups = match.groupdict()
        if groups.get("before"):
            return self.data["approx_before"][groups["before"]]
        if groups.get("after"):
            return self.data["approx_after"][groups["after"]]
        return None

    def _amount(self, text: str) -> float:
        """4,000亿 → 4e11; 1 亿 8,800 万 → 188,000,000; 28,490 万 → 284,900,000."""
        magnitudes = self.data["magnitudes"]
        total, current = 0.0, ""
        scale_pending = False
        for piece in re.findall(rf"{NUMBER}|[{''.join(magnitudes)}]", text.replace(" ", "")):
            if piece in magnitudes and current:
                total += number(current) * magnitudes[piece]
                current, scale_pending = "", False
            elif piece in magnitudes and total:
                total *= magnitudes[piece]  # 1万亿: the running total is scaled
            else:
                current, scale_pending = piece, True
        if scale_pending:
            total += number(current)
        return total

    def _percent(self, match: re.Match[str]) -> dict[str, Any] | None:
        g = match.groupdict()
        unit = "percent"
        high = None
        if g.get("points"):
            value, unit = number(g["points"]), "percentage_point"
        elif g.get("tenths"):
            start = match.start("tenths")
            if any(
                match.string.startswith(word, start) or match.string.startswith(word, start + 1)
                for word in self.data["not_a_share"]
            ):
                return None  # 一成不变, 成为, 成立 …
            value = chinese_number(g["tenths"]) * 10
        elif g.get("denominator"):
            value = 100 * number(g["low"]) / number(g["denominator"])
        else:
            value = number(g["low"])
            high = number(g["high"]) if g.get("high") else None
        return {
            "value": _clean(value),
            "high": _clean(high) if high is not None else None,
            "approx": self._approx(match),
            "unit": unit,
        }

    def _money(self, match: re.Match[str]) -> dict[str, Any] | None:
        g = match.groupdict()
        currency = None
        if g.get("prefix"):
            currency = self.data["currency_prefixes"][g["prefix"]]
        elif g.get("currency"):
            currency = self.data["currencies"][g["currency"]]
        amount = self._amount(g["amount"]) * self._scale(g.get("scale") or "")
        value = {"amount": _clean(amount), "currency": currency}
        if g.get("before"):
            value["approx"] = self._approx(match)
        return value

    def _quantity(self, match: re.Match[str]) -> dict[str, Any] | None:
        g = match.groupdict()
        value = {
            "amount": _clean(self._amount(g["amount"])),
            "unit": self.data["quantity_units"][g["unit"]],
        }
        if g.get("before"):
            value["approx"] = self._approx(match)
        return value

    def _date(self, match: re.Match[str]) -> dict[str, Any] | None:
        g = match.groupdict()
        relative = None
        if g.get("roc"):
            year = str(int(number(g["roc"])) + self.data["roc_offset"])
        elif g.get("year"):
            year = str(int(number(g["year"])))
        elif g.get("relative"):
            year, relative = "XXXX", self.data["relative_years"][g["relative"]]
        else:
            year = "XXXX"
        month = _two_digits(g.get("month"), 12)
        day = _two_digits(g.get("day"), 31)
        if (g.get("month") and month is None) or (g.get("day") and day is None):
            return None
        if g.get("decade"):
            value: dict[str, Any] = {"start": year, "end": str(int(year) + 9)}
        elif g.get("year2"):
            end = g["year2"] if len(g["year2"]) == 4 else year[:2] + g["year2"]
            value = {"start": year, "end": end}
        elif g.get("day2"):
            end_month = _two_digits(g.get("month2"), 12) or month
            value = {
                "start": _iso(year, month, day),
                "end": _iso(year, end_month, _two_digits(g["day2"], 31)),
            }
        else:
            value = {"value": _iso(year, month, day)}
        if year == "XXXX" and not relative and not month:
            return None
        if relative is not None:
            value["relative"] = relative
        return value


def _two_digits(text: str | None, limit: int) -> str | None:
    if not text:
        return None
    value = int(number(text))
    return f"{value:02d}" if 1 <= value <= limit else None


def _iso(year: str, month: str | None, day: str | None) -> str:
    return "-".join(p for p in (year, month, day if month else None) if p)


def resolve_dates(values: Iterable[dict[str, Any]], document_year: int | None) -> None:
    """Fill in the `XXXX` years of a document's DATE values, in reading order: 今年/去年
    from the document's year, 同年/该年 and bare month-days from the year last mentioned
    (else the document's year). Resolved values keep `"inferred": true`."""
    last_year = None
    for value in values:
        relative = value.pop("relative", None)
        year = None
        if relative == "last" or (relative is None and _has_unknown_year(value)):
            year = last_year if last_year is not None else document_year
        elif isinstance(relative, int) and document_year is not None:
            year = document_year + relative
        if year is not None and _has_unknown_year(value):
            for key in ("value", "start", "end"):
                if key in value:
                    value[key] = value[key].replace("XXXX", str(year))
            value["inferred"] = True
        first = value.get("value") or value.get("start") or ""
        if first[:4].isdigit():
            last_year = int(first[:4])


def _has_unknown_year(value: dict[str, Any]) -> bool:
    return any(str(value.get(k, "")).startswith("XXXX") for k in ("value", "start", "end"))


@Language.factory("values")
def create_values(nlp: Language, name: str) -> ValueMentions:
    """The shipped rules (a saved pipeline restores its own: `from_disk`)."""
    return ValueMentions(ValueRules.from_path())


class ValueMentions:
    """Adds the value mentions that do not overlap an entity already found."""

    def __init__(self, rules: ValueRules) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        text = doc.text  # spaCy joins the tokens again at each doc.text
        for start, end, label, value in self.rules.find(doc._.text_norm):
            while end > start and text[end - 1].isspace():
                end -= 1
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is None or len(span.text) > end - start + MAX_EXPANSION:
                continue  # inside a longer word: a URL (…2016%20China…), a name
            span._.value = value
            spans.append(span)
        if spans:
            doc.ents = filter_spans([*doc.ents, *_without_overlaps(spans, doc.ents)])
        return doc

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "rules.json", self.rules.data)

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> ValueMentions:
        self.rules = ValueRules(srsly.read_json(Path(path) / "rules.json"))
        return self


def _without_overlaps(spans: list[Span], taken: Iterable[Span]) -> list[Span]:
    used = {i for span in taken for i in range(span.start, span.end)}
    return [s for s in spans if not any(i in used for i in range(s.start, s.end))]
