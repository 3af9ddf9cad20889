"""Exercise words that speak of exercises in general, not of one held: habits (每年都舉行),
what an agreement allows, counts and statistics (共计11次, …演习中，…约占七成), denials
(而非演習), suppositions (如果…举行), trends (…演习日益机制化), and the lines that only
name topics (a table's caption, a paper's keywords or numbered section heading).
`exercise_anchors.unnamed` asks before it reads a word as a drill."""

from __future__ import annotations

import re

from pipeline.nlp.events.modality import supposed
from pipeline.nlp.events.passage import Passage
from pipeline.nlp.events.rules import EventRules
from pipeline.text.chars import CLAUSE_END


def in_general(
    rules: EventRules,
    p: Passage,
    m: re.Match[str],
    clause: tuple[int, int],
    sentence: tuple[int, int],
) -> bool:
    """Whether the exercise word at `m` (its clause and sentence given) speaks of exercises
    in general: 几乎每年都舉行大規模軍演, 容許…進行訓練及演習, 演習須提前通報, 共计11次, 而非演習,
    是指…演練 (a definition),
    表1　…, 關鍵詞：…, 三、…演習模式的轉變, or a statistic (`_a_share_of`, `_counted_in`)."""
    norm = p.norm
    return bool(
        rules.habitual.search(norm, *clause)
        or rules.allowed.search(norm, *clause)
        or rules.obligation_after.match(norm, m.end())  # 举行的军事演习须提前通报对方
        or p.search(rules.counted_exercises, *clause)  # 共计11次, 约70场
        or rules.not_an_exercise_before.search(norm, max(0, m.start() - 3), m.start())
        or rules.kind_before.search(norm, max(0, m.start() - 4), m.start())  # 此类演习
        or rules.topic_line.match(norm, p.line_start(m.start()))  # 表1　…, 關鍵詞：…
        or _a_share_of(rules, p, clause)  # 两国联合演习中…的科目占比由约15%升至三成
        or _counted_in(rules, p, m, sentence)  # 演習次數…, 舉行的演習中，…約佔七成
        or (p.is_headline and rules.section_heading.match(norm))  # 三、…演習模式的轉變
        or supposed(rules, p, m.start())  # 如果俄朝今后也举行联合军演: supposed, not held
        or p.search(rules.trend, m.end(), clause[1]) is not None  # 演习…明显增多: a trend
        or rules.definition.search(norm, clause[0], m.start()) is not None  # 是指…演练
    )


def _a_share_of(rules: EventRules, p: Passage, clause: tuple[int, int]) -> bool:
    """Whether a clause gives a share of exercises (…联合演习中涉及岛屿防卫的科目占比由约15%
    升至三成): a statistic about exercises in general."""
    shared = p.search(rules.share, *clause) or p.search(rules.statistic_after, *clause)
    return bool(shared) and any(e.label_ == "PERCENT" for e in p.mentions.within(*clause))


def _counted_in(rules: EventRules, p: Passage, m: re.Match[str], sentence: tuple[int, int]) -> bool:
    """Whether the exercise word at `m` is counted in a statistic: right before 次数, 比例 …
    (演習次數較前一年減少約三成, 演習的次數), or followed by 中 ending its clause in a
    sentence that gives a share (2015年瑞典参加的国际演习中，北约框架内者约占七成)."""
    if rules.statistic_after.match(p.norm, m.end() + p.norm.startswith("的", m.end())):
        return True
    closes = p.norm.startswith("中", m.end()) and CLAUSE_END.match(p.norm, m.end() + 1)
    return bool(closes) and _a_share_of(rules, p, (m.end(), sentence[1]))
