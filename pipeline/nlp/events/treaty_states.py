"""Agreements and the states that name them: where the words of an agreement with no
brackets start, by the states before them (a partner of the verb is left out:
批准與美國防衛合作協定; two states joined as the formal name joins them are kept:
中华人民共和国政府和日本国政府渔业协定), whether two states joined name one without a verb
(中国—塞尔维亚自由贸易协定), and which capitals act for their states (莫斯科与埃里温签署)."""

from __future__ import annotations

from spacy.tokens import Span

from pipeline.nlp.events.passage import Passage, is_state
from pipeline.nlp.events.rules import EventRules

STATE_NAME_REACH = 16  # the longest state's name looked for on either side of 和


def past_partner(rules: EventRules, p: Passage, start: int, form_start: int) -> int:
    """Where an unnamed agreement's words start once a state named as the partner of the
    verb before them is left out (批准與美國防衛合作協定: 美國 is who it is made with; not
    中國政府和日本國政府…協定, where 和 joins the name's own states)."""
    partner = p.states.first_inside(start, form_start)
    if (
        partner
        and partner.start_char == start
        and p.norm[start - 1 : start] in rules.partner_before_set
        and any(m.end() == start - 1 for m in rules.action.finditer(p.norm, start - 5, start - 1))
    ):
        return partner.end_char
    return start


def joined_states_start(rules: EventRules, p: Passage, start: int) -> int:
    """Where an agreement's words start when they open with the second of two states joined
    by 和 or 与 as a formal name joins them, the first followed by its government or the
    second by its government or 间 (中华人民共和国政府和日本国政府渔业协定, 中華民國與日本國間
    和平條約): at the first state, not at the conjunction; else `start` (南非與以色列均為公約
    締約國: two states, no name)."""
    second = p.states.first_inside(start, start + STATE_NAME_REACH)
    if second is None or second.start_char != start or start < 2:
        return start
    if p.norm[start - 1] not in rules.partner_before_set:
        return start
    end = start - 1
    government = next((w for w in rules.state_governments if p.norm.endswith(w, 0, end)), "")
    end -= len(government)
    formal = government or p.norm.startswith(rules.between_states, second.end_char)
    first = [s for s in p.states.within(max(0, end - STATE_NAME_REACH), end) if s.end_char == end]
    return first[-1].start_char if first and formal else start


def of_states(rules: EventRules, p: Passage, start: int) -> bool:
    """A qualifier that opens with two states joined by a dash or a conjunction (中国—塞尔维亚
    自由贸易协定; a union of states as one: 歐亞經濟聯盟—伊朗自貿協定), or follows them and
    的 or 之 (以色列與黎巴嫩的停火協議): the agreement of those states, a name even with no
    verb."""
    clause = p.clauses.around(start)
    opening = [  # the union opens the name; not 歐盟與印度的自貿協定談判 (talks of no name)
        e
        for e in p.mentions.within(start, clause[1])
        if is_state(e) or (e.label_ == "ORG" and e.kb_id_)
    ]
    after = opening[:2]
    before = p.states.within(clause[0], start)[-2:]
    return any(
        len(states) == 2
        and p.norm[states[0].end_char : states[1].start_char] in rules.joiners
        and (
            states[0].start_char == start
            if states is after
            else states[1].end_char == start - 1 and p.norm[start - 1] in "的之"
        )
        for states in (after, before)
    )


def acting_capital(rules: EventRules, norm: str, e: Span) -> str | None:
    """The state of a capital coordinated with another actor (莫斯科与华盛顿签署…), not
    of one where something is done (在北京与…)."""
    state = rules.capitals.get(e.kb_id_)
    if state is None or norm[e.start_char - 1 : e.start_char] in rules.capital_places_before:
        return None
    joined = {norm[e.end_char : e.end_char + 1], norm[e.start_char - 1 : e.start_char]}
    return state if joined & rules.capital_joiners else None
