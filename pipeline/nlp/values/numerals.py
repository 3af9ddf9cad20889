"""Chinese and Arabic numerals: the patterns that find them and their numeric values."""

from __future__ import annotations

import re

SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                  "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
ARABIC = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
CHINESE = (
    # ○ (a white circle) stands for 〇 after a first digit: 二○二四年 (Hong Kong releases)
    r"[〇零一二两三四五六七八九十][〇○零一二两三四五六七八九十百千]*(?:点[〇零一二三四五六七八九]+)?"
)
NUMBER = rf"(?:{ARABIC}|{CHINESE})"
NUMBER_AT_START = re.compile(NUMBER)
# two neighbouring digits are an approximate range (概数): 三四百, 五六十, 七八成
ADJACENT_DIGITS = re.compile(
    "|".join(a + b for a, b in zip("一二两三四五六七八", "二三三四五六七八九", strict=True))
)


def chinese_number(text: str) -> float:
    """一百一十二 → 112, 二〇〇一 → 2001, 九十八点二 → 98.2, 十二 → 12, 两 → 2, 万 → 10000,
    十万 → 100000, 两万三千 → 23000, 一亿 → 100000000."""
    whole, _, fraction = text.partition("点")
    if whole and all(ch in CHINESE_DIGITS for ch in whole):
        value = float(int("".join(str(CHINESE_DIGITS[ch]) for ch in whole)))
    else:  # 亿 and 万 multiply all before them that is not yet multiplied; 十百千 a digit
        value, section, digit = 0.0, 0.0, 0
        for ch in whole:
            if ch in CHINESE_DIGITS:
                digit = CHINESE_DIGITS[ch]
            elif ch in SMALL_UNITS:
                section += (digit or 1) * SMALL_UNITS[ch]
                digit = 0
            elif ch == "万":
                value += ((section + digit) or 1) * 10_000
                section, digit = 0.0, 0
            elif ch == "亿":
                value = ((value + section + digit) or 1) * 100_000_000
                section, digit = 0.0, 0
        value += section + digit
    if fraction:
        value += float("0." + "".join(str(CHINESE_DIGITS[ch]) for ch in fraction))
    return value


def number(text: str) -> float:
    """An Arabic (4,000 / 83.47 / -0.06) or Chinese numeral."""
    text = text.replace(",", "").strip()
    return float(text) if text.lstrip("-")[:1].isdigit() else chinese_number(text)


def clean(value: float) -> int | float:
    """An integral value as an int, others rounded to 6 places (as the records show them)."""
    return int(value) if value == int(value) else round(value, 6)


def adjacent(text: str) -> tuple[str, str] | None:
    """三四百 → (三百, 四百), 六七十 → (六十, 七十): the two readings of a 概数."""
    pair = ADJACENT_DIGITS.search(text)
    if not pair:
        return None
    at = pair.start()
    return text[: at + 1] + text[at + 2 :], text[:at] + text[at + 1 :]


def range_of(text: str, first: str | None = None) -> tuple[float | None, float | None]:
    """(low, high) of 5—7 (first 5), 七八, or (value, None) of a single number; (None, None)
    for two digits that are no 概数."""
    if first:
        return number(first), number(text)
    readings = adjacent(text)
    if readings:
        return number(readings[0]), number(readings[1])
    if len(text) == 2 and "十" not in text and not text.isdigit():
        return None, None
    return number(text), None
