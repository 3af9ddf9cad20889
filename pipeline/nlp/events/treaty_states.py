"""Where the words of an agreement with no brackets start, by the states before them: a
partner of the verb is left out (批准與美國防衛合作協定), two states joined as the formal
name joins them are kept (中华人民共和国政府和日本国政府渔业协定)."""

from __future__ import annotations

from pipeline.nlp.events.passage import Passage
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
