"""Who is named with an event and is no party to it: who takes a stance on it — criticises,
warns against, notes or welcomes it — and who is named only as its place, an origin or a
source; shared by the exercise and treaty arguments."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from pipeline.nlp.events.passage import Passage, is_state, state_of
from pipeline.nlp.events.rules import LIST_JOINERS, EventRules

if TYPE_CHECKING:
    import re
    from collections.abc import Mapping


def stance_takers(
    rules: EventRules,
    verbs: re.Pattern[str],
    stands_for: Mapping[str, str],
    p: Passage,
    sentence: tuple[int, int],
    event_start: int,
) -> set[str]:
    """States that take a stance on an event (谴责, 批评, 注意到, 欢迎 … in `verbs`, before
    the event in its sentence): the last state before such a verb in the verb's clause, not
    one it is said about (对美方决定表示遗憾), when the sentence names another state and not
    that one again after the verb (朝鲜谴责美韩举行…军演: 朝鲜; 美日韩不顾中方批评举行演习:
    中方; 中方注意到，亞美尼亞和阿塞拜疆…草簽: 中方; those in `stands_for` count as their
    states) — a critic or an onlooker, no party."""
    named = [(e, state_of(e, stands_for)) for e in p.mentions.within(*sentence)]
    states = [(e, state) for e, state in named if state]
    takers = set()
    for verb in verbs.finditer(p.norm, sentence[0], event_start):
        clause_start = p.clauses.around(verb.start())[0]
        before = [
            state
            for e, state in states
            if clause_start <= e.start_char
            and e.end_char <= verb.start()
            and p.norm[e.start_char - 1 : e.start_char] != rules.about_word
        ]
        if not before:
            continue
        after = {state for e, state in states if e.start_char >= verb.end()}
        if {state for _, state in states} - {before[-1]} and before[-1] not in after:
            takers.add(before[-1])
    return takers


def concerned(
    rules: EventRules,
    stands_for: Mapping[str, str],
    p: Passage,
    clause: tuple[int, int],
    anchor: tuple[int, int],
) -> set[str]:
    """States that voice a view on what the clause says of an event (中方对美方宣布退出《巴黎
    协定》表示关切, 中方对巴方退出…备忘录的决定深表遗憾): a state right before 对 that opens
    what the view is about, with a word of stance_after after the event in the clause."""
    if not rules.stance_after.search(p.norm, anchor[1], clause[1]):
        return set()
    found = set()
    for e in p.mentions.within(clause[0], anchor[0]):
        state = state_of(e, stands_for)
        if state and rules.about_opener.match(p.norm, e.end_char):
            found.add(state)
    return found


def places_only(
    rules: EventRules,
    stands_for: Mapping[str, str],
    p: Passage,
    sentence: tuple[int, int],
    also_before: re.Pattern[str] | None = None,
) -> set[str]:
    """States named in the sentence only as a place, an origin or the source of the news
    (靠近乌克兰边境, 位于马里的, 中国制造的, 来自日本自卫队的消息), or as one who mediates,
    witnesses or observes, with the states listed before it (在土耳其总统埃尔多安斡旋下,
    在馬來西亞、美國和中國觀察員見證下; those in `stands_for`, Arguments.stands_for, count
    as their states): no parties."""
    sources = [m.span(1) for m in rules.news_source.finditer(p.norm, *sentence)]
    as_place: set[str] = set()
    as_other: Counter[str] = Counter()  # how often a state is named as no place
    run: list[tuple[str, bool]] = []  # the states listed up to this one, whether each other
    run_end = -1
    for e in p.mentions.within(*sentence):
        state = state_of(e, stands_for)
        if state is None:
            continue
        if p.norm[run_end : e.start_char] not in LIST_JOINERS:  # 馬來西亞、美國和中國觀察員
            run = []
        run_end = e.end_char
        before = p.norm[max(sentence[0], e.start_char - 3) : e.start_char]
        marked = rules.place_before.search(before) or (also_before and also_before.search(before))
        after = rules.place_after.match(p.norm, e.end_char)  # not 中哈边境管理部门, an agency
        after = after and not rules.agency_after_place.match(p.norm, after.end())
        if after:  # 在馬來西亞、美國和中國觀察員見證下: the whole list observes
            as_place.update([state, *(listed for listed, _ in run)])
            as_other.subtract(listed for listed, other in run if other)
            run = []
            continue
        placed = bool(is_state(e) and marked) or any(
            start <= e.start_char < end for start, end in sources
        )
        if placed:
            as_place.add(state)
        else:
            as_other[state] += 1
        run.append((state, not placed))
    return as_place - {state for state, count in as_other.items() if count > 0}
