"""Who takes part in an exercise: the states of its anchor's clause, else of its sentence
(a host clause before it adds its own: 由美国海军主导，日本…等29国参加的…), else of the
sentence before; those who hold the exercise series (held_by), or a state's own units
(第76集团军某旅); in a table of exercises, the states of the row's participants column.
States named only as places (在台灣周邊舉行) or that leave it (退出) are none."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pipeline.nlp.events.passage import Passage, is_state
from pipeline.nlp.events.rules import EventRules
from pipeline.nlp.events.stance import places_only, stance_takers

if TYPE_CHECKING:
    from spacy.tokens import Span

    from pipeline.nlp.events.component import EventMentions

PARTNER_CHARS = "与和同跟及、"  # before a state named as a partner, or joined to one
PARTNER_MARKS = re.compile(
    f"[{PARTNER_CHARS}]"
)  # a partner named with a place: 在…與立陶宛陸軍舉行
NOT_HOLDER_BEFORE = tuple(PARTNER_CHARS + "对")  # a partner, one joined to it, one visited
PARTNER_BEFORE = re.compile("[与同跟]")  # 离港后与新加坡海军舰艇进行: the one who holds it unsaid
LOCAL_PARTNER = re.compile("[与和同跟](?:当地|东道国|驻在国)")  # 在千里達及托巴哥與當地國防軍


def participants_of(
    mentions: EventMentions, p: Passage, start: int, end: int, kb_id: str | None
) -> list[str]:
    """The participants of the exercise anchored at [start, end) (`kb_id`: its gazetteer
    id, if it has one)."""
    rules, norm = mentions.rules, p.norm
    cells = p.table_cells.get(start, {})
    host = {e.kb_id_ for e in p.states.within(*cells.get("caption", (0, 0)))}
    host = host if len(host) == 1 else set()  # 表1　沙烏地阿拉伯與外軍主要雙邊演習: every row's
    if "participants" in cells:  # 銀箭2017　2017　拉脫維亞　拉脫維亞、加拿大、美國等
        return sorted(host | {e.kb_id_ for e in p.states.within(*cells["participants"])})
    if "place" in cells:  # 「藍色洪圭」　1997年4月　辛巴威　南部非洲發展共同體: held there
        line = p.line_start(start), p.norm.find("\n", start)
        return sorted(
            {e.kb_id_ for e in p.states.within(line[0], line[1] if line[1] >= 0 else len(p.norm))}
            - {e.kb_id_ for e in p.states.within(*cells["place"])}
        )
    sentence = p.sentence(start, end)
    clause = p.clauses.around(start)
    participants = participants_in(mentions, p, start, end, clause)  # 共軍…，國軍已將…: its own
    if partner_mark(mentions, p, start, participants):  # 中国海军…，离港后与新加坡海军…进行了
        unit = unit_state(rules, p, sentence)  # 敦睦支隊…，離港後與帛琉…舉行
        holders = _holders(mentions, p, sentence) + ([unit[0]] if unit else [])
        participants = sorted({*participants, *holders})
    if participants:  # 日韓戰機赴阿拉斯加，參加美軍「紅旗」年度空戰演習
        joining = _joining(mentions, p, (start, end), clause, sentence)
        participants = sorted({*participants, *joining})
    if not participants and unit_state(rules, p, clause) is not None:
        return []  # 濟南軍區…實施…演習，…與韓美演習…: the unit's state (`exercise.find`)
    if not participants:
        participants = participants_in(mentions, p, start, end, sentence)
        # one state's series whose clause names no state, in a sentence naming others, is
        # that state's (共軍…「聯合利劍」，國防部今年「漢光41號」兵推: Taiwan)
        holders = mentions.held_by.get(kb_id or "", [])
        if len(holders) == 1 and participants and holders[0] not in participants:
            return list(holders)
    if clause[0] > sentence[0]:  # 由美国海军主导，日本…等29国参加的“环太平洋-2024”
        host = p.clauses.around(clause[0] - 1)
        if rules.host_clause.search(norm, *host):
            participants = sorted(
                {*participants, *participants_in(mentions, p, host[0], host[0], host)}
            )
    if not participants and unit_state(rules, p, sentence) is not None:
        return []  # a unit of the sentence's, not the states of the sentence before
    if not participants and sentence[0] > 0:  # 台湾军队特别忙。连续进行实战演习
        before = p.sentences.around(sentence[0] - 1)
        participants = participants_in(mentions, p, before[0], before[0], before)
    if not participants and kb_id in mentions.held_by:  # 國防部表示，漢光40號演習將…
        participants = list(mentions.held_by[kb_id])
    return participants


def partner_mark(
    mentions: EventMentions, p: Passage, start: int, participants: list[str]
) -> re.Match[str] | None:
    """The 与 after which the exercise's clause names all its participants, as partners,
    with no one before it (离港后与新加坡海军舰艇进行了…, 戚继光舰与文莱海军…进行), or None:
    who holds it with them is named elsewhere in the sentence, or is the home press's
    (`exercise.complete`)."""
    clause = p.clauses.around(start)
    mark = PARTNER_BEFORE.search(p.norm, clause[0], start)
    if mark is None or not participants:
        return None
    named = _actors(mentions, p, (clause[0], start))
    alone = all(e.start_char > mark.start() for e, _ in named) and set(participants) <= {
        state for _, states in named for state in states
    }
    return mark if alone else None


def home_partnered(
    mentions: EventMentions, p: Passage, start: int, participants: list[str]
) -> bool:
    """Whether the exercise's states are only partners and its sentence names no
    organisation before them that may hold it (美国海军“乔治·华盛顿”号航母…，将与阿根廷海军
    举行): then the home press's forces hold it (戚继光舰与文莱海军…进行, in 人民海军;
    `exercise.complete`)."""
    mark = partner_mark(mentions, p, start, participants)
    if mark is None:
        return False
    sentence = p.sentences.around(start)
    return not any(
        e.label_ == "ORG" and not e.kb_id_ for e in p.mentions.within(sentence[0], mark.start())
    )


def _actors(
    mentions: EventMentions, p: Passage, span: tuple[int, int]
) -> list[tuple[Span, list[str]]]:
    """The mentions in `span` that name states, with theirs: a state, one who stands for it
    (解放軍, 习近平) or a state's force the recognizer named (中国海军第48批护航编队)."""
    args = mentions.args
    named = []
    for e in p.mentions.within(*span):
        if is_state(e) or e.kb_id_ in args.stands_for:
            named.append((e, [args.stands_for.get(e.kb_id_, e.kb_id_)]))
        elif states := args.joint_force(p.norm, e):
            named.append((e, states))
    return named


