"""What a sentence does to an agreement it names: sign, ratify, extend, withdraw, negotiate,
plan, or only mention it — the verb nearest the name in its clause, and the words around it
that make it talks or a plan."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pipeline.nlp.events.passage import Cover
from pipeline.nlp.events.rules import EventRules

LEGISLATURE_REACH = 80  # how far before a name the legislature that passes it may stand
OF_THE_NAME = re.compile(r"(?:[（(][^（）()]{1,20}[)）])?的")  # 《…》（GSOMIA）的终止: its end


class Names:
    """The anchors of a passage, marked once, to tell in constant time whether a position
    lies inside another anchor than the one that starts at a given place."""

    def __init__(self, length: int, anchors: Sequence[Sequence[Any]]) -> None:
        self.ends = {start: end for start, end, *_ in anchors}
        self.cover = Cover(length, anchors)

    def inside_another(self, position: int, start: int) -> bool:
        own = start <= position < self.ends.get(start, start)
        return position in self.cover and not own


def _distance(norm: str, anchor: tuple[int, int], verb: re.Match[str]) -> int:
    """How far a verb is from an anchor: from its start to a verb before it, from its end to
    one after it (…协定谈判: negotiate), but across the name to a verb made a noun after it
    (撤销…对《…条约》的批准: the verb before acts)."""
    start, end = anchor
    if verb.end() <= start:
        return start - verb.end()
    if verb.start() >= end and norm[verb.start() - 1 : verb.start()] != "的":
        return verb.start() - end
    return abs(verb.end() - start)


def acting_verb(
    rules: EventRules,
    norm: str,
    anchor: tuple[int, int, int],
    clause: tuple[int, int],
    names: Names,
) -> re.Match[str] | None:
    """The verb nearest the anchor (`anchor`: where what is said of it starts, its start
    and end) in its clause, not one of a relative clause before it (`_relative_clause`),
    nor one inside another name (`names`; 《關於印度共和國加入…備忘錄》與《…》:
    加入 is no act on the second), nor one that introduces another anchor (所簽定的「烏蘭巴托
    宣言」); None when there is none."""
    relative, start, end = anchor
    starts = names.ends.keys()
    verbs = [
        (_distance(norm, (start, end), m), m)
        for m in rules.action.finditer(norm, clause[0], clause[1])
        if not (relative <= m.start() < end)
        and not names.inside_another(m.start(), start)
        and not (m[0] in rules.before_only and m.start() >= end)
        and not (
            m.start() >= end
            and any(o in starts and o != start for o in range(m.end() + 1, m.end() + 4))
        )
    ]
    return min(verbs, key=lambda v: v[0])[1] if verbs else None


def of_relative_clause(norm: str, verb: re.Match[str]) -> bool:
    """Whether the verb is a relative clause's, right before 的 (2006年签署的《…》)."""
    return norm.startswith("的", verb.end())


def acted_before(norm: str, verb: re.Match[str] | None, start: int) -> int | None:
    """Where the acting verb stands, when it is before the anchor on its line (a time
    stands before its verb: 1953年10月1日簽署、次年11月18日生效的「…」); not a verb after
    the name, nor one of the row above in a table of agreements (条约名称：…　签署日期：
    2008年1月29日), whose date is then the one nearest the name."""
    if verb is None or verb.start() >= start or "\n" in norm[verb.start() : start]:
        return None
    return verb.start()


def negated(
    rules: EventRules, norm: str, clause: tuple[int, int], verb: re.Match[str] | None
) -> bool:
    """Whether a negation stands right before the acting verb (拒绝签署, 從未批准): the act
    did not happen, and who refused it is no party."""
    return verb is not None and bool(
        rules.negated_before_verb.search(norm, max(clause[0], verb.start() - 6), verb.start())
    )


def treaty_action(
    rules: EventRules,
    norm: str,
    anchor: tuple[int, int],
    clause: tuple[int, int],
    verb: re.Match[str] | None,
) -> str:
    """What the acting verb (`acting_verb`) does to the anchor (its start and end): 就…会谈
    makes it `negotiate`; a word of the future right before the verb, or a plan marker
    before the anchor, makes it `plan`; a joint statement without a verb was issued
    (`sign`); no verb, a negated verb (拒绝签署) or a verb of an anniversary (签署45周年) is a
    `mention`, and so is a signing said only in a relative clause before the name (一再違反
    2015年簽訂的「明斯克協議」: background to what the sentence reports) — but an extension
    refused (不再續約) is a withdrawal, an end put off (暂缓终止) an extension, a
    legislature passing it (國會…通過「…」) ratifies it and a summit adopting it
    (峰会审议通过《…》) signs it."""
    start, end = anchor
    before = norm[clause[0] : start]
    if rules.talks_on_before.search(before) and rules.talks.search(norm, end, clause[1]):
        return "negotiate"  # 孟印两国就《恒河水分享条约》续约举行技术会谈
    passed = rules.legislature_passed.search(norm, max(0, start - LEGISLATURE_REACH), start)
    if passed and (verb is None or verb.end() > passed.start()):
        return "ratify"  # 土耳其國會…，通過「…議定書」: a legislature passes it
    if verb is None:
        return "sign" if rules.bare_joint_statement.fullmatch(norm[start:end]) else "mention"
    if rules.anniversary.match(norm, verb.end()):
        return "mention"  # 《朝鲜停战协定》签署70周年: an anniversary, no act
    action = rules.data["treaty_actions"][verb[0]]
    if action == "ratify" and rules.meeting_adopting.search(norm, clause[0], verb.start()):
        return "sign"  # 峰会审议通过《…宣言》: a summit adopts it, no legislature
    put_off = norm.endswith(rules.suspended_before_verb, 0, verb.start()) or (
        verb.start() >= end  # 推迟《…》的终止: the name between
        and norm.endswith(rules.suspended_before_verb, 0, start - 1)
        and OF_THE_NAME.fullmatch(norm, end + 1, verb.start()) is not None
    )
    if action == "withdraw" and put_off:
        return "extend"  # 暂缓终止…协定, 推迟《…》的终止: it stays in force
    if negated(rules, norm, clause, verb):  # 拒绝签署《埃里温宣言》: the act did not happen;
        return "withdraw" if action == "extend" else "mention"  # 不再續約: it ends
    side = end if verb.start() >= end else clause[0]  # 《…》年內可望正式簽署, 將簽署《…》
    if (
        action in ("sign", "negotiate", "ratify")
        and not of_relative_clause(norm, verb)
        and rules.future_before_verb.search(norm, max(side, verb.start() - 12), verb.start())
    ):
        return "plan"
    if action == "sign" and verb.end() <= start and of_relative_clause(norm, verb):
        return "mention"  # 违反2015年签订的《明斯克协议》: the signing is background
    if any(p in before for p in rules.data["plan_markers"]) and (
        verb.start() < start or action == "negotiate"  # 同意尽快展开…协定的谈判: talks planned
    ):
        return "plan"
    return action
