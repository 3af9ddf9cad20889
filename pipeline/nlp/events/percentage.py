"""Percentages: every PERCENT value, with what it measures and whose it is (the clause's
reading, `percentage_clause`, then the flows, sources, owners, stand-ins and values given
respectively around it; a table cell's column), a change's period (同比, 环比) and a
qualifier before the share verb (约占…两成)."""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from spacy.tokens import Span

from pipeline.nlp.entities import VALUE_LABELS
from pipeline.nlp.events.arguments import event
from pipeline.nlp.events.passage import Passage
from pipeline.nlp.events.percentage_clause import Measured, is_object, measure_in_text
from pipeline.nlp.events.rules import LIST_JOINERS, EventRules

if TYPE_CHECKING:
    from pipeline.nlp.events.component import EventMentions

WITHIN_OWNER_REACH = 4  # the most characters between a state and the 在 of its share (越南榴莲在)
QUALIFIER_REACH = 24  # characters between a qualifier and the value it qualifies (约有…的六成)
QUANTITIES = VALUE_LABELS - {"DATE"}  # no qualifier reaches across another quantity
BESIDE_REACH = 12  # the longest state name a value stands beside (沙烏地阿拉伯（約12%）)
SAME_SHARE_REACH = 40  # characters between a share and what it became (这一比例降至…)
# a qualifier with its copula qualifies a list (分别约为36.2%、34.6%…; 分别为约9%和6.7%: the first)
QUALIFIED_COPULAS = ("约为", "大约为")
OPENS_WITH_SHARE = re.compile("(?:约|近|逾|超过|大约|合计|共|则|仅|已)?占")  # …，约占…的45%


def find(mentions: EventMentions, p: Passage) -> list[dict[str, Any]]:
    """A percentage event for every PERCENT value but a correction's wrong one: what it
    measures, whose, a change's period, a qualifier standing before its share verb or
    before the list it opens."""
    rules = mentions.rules
    events = []
    last: tuple[int, str] | None = None  # the last value with a subject: its end, its subject
    listed: tuple[int, str | None] = (-1, None)  # the last value's end, its qualifier before it
    for ent in p.mentions:
        if ent.label_ != "PERCENT" or not ent._.value:
            continue
        clause_start = p.clauses.around(ent.start_char)[0]
        if rules.erratum_before.search(p.norm, clause_start, ent.start_char) or (
            rules.erratum_after.match(p.norm, ent.end_char)
        ):  # 更正：…此前误作“18.64%”, “提升1.6个百分点”应为: the wrong figure a correction quotes
            continue
        value = ent._.value
        sentence = p.sentence(ent.start_char, ent.end_char)
        measure, subject = _measure(rules, p, ent)
        subject = _nationality(mentions, p, ent) or subject  # 乌兹别克斯坦公民在俄…中约占四成
        subject = _respective(rules, p, ent) or subject  # 美、日、韩分别占30%、25%和20%
        subject = _market(rules, p, ent) or subject  # 美國是越南最大出口市場，約吸納…30%
        subject = _named_beside(rules, p, ent) or subject  # 俄罗斯（约20%）, 佔37％的美國
        subject = _depended_on(rules, p, ent) or subject  # 对华依赖度更高达八成
        subject = subject or _stand_in(mentions, p, ent)  # 美军约占参演总兵力的四成
        if subject is None and last is not None:
            subject = _same_share(rules, p, last, ent)  # 占…的40%以上；…这一比例降至约8%
        if subject is not None:
            last = (ent.end_char, subject)
        approx = value["approx"] or _approx_before(rules, p, ent)
        if approx is None and p.norm[listed[0] : ent.start_char] in LIST_JOINERS:
            approx = listed[1]  # 約為36.2%、34.6%及22.1%: the qualifier of the whole list
        of_list = value["approx"] is None or p.norm.startswith(QUALIFIED_COPULAS, ent.start_char)
        listed = (ent.end_char, approx if of_list else None)  # 约占三成、两成: both
        period = _change_period(rules, p, ent)
        events.append(
            event(
                "percentage",
                ent.start_char,
                ent.end_char,
                sentence,
                {
                    "value": value["value"],
                    "high": value["high"],
                    "approx": approx,
                    "unit": value["unit"],
                    "measure": measure,
                    "subject": subject,
                    "change": period,
                },
            )
        )
    return events


