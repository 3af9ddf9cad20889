"""Counts of agreements (签署的多份安全协议之一, 签订了数以百计的不平等条约, 港巴林簽兩份協定
over a report naming both): agreements in general or a summary of those named, no agreement
of their own."""

from __future__ import annotations

from pipeline.nlp.events.rules import EventRules

LIST_OPENERS = ("：", ":")  # 簽署多項協議：… (the agreements listed after)
COORDINATORS = "和与及或、"  # between coordinated qualifiers of one agreement word
COUNTLESS_REACH = 6  # how far before its qualifier a count without number may stand
SEVERAL_REACH_COORDINATED = 10  # how far before the second qualifier a count may stand


def counted(
    rules: EventRules, norm: str, clause_start: int, anchor: tuple[int, int, int], summed: bool
) -> bool:
    """Whether an unnamed agreement (its start, its form word's start and end) is counted as
    more than one: one of several (签署的多份安全協議之一, 等多項協定; not when a signing verb
    acts right on the count, 簽訂多項合作協議, unless a colon lists them after it or the count
    sums up agreements named, `summed`: 港巴林簽兩份協定 over the report naming both), one of
    a class (是…首批政府間協議之一) or without a number (签订了数以百计的不平等条约)."""
    start, form_start, form_end = anchor
    # 两项安全和防务合作协议: the count stands before the first of coordinated qualifiers
    reach = SEVERAL_REACH_COORDINATED if norm[start - 1 : start] in COORDINATORS else 4
    several = rules.several_before.search(norm, max(clause_start, start - reach), form_start)
    if several and (
        summed
        or not _acted_right_before(rules, norm, clause_start, several.start())
        or norm.startswith(LIST_OPENERS, form_end)
    ):
        return True
    countless = max(clause_start, start - COUNTLESS_REACH)
    return (
        norm.startswith(rules.one_of_after, form_end)
        or rules.countless_before.search(norm, countless, form_start) is not None
    )


def _acted_right_before(rules: EventRules, norm: str, clause_start: int, at: int) -> bool:
    """Whether a signing verb acts right before `at` (簽訂多項合作協議, 達成20多項協議: several
    agreements signed at once, an act), a count or 了 between; not one done by turns (先後簽署
    十份補充協議: a history)."""
    before = norm[max(clause_start, at - 8) : at].rstrip("0123456789了 ")
    verb = next((m for m in rules.action.finditer(before) if m.end() == len(before)), None)
    return verb is not None and not before.endswith(rules.by_turns, 0, verb.start())
