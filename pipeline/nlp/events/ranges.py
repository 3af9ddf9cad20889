"""The start and end of an exercise from the dates of its sentence: a range (8月4日至7日,
2日展開，預計13日結束), a date that only ends it (于5月28日落幕), or one date that an
announcement of its end gives (当日傍晚宣布，…演习已圆满完成)."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span

from pipeline.nlp.events.arguments import date_ref
from pipeline.nlp.events.passage import Passage
from pipeline.nlp.events.rules import EventRules

MAX_RANGE_GAP = 12  # characters between two dates joined as a range (12时至, 持续到)


def range_ends(
    rules: EventRules,
    p: Passage,
    sentence: tuple[int, int],
    chosen: dict[str, Any] | None,
    anchor_end: int | None = None,
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The start and end of an exercise: those of its date, or, when that date and the
    next or previous one in the sentence are joined by 至/到 (8月4日12时至7日12时,
    持续到2月24日; 31日起…预计至明年1月13日结束; 2日展開，預計13日結束), the first of the
    two and the last; a date that only ends it (将持续至3月中旬, 于5月28日落幕), or the
    one date before an exercise (ending at `anchor_end`) said to close (当日傍晚宣布，
    …演习已圆满完成) or said to close the same day after it (…演習，當天傍晚即宣布結束), is
    its end."""
    if chosen is None:
        return None, None
    whole = ({**chosen, "part": "start"}, {**chosen, "part": "end"})
    dates = p.valued_dates.within(*sentence)
    at = [k for k, e in enumerate(dates) if [e.start_char, e.end_char] == chosen["date_of"]]
    if at and at[0] + 1 < len(dates) and _glossed(p, dates[at[0]], dates[at[0] + 1]):
        at = [at[0] + 1]  # 昨日（18日）…開幕，至本月31日結束: on from the gloss
    for k in (at[0] - 1, at[0]) if at else ():
        if k < 0 or k + 1 >= len(dates):
            continue
        a, b = dates[k], dates[k + 1]
        between = p.norm[a.end_char : b.start_char]
        near = len(between) <= MAX_RANGE_GAP
        joined_by = near and rules.range_word.search(between)
        closed = rules.closing.match(p.norm, b.end_char) or (  # 2日展開，預計13日結束
            near and rules.closing_after_place.match(p.norm, b.end_char)  # 14日展開，昨日在…閉幕
        )
        if joined_by or closed or rules.until_end.search(between):
            end_part = "end" if b._.value.get("end") else "start"
            return date_ref(a, "start"), date_ref(b, end_part)
    closed = anchor_end is not None and rules.closed_after_anchor.match(p.norm, anchor_end)
    if (
        at
        and anchor_end is not None
        and dates[at[0]].end_char <= anchor_end
        and rules.same_day_closing.search(p.norm, anchor_end, sentence[1])
    ):
        return whole[0], {**chosen, "part": "start"}  # …演習，當天傍晚即宣布演習結束
    if at and (
        _ends_only(rules, p, dates[at[0]])
        or (  # 当日傍晚宣布，“联合利剑-2024B”演习已圆满完成 (not 于9月9日开始，…)
            closed
            and len(dates) == 1
            and dates[0].end_char <= anchor_end
            and not rules.held_later.match(p.norm, dates[0].end_char)
        )
    ):
        return None, {**chosen, "part": "start"}  # a single date: its own end
    return whole


def _glossed(p: Passage, date: Span, gloss: Span) -> bool:
    """Whether `gloss` is `date` said again in brackets right after it (昨日（18日）)."""
    after = p.norm[gloss.end_char : gloss.end_char + 1]
    return p.norm[date.end_char : gloss.start_char] in ("（", "(") and after in ("）", ")")


def _ends_only(rules: EventRules, p: Passage, date: Span) -> bool:
    """持续至3月中旬, 至25日止, 于5月28日落幕, 昨日在朱拜勒閉幕: a single date said as an
    end (not 直到2019年5月才…: not until then)."""
    before = p.norm[max(0, date.start_char - 4) : date.start_char]
    happened = rules.happened_after.match(p.norm, date.end_char)  # 直到…才舉行
    return (
        not date._.value.get("end")
        and not happened
        and bool(
            rules.until_end.search(before)
            or rules.range_word_end.search(before)
            or rules.closing.match(p.norm, date.end_char)
            or rules.closing_after_place.match(p.norm, date.end_char)
        )
    )