def _same_share(rules: EventRules, p: Passage, last: tuple[int, str], ent: Span) -> str | None:
    """The subject of the value just before, when this one is what that share or figure
    became (俄罗斯管道气占欧盟天然气进口的40%以上；2023年这一比例降至约8%: a word of
    became_words right before it) or the next in a list with it (中國掌控全球約6成的稀土開採，
    以及近9成的…: not values given respectively, 分别), at most SAME_SHARE_REACH characters
    after that value, and no state between the two; or the value it is compared with
    (…的48%，较2023年的55%下降: compared_value_before), with no other state between."""
    end, subject = last
    if ent.start_char - end > SAME_SHARE_REACH:
        return None
    between = p.states.within(end, ent.start_char)
    compared = rules.compared_value_before.search(p.norm, end, ent.start_char)
    if compared and p.starts_word(compared.start()):  # not the 比 of 赞比亚
        return subject if all(s.kb_id_ == subject for s in between) else None
    if between:
        return None
    near = max(end, ent.start_char - 4)
    became = rules.became_before.search(p.norm, near, ent.start_char)
    joined = rules.joined_share_before.search(p.norm, near, ent.start_char)
    sentence = p.sentences.around(ent.start_char)
    if joined and rules.respectively in p.norm[sentence[0] : ent.start_char]:
        joined = None
    return subject if became or joined else None


def _named_beside(rules: EventRules, p: Passage, ent: Span) -> str | None:
    """与俄罗斯（约20%）大体相当: a value in brackets right after a state is that state's;
    首度超越占18.6%的俄羅斯, 僅次於佔37％的美國: so is a share held (占 right before the value)
    by the state right after it and 的."""
    before = p.states.within(max(0, ent.start_char - BESIDE_REACH), ent.start_char)
    if before and p.norm[before[-1].end_char : ent.start_char] in ("（", "("):
        return str(before[-1].kb_id_)
    after = ent.end_char + 1
    if p.norm.startswith("的", ent.end_char) and rules.share.search(
        p.norm, max(0, ent.start_char - 1), ent.start_char
    ):
        state = p.states.first_inside(after, after + BESIDE_REACH)
        if state is not None and state.start_char == after:
            return str(state.kb_id_)
    return None


def _market(rules: EventRules, p: Passage, ent: Span) -> str | None:
    """美國是越南最大出口市場，去年約吸納越南出口的30%: the state that opens the clause
    before the share's in its sentence, as its market, source or partner, unless the share's
    clause names a partner of its own (去年對美出口占…, 約八成輸往中國)."""
    low, high = p.clauses.around(ent.start_char)
    if low <= p.sentence(ent.start_char, ent.end_char)[0] or any(
        is_object(rules, p, e) for e in p.states.within(low, high)
    ):
        return None
    before = p.clauses.around(low - 1)
    first = next(iter(p.states.within(*before)), None)
    if first is None or first.start_char != before[0]:
        return None
    return first.kb_id_ if rules.market_clause.match(p.norm, first.end_char, low) else None


def _depended_on(rules: EventRules, p: Passage, ent: Span) -> str | None:
    """光伏组件对华依赖度更高达八成, 朝鲜对华贸易依存度超九成八: the state depended on, right
    after 对 and before a word of dependence in the share's clause before it."""
    low = p.clauses.around(ent.start_char)[0]
    for state in reversed(p.states.within(low, ent.start_char)):
        if p.norm[state.start_char - 1 : state.start_char] in rules.dependence_before and (
            rules.dependence_after.match(p.norm, state.end_char)
        ):
            return str(state.kb_id_)
    return None


