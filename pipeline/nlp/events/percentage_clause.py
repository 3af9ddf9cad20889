"""How a percentage's clause says what it measures and whose it is: X占Y的Z%, 出口占比83%,
較…增加Z%, X擁有…Z%的股權, a table cell and its row; a share of a trade flow is the
partner's (安哥拉对华出口占其出口总额的…)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span

from pipeline.nlp.events.passage import Passage, is_state
from pipeline.nlp.events.rules import EventRules

Measured = tuple[str | None, str | None]  # what a percentage measures, whose it is


@dataclass(frozen=True)
class ShareClause:
    """The clause of a percentage as its readings see it: the text before the value, the
    states named there."""

    p: Passage
    ent: Span
    span: tuple[int, int]
    before: str
    states: list[Span]

    @classmethod
    def of(cls, rules: EventRules, p: Passage, ent: Span) -> ShareClause:
        """`states`: those that can be whose the percentage is (not 华 of 对华出口)."""
        span = p.clauses.around(ent.start_char)
        if span[0] > p.sentences.around(ent.start_char)[0] and not rules.share.search(
            p.norm, span[0], ent.start_char
        ):  # 對美出口佔…的比重，今年上半年已升至約三成: the share named in the clause before
            previous = p.clauses.around(span[0] - 1)
            if rules.share_topic_end.search(p.norm, previous[0], span[0] - 1):
                span = (previous[0], span[1])
        before = p.norm[span[0] : ent.start_char]
        states = [
            s
            for s in p.states.within(span[0], ent.start_char)
            if not (is_object(rules, p, s) or counted_in(rules, p, s))
        ]
        return cls(p, ent, span, before, states)


def is_object(rules: EventRules, p: Passage, mention: Span) -> bool:
    """A place after 对, 向, 自 … (对俄出口): part of what is measured, not whose it is."""
    return p.norm[mention.start_char - 1 : mention.start_char] in rules.measure_object_marks


def counted_in(rules: EventRules, p: Passage, mention: Span) -> bool:
    """A place counted in the one before it (中國大陸（含香港）): neither whose nor a partner."""
    start = mention.start_char
    return p.norm.endswith(rules.counted_in_marks, max(0, start - 3), start)


def measure_in_text(rules: EventRules, p: Passage, ent: Span) -> Measured:
    """X占Y的Z% → (Y, X); 較…增加Z% → (what increased, X); X擁有…Z%的股權 / Z%的股權
    屬於X → (股權, X); a table cell → its row; else no measure, the last state before, or
    with none, the partner of a flow before a word of share (對美出口比重則升至17.6%)."""
    clause = ShareClause.of(rules, p, ent)
    readings: tuple[Callable[[EventRules, ShareClause], Measured | None], ...] = (
        _share,
        _change,
        _held,
        _stated,
        _table_row,
    )
    for reading in readings:
        found = reading(rules, clause)
        if found is not None:
            return found
    if clause.states:
        return None, clause.states[-1].kb_id_
    noun = rules.share_noun.search(p.norm, clause.span[0], ent.start_char)  # 對美出口比重
    return None, _trade_partner(rules, clause, noun.start()) if noun else None


def _share(rules: EventRules, c: ShareClause) -> Measured | None:
    """X占Y的Z%: Y is the measure, X the subject; 出口占比83%: of the exports."""
    norm, text, start_of = c.p.norm, c.p.text, c.span[0]
    shares = list(rules.share.finditer(norm, start_of, c.ent.start_char))
    if not shares:
        return None
    share = shares[-1]
    flow = _trade_partner(rules, c, share.start())
    if norm.startswith(rules.own_whole, share.end()):  # 新加坡对华投资占全国总额
        flow = None  # the partner's own whole: the share is the other state's
    if norm.startswith("比", share.end()):  # 出口占比83%: of the exports
        named = c.p.mentions.within(start_of, share.start())
        start = max([start_of, *(e.end_char for e in named)])
        measure = text[start : share.start()].strip("的在对對 ") or None
        subject = next((e.kb_id_ for e in c.states if e.end_char <= share.start()), None)
        if subject is None and not c.states:  # 俄罗斯以…位居第二，占比为19.5%
            subject = _left_out(rules, c)
        whole = (start_of, share.start())
        return measure, flow or _partner(rules, c, share.start(), whole, subject)
    values_between = [  # 分别占30%、25%和20%: no measure, not the values before
        e.start_char
        for e in c.p.mentions.within(share.end(), c.ent.start_char)
        if e.label_ == "PERCENT"
    ]
    until = values_between[0] if values_between else c.ent.start_char
    measure = re.split(r"[\s，,；;]", norm[share.end() : until], maxsplit=1)[0].rstrip("的")
    noun = rules.share_noun.search(measure)  # 占总出口比重降至, 占我国出口总额的比重，
    if noun and (noun.end() < len(measure) or measure.endswith("的", 0, noun.start())):
        measure = measure[: noun.start()].rstrip("的")  # not 蒙古出口額及比例 (a caption's)
    measure_start = share.end()
    previous_start = c.p.clauses.around(start_of - 1)[0]
    if not measure and norm[previous_start : start_of - 1].endswith("中"):
        # 在蒙古的外國投資中，中國占30%: what it is a share of is the 中 phrase
        within = norm[previous_start : start_of - 2]
        cut = max(within.rfind("的") + 1, 1 if within.startswith("在") else 0)
        measure_start, measure = previous_start + cut, within[cut:]
    subject = flow or next(
        (e.kb_id_ for e in reversed(c.states) if e.end_char <= share.start()), None
    )
    if subject is None and not c.states:  # …增长21%，占全球…的43%; 美國是…排放國，排放量約佔
        subject = _left_out(rules, c)  # 全球總量的11%: the subject left out
    if subject is None and measure.startswith("其"):  # its: the state named before
        sentence = c.p.sentences.around(c.ent.start_char)
        earlier = c.p.states.within(sentence[0], share.start())
        subject = earlier[-1].kb_id_ if earlier else None
    if not flow:
        whole = (measure_start, measure_start + len(measure))
        subject = _partner(rules, c, share.start(), whole, subject)
    return text[measure_start : measure_start + len(measure)] or None, subject


def _left_out(rules: EventRules, c: ShareClause) -> str | None:
    """The subject a clause leaves out: the first state (no object) of the clause before it
    (其中中国游客约673万人次，占外国游客总数的近两成; 土耳其是阿塞拜疆重要贸易伙伴，占阿…),
    else of its sentence before it; of a pair's trade (朝俄贸易额…，但占比…), the partner."""
    sentence = c.p.sentences.around(c.ent.start_char)
    spans = [(sentence[0], c.span[0])]
    if c.span[0] > sentence[0]:
        spans.insert(0, (c.p.clauses.around(c.span[0] - 1)[0], c.span[0]))
    norm = c.p.norm
    for low, high in spans:
        states = c.p.states.within(low, high)
        at = next((i for i, e in enumerate(states) if not is_object(rules, c.p, e)), None)
        if at is None:
            continue
        paired = states[at + 1] if at + 1 < len(states) else None
        if (  # 朝俄贸易额…，但占比仍不足3%: the partner's
            paired is not None
            and paired.start_char == states[at].end_char
            and norm.startswith(rules.pair_trade, paired.end_char)
        ):
            return paired.kb_id_
        return states[at].kb_id_
    return None


