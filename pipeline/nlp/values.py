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
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.nlp import entities  # noqa: F401 (Span extensions `value`, `source`)
from pipeline.resources import MODELS_DIR
from pipeline.text.chars import word_alternation

RULES_PATH = MODELS_DIR / "values" / "rules.json"
MAX_EXPANSION = 3  # characters a match may grow by to reach word boundaries
CHINESE_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                  "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
ARABIC = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
CHINESE = (
    r"[〇零一二两三四五六七八九十][〇零一二两三四五六七八九十百千]*(?:点[〇零一二三四五六七八九]+)?"
)
NUMBER = rf"(?:{ARABIC}|{CHINESE})"
NUMBER_AT_START = re.compile(NUMBER)
# two neighbouring digits are an approximate range (概数): 三四百, 五六十, 七八成
ADJACENT_DIGITS = re.compile(
    "|".join(a + b for a, b in zip("一二两三四五六七八", "二三三四五六七八九", strict=True))
)


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


def _adjacent(text: str) -> tuple[str, str] | None:
    """三四百 → (三百, 四百), 六七十 → (六十, 七十): the two readings of a 概数."""
    pair = ADJACENT_DIGITS.search(text)
    if not pair:
        return None
    at = pair.start()
    return text[: at + 1] + text[at + 2 :], text[:at] + text[at + 1 :]


def _range_of(text: str, first: str | None = None) -> tuple[float | None, float | None]:
    """(low, high) of 5—7 (first 5), 七八, or (value, None) of a single number; (None, None)
    for two digits that are no 概数."""
    if first:
        return number(first), number(text)
    readings = _adjacent(text)
    if readings:
        return number(readings[0]), number(readings[1])
    if len(text) == 2 and "十" not in text and not text.isdigit():
        return None, None
    return number(text), None