def _stand_in(mentions: EventMentions, p: Passage, ent: Span) -> str | None:
    """美军约占参演总兵力的四成: the state of the last armed force or leader named before a
    share in its clause (`Arguments.stands_for`), when no state is its subject; in the clause
    before, when the share's clause opens with its verb (其中美军约1.4万人，约占…的45%)."""
    stands_for = mentions.args.stands_for
    for low, high in _before_share(p, ent):
        found = [
            stands_for[e.kb_id_]
            for e in p.mentions.within(low, high)
            if e.kb_id_ in stands_for and not is_object(mentions.rules, p, e)
        ]
        if found:
            return found[-1]
    return None


def _before_share(p: Passage, ent: Span) -> list[tuple[int, int]]:
    """Where a share's subject may stand: its clause before it, then the clause before when
    the share's clause opens with its verb (其中美军约1.4万人，约占…的45%)."""
    clause = p.clauses.around(ent.start_char)
    spans = [(clause[0], ent.start_char)]
    if clause[0] > p.sentences.around(ent.start_char)[0] and OPENS_WITH_SHARE.match(
        p.norm, clause[0]
    ):
        spans.append((p.clauses.around(clause[0] - 1)[0], clause[0]))
    return spans


def _nationality(mentions: EventMentions, p: Passage, ent: Span) -> str | None:
    """The state of a share of people or ships of one nationality: a state's name before a
    nationality word before it (中国籍船舶约占28%, 其中中国游客约673万人次，占比约19%; not
    外国籍; before the share's 占: not 占英国货物贸易总额), or right after 为 or 是 after it
    (其中近三分之二为荷兰公民)."""
    rules, args = mentions.rules, mentions.args
    for low, high in _before_share(p, ent):
        share_verb = rules.share.search(p.norm, low, high)  # …占英国货物贸易总额: what it is of
        until = share_verb.start() if share_verb else high
        before = [
            args.state_names[m[0]]
            for m in args.state_name.finditer(p.norm, low, until)
            if rules.nationality.match(p.norm, m.end())
        ]
        if before:
            return before[-1]
    clause = p.clauses.around(ent.start_char)
    after = ent.end_char + 1
    if p.norm[ent.end_char : after] not in ("为", "是"):
        return None
    state = next((e for e in p.states.within(after, clause[1]) if e.start_char == after), None)
    return state.kb_id_ if state and rules.nationality.match(p.norm, state.end_char) else None


def _respective(rules: EventRules, p: Passage, ent: Span) -> str | None:
    """美国、日本和韩国分别占30%、25%和20%: as many states before 分别 as values after it in
    the clause, each value its state's in order: the states listed right before it, joined
    by 、 or a conjunction, owners or partners of a flow alike (对土耳其、俄罗斯贸易分别占
    14.7%和10.8%, 吉爾吉斯與烏茲別克分別占…), in the clause before when 分别 opens its own
    (主要對象為印度、中國與埃及，分別占其出口的34%、21%與7.5%); else the owners, when as many."""
    clause = p.clauses.around(ent.start_char)
    at = p.norm.find(rules.respectively, clause[0], ent.start_char)
    if at < 0:
        return None
    values = [
        e.start_char
        for e in p.mentions.within(at, clause[1])
        if e.label_ == "PERCENT" and e._.value
    ]
    if len(values) < 2 or ent.start_char not in values:
        return None
    listed = p.states.within(clause[0], at)
    if not listed and clause[0] > 0:
        listed = p.states.within(p.clauses.around(clause[0] - 1)[0], clause[0])
    run = listed[-len(values) :]  # the list right before: 印度、中國與埃及
    if len(run) == len(values) and all(
        p.norm[x.end_char : y.start_char] in LIST_JOINERS for x, y in pairwise(run)
    ):
        return run[values.index(ent.start_char)].kb_id_
    owners = [e for e in listed if not is_object(rules, p, e)]
    states = owners if len(owners) == len(values) else None
    return states[values.index(ent.start_char)].kb_id_ if states else None