def _partner(
    rules: EventRules, c: ShareClause, share_start: int, whole: tuple[int, int], subject: str | None
) -> str | None:
    """中哈贸易约占哈外贸总额的五分之一, 自华进口占越南进口总额的三分之一, 俄羅斯…在印度
    武器進口中的占比: a share of a state's trade flow (its imports, exports, trade) that
    the reading gave to that state is its partner's: the other state of the clause, else
    the sentence's first state that is no object."""
    norm = c.p.norm
    inside = c.p.states.first_inside(*whole)
    owner = (
        inside.kb_id_
        if inside
        else next(  # 哈外贸总额 after 中哈贸易: 哈 said again
            (
                e.kb_id_
                for e in c.states
                if e.kb_id_ == subject and norm.startswith(e.text, whole[0])
            ),
            None,
        )
    )
    if owner is None or subject not in (None, owner) or not rules.trade_whole.search(norm, *whole):
        return subject
    others = [e.kb_id_ for e in c.states if e.end_char <= share_start and e.kb_id_ != owner]
    if others:
        return others[-1]
    sentence = c.p.sentences.around(c.ent.start_char)
    topics = [
        e.kb_id_
        for e in c.p.states.within(sentence[0], share_start)
        if e.kb_id_ != owner and not is_object(rules, c.p, e)
    ]
    return topics[0] if topics else subject


