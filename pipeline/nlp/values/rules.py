"""The value rules of models/values/rules.json compiled into patterns, and `find`, which
runs them and the table readers over a text."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pipeline.nlp.values.dates import Mention, joined_ranges
from pipeline.nlp.values.normalizers import NORMALIZERS
from pipeline.nlp.values.numerals import ARABIC, CHINESE, NUMBER, adjacent, number
from pipeline.nlp.values.tables import amounts_in_columns, amounts_in_unit, inside
from pipeline.resources import MODELS_DIR
from pipeline.text.chars import word_alternation

RULES_PATH = MODELS_DIR / "values" / "rules.json"


class ValueRules:
    """The compiled patterns; `find(text_norm)` → (start, end, label, value)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = d = data
        magnitude = rf"(?:{word_alternation(d['magnitudes'])})"
        scaled = rf"(?:\s*{magnitude})+(?:\s*{ARABIC}\s*(?:{magnitude})+)*"
        before = word_alternation(d["approx_before"])
        # 三分之二多数 is a two-thirds majority: 多 of 多数 is no approximation
        not_after = d["approx_after_not_before"]
        after = "|".join(
            (f"(?!{word_alternation(not_after[w])})" if w in not_after else "") + re.escape(w)
            for w in sorted(d["approx_after"], key=len, reverse=True)
        )
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
        year = r"\d{4}|[〇零一二三四五六七八九][〇○零一二三四五六七八九]{3}"
        tenth = r"[一二两三四五六七八九十]|\d(?:\.\d+)?"
        # a range's dash follows its first number at once: "0.43% -0.06%" is two cells
        signed = rf"(?:(?<![\d.])-)?{NUMBER}"
        number_range = rf"(?P<low>{signed})%?(?:(?:{dash})\s*(?P<high>{signed}))?"
        # a fraction that is no share: a name or a unit (四分之一决赛, 百分之一秒)
        no_share_after = f"(?!{word_alternation(d['not_after_fraction'])})"
        slash_month, slash_day = r"1[0-2]|0?[1-9]", r"3[01]|[12]\d|0?[1-9]"  # 6/27, 11/13-15
        slash_after_words = "".join(f"|(?<={re.escape(w)})" for w in d["slash_date_after_words"])
        # where a slash or ISO date stands as an entry: a line's or a cell's start (a space,
        # a bullet, a bar, an opening bracket) or after slash_date_after_words
        opening_entry = rf"(?:(?<![^\n\s{re.escape(d['slash_date_after'])}]){slash_after_words})"
        patterns = {
            "PERCENT": [
                rf"(?:(?P<before>{before})\s*)?{number_range}\s*(?:%|(?P<per_mille>‰))"
                rf"(?:\s*(?P<after>{after}))?",
                rf"(?:(?P<before>{before})\s*)?百分之(?P<low>(?>{CHINESE}|百))"
                rf"(?:(?:{dash})(?:百分之)?(?P<high>{CHINESE}))?(?:(?P<after>{after}))?"
                rf"{no_share_after}",
                rf"(?:(?P<before>{before})\s*)?(?P<denominator>(?:{CHINESE}|[百千])?[万亿]|{CHINESE}|[百千])分之"
                rf"(?P<low>(?>{CHINESE}))(?:(?P<after>{after}))?{no_share_after}",  # not 三十秒
                rf"(?:(?P<before>{before})\s*)?(?:(?P<points0>{NUMBER})(?:{dash}))?"
                rf"(?P<points>{NUMBER})\s*个?百分点",  # 0.5至1个百分点: a range
                # 25个基点: basis points, hundredths of a percentage point
                rf"(?:(?P<before>{before})\s*)?(?:(?P<basis0>{NUMBER})(?:{dash}))?"
                rf"(?P<basis>{NUMBER})\s*个?基点",
                rf"(?:(?P<before>{before}))?(?<![\d.])(?:(?P<tenths0>{tenth})成?(?:{dash}))?"
                rf"(?P<tenths>{tenth}|[一二两三四五六七八九]{{2}})成"
                # 七成八, 3成5: 78, 35; 五成半: 55 (a digit or 半 after 成 is the hundredths)
                r"(?:(?P<hundredths>[一二三四五六七八九]|[1-9](?![\d.%])|半(?![导岛径数]))"
                r"(?![零〇一二两三四五六七八九十百千万亿成]))?"
                rf"(?:(?P<after>{after}))?",
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
                rf"{d['roc_era']}(?P<roc>{NUMBER}|元)年{of_year}",  # 民國元年: 1912
                rf"{d['roc_era']}(?P<roc>{NUMBER})年(?P<decade>代)(?!表){of_period}",
                # 111年12月21日 in Taiwan's official writing: an ROC year without 民國
                rf"(?<![\d.,/／－-])(?P<roc>{d['roc_years_alone']})\s*年(?=\s*\d{{1,2}}\s*月){of_year}",
                rf"(?<![\d.,/／－\-{d['not_before_roc_year_bare']}])(?P<roc>{d['roc_years_bare']})\s*年"
                rf"(?![\d月{d['not_after_roc_year_bare']}]){of_year}",  # 國軍108年「漢光35號」
                rf"(?P<year>{year})(?:\s*(?:{dash})\s*(?P<year2>\d{{4}}|\d{{2}})\s*年"
                rf"|(?<=[0〇零])\s*年(?P<decade>代)(?!表){of_period}|\s*年{of_year})",
                rf"(?P<era>{word_alternation(d['eras'])})\s*(?P<year>\d{{1,4}}|{CHINESE})\s*年"
                rf"{of_year}",
                rf"(?:(?P<century_word>{word_alternation(d['relative_centuries'])})"
                rf"|(?:(?P<century0>{NUMBER})\s*(?:{dash})\s*)?(?P<century>{NUMBER})\s*世纪)"
                rf"(?:\s*(?P<decade>{NUMBER})\s*年代)?{of_period}",
                rf"(?P<relative>{word_alternation(d['relative_years'])}){of_year}",
                rf"(?<![{d['not_before_today']}])(?P<today>{word_alternation(d['today_words'])})"
                rf"(?=(?:{word_alternation(d['today_verbs'])}))",
                rf"(?P<relative_day>{word_alternation(d['relative_days'])})"
                rf"(?!{word_alternation(d['not_after_relative_day'])})",
                rf"(?P<relative_month>{word_alternation(d['relative_months'])})"
                rf"(?:\s*(?P<day>{NUMBER})\s*[日号]|{month_parts})?",  # 上月: the month
                month_day,
                # a calendar's or a brief's slash date opening a line or an entry (6/27　…,
                # 2024/6/19　…, 11/13-15, (7/9-7/18)); not a fraction (约1/3)
                rf"{opening_entry}(?:(?P<year>(?:19|20)\d{{2}})/)?"
                rf"(?P<month>{slash_month})/(?P<day>{slash_day})"
                rf"(?:\s*(?:{dash})\s*(?:(?P<month2>{slash_month})/)?(?P<day2>{slash_day}))?"
                r"(?![\d/.%:])",
                # an ISO date opening a line or a table's cell (｜2001-07-16｜), not a time
                # line's (2025-01-02 17:20) nor a label's (发布时间：2025-01-15)
                rf"{opening_entry}(?P<year>(?:19|20)\d{{2}})-(?P<month>1[0-2]|0[1-9])"
                r"-(?P<day>3[01]|[12]\d|0[1-9])"
                r"(?![\d/.%:-])(?!\s*\d{1,2}[:：]\d{2})",  # no time after it
                rf"年{not_part}(?P<year_part>{word_alternation(d['year_parts'])})",
                rf"(?P<division>{word_alternation(d['year_divisions'])})",
                # a relative day with its date in brackets (昨（4）日, 今（二十七）日): the day
                r"[昨今明][（(]\s*(?P<lone_day>\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）]\s*日",
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
        self.not_duration_before = tuple(d["not_duration_before"])  # 北约13日, 条约13日
        self.day_duration_after = tuple(d["day_duration_after"])
        self.range_end_before = tuple(d["range_end_before"])
        self.not_range_end_before = tuple(d["not_range_end_before"])
        self.whole_number = re.compile(rf"-?{ARABIC}")
        # the end of an ordinal range (第3-5名: the 3rd to 5th places, not 5 persons)
        self.ordinal_range_end = re.compile(rf"第\s*{NUMBER}\s*(?:{dash})\s*$")
        self.patterns = [(label, re.compile(p)) for label, group in patterns.items() for p in group]

    @classmethod
    def from_path(cls, path: Path = RULES_PATH) -> ValueRules:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def find(self, text: str) -> list[Mention]:
        """Mentions, leftmost-longest first; a value that does not parse is left out."""
        found = []
        for label, pattern in self.patterns:
            normalize = NORMALIZERS[label]
            for match in pattern.finditer(text):
                value = normalize(self, match)
                if value is not None:
                    found.append((match.start(), match.end(), label, value))
        found += amounts_in_unit(self, text)
        in_columns, unit_headers = amounts_in_columns(self, text)
        header_starts = [a for a, _ in unit_headers]  # in text order, none overlapping
        found = [f for f in found if not inside(f[0], header_starts, unit_headers)]
        found += in_columns
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        chosen: list[Mention] = []
        for mention in found:
            if not chosen or mention[0] >= chosen[-1][1]:
                chosen.append(mention)
        joined = joined_ranges(text, chosen, self.range_gap)
        for start, _, label, value in joined:  # 至22日結束: the end of a range said before
            if label == "DATE" and "value" in value and self._ends_range(text, start):
                value["range_end"] = True  # (resolve_dates)
        return joined

    def _ends_range(self, text: str, start: int) -> bool:
        """Whether a date at `start` follows a word that makes it a range's end (至, 持续到),
        not one that names a date of its own (截至, 追溯至)."""
        return text.endswith(self.range_end_before, 0, start) and not text.endswith(
            self.not_range_end_before, 0, start
        )

    def scale(self, text: str) -> float:
        """10亿 → 1e9, 千 → 1e3, 百万 → 1e6, '' → 1."""
        if text[:1].isdigit():
            return self.amount(text)
        scale = 1.0
        for word in self.magnitude.findall(text):
            scale *= self.data["magnitudes"][word]
        return scale

    def amount(self, text: str) -> float:
        """4,000亿 → 4e11; 1 亿 8,800 万 → 188,000,000; 11 亿 7 千万 → 1.17e9; 1.5万亿 →
        1.5e12; 百亿 → 1e10; 100 million → 1e8. 十, 百, 千 scale the number before them,
        万 and larger the whole group before them."""
        magnitudes = self.data["magnitudes"]
        total = group = current = 0.0
        text = (adjacent(text) or (text,))[0]  # 三四百 → 三百 (approx `about`)
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
