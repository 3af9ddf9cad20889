"""Military exercises: named (「邊防合作2025」, 杜松眼镜蛇2018联合军演, a gazetteer EVENT) or
held without a name in a military sentence (俄军举行大规模军事演习), with their
participants, start and end, place and scope; named ones completed across the document."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, Any

from pipeline.nlp.events.arguments import event, mark_group, places_only, take_group
from pipeline.nlp.events.document import DROP_KEY
from pipeline.nlp.events.fields import date_arg
from pipeline.nlp.events.passage import Cover, Passage, is_state, joined
from pipeline.nlp.events.rules import EventRules
from pipeline.text.chars import CLAUSE_END

if TYPE_CHECKING:
    from pipeline.nlp.events.component import EventMentions

MAX_VERB_DISTANCE = 20  # characters from the verb that holds an unnamed exercise to it
MAX_OBJECT_DISTANCE = 60  # the same when the exercise heads a long modified object (…的演练)
Anchor = tuple[int, int, str, str | None]  # start, end, name, kb_id
# a note's key (doc._.event_notes): the states that take part in the last exercise before it
JOINS_KEY = "joins"
# a note's key (doc._.event_notes): the start and end a later passage gives the exercise
DATES_KEY = "dates"
# a mention's key, until the document completes it: its anchor is 该演习, 此次演习 …
ANAPHORIC_KEY = "_anaphoric"
# a mention's key, until the document completes it: an exercise word, no name
UNNAMED_KEY = "_unnamed"


def find(mentions: EventMentions, p: Passage) -> list[dict[str, Any]]:
    """The exercise mentions of a passage, named or not, with their participants, dates,
    place and scope."""
    rules, args_of, norm = mentions.rules, mentions.args, p.norm
    anchors = _named(mentions, p)
    unnamed = _unnamed(rules, p, anchors)
    unnamed_starts = {start for start, *_ in unnamed}
    anchors += unnamed
    events = []
    seen: set[str] = set()
    for start, end, name, kb_id in sorted(args_of.without_aliases(norm, anchors)):
        if kb_id is None and joined(name) in seen:
            continue  # 汉光34号 … 今年的汉光34号: one exercise, one event in a passage
        seen.add(joined(name))
        sentence = p.sentence(start, end)
        clause = p.clauses.around(start)
        participants = _participants(mentions, p, start, end, clause) or _participants(
            mentions, p, start, end, sentence
        )  # 共軍…實施「海峽雷霆」演習，國軍已將…: the clause's own
        if not participants and sentence[0] > 0:  # 台湾军队特别忙。连续进行实战演习
            before = p.sentences.around(sentence[0] - 1)
            participants = _participants(mentions, p, before[0], before[0], before)
        if not participants and kb_id in mentions.held_by:  # 國防部表示，漢光40號演習將…
            participants = list(mentions.held_by[kb_id])
        dates = args_of.nearest_date(p, start, clause, sentence, in_sentence=True, anchor_end=end)
        dates = args_of.sharpened(p, start, dates)
        first, last = args_of.range_ends(p, sentence, dates)
        many = p.search(rules.multinational, *sentence) is not None
        scope = scope_of(participants, many)
        args = {
            "name": joined(name),
            "kb_id": kb_id,
            "participants": participants,
            "start": first,
            "end": last,
            "location": args_of.location(p, sentence),
            "scope": scope,
            "series": bool(rules.series.match(norm, end + 1)),
            "multinational": many,
        }
        args |= args_of.alias_en(p, end)
        codes = rules.data["codes"]["exercise"][scope or "unknown"]
        mention = event("exercise", start, end, sentence, args, codes)
        mark_group(rules, p, sentence, mention, len(participants))  # for `complete`
        if kb_id is None and (
            rules.anaphoric_start.match(norm, start)
            or (start - clause[0] <= 1 and rules.bare_exercise_word.fullmatch(name))
        ):  # 參與該演習; 演習結束後 opening a paragraph: one the document has, if it has one
            mention[ANAPHORIC_KEY] = True  # (`complete`)
        if start in unnamed_starts:
            mention[UNNAMED_KEY] = True  # (`complete`)
        events.append(mention)
    by_end = sorted(events, key=lambda e: e["end"])  # what a later sentence speaks of
    ends = [e["end"] for e in by_end]
    _add_stated_participants(mentions, p, by_end, ends)
    _continue(mentions, p, by_end, ends)
    return events


def _last_before(events: list[dict[str, Any]], ends: list[int], position: int) -> Any:
    """The exercise mention of the passage that ends last by `position`, or None
    (`events` in the order of their `ends`)."""
    k = bisect_right(ends, position)
    return events[k - 1] if k else None


def _join(rules: EventRules, mention: dict[str, Any], states: list[str]) -> None:
    """`states` take part in the exercise `mention` too."""
    mention["args"]["participants"] = sorted({*mention["args"]["participants"], *states})
    _rescope(rules, mention)


def _continue(
    mentions: EventMentions, p: Passage, events: list[dict[str, Any]], ends: list[int]
) -> None:
    """演习于9月11日至17日在…举行: a sentence whose subject is the exercise said again gives
    the exercise named last before it in the passage its date and place, when it has none,
    and the states that host it (本次演习由泰国和美国联合主办) as participants.
    蒙古国军队也派员参加, 中国、俄罗斯…等成员国派兵参演: the states of a clause that ends
    with taking part (`taking_part`: 参演, 派兵参加, 作为参演国参加, its object left out,
    not negated: 拒绝派兵参加) take part in the exercise named last before it, in the
    passage or, by a note (`doc._.event_notes`), in an earlier one."""
    rules, args_of = mentions.rules, mentions.args
    for m in rules.continuation.finditer(p.norm):
        last = _last_before(events, ends, m.start())
        clause = p.clauses.around(m.end())
        if last is None:  # 演习于9月11日至17日…: the exercise of an earlier passage
            _note_dates(mentions, p, m, clause)
            continue
        if p.search(rules.host_verb, m.end(), clause[1]):  # 本次演习由泰国和美国联合主办
            _join(rules, last, _participants(mentions, p, m.end(), m.end(), clause))
        args, sentence = last["args"], p.sentences.around(m.end())
        if args["start"] is None:
            dates = args_of.nearest_date(p, m.end(), clause, sentence, True)
            args["start"], args["end"] = args_of.range_ends(p, sentence, dates)
        args["location"] = args["location"] or args_of.location(p, sentence)
    for m in rules.taking_part.finditer(p.norm):
        if rules.negation_end.search(p.norm, max(0, m.start() - 4), m.start()):
            continue  # 印度拒绝派兵参加, 未派员参加
        clause = p.clauses.around(m.start())
        states = _participants(mentions, p, clause[0], clause[0], clause)
        last = _last_before(events, ends, m.start())
        if states and last is None:
            p.notes.append({"type": "exercise", "start": m.start(), JOINS_KEY: states})
        elif states:
            _join(rules, last, states)


def _note_dates(
    mentions: EventMentions, p: Passage, m: re.Match[str], clause: tuple[int, int]
) -> None:
    """A note (`doc._.event_notes`) of the start and end a continuation sentence gives the
    exercise of an earlier passage: each the DATE's text, its value (resolved in place by
    the document's completion before the exercises complete) and the part meant."""
    sentence = p.sentences.around(m.end())
    dates = mentions.args.nearest_date(p, m.end(), clause, sentence, True)
    refs = mentions.args.range_ends(p, sentence, dates)
    if refs[0] is None:
        return
    parts = []
    for ref in refs:
        span = p.valued_dates.first_inside(*ref["date_of"])
        parts.append((p.text[slice(*ref["date_of"])], span._.value, ref["part"]) if span else None)
    p.notes.append({"type": "exercise", "start": m.start(), DATES_KEY: parts})


