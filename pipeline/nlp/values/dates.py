"""DATE values: a match of the date patterns read as ISO 8601 (with `XXXX` for a year the
text does not give), ranges joined, and the unknowns resolved from the document's date."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pipeline.nlp.values.numerals import number, range_of

if TYPE_CHECKING:
    from pipeline.nlp.values.rules import ValueRules

Mention = tuple[int, int, str, dict[str, Any]]  # start, end, label, value
ISO_DATE = re.compile(r"(?:\d{4}|XXXX)(?:-(?:\d\d|XX)){0,2}")
FULL_DAY = re.compile(r"\d{4}-\d\d-\d\d")  # a resolved day: 同日 can stand for it
PERIOD_YEARS = 9  # a span of years this long or longer is a period (a decade, a century)
# How far past the document's date a day or month-day with no month or year stated may lie
# and still be in the document's month or year; further is the month or year before (a
# report of 8月1日 on what was said 30日: 7月30日; of 1月2日 on 12月31日: the year before).
DAYS_AHEAD = 20
MONTHS_AHEAD = 6


def first_iso(value: dict[str, Any]) -> str:
    """A DATE value's date as ISO (2012, 2012-02-13, XXXX-02-13): a single date's, or a
    range's start; "" if it has none."""
    return str(value.get("value") or value.get("start") or "")


PARTS = ("year_part", "month_part", "period_part")  # 年底 → end, 中旬 → mid


def date(rules: ValueRules, match: re.Match[str]) -> dict[str, Any] | None:
    """A date, a range of dates or a part of a period; None for what is no date (为期3日,
    13月)."""
    g = match.groupdict()
    if g.get("lone_day") and is_duration(rules, match):
        return None  # 为期3日, 3日内
    if g.get("century") or g.get("century_word"):
        return period(rules, match)
    data = rules.data
    if g.get("relative_day") or g.get("today"):  # 今天, 今登場: the document's date, when known
        offset = (
            data["relative_days"][g["relative_day"]]
            if g.get("relative_day")
            else data["today_words"][g["today"]]
        )
        return {"value": "XXXX-XX-XX", "relative_day": offset}
    year, relative = _year(g, data)
    month = _two_digits(g.get("month"), 12)
    day_text = g.get("day") or g.get("lone_day")
    day = _two_digits(day_text, 31)
    if (g.get("month") and month is None) or (day_text and day is None):
        return None
    if g.get("relative_month") or g.get("lone_day"):
        month = "XX"  # 本月15日, 15日: the month is the context's
    value = _dates(g, data, year, month, day)
    if value is None:
        return None
    mods = [data[f"{part}s"][g[part]] for part in PARTS if g.get(part)]
    if mods:
        value["mod"] = mods[-1]
    if year == "XXXX" and relative is None and not (month or value.get("mod") or g.get("division")):
        return None
    if relative is not None:
        value["relative"] = relative
    if g.get("relative_month"):
        value["relative_month"] = data["relative_months"][g["relative_month"]]
    return value


def _year(g: dict[str, Any], data: dict[str, Any]) -> tuple[str, Any]:
    """The year a date names (`XXXX` when it names none) and its `relative` (今年: 0)."""
    if g.get("roc"):  # 民國元年 is its first year
        return str((1 if g["roc"] == "元" else int(number(g["roc"]))) + data["roc_offset"]), None
    if g.get("era"):
        return _era_year(int(number(g["year"])), data["eras"][g["era"]]), None
    if g.get("year"):
        return str(int(number(g["year"]))), None
    if g.get("relative"):
        return "XXXX", data["relative_years"][g["relative"]]
    return "XXXX", None


def _dates(
    g: dict[str, Any], data: dict[str, Any], year: str, month: str | None, day: str | None
) -> dict[str, Any] | None:
    """The date or range of dates (a decade, 2013-15年, 1-5月, 9月8日至9日, a quarter)."""
    if g.get("decade"):
        return {"start": year, "end": str(int(year) + 9)}
    if g.get("year2"):
        end = g["year2"] if len(g["year2"]) == 4 else year[:2] + g["year2"]
        return {"start": year, "end": end}
    if g.get("month0"):
        first = _two_digits(g["month0"], 12)
        if first is None or g.get("day"):
            return None
        return {"start": _iso(year, first, None), "end": _iso(year, month, None)}
    if g.get("day2"):
        end_month = _two_digits(g.get("month2"), 12) or month
        return {
            "start": _iso(year, month, day),
            "end": _iso(year, end_month, _two_digits(g["day2"], 31)),
        }
    if g.get("division"):
        first, last = data["year_divisions"][g["division"]]
        return {"start": f"{year}-{first:02d}", "end": f"{year}-{last:02d}"}
    return {"value": _iso(year, month, day)}


