"""Civil drills, rehearsals and shows (消防演练, 萬安演習, 跨部門演習, 彩排): no military
exercise, unless armed services or two states hold them together."""

from __future__ import annotations

from pipeline.nlp.events.passage import Passage
from pipeline.nlp.events.rules import EventRules


def civil_drill(
    rules: EventRules,
    p: Passage,
    at: int,
    before: str,
    spans: tuple[tuple[int, int], tuple[int, int]],
) -> bool:
    """Whether the exercise word at `at` (`before`: the words before it in its clause;
    `spans`: its clause and sentence) names a civil drill: after a civil drill word, or with
    a civil topic in its words — not when an armed service holds it in its clause (空军…疏散的
    战备演练, 海上自卫队与俄太平洋舰队…举行…海上搜救联合演习), nor a joint rescue (rescue_topics)
    of armed services or of two states named in its sentence (敦睦支隊…，離港後與帛琉…舉行
    海上聯合搜救演練, 中越双方将…举行海上联合搜救演练)."""
    clause, sentence = spans
    if rules.civil_drill_word.search(before):
        return True
    if not rules.civil_topic.search(before):
        return False
    return not joint_rescue(rules, p, before, sentence) and not p.search(
        rules.armed_service, clause[0], at
    )


def joint_rescue(rules: EventRules, p: Passage, words: str, sentence: tuple[int, int]) -> bool:
    """Whether an exercise's words (`words`) say a joint rescue (rescue_topics) of armed
    services (a service's word or an armed force named: 驻澳门部队) or of two states named in
    its sentence (中俄联合搜救演练): a military exercise."""
    return bool(
        "联合" in words
        and rules.rescue_topic.search(words)
        and (
            p.search(rules.armed_service, *sentence)
            or armed_force_in(rules, p, sentence)
            or p.search(rules.group, *sentence)
            or len({e.kb_id_ for e in p.states.within(*sentence)}) > 1
        )
    )


def civil_name(rules: EventRules, norm: str, start: int) -> bool:
    """Whether the anchor at `start`, past an opening bracket, is a civil-defence or
    government drill's name (civil_drill_names: 萬安47號, “乙支演习)."""
    return bool(rules.civil_drill_name.match(norm, start + (norm[start] in rules.open_brackets)))


def armed_force_in(rules: EventRules, p: Passage, span: tuple[int, int]) -> bool:
    """Whether an armed force the gazetteer knows (解放军, 驻澳门部队, 自卫队 …) is named in
    `span`: a military actor, whatever words surround it."""
    return any(e.kb_id_ in rules.armed_forces for e in p.mentions.within(*span))
