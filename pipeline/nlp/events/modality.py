"""Whether an unnamed event is only supposed: said in a condition or a question (如果俄朝
今后也举行联合军演, 俄罗斯会不会与朝鲜举行联合军演, 若兩國再簽署…協定, 俄朝会举行联合军演吗？)
or not ruled out (不排除两国…举行联合演习). Such a drill or agreement is talked about, not held
or made: no event. A named one stays one (如果《南海行为准则》明年仍难完成: the code exists)."""

from __future__ import annotations

from pipeline.nlp.events.passage import Passage
from pipeline.nlp.events.rules import EventRules


def supposed(rules: EventRules, p: Passage, at: int) -> bool:
    """Whether the sentence of the unnamed event at `at` supposes it: a condition or a
    question word before it (如果, 假如, 会不会, 是否, 不排除 …), or a question mark ending it
    after 吗 (…举行联合军演吗？)."""
    start, end = p.sentences.around(at)
    if p.search(rules.supposition, start, at):
        return True
    return rules.question_end.search(p.norm, at, end) is not None


def conditioned(rules: EventRules, p: Passage, at: int) -> bool:
    """Whether the act at `at` is supposed by a condition: its clause, or the clause before
    it in its sentence, opens with a condition word (若聯合國制裁恢復，將退出「…」)."""
    clause = p.clauses.around(at)
    opens = [clause[0]]
    if clause[0] > p.sentences.around(at)[0]:
        opens.append(p.clauses.around(clause[0] - 1)[0])
    return any(rules.condition_opening.match(p.norm, start) for start in opens)