def _joining(
    mentions: EventMentions,
    p: Passage,
    anchor: tuple[int, int],
    clause: tuple[int, int],
    sentence: tuple[int, int],
) -> set[str]:
    """The states that take part by a verb before the exercise's name in its clause (日本自卫队
    参加美澳“护身军刀”演习): those of the clause before the verb, not named as a place (美军将
    赴秘鲁参加), else who the sentence is about (中国军队还…，派员参加泰美联合主办的…); none
    when the verb is refused (印度宣布不派兵參加)."""
    rules, norm = mentions.rules, p.norm
    verb = rules.joining_before.search(norm, clause[0], anchor[0])
    if verb is None or rules.joining_refused.search(norm, max(0, verb.start() - 4), verb.start()):
        return set()
    stands_for = mentions.args.stands_for
    named = [e for e in p.mentions.within(clause[0], verb.start()) if e.kb_id_]
    subjects = {stands_for.get(e.kb_id_, e.kb_id_) for e in named if not _placed(rules, norm, e)}
    if not named and clause[0] > sentence[0]:
        subjects = set(_holders(mentions, p, (sentence[0], verb.start())))
    return subjects.intersection(participants_in(mentions, p, *anchor, sentence))


def _placed(rules: EventRules, norm: str, e: Span) -> bool:
    """Whether a mention is named as a place, an aim or a source (赴秘鲁, 针对伊朗)."""
    return bool(rules.place_before.search(norm, max(0, e.start_char - 3), e.start_char))


def _holders(mentions: EventMentions, p: Passage, sentence: tuple[int, int]) -> list[str]:
    """Who the sentence is about: its first state (or one who stands for it, or its force)
    not named as a partner or joined to one (马来西亚海军…刚与中国…，今年2月又与美国…:
    Malaysia), nor as a place or one visited (结束对阿尔及利亚友好访问的中国海军…编队: China),
    with those joined to it (中俄, 中国和俄罗斯)."""
    norm = p.norm
    named = _actors(mentions, p, sentence)
    first = next(
        (
            k
            for k, (e, _) in enumerate(named)
            if norm[e.start_char - 1 : e.start_char] not in NOT_HOLDER_BEFORE
            and not _placed(mentions.rules, norm, e)
        ),
        None,
    )
    if first is None:
        return []
    holders = [named[first]]
    for e, states in named[first + 1 :]:
        if norm[holders[-1][0].end_char : e.start_char] not in ("", "和", "及", "、"):
            break
        holders.append((e, states))
    return [state for _, states in holders for state in states]


def unit_state(rules: EventRules, p: Passage, sentence: tuple[int, int]) -> tuple[str, bool] | None:
    """The state whose own units the sentence names without it (第76集团军某旅, 陸軍第八軍團),
    and whether the unit is only one said again (该旅), which the press of another state's
    forces says of its own (青年日報: 該旅將返回湖口營區)."""
    for state, unit in rules.units_of_state.items():
        found = p.search(unit, *sentence)
        if found:
            return state, p.norm.startswith(rules.unit_said_again, found.start())
    return None


