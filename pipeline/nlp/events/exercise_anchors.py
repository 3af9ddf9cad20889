"""Where a passage mentions an exercise: named ones (a bracketed name next to an exercise
word, an EVENT entity, a code name or a name with an edition without brackets) and
unnamed ones (an exercise word held by a verb in a military sentence), and the names or
series the document names said again elsewhere (found by `exercise_again.py`).
`exercise.py` reads their arguments."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from pipeline.nlp.events.exercise_civil import armed_force_in, civil_drill, civil_name, joint_rescue
from pipeline.nlp.events.exercise_general import in_general
from pipeline.nlp.events.exercise_names import (
    COORDINATED,
    after_force,
    exemplar,
    glossed_exercise,
    held_edition,
    listed_with,
    name_end,
    table_names,
)
from pipeline.nlp.events.passage import Cover, Passage, is_state
from pipeline.nlp.events.rules import EventRules
from pipeline.text.chars import CLAUSE_END

if TYPE_CHECKING:
    from pipeline.nlp.events.component import EventMentions

MAX_VERB_DISTANCE = 20  # characters from the verb that holds an unnamed exercise to it
MAX_OBJECT_DISTANCE = 60  # the same when the exercise heads a long modified object (…的演练)
Anchor = tuple[int, int, str, str | None]  # start, end, name, kb_id
LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")
CHARACTERISED_REACH = 14  # how far before a bracketed phrase its copula may stand
BODY_LABELS = frozenset({"ORG", "GPE", "NORP"})  # a bare name that is one of these is a body's
NAMED_AS = ("为名", "为代号")  # 以「戰士盾牌」為名: under the name of
ACRONYM_NAME = re.compile(r"\s*[（(][A-Z][A-Z0-9-]{2,11}[)）]")  # 两栖登陆演习（PHIBLEX）
# a mention's key, until the document completes it: its anchor is 该演习, 此次演习 …
ANAPHORIC_KEY = "_anaphoric"
OPENERS = frozenset("「『《“")  # the brackets that open a name or a quotation
# a mention's key, until the document completes it: an exercise word, no name
UNNAMED_KEY = "_unnamed"
EQUIPMENT_KEY = "_equipment"  # a note's key (doc._.event_notes): a weapon's name, normalized
JOINING_DASHES = frozenset("—–－")  # between two names an anchor takes together (东盟—俄罗斯)
MONTH_VALUE = re.compile(r"^[\dX]{4}-\d\d")  # a date's value that names its month


def named(mentions: EventMentions, p: Passage) -> list[Anchor]:
    """Named exercises: a bracketed name next to an exercise word (「邊防合作2025」聯合演練,
    聯合軍演「自由之刃」) or before a joint training (“雄鹰”空军联合训练), not of a civil
    drill (「天鴿」颱風演習), an EVENT entity of an exercise, a name without brackets."""
    rules, norm = mentions.rules, p.norm
    anchors: list[Anchor] = []
    for m in p.bracketed:
        at = name_end(rules, norm, m)
        after = norm[at : at + 16].replace("\n", "")[:12]
        clause_after = CLAUSE_END.split(after, 1)[0]
        named_after = (
            rules.word_before_name.search(norm, max(0, m.start() - 10), m.start())
            or rules.named_joint_training_before.search(norm, max(0, m.start() - 10), m.start())
        ) and not (
            rules.habitual.search(norm, max(0, m.start() - 8), m.start())
            or p.search(rules.speech, p.clauses.around(m.start())[0], m.start())  # 称该演习“…”
        )
        # 聯合軍演「自由之刃」, not 各種軍演「嚴重威脅區域和平」: a quotation after exercises
        if (
            (
                rules.not_exercise_name.search(m.group(1))
                and not glossed_exercise(rules, norm, m, at)
            )
            or rules.quoted_speech.match(m.group(1))
            or rules.quality.search(m.group(1))  # “防御性”演习, “北约化”的演习: what kind
            or rules.exercise_word.fullmatch(m.group(1).removeprefix("非"))  # 「演練」, 「非演習」
            or rules.label_before.search(norm, max(0, m.start() - 4), m.start())  # 被称为“…”
            or _characterised(rules, p, m)  # 批评此类演习是“侵略战争演习”
            or rules.frame_after.match(norm, at)  # “军事中立”下的, “大西洋决心”框架下的: a frame
            or norm.startswith(rules.not_an_exercise, at)  # 「突擊戰備檢查」而非演習
            or rules.authority_before.search(norm, max(0, m.start() - 3), m.start())  # 依「…」
            or norm.startswith(rules.place_after_name, m.end())  # “金三角”水域: a place
        ):
            continue  # 「四方安全對話」四國海軍首次同場操演: a meeting's name; 演習「純屬防禦性質」
        if (
            norm[m.start() - 1 : m.start()] in rules.vessel_before
            or norm.startswith(rules.vessel_after, m.end())
            or rules.equipment_after.match(norm, m.end())  # 「堤豐」（Typhon）中程飛彈系統
            or rules.equipment_name.search(m.group(1))  # 「12式地對艦導彈」
        ):  # 巡邏艦「蘇穆杜拉號」已抵達參加此次演習, “乔治·华盛顿”号: a ship's name, the document's
            p.notes.append({"type": "exercise", "start": m.start(), EQUIPMENT_KEY: m.group(1)})
            continue
        word_after = _word_after(rules, clause_after)
        sentence = p.sentences.around(m.start())
        if (
            word_after
            and rules.civil_topic.search(clause_after, 0, word_after.start())
            and not p.search(rules.military, *sentence)
            and not joint_rescue(rules, p, clause_after[: word_after.start()], sentence)
        ):  # 代號「天鴿」颱風演習, 「山竹」颱風綜合演習: a civil drill's name (not
            continue  # 俄海军…“CASAREX…, “界江-2025”中俄联合搜救演练)
        own_word = rules.exercise_word_end.search(norm, m.start(1), m.end(1))  # 「護國演習」
        if own_word and (  # 「颱風應變演習」: a civil drill's; 银行进行了“网络攻防演习”: no force's
            rules.civil_topic.search(norm, m.start(1), own_word.start())
            or not (
                word_after or p.search(rules.military, *sentence) or p.states.any_within(*sentence)
            )
        ):
            continue
        code_name = (  # 韓美以「戰士盾牌」為名實施…: in a sentence about exercises
            norm.startswith(NAMED_AS, at) and p.search(rules.exercise_word, *sentence)
        ) or (
            rules.code_name_end.search(norm, max(0, m.start() - 3), m.start())
            and (
                p.search(rules.exercise_word, sentence[0], m.start())
                or p.search(rules.exercise_word, m.end(), p.clauses.around(m.end())[1])
            )
        )  # …计算机模拟演习，代号“空天安全-2016”; not 被稱為「戰爭遊戲」，…不同於實兵演習
        if (
            word_after
            or own_word
            or code_name
            or rules.series.match(clause_after)
            or named_after  # 聯合軍演「自由之刃」: the name after its exercise word
            or rules.named_joint_training.match(clause_after)  # “蓝剑-2023”的联合训练
            or held_edition(rules, p, m)  # 上一次「西方-2013」於2013年9月舉行
            or exemplar(rules, p, m)  # 多國演習日益頻繁。以「北風2019」為例
        ):
            linked = p.mentions.first_inside(m.start(1), m.end(1))
            kb_id = linked.kb_id_ if linked is not None and linked.label_ == "EVENT" else None
            word = rules.exercise_word.match(after)
            if kb_id is None and word:  # 「東方」戰略演習 is the name 東方戰略演習
                kb_id = mentions.event_ids.get(m.group(1) + word[0])
            anchors.append((m.start(1), m.end(1), p.text[m.start(1) : m.end(1)], kb_id))
    taken = Cover(len(norm), anchors)
    aliases = Cover(len(norm), mentions.args.alias_spans(norm, anchors))
    for ent in p.mentions:
        if ent.label_ != "EVENT" or ent.start_char in taken or ent.start_char in aliases:
            continue
        after = CLAUSE_END.split(norm[ent.end_char : ent.end_char + 16].replace("\n", ""), 1)[0]
        word_after = rules.exercise_word.search(after)
        if (word_after and rules.event_as_time.search(after, 0, word_after.start())) or (
            rules.other_activity.match(norm, ent.end_char)  # 海上聯合搜救演練, 海上联合巡航
        ):
            continue  # 冷战后最大规模军演: when the exercise is, not its name
        edition = rules.edition.match(norm, ent.end_char)  # 漢光40號
        if (
            rules.exercise_word.search(norm, ent.start_char, ent.end_char)
            or word_after
            or (  # 对比四年前的东方-2018：那次…, 以「聯合利劍-2024A」包圍台灣: an edition
                ent.kb_id_ in mentions.exercises
                and (edition or any(ch.isdigit() for ch in norm[ent.start_char : ent.end_char]))
            )
        ):
            end = edition.end() if edition else ent.end_char
            anchors.append((ent.start_char, end, p.text[ent.start_char : end], ent.kb_id_ or None))
            taken.add(ent.start_char, end)
    anchors += _bare_names(mentions, p, taken)
    for start, end in p.said_again.get("exercise", ()):  # 極光23登場: named elsewhere
        if not any(i in taken for i in range(start, end)):
            anchors.append((start, end, p.text[start:end], mentions.event_ids.get(norm[start:end])))
    anchors += listed_with(mentions, p, anchors)  # after the names said again: 比較「A」與「B」
    if p.newlines:  # 演習名稱　年份　…: the rows of a table of exercises
        anchors += table_names(rules, p, {start for start, *_ in anchors})
    return [
        a
        for a in anchors
        if not civil_name(rules, norm, a[0])  # 萬安47號
        and a[0] not in p.in_titles  # 《中德联合卫勤演练在汉诺威落幕》: a title cited
    ]


def _characterised(rules: EventRules, p: Passage, m: re.Match[str]) -> bool:
    """Whether a bracketed phrase ending in an exercise word is what someone calls an
    exercise (此类演习是“侵略战争演习”, 认为这是以朝鲜为对象的“侵略性战争演习”): after a
    copula in its clause and at its end, a characterisation, not a name."""
    word = rules.exercise_word.search(m.group(1))
    if word is None or word.end() != len(m.group(1)):
        return False
    if m.end() < len(p.norm) and not CLAUSE_END.match(p.norm, m.end()):
        return False  # 是年度“联合反登陆作战演习”的一部分: the exercise a firing belongs to
    clause_start = p.clauses.around(m.start())[0]
    low = max(clause_start, m.start() - CHARACTERISED_REACH)
    return rules.characterised_before.search(p.norm, low, m.start()) is not None


def _word_after(rules: EventRules, clause_after: str) -> re.Match[str] | None:
    """The exercise word in the clause after a name, unless in scare quotes (“合作活动”与
    “演习”之间: a word compared, not the name's drill) or after a relative clause that
    holds it («第三鄰國»在蒙古參加的多國演習中: the name is its subject, not its name), or
    after a coordinator (“联合巡航”和军事演习: another thing than the name)."""
    word = rules.exercise_word.search(clause_after)
    if word is None or clause_after[word.start() - 1 : word.start()] in OPENERS:
        return None
    if rules.coordinated_after_name.match(clause_after):  # “联合巡航”和军事演习: two things
        return None
    return None if rules.held_by.search(clause_after, 0, word.start()) else word


def _bare_names(mentions: EventMentions, p: Passage, taken: Cover) -> list[Anchor]:
    """Names without brackets that the gazetteer does not know: a code name (代号寒冷回应
    演习) or a name with an edition (杜松眼镜蛇2018联合军演); the name is the anchor."""
    found: list[Anchor] = []
    for pattern in mentions.rules.exercise_names:
        for m in pattern.finditer(p.norm):
            start, end = m.span("name")
            word = mentions.rules.exercise_word.search(p.norm, end, p.clauses.around(end)[1])
            if word and mentions.rules.civil_drill.search(p.norm, end, word.start()):
                continue  # 代號「天鴿」的年度颱風演習: a civil drill's name
            start = after_force(mentions.rules, p, start, end)
            whole = p.mentions.first_inside(start, end)
            if (
                whole
                and whole.label_ in BODY_LABELS
                and (whole.start_char, whole.end_char)
                == (
                    start,
                    end,
                )
            ):  # CSTO联合演习: an organisation's name, not the exercise's (not 長泰42號 as a LOC)
                continue
            if any(i in taken for i in range(start, end)):
                continue  # holds a name already found (消息海上联合-2012: 海上联合)
            taken.add(start, end)
            kb_id = mentions.event_ids.get(p.norm[start:end])
            found.append((start, end, p.text[start:end], kb_id))
    return found


def _dated_to_the_month(p: Passage, low: int, high: int) -> bool:
    """Whether a date of [low, high) names a month or a day (4月1日起, not 2021年的: a year
    names an edition of a series or a time of several)."""
    return any(
        MONTH_VALUE.search(str((e._.value or {}).get("value", "")))
        for e in p.dates.within(low, high)
    )


def unnamed(rules: EventRules, p: Passage, named: list[Anchor]) -> list[Anchor]:
    """An exercise word that is held (a verb before it in its clause, 举行/进行/参加 …, or
    拉开帷幕/中 … after it) in a military sentence (a force, a unit, a state): 第82集团军
    某旅进行实兵演练, 俄军举行大规模军事演习; or ending a headline's clause after a force
    (機步269旅湖口實兵演習　驗證反空降戰力). One event per exercise: an anaphoric
    mention (此次演习) of an exercise already found in the passage is none, nor is the
    word of a named exercise's sentence. Civil drills (消防演练) are left out."""
    norm = p.norm
    named_starts = sorted(start for start, *_ in named)
    said_of = Cover(len(norm), (b.span(1) for b in p.bracketed if _characterised(rules, p, b)))
    found: list[Anchor] = []
    for m in rules.exercise_word.finditer(norm):
        if rules.training_ground_after.match(norm, m.end()):
            continue  # 習志野演習場: a training ground
        if (
            rules.bracketed.fullmatch(norm, m.start() - 1, m.end() + 1)
            or m.start() in p.in_titles
            or m.start() in said_of
        ):  # 在談判桌上反覆「演練」各自底線: scare quotes; 《…演习述评》: a title; 是“战争演练”
            continue
        sentence = p.sentences.around(m.start())
        clause = after_label(norm, p.clauses.around(m.start()))
        k = bisect_left(named_starts, sentence[0])
        if (
            k < len(named_starts)
            and named_starts[k] < sentence[1]
            and not (  # 東部戰區4月1日起…展開聯合演習，昨日再以「海峽雷霆-2025A」為名: its own
                _dated_to_the_month(p, clause[0], m.start())
                and not any(clause[0] <= n < clause[1] for n in named_starts[k:])
            )
        ):
            continue  # the named exercise of this sentence, mentioned again
        # …开展远海实战化演习，…进行全流程演练: this sentence's again (not after a bare 演练结束后…;
        # nor …組織了…演練，並將於下月參加…聯合演習: another time; nor the second of two joined,
        # 組織編隊攻防演練和艦機協同演練, nor one held at the same time)
        if (
            found
            and found[-1][0] >= sentence[0]
            and not rules.bare_exercise_word.fullmatch(norm, found[-1][0], found[-1][1])
            and not p.dates.any_within(*clause)
            and not COORDINATED.fullmatch(norm, found[-1][1], m.start())
            and not rules.simultaneous.search(norm, found[-1][1], m.start())  # 並同步進行…演練
        ):
            continue
        before = norm[max(clause[0], m.start() - 8) : m.start()]
        anaphoric = anaphoric_before(rules, norm, clause[0], m.start())
        referring = rules.reference_after.match(norm, m.end())
        described = any(rules.description_start.match(norm, i) for i in (clause[0], sentence[0]))
        said = rules.continuation.match(norm, sentence[0])  # 演習從…持續至…，…兩棲登陸演練: a part
        if (said and m.start() >= said.end()) or (
            (named or found) and (anaphoric or m.start() - clause[0] <= 1 or referring or described)
        ):  # 此次演习, 演练中, 演练现场, 这是…首次举行联合演习: the one found
            continue
        if in_general(rules, p, m, clause, sentence):
            continue  # 几乎每年都舉行大規模軍演, 共计11次, 表1　…: exercises in general
        verb = _holding_verb(rules, norm, m, clause)
        if verb is not None and p.search(rules.not_held_before, clause[0], verb.start()):
            continue  # 该年并未与周边国家举行新的联合演习: none held
        held_after = (
            rules.exercise_after.match(norm, m.end())
            or ACRONYM_NAME.match(norm, m.end())  # 两栖登陆演习（PHIBLEX）: named by it
        ) or (
            not anaphoric  # 此次演习于…举行: the document's exercise, said again
            and rules.held_later.search(
                norm, m.end(), min(clause[1], m.end() + rules.held_later_reach)
            )
        )
        at_place = rules.held_at_place.search(norm, max(clause[0], m.start() - 20), m.start())
        titled = (  # 機步269旅湖口實兵演習　驗證…: a headline's drill of a force or state
            p.is_headline
            and (
                p.search(rules.military, clause[0], m.start()) is not None
                or p.states.any_within(clause[0], m.start())
            )
            and not norm[clause[0] : m.start()].endswith(rules.headline_adverbs)  # 同步演練
            and norm[m.end() : m.end() + 1] != "的"  # 日美同盟联合演习的演进: a study's topic
        )
        if verb is None and not at_place and not titled and (not held_after or referring):
            continue  # 演习期间, 演练现场 with no verb: an exercise the document already has
        bare = verb is not None and verb.end() == m.start() and len(m[0]) <= 2 and not held_after
        if bare and not (p.dates.any_within(*sentence) or p.search(rules.occasion, *sentence)):
            continue  # 参与演习是…: exercises in general (not 举行联合军演, 近日出动演练)
        military = (
            p.search(rules.military, *sentence) is not None
            or p.states.any_within(*sentence)
            or armed_force_in(rules, p, sentence)
        )
        civil = civil_drill(rules, p, m.start(), before, (clause, sentence))
        if not military or (civil and "军" not in m[0]):
            continue
        held_from = verb.end() if verb else m.start() if at_place else clause[0]
        reach = (max(held_from, m.start() - 6, clause[0]), clause[0])
        start = _anchor_start(rules, p, m, reach, titled)
        if civil_name(rules, norm, start):
            continue  # “乙支演习: a civil drill's name
        found.append((start, m.end(), p.text[start : m.end()], None))
    return found


def _anchor_start(
    rules: EventRules, p: Passage, m: re.Match[str], reach: tuple[int, int], titled: bool
) -> int:
    """Where an unnamed exercise's anchor starts, reaching back from its exercise word `m`
    at most to reach[0] (the clause opens at reach[1]): not over a state, force or service
    that holds it, but over a name joined to the next by a dash (东盟—俄罗斯海上联合演习)."""
    norm, start, opens = p.norm, *reach
    cut = max(norm.rfind(ch, start, m.start()) for ch in rules.anchor_stops)
    start = cut + 1 if cut >= start else start  # 规模很大的实战演习 → 实战演习
    start = min(p.token_start_from(start), m.start())  # 成建制一体化…: not 制一体化…
    for holder in p.mentions.within(opens, m.start()):  # 俄軍戰略核力量演習: 戰略…
        if holder.start_char <= start < holder.end_char and (
            is_state(holder) or holder.kb_id_ in rules.armed_forces or titled
        ):  # a headline's unit or place before its drill (機步269旅湖口實兵演習) too,
            start = min(holder.end_char, m.start())  # or a name run over the drill
    service = rules.armed_service.match(norm, start)  # 海軍實彈射擊演習: who holds it
    if service and service.end() < m.start():
        start = service.end()
    if norm[start : start + 1] not in JOINING_DASHES:
        return start
    joined = next((e for e in p.mentions.within(opens, start) if e.end_char == start), None)
    return joined.start_char if joined is not None else start


def after_label(norm: str, clause: tuple[int, int]) -> tuple[int, int]:
    """A clause without the speaker's label that opens it in a transcript (【记者】演练中…)."""
    close = norm.find("】", clause[0], clause[1]) if norm.startswith("【", clause[0]) else -1
    return (close + 1, clause[1]) if close > 0 else clause


def anaphoric_before(rules: EventRules, norm: str, clause_start: int, at: int) -> bool:
    """Whether the exercise word at `at` is said again by an anaphor right before it (此次演习,
    此系列演習) or one that opens its clause with a modifier between (这次为期5天的演习), or
    is a bare one inside 在…中 (两军首次在演习中联合运用…: in the exercise spoken of) or
    taken part in at its clause's end (F-35B隐形战机也参加了演习。)."""
    if rules.anaphora.search(norm, max(clause_start, at - 3), at):
        return True
    bare = rules.bare_exercise_word.match(norm, at)
    inside = bare and norm.endswith(rules.inside_before, 0, at)
    if inside and norm.startswith(rules.inside_after, bare.end()):
        return True
    joined = bare and rules.joined_before.search(norm, max(clause_start, at - 4), at)
    if joined and (CLAUSE_END.match(norm, bare.end()) or bare.end() == len(norm)):
        return True  # 美軍F-35B戰機也參加了演習。: the exercise spoken of
    return bool(rules.anaphoric_start.match(norm, clause_start)) and norm[at - 1 : at] == "的"


def _holding_verb(
    rules: EventRules, norm: str, m: re.Match[str], clause: tuple[int, int]
) -> re.Match[str] | None:
    """The last verb of exercise_verbs before the word in its clause, ending within
    MAX_VERB_DISTANCE characters of it, or within the whole clause when the word heads a long
    modified object (进行了包括追击捕歼、夜间行军等项目的反恐演练)."""
    modified = rules.modifier_end.search(norm, max(clause[0], m.start() - 6), m.start())
    reach = m.start() - (MAX_OBJECT_DISTANCE if modified else MAX_VERB_DISTANCE)
    verb = None
    for v in rules.exercise_verb.finditer(
        norm, max(clause[0], reach - rules.longest_exercise_verb), m.start()
    ):
        if v.end() < reach:
            continue  # the distance runs from the verb's end
        if not rules.verb_as_noun.match(norm, v.end()) or v.end() == m.start():
            verb = v
    return verb