def _approx_before(rules: EventRules, p: Passage, ent: Span) -> str | None:
    """约占…两成, 近…三分之一: the qualifier stands before the share verb; else 约有三分之二,
    不足其国防预算的1%: a qualifier (`qualifiers_before`) as a word of its own before the value
    in its clause, within QUALIFIER_REACH characters, not inside another value and with no
    other quantity between (not 约 of 约1830亿元…的六成)."""
    clause = p.clauses.around(ent.start_char)
    shares = list(rules.share.finditer(p.norm, clause[0], ent.start_char))
    if shares:
        m = rules.approx_before.search(p.norm, clause[0], shares[-1].start())
        if m:
            return str(rules.data["approx_before"][m[0]])
    low = max(clause[0], ent.start_char - QUALIFIER_REACH)
    found = [
        m
        for m in rules.qualifier_before.finditer(p.norm, low, ent.start_char)
        if p.starts_word(m.start())
        and p.starts_word(m.end())  # not 約 of 約定以各五成
        and not p.mentions.any_within(m.start(), m.end())
    ]
    if not found:
        return None
    between = p.mentions.within(found[-1].end(), ent.start_char)
    if any(e.label_ in QUANTITIES for e in between):
        return None
    return str(rules.data["qualifiers_before"][found[-1][0]])


def _change_period(rules: EventRules, p: Passage, ent: Span) -> str | None:
    """同比 (year on year) or 环比 (on the previous period) before a change: what kind
    of change the percentage is; null for a share or a change without one."""
    clause = p.clauses.around(ent.start_char)
    found = [m[0] for m in rules.period.finditer(p.norm, clause[0], ent.start_char)]
    return rules.data["change_periods"][found[-1]] if found else None


def _measure(rules: EventRules, p: Passage, ent: Span) -> Measured:
    """What a percentage measures and whose it is; in a table row without a subject
    of its own, the state heading its column."""
    measure, subject = measure_in_text(rules, p, ent)
    subject = (
        _flow_partner(rules, p, ent)
        or _source_before(rules, p, ent)
        or _within_owner(rules, p, ent)
        or subject
    )
    line_start = p.line_start(ent.start_char)
    if subject is None and line_start > 0:
        subject = p.column_state(ent, line_start)
    return measure, subject


def _flow_partner(rules: EventRules, p: Passage, ent: Span) -> str | None:
    """64%来自美国, 近三分之二流向巴基斯坦: the state a share comes from or goes to, named
    right after the flow word in the percentage's clause."""
    clause_end = p.clauses.around(ent.start_char)[1]
    flow = rules.flow_after.match(p.norm[ent.end_char : clause_end])
    if flow is None:
        return None
    after = ent.end_char + flow.end()
    state = p.states.first_inside(after, clause_end)
    return state.kb_id_ if state is not None and state.start_char == after else None


def _source_before(rules: EventRules, p: Passage, ent: Span) -> str | None:
    """來自俄羅斯的比重約為四成, 自泰国进口的份额降至57%: the state a share comes from,
    named before it in its clause after 来自/自/从, a share word between it and the value."""
    clause = p.clauses.around(ent.start_char)
    for state in reversed(p.states.within(clause[0], ent.start_char)):
        before = p.norm[max(clause[0], state.start_char - 2) : state.start_char]
        after = p.norm[state.end_char : ent.start_char]
        if rules.source_before.search(before) and rules.source_share_after.match(after):
            return str(state.kb_id_)
    return None


def _within_owner(rules: EventRules, p: Passage, ent: Span) -> str | None:
    """中国在土库曼斯坦天然气出口中的占比, 越南榴莲在中国进口榴莲中的份额: the state right
    before the 在 of a share in something, or a few characters before it (越南榴莲在); when
    the clause opens with that 在 (日本对菲律宾的援助…，在菲律宾所获全部外援中约占三分之一),
    the state that opens the sentence's clause before, its topic."""
    clause = p.clauses.around(ent.start_char)
    within = rules.share_within.search(p.norm, clause[0], ent.start_char)
    if within is None:
        return None
    before = [e for e in p.states.within(clause[0], within.start()) if not is_object(rules, p, e)]
    if before and within.start() - before[-1].end_char <= WITHIN_OWNER_REACH:
        return before[-1].kb_id_
    if within.start() == clause[0] and clause[0] > p.sentences.around(ent.start_char)[0]:
        topic = p.clauses.around(clause[0] - 1)
        first = next(iter(p.states.within(*topic)), None)
        if first is not None and first.start_char == topic[0]:
            return first.kb_id_
    return None