def participants_in(
    mentions: EventMentions, p: Passage, start: int, end: int, sentence: tuple[int, int]
) -> list[str]:
    """The parties of the anchor and its sentence, less those named only as places, those
    that leave it (塞爾維亞退出俄白「斯拉夫兄弟情-2020」軍演), react to it after it (…軍演登場
    俄羅斯不滿) or are what it rehearses against (模擬北韓特種部隊滲透)."""
    rules, args = mentions.rules, mentions.args
    places = _around_only(rules, args.stands_for, p, sentence)
    places |= places_only(rules, args.stands_for, p, sentence)
    places |= stance_takers(rules, rules.critic_verb, args.stands_for, p, sentence, start)
    places |= {e.kb_id_ for e in p.states.within(*sentence) if rules.left.match(p.norm, e.end_char)}
    places |= {  # …軍演登場　俄羅斯不滿: who reacts
        e.kb_id_
        for e in p.states.within(*sentence)
        if e.start_char >= end and rules.reacting_after.match(p.norm, e.end_char)
    }
    places |= {  # 模擬北韓…, 模擬共軍對我: what it rehearses against, a state or its forces
        args.stands_for.get(e.kb_id_, e.kb_id_)
        for e in p.mentions.within(*sentence)
        if e.kb_id_ and p.norm.endswith(rules.target_before, sentence[0], e.start_char)
    }
    places |= {  # 共軍…對台實施大規模軍演: what it is aimed at
        args.stands_for.get(e.kb_id_, e.kb_id_)
        for e in p.mentions.within(*sentence)
        if e.kb_id_
        and p.norm.endswith(rules.aimed_at_before, sentence[0], e.start_char)
        and rules.aimed_at.match(p.norm, e.end_char)
    }
    places |= _speaking_on(mentions, p, start, end)
    parties = args.parties(p, start, end, sentence, anywhere=True)
    return [party for party in parties if party not in places]


def _speaking_on(mentions: EventMentions, p: Passage, start: int, end: int) -> set[str]:
    """The states (or those who stand for them) before 就 in the exercise's clause when the
    clause says after it that they make a statement (美國國務院發言人就…「海峽雷霆-2025A」演習
    發表聲明, 外交部发言人就美韩联合军演答记者问): who speak about it."""
    rules, stands_for = mentions.rules, mentions.args.stands_for
    clause = p.clauses.around(start)
    on = p.norm.rfind(rules.statement_on, clause[0], start)
    if on < 0 or not rules.statement_after.match(p.norm, end, clause[1]):
        return set()
    return {
        stands_for.get(e.kb_id_, e.kb_id_) for e in p.mentions.within(clause[0], on) if e.kb_id_
    }


def _around_only(
    rules: EventRules, stands_for: dict[str, str], p: Passage, sentence: tuple[int, int]
) -> set[str]:
    """States named only in the place where the exercise is held (在台灣周邊舉行, 駐蒙蘇軍在
    蒙古東部舉行): the place, not a participant — when it is held around them, or when the
    sentence names a state or one who stands for it outside the place (who holds it:
    国家移民管理局…与吉尔吉斯斯坦…在中吉边境; not one named as a place itself, 駐蒙), no
    partner in the place's words (在年底前與立陶宛陸軍舉行) and no group word (兩軍在蒙古國
    境內: the host may be one of the two)."""
    m = p.search(rules.location, *sentence)
    if not m:
        return set()
    norm, states = p.norm, p.states.within(*sentence)
    place = range(m.start(1), m.end(1))
    inside = {e.kb_id_ for e in states if e.start_char in place}
    outside = {e.kb_id_ for e in states if e.start_char not in place}
    if rules.around.search(norm, m.start(1), m.end(1)):
        return inside - outside
    holders = {
        stands_for.get(e.kb_id_, e.kb_id_)
        for e in p.mentions.within(*sentence)
        if (is_state(e) or e.kb_id_ in stands_for)
        and e.start_char not in place
        and not rules.place_before.search(norm, max(sentence[0], e.start_char - 3), e.start_char)
    }
    if holders and not _partnered(p, place) and not p.search(rules.group, *sentence):
        return inside - holders
    return set()


def _partnered(p: Passage, place: range) -> bool:
    """Whether the place's words name a partner (在年底前與立陶宛陸軍舉行, 在南海与菲律宾举行)
    or the place's own forces (在千里達及托巴哥與當地國防軍舉行): a state after a partner mark
    that does not join it to a state before (正在羅馬尼亞、保加利亞和希臘進行: places all three)."""
    named = p.states.within(place.start, place.stop)
    ends = {e.end_char for e in named}
    return bool(LOCAL_PARTNER.search(p.norm, place.start, place.stop)) or any(
        PARTNER_MARKS.fullmatch(p.norm, e.start_char - 1, e.start_char)
        and e.start_char - 1 not in ends
        for e in named
    )