def _add_stated_participants(
    mentions: EventMentions, p: Passage, events: list[dict[str, Any]], ends: list[int]
) -> None:
    """参加演习的部队分别为日本陆上自卫队与美国陆军部队: the states of such a sentence
    take part in the exercise named last before it in the passage."""
    for statement in mentions.rules.participation_statement.finditer(p.norm):
        last = _last_before(events, ends, statement.start())
        if last is None:
            continue
        sentence = p.sentences.around(statement.start())
        _join(
            mentions.rules,
            last,
            _participants(mentions, p, statement.end(), statement.end(), sentence),
        )


def _named(mentions: EventMentions, p: Passage) -> list[Anchor]:
    """Named exercises: a bracketed name next to an exercise word (「邊防合作2025」聯合演練,
    聯合軍演「自由之刃」), an EVENT entity of an exercise, a name without brackets."""
    rules, norm = mentions.rules, p.norm
    anchors: list[Anchor] = []
    for m in rules.bracketed.finditer(norm):
        alias = rules.alias_en.match(norm, m.end())
        at = alias.end() if alias else m.end()
        after = norm[at : at + 16].replace("\n", "")[:12]
        clause_after = CLAUSE_END.split(after, 1)[0]
        named_after = rules.exercise_word_end.search(norm, max(0, m.start() - 8), m.start())
        if rules.not_exercise_name.search(m.group(1)):
            continue  # 「四方安全對話」四國海軍首次同場操演: a meeting's name, not the exercise's
        if (
            rules.exercise_word.search(clause_after)
            or rules.series.match(clause_after)
            or named_after  # 聯合軍演「自由之刃」: the name after its exercise word
            or _held_edition(rules, p, m)  # 上一次「西方-2013」於2013年9月舉行
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
        after = norm[ent.end_char : ent.end_char + 16].replace("\n", "")
        if rules.exercise_word.search(
            norm, ent.start_char, ent.end_char
        ) or rules.exercise_word.search(CLAUSE_END.split(after, maxsplit=1)[0]):
            edition = rules.edition.match(norm, ent.end_char)  # 漢光40號
            end = edition.end() if edition else ent.end_char
            anchors.append((ent.start_char, end, p.text[ent.start_char : end], ent.kb_id_ or None))
            taken.add(ent.start_char, end)
    return anchors + _bare_names(mentions, p, taken)


def _held_edition(rules: EventRules, p: Passage, m: re.Match[str]) -> bool:
    """A bracketed name with an edition (「西方-2013」, 「海洋衛士－２」) held in its clause,
    later (於2013年9月舉行) or by an exercise verb right before it (舉行「海洋盾牌-2019」以來),
    in a sentence about exercises or forces: an exercise with no exercise word; not when
    what is held later is a contest or a meeting (“精武-2024”军事技能比武在…举行)."""
    edition = rules.edition_name.search(m.group(1))
    if edition is None or rules.not_exercise_name.search(m.group(1), 0, edition.start("year")):
        return False  # 「国际军事比赛-2019」: a contest's edition
    clause, sentence = p.clauses.around(m.end()), p.sentences.around(m.start())
    held = rules.held_later.search(
        p.norm, m.end(), min(clause[1], m.end() + rules.held_later_reach)
    )
    before = p.norm[max(clause[0], m.start() - rules.longest_exercise_verb) : m.start()]
    held_before = any(before.endswith(verb) for verb in rules.data["exercise_verbs"])
    held_after = held and not rules.not_exercise_word.search(p.norm, m.end(), held.start())
    return bool(
        (held_before or held_after)
        and (p.search(rules.exercise_word, *sentence) or p.search(rules.military, *sentence))
    )


def _bare_names(mentions: EventMentions, p: Passage, taken: Cover) -> list[Anchor]:
    """Names without brackets that the gazetteer does not know: a code name (代号寒冷回应
    演习) or a name with an edition (杜松眼镜蛇2018联合军演); the name is the anchor."""
    found: list[Anchor] = []
    for pattern in mentions.rules.exercise_names:
        for m in pattern.finditer(p.norm):
            start, end = m.span("name")
            start = _after_force(mentions.rules, p, start, end)
            if any(i in taken for i in range(start, end)):
                continue  # holds a name already found (消息海上联合-2012: 海上联合)
            taken.add(start, end)
            kb_id = mentions.event_ids.get(p.norm[start:end])
            found.append((start, end, p.text[start:end], kb_id))
    return found


def _after_force(rules: EventRules, p: Passage, start: int, end: int) -> int:
    """Where a bare name starts once a state or an armed force that opens it is left out
    (美军杜松眼镜蛇2018: 杜松眼镜蛇2018): the one who holds it, not its name."""
    first = p.mentions.first_inside(start, end)
    if (
        first is not None
        and first.start_char == start
        and end - first.end_char >= 2
        and (is_state(first) or first.kb_id_ in rules.armed_forces)
    ):
        return first.end_char
    return start


def _unnamed(rules: EventRules, p: Passage, named: list[Anchor]) -> list[Anchor]:
    """An exercise word that is held (a verb before it in its clause, 举行/进行/参加 …, or
    拉开帷幕/中 … after it) in a military sentence (a force, a unit, a state): 第82集团军
    某旅进行实兵演练, 俄军举行大规模军事演习. One event per exercise: an anaphoric
    mention (此次演习) of an exercise already found in the passage is none, nor is the
    word of a named exercise's sentence. Civil drills (消防演练) are left out."""
    norm = p.norm
    named_starts = sorted(start for start, *_ in named)
    found: list[Anchor] = []
    for m in rules.exercise_word.finditer(norm):
        sentence = p.sentences.around(m.start())
        k = bisect_left(named_starts, sentence[0])
        if k < len(named_starts) and named_starts[k] < sentence[1]:
            continue  # the named exercise of this sentence, mentioned again
        clause = p.clauses.around(m.start())
        before = norm[max(clause[0], m.start() - 8) : m.start()]
        anaphoric = rules.anaphora.search(before[-3:])
        referring = rules.reference_after.match(norm, m.end())
        described = rules.description_start.match(norm, clause[0])
        if (named or found) and (anaphoric or m.start() - clause[0] <= 1 or referring or described):
            continue  # 此次演习, 演练中, 演练现场, 这是…首次…举行联合演习: the one found
        if rules.habitual.search(norm, clause[0], m.start()):
            continue  # 几乎每年都在台灣周邊舉行大規模軍演: exercises in general
        verb = _holding_verb(rules, norm, m, clause)
        held_after = rules.exercise_after.match(norm, m.end()) or (
            not anaphoric  # 此次演习于…举行: the document's exercise, said again
            and rules.held_later.search(
                norm, m.end(), min(clause[1], m.end() + rules.held_later_reach)
            )
        )
        at_place = rules.held_at_place.search(norm, max(clause[0], m.start() - 20), m.start())
        if verb is None and not at_place and (not held_after or referring):
            continue  # 演习期间, 演练现场 with no verb: an exercise the document already has
        bare = verb is not None and verb.end() == m.start() and len(m[0]) <= 2 and not held_after
        if bare and not (p.dates.any_within(*sentence) or p.search(rules.occasion, *sentence)):
            continue  # 参与演习是…: exercises in general (not 举行联合军演, 近日出动演练)
        military = (
            p.search(rules.military, *sentence) is not None
            or p.states.any_within(*sentence)
            or any(e.kb_id_ in rules.armed_forces for e in p.mentions.within(*sentence))
        )
        if not military or (rules.civil_drill.search(before) and "军" not in m[0]):
            continue
        held_from = verb.end() if verb else m.start() if at_place else clause[0]
        start = max(held_from, m.start() - 6, clause[0])
        cut = max(norm.rfind(ch, start, m.start()) for ch in rules.anchor_stops)
        start = cut + 1 if cut >= start else start  # 规模很大的实战演习 → 实战演习
        start = min(p.token_start_from(start), m.start())  # 成建制一体化…: not 制一体化…
        found.append((start, m.end(), p.text[start : m.end()], None))
    return found


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
        if norm[v.end() : v.end() + 1] not in rules.verb_as_noun or v.end() == m.start():
            verb = v
    return verb


def _participants(
    mentions: EventMentions, p: Passage, start: int, end: int, sentence: tuple[int, int]
) -> list[str]:
    """The parties of the anchor and its sentence, less those named only as places."""
    places = _around_only(mentions.rules, p, sentence) | places_only(mentions.rules, p, sentence)
    parties = mentions.args.parties(p, start, end, sentence, anywhere=True)
    return [party for party in parties if party not in places]


def _around_only(rules: EventRules, p: Passage, sentence: tuple[int, int]) -> set[str]:
    """States named only in a place the exercise is held around (在台灣周邊舉行): the
    place, not a participant."""
    m = p.search(rules.location, *sentence)
    if not m or not rules.around.search(p.norm, m.start(1), m.end(1)):
        return set()
    states = p.states.within(*sentence)
    place = range(m.start(1), m.end(1))
    inside = {e.kb_id_ for e in states if e.start_char in place}
    return inside - {e.kb_id_ for e in states if e.start_char not in place}


def complete(mentions: EventMentions, events: list[dict[str, Any]]) -> None:
    """Document level, in reading order: a named exercise mentioned with fewer than two
    participants adds those of its last mention (本次以「邊防合作」為名的演練); one whose
    sentence counts more states than it names (这是两国海军…的例行演习, the passage after
    the one naming 中俄) takes those of the last exercise that had as many; a note of a
    later passage (中国、俄罗斯…派兵参演) adds its states to the last exercise, and so does
    an exercise said again (這是澳洲首次參與該演習), which is then removed; so is an
    unnamed, undated exercise whose participants all take part in a named one of the
    document (a headline's 中坦莫三国联合演习 over the report of 和平团结-2024, 共軍…舉行的
    大規模軍演 in a report of 正義使命-2025): the named one said again; scope and codes
    follow."""
    named = [
        set(m["args"]["participants"])
        for m in events
        if m["type"] == "exercise" and "args" in m and not m.get(UNNAMED_KEY)
    ]
    known: dict[str, list[str]] = {}
    last: list[str] = []  # the participants of the last exercise that named two or more
    latest: dict[str, Any] | None = None  # the last exercise mention
    for mention in events:
        if mention["type"] != "exercise":
            continue
        if DATES_KEY in mention:  # a note of a later passage: 演习于9月11日至17日…举行
            if latest is not None and latest["args"]["start"] is None:
                latest["args"]["start"], latest["args"]["end"] = (
                    date_arg(*date) if date else None for date in mention[DATES_KEY]
                )
            continue
        unnamed = mention.pop(UNNAMED_KEY, False)
        participants = set(mention.get("args", {}).get("participants", ()))
        if unnamed and mention["args"]["start"] is None and any(participants <= n for n in named):
            mention[DROP_KEY] = True  # the document's named exercise, said again
            continue
        joins = mention.get(JOINS_KEY)  # a note of a later passage: 中国、俄罗斯…派兵参演
        if mention.pop(ANAPHORIC_KEY, False) and latest is not None:  # 參與該演習
            joins, mention[DROP_KEY] = mention["args"]["participants"], True
        if joins is not None:
            if latest is not None:
                _join(mentions.rules, latest, joins)
                joined_args = latest["args"]
                if joined_args.get("kb_id"):
                    known[joined_args["kb_id"]] = joined_args["participants"]
                if len(joined_args["participants"]) >= 2:
                    last = joined_args["participants"]
            continue
        latest = mention
        args = mention["args"]
        if args.get("kb_id") and len(args["participants"]) < 2:  # 「邊防合作」演習首次將蒙古國納入
            args["participants"] = sorted({*known.get(args["kb_id"], []), *args["participants"]})
        args["participants"] = take_group(mention, args["participants"], last)
        if args.get("kb_id"):
            known[args["kb_id"]] = args["participants"]
        if len(args["participants"]) >= 2:
            last = args["participants"]
        _rescope(mentions.rules, mention)


def _rescope(rules: EventRules, mention: dict[str, Any]) -> None:
    """The scope and codes of an exercise mention whose participants changed."""
    args = mention["args"]
    args["scope"] = scope_of(args["participants"], args["multinational"])
    mention["codes"] = rules.data["codes"]["exercise"][args["scope"] or "unknown"]


def scope_of(participants: list[str], multinational: bool) -> str | None:
    if multinational or len(participants) > 2:
        return "multilateral"
    return {0: None, 1: "national", 2: "bilateral"}[len(participants)]