def period(rules: ValueRules, match: re.Match[str]) -> dict[str, Any] | None:
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
        low, high = range_of(g["decade"])
        if low is None or low % 10 or (high or low) % 10 or not 0 <= low <= (high or low) < 100:
            return None
        start, length = start + int(low), int((high or low) - low) + 10
    value: dict[str, Any] = {"start": f"{start:04d}", "end": f"{start + length - 1:04d}"}
    if g.get("century_word"):
        value = {key: "XX" + year[2:] for key, year in value.items()}
        value["relative_century"] = rules.data["relative_centuries"][g["century_word"]]
    if g.get("period_part"):
        value["mod"] = rules.data["period_parts"][g["period_part"]]
    return value


def is_duration(rules: ValueRules, match: re.Match[str]) -> bool:
    """为期3日, 3日内: a number of days, not a day of the month (北约13日: NATO on the 13th)."""
    text = match.string
    before = text.endswith(rules.day_duration_before, 0, match.start()) and not (
        text.endswith(rules.not_duration_before, 0, match.start())
    )
    return before or text.startswith(rules.day_duration_after, match.end())


def joined_ranges(text: str, mentions: list[Mention], gap: re.Pattern[str]) -> list[Mention]:
    """Two dates with only a range separator (`gap`) between them are one range (2013年12月
    至2014年1月, 1月至9月); the end takes from the start the year and month it lacks."""
    joined: list[Mention] = []
    for mention in mentions:
        if joined and _joinable(joined[-1], mention, text, gap):
            start, _, label, first = joined.pop()
            end = mention[3]["value"]
            value = {"start": first["value"], "end": _fill(end, first["value"])}
            value.update((k, v) for k, v in first.items() if k.startswith("relative"))
            mention = (start, mention[1], label, value)
        joined.append(mention)
    return joined


