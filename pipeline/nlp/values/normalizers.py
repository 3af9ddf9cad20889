"""Per-label normalisers: a match of one label's patterns read as its value (None where
the match is no mention after all). `NORMALIZERS` maps each label to its own."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pipeline.nlp.values.dates import date
from pipeline.nlp.values.numerals import ADJACENT_DIGITS, NUMBER_AT_START, clean, number, range_of

if TYPE_CHECKING:
    from pipeline.nlp.values.rules import ValueRules


def percent(rules: ValueRules, match: re.Match[str]) -> dict[str, Any] | None:
    """83.47%, 6.77‰, 百分之三十, 百分之百, 三分之一, 2个百分点, 1至2个百分点, 25个基点, 七八成,
    五成半, 三成至四成; not 一成不变, 成为."""
    g = match.groupdict()
    unit = "percent"
    high = None
    if g.get("points"):
        value, unit = number(g["points"]), "percentage_point"
        if g.get("points0"):  # 0.5至1个百分点
            value, high = number(g["points0"]), value
    elif g.get("basis"):  # 25个基点: a hundredth of a percentage point each
        value, unit = number(g["basis"]) / 100, "percentage_point"
        if g.get("basis0"):  # 25至50个基点
            value, high = number(g["basis0"]) / 100, value
    elif g.get("tenths"):
        if any(
            match.string.startswith(word, at)
            for at in (match.start("tenths"), match.end("tenths"))
            for word in rules.data["not_a_share"]
        ):
            return None  # 一成不变, 成为, 成立 …
        low, high = range_of(g["tenths"], g.get("tenths0"))
        if low is None:
            return None
        value, high = low * 10, high * 10 if high is not None else None
        if g.get("hundredths"):  # 七成八: 78, 五成半: 55
            value += 5 if g["hundredths"] == "半" else number(g["hundredths"])
    elif g.get("denominator"):
        denominator = number(g["denominator"])
        if not denominator:
            return None  # 零分之一: no share
        value = 100 * number(g["low"]) / denominator
    else:
        value = number(g["low"])
        high = number(g["high"]) if g.get("high") else None
        if g.get("per_mille"):  # 6.77‰: a share in thousandths, 0.677 percent
            value, high = value / 10, high / 10 if high is not None else None
    return {
        "value": clean(value),
        "high": clean(high) if high is not None else None,
        "approx": approx(rules, match),
        "unit": unit,
    }


def money(rules: ValueRules, match: re.Match[str]) -> dict[str, Any] | None:
    """4,000亿美元, US$100 million, 3.75（10亿美元）: the amount in its currency's units."""
    g = match.groupdict()
    currency = None
    if g.get("prefix"):
        currency = rules.data["currency_prefixes"][g["prefix"]]
    elif g.get("currency"):
        currency = rules.data["currencies"][g["currency"]]
    amount = rules.amount(g["amount"]) * rules.scale(g.get("scale") or "")
    return range_and_approx(rules, match, {"amount": clean(amount), "currency": currency})


def quantity(rules: ValueRules, match: re.Match[str]) -> dict[str, Any] | None:
    """3000名, 100辆: an amount of a unit; not an article (一名记者) nor ranks (前6名)."""
    g = match.groupdict()
    if g["amount"] == "一" or is_rank(rules, match):
        return None  # 一名记者, 一架波音727: an article; 前6名: ranks
    unit = rules.data["quantity_units"][g["unit"]]
    return range_and_approx(
        rules, match, {"amount": clean(rules.amount(g["amount"])), "unit": unit}
    )


def range_and_approx(
    rules: ValueRules, match: re.Match[str], value: dict[str, Any]
) -> dict[str, Any]:
    """An amount's `high` and `approx`. 3000至5000名 → amount 3000, high 5000; 30-50亿美元
    → 3e9 to 5e9: a low end without a magnitude takes the high end's (三至五万人 is
    30,000 to 50,000)."""
    low_text, amount_text = match.groupdict().get("low"), match["amount"] or ""
    if low_text:
        high = value["amount"]
        low = rules.amount(low_text)
        first = NUMBER_AT_START.match(amount_text)
        if not rules.magnitude.search(low_text) and first:
            low *= high / (rules.amount(first[0]) or 1)
        if low < high:  # 5-3 is no range
            value["amount"], value["high"] = clean(low), high
    approximation = approx(rules, match)
    if approximation:
        value["approx"] = approximation
    return value


def approx(rules: ValueRules, match: re.Match[str]) -> str | None:
    """From the word before the number (约, 逾, 数十亿's 数), inside the amount (30多亿,
    1万多名) or after it (以上, 左右)."""
    groups = match.groupdict()
    if groups.get("before"):
        return rules.approx_before[groups["before"]]
    inside = groups.get("amount") or ""
    for word, approx in rules.data["approx_after"].items():
        if word in inside:
            return approx
    if groups.get("after"):
        return rules.data["approx_after"][groups["after"]]
    return "about" if ADJACENT_DIGITS.search(inside) else None


def is_rank(rules: ValueRules, match: re.Match[str]) -> bool:
    """前6名: the first six places, not six persons (目前3000名 are); 第3-5名: the
    3rd to 5th places."""
    text, start = match.string, match.start()
    return (
        match["unit"] in rules.data["rank_units"]
        and text.endswith(rules.rank_before, 0, start)
        and not text.endswith(rules.not_rank_before, 0, start)
    ) or rules.ordinal_range_end.search(text, max(0, start - 24), start) is not None


NORMALIZERS: dict[str, Callable[[ValueRules, re.Match[str]], dict[str, Any] | None]] = {
    "PERCENT": percent,
    "MONEY": money,
    "QUANTITY": quantity,
    "DATE": date,
}