def _trade_partner(rules: EventRules, c: ShareClause, share_start: int) -> str | None:
    """安哥拉对华出口占其出口总额的…, 其中對華出口…，佔出口總額比重降至19.7%, 自越南进口…占
    总进口量近8成: the share of a trade flow is its partner's, the last state after 对/向/自
    before the share word, in its clause when the clause names whose the share is (随着中国对
    蒙古国投资增长，中国投资约占…的三成: 中国), else in the sentence."""
    own = any(e.end_char <= share_start for e in c.states)
    low = c.span[0] if own else c.p.sentences.around(c.ent.start_char)[0]
    partners = [
        e
        for e in c.p.states.within(low, share_start)
        if is_object(rules, c.p, e) and not counted_in(rules, c.p, e)
    ]
    return partners[-1].kb_id_ if partners else None


def _change(rules: EventRules, c: ShareClause) -> Measured | None:
    """蒙古2016年出口較2015年增加5% → (出口, MNG): the measure ends at the comparison, or
    at the change word (中国对俄出口增长20% → 对俄出口)."""
    before = c.before
    change = rules.change.search(before, max(0, len(before) - 6)) if before else None
    if change is None or before.startswith(rules.rate_suffix, change.end()):
        return None  # 增长率为…: a rate stated, no change
    compared = rules.period.search(before) or rules.compared.search(before)
    end = c.span[0] + (compared.start() if compared else change.start())
    return _up_to(rules, c, end)


def _up_to(rules: EventRules, c: ShareClause, end: int) -> Measured:
    """The measure that ends at `end`, from the clause's start or the last name before it
    (a place after 对 stays in it: 对俄出口), with no copula word at its end (增长率为);
    whose: the last state of the clause."""
    named = [e for e in c.p.mentions.within(c.span[0], end) if not is_object(rules, c.p, e)]
    start = max([c.span[0], *(e.end_char for e in named)])
    text = c.p.text[start:end]
    measure = text.strip("的在 ")
    copula = rules.trailing_copula.search(measure)
    lead = len(text) - len(text.lstrip("的在 "))
    if copula and c.p.starts_word(start + lead + copula.start()):
        measure = measure[: copula.start()]
    return measure or None, (c.states[-1].kb_id_ if c.states else None)


def _stated(rules: EventRules, c: ShareClause) -> Measured | None:
    """全年人口出生率为6.77‰ → (人口出生率, None): what a copula word right before the value
    links it to (not the 为 of 认为)."""
    copula = rules.trailing_copula.search(c.before.rstrip())
    if copula is None or not c.p.starts_word(c.span[0] + copula.start()):
        return None
    return _up_to(rules, c, c.span[0] + copula.start())


def _held(rules: EventRules, c: ShareClause) -> Measured | None:
    """50%的股權屬於前蘇聯, 98%之債務, 0.2%的通道費: the thing held is the measure, its
    owner (after 属于) or its holder (a verb before) the subject."""
    held = rules.held.match(c.p.norm, c.ent.end_char)
    if not held:
        return None
    after = c.p.mentions.within(held.end(), c.span[1])
    owner = next((e.kb_id_ for e in after if is_state(e)), None)
    if not held["owned_by"]:
        owner = None
    holder = rules.holder.search(c.before)
    if owner is None and holder:
        owner = next(
            (e.kb_id_ for e in reversed(c.states) if e.end_char <= c.span[0] + holder.start()),
            None,
        )
    return c.p.text[held.start("what") : held.end("what")], owner


def _table_row(rules: EventRules, c: ShareClause) -> Measured | None:
    """A table row: its first cell (農業：33.6% → 農業), its state."""
    line_start = c.p.line_start(c.ent.start_char)
    if line_start <= 0:
        return None
    cells = c.p.text[max(line_start, c.span[0]) : c.ent.start_char].strip()
    row = re.split(r"\s", cells, maxsplit=1)[0].rstrip("：:")
    row_states = [e.kb_id_ for e in c.states if e.start_char >= line_start]
    measure = (row or None) if not row[:1].isdigit() else None
    return measure, (row_states[-1] if row_states else None)