def _joinable(
    first: Mention,
    second: Mention,
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


def document_day(date: str | None) -> datetime.date | None:
    """A document's full ISO date (`2025-09-14`), for 今天 and 昨天; None when not full."""
    try:
        return datetime.date.fromisoformat(date or "")
    except ValueError:
        return None


def resolve_dates(
    values: Iterable[dict[str, Any]],
    document_year: int | None,
    document_month: int | None = None,
    document_date: datetime.date | None = None,
    passage_starts: frozenset[int] = frozenset(),
) -> None:
    """Fill in the `XXXX` years and `XX` months of a document's DATE values, in reading order:
    今天/昨天 from the document's full date, 同日/当天 from the full date last named (else
    the document's); 今年/去年 from the document's year, 同年/该年
    and bare month-days from the year last mentioned (else the document's year), 翌年/次年
    from the year after it; a bare
    day (15日) and 当月 take the month last mentioned (else the document's, when given) —
    but in a dated document a bare day in a passage that names no month before it takes
    the document's month, as news writes 8日 for the publication's month (`passage_starts`:
    the indices of the values that open a passage); 本月/上月 the document's month, and
    上世纪/本世纪 the document's century. A date marked as a range's end (`range_end`:
    至22日結束, ValueRules.find) gives its year to what follows but not its day or month:
    a later 同日 or bare day means the range's start. A stated year after the document's
    (2027年起每年增幅…) is a plan's and gives no year to what follows. A bare day more than
    DAYS_AHEAD past the document's date is the month before's (30日 in a report of 8月1日), a
    month-day with no year named before it more than MONTHS_AHEAD past it the year before's
    (12月31日 in one of 1月2日), and a range's end in an earlier month than the date before it
    the year after (12月31日…持续至1月13日). Resolved values keep
    `"inferred": true`; the marks (`relative`, `range_end` …) are removed."""
    last_year: int | None = None
    last_month: str | None = None
    last_day: str | None = None  # the last full date named: 同日, 当天
    month_here = False  # whether this passage has named a month yet
    for index, value in enumerate(values):
        month_here = month_here and index not in passage_starts
        stated = "relative" not in value  # 2027年起 (a plan's year) is no context; 明年 is
        _resolve_day(value, document_date, last_day)
        _resolve_century(value, document_year)
        in_month = "relative_month" in value  # 上月9日: a month named, relative to the document's
        written = first_iso(value)  # as the text gives it: XXXX-12-31, XXXX-XX-30
        stated_month = written[5:7]
        year, month = _year_month(value, document_year, document_month, last_year, last_month)
        bare_day = written.startswith("XXXX-XX-") and not in_month
        if bare_day and document_date is not None and not month_here:
            year, month = _month_of_day(written[8:10], document_date)
        elif stated and not in_month and year is not None and stated_month.isdigit():
            if last_year is None and document_month is not None:
                if int(stated_month) - document_month > MONTHS_AHEAD:
                    year -= 1  # 12月31日 in a report of 1月2日
            elif value.get("range_end") and last_month and int(stated_month) < int(last_month):
                year += 1  # 12月31日…持续至1月13日: the year after
        for unknown, known in (("XXXX", year), ("-XX", month and f"-{month}")):
            if known is not None and _has_unknown(value, unknown):
                for key in ("value", "start", "end"):
                    if key in value:
                        value[key] = value[key].replace(unknown, str(known), 1)
                value["inferred"] = True
        first = first_iso(value)
        if value.pop("range_end", False) and first[:4].isdigit():
            last_year = int(first[:4])  # 至22日結束: not the day 同日 means, nor the month
        elif (
            first[:4].isdigit()
            and not _is_period(value)  # 21世纪经济报道…8月20日: no year
            and not (stated and document_year is not None and int(first[:4]) > document_year)
        ):
            last_year = int(first[:4])
            last_month = first[5:7] if first[5:7].isdigit() else None
            last_day = first if FULL_DAY.fullmatch(first) else last_day
            month_here = month_here or last_month is not None


def _month_of_day(day: str, document_date: datetime.date) -> tuple[int, str]:
    """The year and month of a bare day (30日) in a passage that names no month: the
    document's, or the month before when the day lies more than DAYS_AHEAD past its date."""
    year, month = document_date.year, document_date.month
    if day.isdigit() and int(day) - document_date.day > DAYS_AHEAD:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return year, f"{month:02d}"


def _resolve_day(
    value: dict[str, Any], document_date: datetime.date | None, last_day: str | None
) -> None:
    """今天 (0), 昨天 (-1) …: the document's date moved by that many days; 同日, 当天
    ("last"): the full date named last before it, else the document's."""
    in_days = value.pop("relative_day", None)
    if in_days == "last":
        in_days = 0
        if last_day is not None:
            value["value"], value["inferred"] = last_day, True
            return
    if in_days is not None and document_date is not None:
        value["value"] = (document_date + datetime.timedelta(days=in_days)).isoformat()
        value["inferred"] = True


def _resolve_century(value: dict[str, Any], document_year: int | None) -> None:
    in_century = value.pop("relative_century", None)
    if in_century is not None and document_year is not None:
        century = f"{(document_year - 1) // 100 + in_century:02d}"  # 上世纪 in 2023: 19
        for key in ("start", "end"):
            value[key] = century + value[key][2:]
        value["inferred"] = True


def _year_month(
    value: dict[str, Any],
    document_year: int | None,
    document_month: int | None,
    last_year: int | None,
    last_month: str | None,
) -> tuple[int | None, str | None]:
    """The year and month that fill a value's unknowns."""
    relative = value.pop("relative", None)
    in_month = value.pop("relative_month", None)
    if isinstance(in_month, int):
        if document_year is None or document_month is None:
            return None, None
        shifted, index = divmod(document_year * 12 + document_month - 1 + in_month, 12)
        return shifted, f"{index + 1:02d}"
    if relative == "next":  # 翌年8月, 次年: the year after the one last named
        return (last_year + 1 if last_year is not None else None), None
    if relative == "last" or (relative is None and _has_unknown(value, "XXXX")):
        if last_year is not None:
            return last_year, last_month
        return document_year, None if document_month is None else f"{document_month:02d}"
    if isinstance(relative, int) and document_year is not None:
        return document_year + relative, None
    return None, None


def _is_period(value: dict[str, Any]) -> bool:
    """Whether a value is a decade or a century (1990年代, 21世纪), which gives no year."""
    start, end = str(value.get("start", "")), str(value.get("end", ""))
    return (
        len(start) == len(end) == 4
        and start.isdigit()
        and end.isdigit()
        and int(end) - int(start) >= PERIOD_YEARS
    )


def _has_unknown(value: dict[str, Any], unknown: str) -> bool:
    return any(unknown in str(value.get(k, "")) for k in ("value", "start", "end"))