class ValueRules:
    """The compiled patterns; `find(text_norm)` → (start, end, label, value)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = d = data
        magnitude = rf"(?:{word_alternation(d['magnitudes'])})"
        scaled = rf"(?:\s*{magnitude})+(?:\s*{ARABIC}\s*(?:{magnitude})+)*"
        before = word_alternation(d["approx_before"])
        after = word_alternation(d["approx_after"])
        # after a unit or currency only some (1万人以上, not 100辆多用途车)
        after_unit = rf"(?:\s*(?P<after>{word_alternation(d['approx_after_unit'])}))?"
        # 300多辆, 30多亿, 1万多名: the approximation sits inside the amount
        amount = rf"{NUMBER}(?:{after})?(?:{scaled}(?:{after})?)?"
        # 逾百亿, 数十亿, 上千架: a bare magnitude is an amount only after such a word
        counted = rf"(?:{amount}|(?(before){scaled}(?:{after})?|(?!)))"
        approx_before = (
            rf"(?:(?P<before>{before}|(?:{word_alternation(d['approx_before_magnitude'])})"
            rf"(?={magnitude}))\s*)?"
        )
        currency = word_alternation(d["currencies"])
        ends_magnitude = re.escape("".join(sorted({w[-1] for w in d["magnitudes"]})))
        dash = "|".join(re.escape(s) for s in d["range_separators"])
        # a range: 3000至5000名, 30-50亿美元 (the low end takes the high end's magnitude)
        low = rf"(?:(?P<low>{NUMBER})\s*(?:{dash})\s*)?"
        not_part = rf"(?!{word_alternation(d['not_a_date_part'])})"
        month_parts = rf"{not_part}(?P<month_part>{word_alternation(d['month_parts'])})"
        # 5月20日至21日, 5月20至21日, 9月8日、9日, 1-5月, 12月中旬
        month_day = (
            rf"\s*(?:(?P<month0>{NUMBER})\s*(?:{dash})\s*)?(?P<month>{NUMBER})\s*月"
            rf"(?:\s*(?P<day>{NUMBER})\s*(?:[日号]|(?=(?:{dash}|、)\s*(?:{NUMBER}\s*月\s*)?"
            rf"{NUMBER}\s*[日号]))(?:\s*(?:{dash}|、)\s*(?:(?P<month2>{NUMBER})\s*月\s*)?"
            rf"(?P<day2>{NUMBER})\s*[日号])?|{month_parts})?"
        )
        # what may follow a year: its months and days, its start or end (年底), a half or
        # quarter (上半年, 第三季度)
        of_year = (
            rf"(?:{month_day}|年?{not_part}(?P<year_part>{word_alternation(d['year_parts'])})"
            rf"|(?P<division>{word_alternation(d['year_divisions'])}))?"
        )
        of_period = rf"(?:{not_part}(?P<period_part>{word_alternation(d['period_parts'])}))?"
        year = r"\d{4}|[〇零一二三四五六七八九]{4}"
        tenth = r"[一二两三四五六七八九十]|\d(?:\.\d+)?"
        # a range's dash follows its first number at once: "0.43% -0.06%" is two cells
        signed = rf"(?:(?<![\d.])-)?{NUMBER}"
        number_range = rf"(?P<low>{signed})%?(?:(?:{dash})\s*(?P<high>{signed}))?"
        patterns = {
            "PERCENT": [
                rf"(?:(?P<before>{before})\s*)?{number_range}\s*%(?:\s*(?P<after>{after}))?",
                rf"(?:(?P<before>{before})\s*)?百分之(?P<low>{CHINESE})"
                rf"(?:(?:{dash})(?:百分之)?(?P<high>{CHINESE}))?(?:(?P<after>{after}))?",
                rf"(?:(?P<before>{before})\s*)?(?P<denominator>{CHINESE}|[百千万])分之"
                rf"(?P<low>{CHINESE})",
                rf"(?:(?P<before>{before})\s*)?(?P<points>{NUMBER})\s*个?百分点",
                rf"(?:(?P<before>{before}))?(?<![\d.])(?:(?P<tenths0>{tenth})(?:{dash}))?"
                rf"(?P<tenths>{tenth}|[一二两三四五六七八九]{{2}})成(?:(?P<after>{after}))?",
            ],
            "MONEY": [
                # without a currency word after it, the amount ends the number (人民币3月 is
                # a date, 美元3个月 no amount) unless a magnitude ends it (欧元20亿)
                rf"(?P<prefix>{word_alternation(d['currency_prefixes'])})\s*(?P<amount>{amount})"
                rf"(?:\s*(?P<currency>{currency})|(?<=[{ends_magnitude}])"
                rf"|(?![\d.,%\u3400-\u9fff])){after_unit}",
                rf"{approx_before}{low}(?P<amount>{counted})\s*(?P<currency>{currency}){after_unit}",
                # a table cell with its unit in brackets: 3.75（10亿美元）
                rf"(?P<amount>{ARABIC})\s*[（(](?P<scale>{ARABIC}?(?:{magnitude})*)"
                rf"(?P<currency>{currency})[)）]",
            ],
            "QUANTITY": [
                # not an ordinal (第3名)
                rf"(?<!第){approx_before}{low}(?P<amount>{counted})"
                rf"\s*(?P<unit>{word_alternation(d['quantity_units'])}){after_unit}",
            ],
            "DATE": [
                rf"{d['roc_era']}(?P<roc>{NUMBER})年{of_year}",
                rf"{d['roc_era']}(?P<roc>{NUMBER})年(?P<decade>代)(?!表){of_period}",
                rf"(?P<year>{year})(?:\s*(?:{dash})\s*(?P<year2>\d{{4}}|\d{{2}})\s*年"
                rf"|(?<=[0〇零])\s*年(?P<decade>代)(?!表){of_period}|\s*年{of_year})",
                rf"(?P<era>{word_alternation(d['eras'])})\s*(?P<year>\d{{1,4}}|{CHINESE})\s*年"
                rf"{of_year}",
                rf"(?:(?P<century_word>{word_alternation(d['relative_centuries'])})"
                rf"|(?:(?P<century0>{NUMBER})\s*(?:{dash})\s*)?(?P<century>{NUMBER})\s*世纪)"
                rf"(?:\s*(?P<decade>{NUMBER})\s*年代)?{of_period}",
                rf"(?P<relative>{word_alternation(d['relative_years'])}){of_year}",
                rf"(?P<relative_month>{word_alternation(d['relative_months'])})"
                rf"(?:\s*(?P<day>{NUMBER})\s*[日号]|{month_parts})",
                month_day,
                rf"年{not_part}(?P<year_part>{word_alternation(d['year_parts'])})",
                rf"(?P<division>{word_alternation(d['year_divisions'])})",
                # a day alone (普京15日抵达), in digits: 三日 is as often three days
                r"(?<![\d.,月年第])(?P<lone_day>\d{1,2})\s*日",
            ],
        }
        self.magnitude = re.compile(magnitude)
        self.amount_piece = re.compile(rf"{NUMBER}|{magnitude}")
        self.range_gap = re.compile(rf"\s*(?:{dash})\s*")
        self.table_unit = re.compile(
            rf"单位\s*[:：]\s*(?P<scale>{ARABIC}?(?:{magnitude})*)(?P<currency>{currency})"
        )
        self.bare_number = re.compile(rf"(?<![\d.,]){ARABIC}(?![\d.,%年月日号])")
        # a column header with its unit in brackets: 金额（10亿美元）, not 3.75（10亿美元）
        self.column_unit = re.compile(
            rf"(?P<head>[^\s（(]*[^\d\s（(.,%])[（(](?P<scale>{ARABIC}?(?:{magnitude})*)"
            rf"(?P<currency>{currency})[)）]"
        )
        self.table_cell = re.compile(r"\S+")
        self.table_end = tuple(d["table_end"])
        self.percent_columns = tuple(d["percent_columns"])
        self.approx_before = {**d["approx_before_magnitude"], **d["approx_before"]}
        self.currency_words = (*d["currency_prefixes"], *d["currencies"])
        self.rank_before = tuple(d["rank_before"])
        self.not_rank_before = tuple(d["not_rank_before"])
        self.day_duration_before = tuple(d["day_duration_before"])
        self.day_duration_after = tuple(d["day_duration_after"])
        self.whole_number = re.compile(rf"-?{ARABIC}")
        # the end of an ordinal range (第3-5名: the 3rd to 5th places, not 5 persons)
        self.ordinal_range_end = re.compile(rf"第\s*{NUMBER}\s*(?:{dash})\s*$")
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
        header_starts = [a for a, _ in unit_headers]  # in text order, none overlapping
        found = [f for f in found if not _inside(f[0], header_starts, unit_headers)]
        found += in_columns
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        chosen: list[tuple[int, int, str, dict[str, Any]]] = []
        for mention in found:
            if not chosen or mention[0] >= chosen[-1][1]:
                chosen.append(mention)
        return self._joined_ranges(text, chosen)

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
        for word in self.magnitude.findall(text):
            scale *= self.data["magnitudes"][word]
        return scale

    def _approx(self, match: re.Match[str]) -> str | None:
        """From the word before the number (约, 逾, 数十亿's 数), inside the amount (30多亿,
        1万多名) or after it (以上, 左右)."""
        groups = match.groupdict()
        if groups.get("before"):
            return self.approx_before[groups["before"]]
        inside = groups.get("amount") or ""
        for word, approx in self.data["approx_after"].items():
            if word in inside:
                return approx
        if groups.get("after"):
            return self.data["approx_after"][groups["after"]]
        return "about" if ADJACENT_DIGITS.search(inside) else None

    def _amount(self, text: str) -> float:
        """4,000亿 → 4e11; 1 亿 8,800 万 → 188,000,000; 11 亿 7 千万 → 1.17e9; 1.5万亿 →
        1.5e12; 百亿 → 1e10; 100 million → 1e8. 十, 百, 千 scale the number before them,
        万 and larger the whole group before them."""
        magnitudes = self.data["magnitudes"]
        total = group = current = 0.0
        text = (_adjacent(text) or (text,))[0]  # 三四百 → 三百 (approx `about`)
        for piece in self.amount_piece.findall(text.replace(" ", "")):
            if piece not in magnitudes:
                current = number(piece)
                continue
            scale = magnitudes[piece]
            if scale < 10_000:
                group += (current or 1) * scale
            elif total and total < scale and not (group or current):
                total *= scale  # 1万亿: the running total is scaled
            else:
                total += (group + current or 1) * scale
                group = 0.0
            current = 0.0
        return total + group + current

    def _percent(self, match: re.Match[str]) -> dict[str, Any] | None:
        g = match.groupdict()
        unit = "percent"
        high = None
        if g.get("points"):
            value, unit = number(g["points"]), "percentage_point"
        elif g.get("tenths"):
            if any(
                match.string.startswith(word, at)
                for at in (match.start("tenths"), match.end("tenths"))
                for word in self.data["not_a_share"]
            ):
                return None  # 一成不变, 成为, 成立 …
            low, high = _range_of(g["tenths"], g.get("tenths0"))
            if low is None:
                return None
            value, high = low * 10, high * 10 if high is not None else None
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
        return self._range_and_approx(match, {"amount": _clean(amount), "currency": currency})

    def _quantity(self, match: re.Match[str]) -> dict[str, Any] | None:
        g = match.groupdict()
        if g["amount"] == "一" or self._is_rank(match):
            return None  # 一名记者, 一架波音727: an article; 前6名: ranks
        unit = self.data["quantity_units"][g["unit"]]
        return self._range_and_approx(
            match, {"amount": _clean(self._amount(g["amount"])), "unit": unit}
        )

    def _range_and_approx(self, match: re.Match[str], value: dict[str, Any]) -> dict[str, Any]:
        """An amount's `high` and `approx`. 3000至5000名 → amount 3000, high 5000; 30-50亿美元
        → 3e9 to 5e9: a low end without a magnitude takes the high end's (三至五万人 is
        30,000 to 50,000)."""
        low_text, amount_text = match.groupdict().get("low"), match["amount"] or ""
        if low_text:
            high = value["amount"]
            low = self._amount(low_text)
            first = NUMBER_AT_START.match(amount_text)
            if not self.magnitude.search(low_text) and first:
                low *= high / (self._amount(first[0]) or 1)
            if low < high:  # 5-3 is no range
                value["amount"], value["high"] = _clean(low), high
        approx = self._approx(match)
        if approx:
            value["approx"] = approx
        return value

    def _date(self, match: re.Match[str]) -> dict[str, Any] | None:
        g = match.groupdict()
        if g.get("lone_day") and self._is_duration(match):
            return None  # 为期3日, 3日内
        if g.get("century") or g.get("century_word"):
            return self._period(match)
        relative = None
        if g.get("roc"):
            year = str(int(number(g["roc"])) + self.data["roc_offset"])
        elif g.get("era"):
            year = _era_year(int(number(g["year"])), self.data["eras"][g["era"]])
        elif g.get("year"):
            year = str(int(number(g["year"])))
        elif g.get("relative"):
            year, relative = "XXXX", self.data["relative_years"][g["relative"]]
        else:
            year = "XXXX"
        month = _two_digits(g.get("month"), 12)
        day = _two_digits(g.get("day") or g.get("lone_day"), 31)
        if (g.get("month") and month is None) or (
            (g.get("day") or g.get("lone_day")) and day is None
        ):
            return None
        if g.get("relative_month") or g.get("lone_day"):
            month = "XX"  # 本月15日, 15日: the month is the context's
        value: dict[str, Any]
        if g.get("decade"):
            value = {"start": year, "end": str(int(year) + 9)}
        elif g.get("year2"):
            end = g["year2"] if len(g["year2"]) == 4 else year[:2] + g["year2"]
            value = {"start": year, "end": end}
        elif g.get("month0"):
            first = _two_digits(g["month0"], 12)
            if first is None or g.get("day"):
                return None
            value = {"start": _iso(year, first, None), "end": _iso(year, month, None)}
        elif g.get("day2"):
            end_month = _two_digits(g.get("month2"), 12) or month
            value = {
                "start": _iso(year, month, day),
                "end": _iso(year, end_month, _two_digits(g["day2"], 31)),
            }
        elif g.get("division"):
            first, last = self.data["year_divisions"][g["division"]]
            value = {"start": f"{year}-{first:02d}", "end": f"{year}-{last:02d}"}
        else:
            value = {"value": _iso(year, month, day)}
        for part in ("year_part", "month_part", "period_part"):
            if g.get(part):
                value["mod"] = self.data[f"{part}s"][g[part]]  # 年底 → end, 中旬 → mid
        if year == "XXXX" and not (relative or month or value.get("mod") or g.get("division")):
            return None
        if relative is not None:
            value["relative"] = relative
        if g.get("relative_month"):
            value["relative_month"] = self.data["relative_months"][g["relative_month"]]
        return value

    def _period(self, match: re.Match[str]) -> dict[str, Any] | None:
        """A century (20世纪 is 1900 to 1999, as it is used), or a decade of it (二十世纪
        九十年代, 六七十年代 is 1960 to 1979). 上世纪/本世纪 count from the document's
        century: `XX90` with `relative_century` until `resolve_dates`."""
        g = match.groupdict()
        century = 1 if g.get("century_word") else int(number(g["century"]))
        start, length = (century - 1) * 100, 100
        if g.get("century0"):  # 15~16世纪
            first = (int(number(g["century0"])) - 1) * 100
            start, length = first, start + length - first
        if g.get("decade"):
            low, high = _range_of(g["decade"])
            if low is None or low % 10 or (high or low) % 10 or not 0 <= low <= (high or low) < 100:
                return None
            start, length = start + int(low), int((high or low) - low) + 10
        value: dict[str, Any] = {"start": f"{start:04d}", "end": f"{start + length - 1:04d}"}
        if g.get("century_word"):
            value = {key: "XX" + year[2:] for key, year in value.items()}
            value["relative_century"] = self.data["relative_centuries"][g["century_word"]]
        if g.get("period_part"):
            value["mod"] = self.data["period_parts"][g["period_part"]]
        return value

    def _is_rank(self, match: re.Match[str]) -> bool:
        """前6名: the first six places, not six persons (目前3000名 are); 第3-5名: the
        3rd to 5th places."""
        text, start = match.string, match.start()
        return (
            match["unit"] in self.data["rank_units"]
            and text.endswith(self.rank_before, 0, start)
            and not text.endswith(self.not_rank_before, 0, start)
        ) or self.ordinal_range_end.search(text, max(0, start - 24), start) is not None

    def _is_duration(self, match: re.Match[str]) -> bool:
        """为期3日, 3日内: a number of days, not a day of the month."""
        text = match.string
        return text.endswith(self.day_duration_before, 0, match.start()) or (
            text.startswith(self.day_duration_after, match.end())
        )

    def _joined_ranges(
        self, text: str, mentions: list[tuple[int, int, str, dict[str, Any]]]
    ) -> list[tuple[int, int, str, dict[str, Any]]]:
        """Two dates with only a range separator between them are one range (2013年12月至
        2014年1月, 1月至9月); the end takes from the start the year and month it lacks."""
        joined: list[tuple[int, int, str, dict[str, Any]]] = []
        for mention in mentions:
            if joined and _joinable(joined[-1], mention, text, self.range_gap):
                start, _, label, first = joined.pop()
                end = mention[3]["value"]
                value = {"start": first["value"], "end": _fill(end, first["value"])}
                value.update((k, v) for k, v in first.items() if k.startswith("relative"))
                mention = (start, mention[1], label, value)
            joined.append(mention)
        return joined


def _inside(position: int, starts: list[int], ranges: list[tuple[int, int]]) -> bool:
    """Whether `position` is in one of `ranges`, which are in order and do not overlap
    (`starts`: where they start)."""
    k = bisect_right(starts, position)
    return k > 0 and position < ranges[k - 1][1]


ISO_DATE = re.compile(r"(?:\d{4}|XXXX)(?:-(?:\d\d|XX)){0,2}")


def _joinable(
    first: tuple[int, int, str, dict[str, Any]],
    second: tuple[int, int, str, dict[str, Any]],
    text: str,
    gap: re.Pattern[str],
) -> bool:
    """Single plain dates (no range, part or relative end) with a separator between."""
    return (
        first[2] == second[2] == "DATE"
        and set(first[3]) <= {"value", "relative", "relative_month"}
        and set(second[3]) == {"value"}
        and all(ISO_DATE.fullmatch(m[3]["value"]) for m in (first, second))
        and gap.fullmatch(text, first[1], second[0]) is not None
    )


def _fill(end: str, start: str) -> str:
    """XXXX-XX-21 after 2014-05-20 → 2014-05-21; XXXX-01 after 2013-12 → 2014-01 (a month
    before the start's is in the next year)."""
    given, parts = start.split("-"), end.split("-")
    filled = [
        given[i] if set(part) == {"X"} and i < len(given) else part for i, part in enumerate(parts)
    ]
    if parts[0] == "XXXX" != filled[0] and parts[1:2] == filled[1:2] < given[1:2]:
        filled[0] = f"{int(filled[0]) + 1:04d}"
    return "-".join(filled)


def _era_year(year: int, era: str) -> str:
    """ISO 8601 years: 公元前221年 → -0220 (1 BCE is year 0000), 公元618年 → 0618."""
    return f"{year:04d}" if era == "CE" else f"-{year - 1:04d}" if year > 1 else "0000"


def _two_digits(text: str | None, limit: int) -> str | None:
    if not text:
        return None
    value = int(number(text))
    return f"{value:02d}" if 1 <= value <= limit else None


def _iso(year: str, month: str | None, day: str | None) -> str:
    return "-".join(p for p in (year, month, day if month else None) if p)


def document_year_month(date: str | None) -> tuple[int | None, int | None]:
    """The year and month of a document's ISO date (`2025-09-14`, `2017-06`, `2017`)."""
    date = date or ""
    year = int(date[:4]) if date[:4].isdigit() else None
    month = int(date[5:7]) if year and date[5:7].isdigit() and 1 <= int(date[5:7]) <= 12 else None
    return year, month


def resolve_dates(
    values: Iterable[dict[str, Any]], document_year: int | None, document_month: int | None = None
) -> None:
    """Fill in the `XXXX` years and `XX` months of a document's DATE values, in reading order:
    今年/去年 from the document's year, 同年/该年 and bare month-days from the year last
    mentioned (else the document's year); a bare day (15日) and 当月 take the month last
    mentioned (else the document's, when given), 本月/上月 the document's month, and
    上世纪/本世纪 the document's century. Resolved values keep `"inferred": true`."""
    last_year: int | None = None
    last_month: str | None = None
    for value in values:
        relative = value.pop("relative", None)
        in_month = value.pop("relative_month", None)
        in_century = value.pop("relative_century", None)
        if in_century is not None and document_year is not None:
            century = f"{(document_year - 1) // 100 + in_century:02d}"  # 上世纪 in 2023: 19
            for key in ("start", "end"):
                value[key] = century + value[key][2:]
            value["inferred"] = True
        year, month = None, None
        if isinstance(in_month, int):
            if document_year is not None and document_month is not None:
                shifted, index = divmod(document_year * 12 + document_month - 1 + in_month, 12)
                year, month = shifted, f"{index + 1:02d}"
        elif relative == "last" or (relative is None and _has_unknown(value, "XXXX")):
            year = last_year if last_year is not None else document_year
            if last_year is not None:
                month = last_month
            elif document_month is not None:
                month = f"{document_month:02d}"
        elif isinstance(relative, int) and document_year is not None:
            year = document_year + relative
        for unknown, known in (("XXXX", year), ("-XX", month and f"-{month}")):
            if known is not None and _has_unknown(value, unknown):
                for key in ("value", "start", "end"):
                    if key in value:
                        value[key] = value[key].replace(unknown, str(known), 1)
                value["inferred"] = True
        first = value.get("value") or value.get("start") or ""
        if first[:4].isdigit():
            last_year = int(first[:4])
            last_month = first[5:7] if first[5:7].isdigit() else None


def _has_unknown(value: dict[str, Any], unknown: str) -> bool:
    return any(unknown in str(value.get(k, "")) for k in ("value", "start", "end"))


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
            money_at = _money_at(spans)
            kept = [e for e in doc.ents if not self._in_currency(e, money_at)]
            doc.ents = filter_spans([*kept, *_without_overlaps(spans, kept)])
        return doc

    def _in_currency(self, ent: Span, money_at: dict[int, list[Span]]) -> bool:
        """A name that is part of an amount's currency word (US of US$100 million) is not
        one: the amount wins over it. `money_at`: the amounts over each token."""
        return any(
            span.start <= ent.start and ent.end <= span.end for span in money_at.get(ent.start, ())
        ) and any(ent._.text_norm in word for word in self.rules.currency_words)

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "rules.json", self.rules.data)

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> ValueMentions:
        self.rules = ValueRules(srsly.read_json(Path(path) / "rules.json"))
        return self


def _money_at(spans: list[Span]) -> dict[int, list[Span]]:
    """The MONEY spans over each token."""
    money_at: dict[int, list[Span]] = {}
    for span in spans:
        if span.label_ == "MONEY":
            for i in range(span.start, span.end):
                money_at.setdefault(i, []).append(span)
    return money_at


def _without_overlaps(spans: list[Span], taken: Iterable[Span]) -> list[Span]:
    used = {i for span in taken for i in range(span.start, span.end)}
    return [s for s in spans if not any(i in used for i in range(s.start, s.end))]
