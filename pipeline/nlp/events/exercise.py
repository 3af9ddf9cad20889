"""Military exercises: named (「邊防合作2025」, 杜松眼镜蛇2018联合军演, a gazetteer EVENT) or
held without a name in a military sentence (俄军举行大规模军事演习), with their
participants, start and end, place and scope; named ones completed across the document."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from itertools import pairwise
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from pipeline.nlp.events.arguments import event
from pipeline.nlp.events.document import DROP_KEY
from pipeline.nlp.events.exercise_anchors import (
    ANAPHORIC_KEY,
    EQUIPMENT_KEY,
    UNNAMED_KEY,
    after_label,
    anaphoric_before,
    named,
    unnamed,
)
from pipeline.nlp.events.exercise_names import LIST_JOINER
from pipeline.nlp.events.exercise_participants import (
    home_partnered,
    participants_in,
    participants_of,
    unit_state,
)
from pipeline.nlp.events.exercise_scope import ONE_FORCE_KEY, rescope, scope_of, widest_scope
from pipeline.nlp.events.fields import date_arg
from pipeline.nlp.events.groups import last_actors, mark_group, recent_states, take_group
from pipeline.nlp.events.passage import Passage, joined
from pipeline.nlp.events.ranges import range_ends
from pipeline.nlp.events.rules import EventRules

if TYPE_CHECKING:
    from pipeline.nlp.events.component import EventMentions

# a note's key (doc._.event_notes): the states that take part in the last exercise before it
JOINS_KEY = "joins"
# a note's key (doc._.event_notes): the start and end a later passage gives the exercise
DATES_KEY = "dates"
# a mention's key, until the document completes it: an unnamed exercise a sentence says
# something is (这是…演习): the named exercise before it, if there is one
DESCRIBES_KEY = "_describes"
# a note's key (doc._.event_notes): the state whose military press the document is from
HOME_KEY = "home"
# a mention's key, until the document completes it: a force holds it, no state is named
FORCE_KEY = "_force"
PARTNERED = "partnered"  # its value when the force's partners alone are named (`_from_home_press`)
HOME_LINE = 60  # the longest passage read for the press it names (a dateline, a byline)
# a mention's key, until the document completes it: its sentence turns to another event
# (另一方面，…舉行例行聯合演習), so it is not the document's named exercise said again
ANOTHER_KEY = "_another"
# a mention's key, until the document completes it: the name is listed right after the one
# before it (「互动-2024」、「搜索-2024」): the states said to take part join all of the list
LISTED_KEY = "_listed"
# what stands between two names of a list, their brackets included
LISTED = re.compile(rf"[」』”》]?{LIST_JOINER.pattern}[「『“《]?|[」』”》][「『“《]")  # or “A”“B”


def find(mentions: EventMentions, p: Passage) -> list[dict[str, Any]]:
    """The exercise mentions of a passage, named or not, with their participants, dates,
    place and scope."""
    rules, args_of, norm = mentions.rules, mentions.args, p.norm
    anchors = named(mentions, p)
    unnamed_anchors = unnamed(rules, p, anchors)
    unnamed_starts = {start for start, *_ in unnamed_anchors}
    anchors += unnamed_anchors
    events = []
    # a name said again is a mention of its own, with its sentence's arguments (“龙-24”演习4日…。
    # “龙-24”演习于2月下旬开始), as the hand gold sets count them
    for start, end, name, kb_id in sorted(args_of.without_aliases(norm, anchors)):
        sentence = p.sentence(start, end)
        clause = p.clauses.around(start)
        participants = participants_of(mentions, p, start, end, kb_id)
        unit = None if participants else unit_state(rules, p, sentence)
        if unit:  # 第76集团军某旅, 陸軍第八軍團: a state's own units
            participants = [unit[0]]
        dates = args_of.nearest_date(p, start, clause, sentence, in_sentence=True, anchor_end=end)
        dates = args_of.sharpened(p, start, dates)
        ends = range_ends(rules, p, sentence, dates, end)
        first, last = (_in_edition(rules, name, date) for date in ends)
        many = multinational(rules, p, sentence)
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
        if (not participants and p.search(rules.military, *sentence)) or (unit and unit[1]):
            mention[FORCE_KEY] = True  # 海軍一四六艦隊…實施反潛演習, 該旅 (`complete`: home press)
        elif home_partnered(mentions, p, start, participants):
            mention[FORCE_KEY] = PARTNERED  # 戚继光舰与文莱海军…进行: who holds it is unsaid
        if kb_id is None and (
            rules.anaphoric_start.match(norm, start)
            or (start in unnamed_starts and anaphoric_before(rules, norm, clause[0], start))
            or (
                start - after_label(norm, clause)[0] <= 1  # 演習延期期間, 【记者】演练中
                and rules.bare_exercise_word.fullmatch(norm, start, end)
            )
        ):  # 參與該演習; 演習結束後 opening a paragraph: one the document has, if it has one
            mention[ANAPHORIC_KEY] = True  # (`complete`)
        elif start in unnamed_starts and rules.description_start.match(norm, clause[0]):
            mention[DESCRIBES_KEY] = True  # 這是丹麥…最大規模軍事演習 (`complete`)
        if start in unnamed_starts:
            mention[UNNAMED_KEY] = True  # (`complete`)
            if rules.other_event_opener.match(norm, p.sentences.around(start)[0]):
                mention[ANOTHER_KEY] = True  # (`complete`)
        events.append(mention)
    home = len(norm) <= HOME_LINE and next(
        (state for state, press in rules.home_press.items() if press.search(norm)), None
    )
    if home:  # 青年日報　中華民國114年3月14日: the press of Taiwan's forces (`complete`)
        p.notes.append({"type": "exercise", "start": 0, HOME_KEY: home})
    for before, mention in pairwise(events):  # 「互动-2024」、「搜索-2024」和「梯队-2024」
        if LISTED.fullmatch(norm, before["end"], mention["start"]):
            mention[LISTED_KEY] = True  # (`_listed_up_to`, `complete`)
    by_end = sorted(events, key=lambda e: e["end"])  # what a later sentence speaks of
    ends = [e["end"] for e in by_end]
    _add_stated_participants(mentions, p, by_end, ends)
    _continue(mentions, p, by_end, ends)
    return events


def _in_edition(rules: EventRules, name: str, date: dict[str, Any] | None) -> Any:
    """A date of an exercise whose name carries its year (金龙-2024), marked with that year
    for a month or day the text gives without one (`fields.date_arg`)."""
    edition = rules.edition_year.findall(name)
    return {**date, "edition": edition[-1]} if date and edition else date


def _last_before(events: list[dict[str, Any]], ends: list[int], position: int) -> Any:
    """The passage's exercise mention ending last by `position` (`events` by `ends`), or None."""
    k = bisect_right(ends, position)
    return events[k - 1] if k else None


def _listed_up_to(events: list[dict[str, Any]], last: dict[str, Any]) -> list[dict[str, Any]]:
    """`last` and the names listed right before it (「A」、「B」和「C」): all of them take part."""
    ordered = sorted(events, key=itemgetter("start"))
    at = next(i for i, e in enumerate(ordered) if e is last)
    first = at
    while first > 0 and ordered[first].get(LISTED_KEY):
        first -= 1
    return ordered[first : at + 1]


def _join(rules: EventRules, mention: dict[str, Any], states: list[str]) -> None:
    """`states` take part in the exercise `mention` too."""
    mention["args"]["participants"] = sorted({*mention["args"]["participants"], *states})
    rescope(rules, mention)


def _continue(
    mentions: EventMentions, p: Passage, events: list[dict[str, Any]], ends: list[int]
) -> None:
    """演习于9月11日至17日在…举行: a sentence whose subject is the exercise said again gives
    the exercise named last before it in the passage its date and place, when it has none,
    and the states that host it (本次演习由泰国和美国联合主办) as participants.
    蒙古国军队也派员参加, 中国、俄罗斯…等成员国派兵参演: the states of a clause that ends
    with taking part (`taking_part`: 参演, 派兵参加, 作为参演国参加, its object left out,
    not negated: 拒绝派兵参加; a bare 参与 after a list or two states: 法德等國參與, or in the
    sentence of the exercise: …联合军演，澳大利亚部队首次参加) take part
    in the exercise named last before it, in the
    passage or, by a note (`doc._.event_notes`), in an earlier one."""
    rules, args_of = mentions.rules, mentions.args
    for m in rules.continuation.finditer(p.norm):
        last = _last_before(events, ends, m.start())
        clause = p.clauses.around(m.end())
        if last is None:  # 演习于9月11日至17日…: the exercise of an earlier passage
            _note_dates(mentions, p, m, clause)
            continue
        if p.search(rules.host_verb, m.end(), clause[1]):  # 本次演习由泰国和美国联合主办
            _join(rules, last, participants_in(mentions, p, m.end(), m.end(), clause))
        args, sentence = last["args"], p.sentences.around(m.end())
        start, end = args["start"], args["end"]
        one_day = start and end and start["date_of"] == end["date_of"]
        if args["start"] is None or one_day:  # 于5月28日落幕。演习自5月18日起…; 14日开幕。
            dates = args_of.nearest_date(p, m.end(), clause, sentence, True)  # 此次演习将持续
            start, end = range_ends(mentions.rules, p, sentence, dates)  # 到17日
            args["start"] = args["start"] or start
            args["end"] = end if one_day and end else args["end"] or end
        args["location"] = args["location"] or args_of.location(p, sentence)
    for m in rules.taking_part.finditer(p.norm):
        if rules.negation_end.search(p.norm, max(0, m.start() - 4), m.start()):
            continue  # 印度拒绝派兵参加, 未派员参加
        clause = p.clauses.around(m.start())
        states = participants_in(mentions, p, clause[0], clause[0], clause)
        last = _last_before(events, ends, m.start())
        said_here = (
            last is not None and last["sentence"]["start"] <= m.start() < last["sentence"]["end"]
        )  # 菲律宾与美国…举行“肩并肩”联合军演，澳大利亚部队首次参加
        if (
            m.group("bare")
            and len(states) < 2
            and not said_here
            and not rules.listed.search(p.norm, *clause)
        ):
            continue  # 中国海军曾两次应邀参加: no list of states taking part (美英芬瑞部隊參與)
        if states and last is None:
            p.notes.append({"type": "exercise", "start": m.start(), JOINS_KEY: states})
        elif states:
            for listed in _listed_up_to(events, last):  # 「A」、「B」和「C」…。…等国将参演
                _join(rules, listed, states)


def _note_dates(
    mentions: EventMentions, p: Passage, m: re.Match[str], clause: tuple[int, int]
) -> None:
    """A note (`doc._.event_notes`) of the start and end a continuation sentence gives the
    exercise of an earlier passage: each the DATE's text, its value (resolved in place by
    the document's completion before the exercises complete) and the part meant."""
    sentence = p.sentences.around(m.end())
    dates = mentions.args.nearest_date(p, m.end(), clause, sentence, True)
    refs = range_ends(mentions.rules, p, sentence, dates)
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
            participants_in(mentions, p, statement.end(), statement.end(), sentence),
        )


def complete(mentions: EventMentions, events: list[dict[str, Any]]) -> None:
    """Document level, in reading order: a named exercise mentioned with fewer than two participants
    adds those of its last mention (本次以「邊防合作」為名的演練); one whose sentence counts more
    states than it names (这是两国海军…的例行演习, the passage after the one naming 中俄) takes
    those of the last event, exercise or treaty, that had as many; a note of a later passage (中国、
    俄罗斯…派兵参演) adds its states to the last exercise, and so does an exercise said again (這是
    澳洲首次參與該演習) or described (這是丹麥今年…最大規模軍事演習, after a named one), which is
    then removed; so is an unnamed, undated exercise that names no participant or those of a named
    exercise of the document (a headline's 中坦莫三国联合演习 over the report of 和平团结-2024, 美菲
    年度陸戰隊演習 over KAMANDAG 9: `_said_again_by`), unless a dated unnamed one of the document
    has its name, or one placed that another says again (the headline of a brigade's drill, its
    report 某旅在鲁中某陌生地域组织…), or one whose states a dated unnamed one of the document has
    (a headline's 俄烏塔…聯合軍演 over the report's 聯合軍事演習), or in a sentence that turns to
    another event (另一方面，…): the named one said again; scope and codes follow."""
    named_sets = [
        set(m["args"]["participants"])
        for m in events
        if m["type"] == "exercise" and "args" in m and not m.get(UNNAMED_KEY)
    ]
    unnamed = [m for m in events if m["type"] == "exercise" and m.get(UNNAMED_KEY)]
    said = Counter(joined(m["args"]["name"]) for m in unnamed)
    dated_sets = [  # a headline's 俄烏塔…聯合軍演 over the report's dated 聯合軍事演習
        set(m["args"]["participants"]) for m in unnamed if m["args"]["start"] is not None
    ]
    specific_unnamed = {  # a drill of its own: dated, or placed and said twice (a headline's
        joined(m["args"]["name"])  # 某旅组织跨昼夜实兵演练 over 某旅在鲁中某陌生地域组织…)
        for m in unnamed
        if m["args"]["start"] is not None
        or (m["args"]["location"] is not None and said[joined(m["args"]["name"])] > 1)
    }
    known: dict[str, list[str]] = {}
    last: list[str] = []  # the states of the last event that named two or more
    latest: dict[str, Any] | None = None  # the last exercise mention
    latest_listed: list[dict[str, Any]] = []  # it and the names listed right before it
    named_mentions: list[dict[str, Any]] = []
    _from_home_press(mentions.rules, events)
    equipment = {m[EQUIPMENT_KEY] for m in events if EQUIPMENT_KEY in m}  # 「堤豐」飛彈系統
    recent: list[str] = []  # the last states the passages before named (`note_states`)
    for mention in events:
        if mention["type"] != "exercise" or HOME_KEY in mention:
            last = last_actors(mention, last)  # 两国签署…协定 … 两国举行的首次联合演习
            recent = recent_states(mention, recent)
            continue
        if (
            EQUIPMENT_KEY in mention
            or mentions.normalizer(mention.get("args", {}).get("name", "")) in equipment
        ):
            mention[DROP_KEY] = True  # a weapon's name the document gives, and said again
            continue
        if DATES_KEY in mention:  # a note of a later passage: 演习于9月11日至17日…举行
            if latest is not None and latest["args"]["start"] is None:
                start, end = (date_arg(*date) if date else None for date in mention[DATES_KEY])
                latest["args"]["start"] = start
                latest["args"]["end"] = latest["args"]["end"] or end
            continue
        no_name = mention.pop(UNNAMED_KEY, False)
        listed = mention.pop(LISTED_KEY, False)
        another = mention.pop(ANOTHER_KEY, False)
        participants = set(mention.get("args", {}).get("participants", ()))
        name = mentions.normalizer(mention["args"]["name"]) if no_name else ""
        joint = bool(mentions.rules.joint_exercise.search(name))
        if (
            no_name
            and mention["args"]["start"] is None
            and not another
            and joined(mention["args"]["name"]) not in specific_unnamed  # a headline's 某旅…演练
            and not (participants and any(participants <= d for d in dated_sets))
            and any(_said_again_by(participants, n, joint) for n in named_sets)
        ):
            mention[DROP_KEY] = True  # the document's named exercise, said again
            continue
        joins = mention.get(JOINS_KEY)  # a note of a later passage: 中国、俄罗斯…派兵参演
        describes = mention.pop(DESCRIBES_KEY, False) and latest in named_mentions
        if (mention.pop(ANAPHORIC_KEY, False) or describes) and latest is not None:  # 參與該演習
            joins, mention[DROP_KEY] = mention["args"]["participants"], True
        if joins is not None:
            if latest is not None:
                for listed in latest_listed:  # the names listed with it in its sentence too
                    _join(mentions.rules, listed, joins)
                joined_args = latest["args"]
                if joined_args.get("kb_id"):
                    known[joined_args["kb_id"]] = joined_args["participants"]
                last = last_actors(latest, last)
            continue
        latest_listed = [*latest_listed, mention] if listed and latest else [mention]
        latest = mention
        if not no_name:
            named_mentions.append(mention)
        args = mention["args"]
        if args.get("kb_id") and len(args["participants"]) < 2:  # 「邊防合作」演習首次將蒙古國納入
            args["participants"] = sorted({*known.get(args["kb_id"], []), *args["participants"]})
        args["participants"] = take_group(mention, args["participants"], last, recent)
        if args.get("kb_id"):
            known[args["kb_id"]] = args["participants"]
        last = last_actors(mention, last)
        rescope(mentions.rules, mention)
        mention.pop(ONE_FORCE_KEY, None)
    widest_scope(mentions.rules, named_mentions)


def _from_home_press(rules: EventRules, events: list[dict[str, Any]]) -> None:
    """A drill a force holds with no state named (海軍一四六艦隊…實施反潛演習), or only a
    unit said again (該旅), is the state's whose military press the document is from (a
    note of its dateline: 軍聞社 → Taiwan); elsewhere an unnamed one is still one force's,
    national, its state unsaid."""
    home = next((m[HOME_KEY] for m in events if HOME_KEY in m), None)
    for mention in events:
        force, args = mention.pop(FORCE_KEY, False), mention.get("args", {})
        if force == PARTNERED and home:  # 戚继光舰与文莱海军…进行, in the navy's own paper
            _join(rules, mention, [home])
        elif force and home and len(args["participants"]) < 2:
            args["participants"] = [home]  # none named, or only 該旅 of it
            rescope(rules, mention)
        elif force and mention.get(UNNAMED_KEY) and not args["participants"]:
            mention[ONE_FORCE_KEY] = True  # 两支部队…参加战区组织的联合实兵演习: one state's
            rescope(rules, mention)


def _said_again_by(participants: set[str], named: set[str], joint: bool) -> bool:
    """An unnamed exercise with these participants may be the named one with those:
    none named, or some of the named one's states, unless it is one state's own exercise
    (no joint word in its anchor) beside a joint one (印尼海军同期还举行…编队演习 beside
    俄印尼“奥鲁达-2024”; not 中坦莫三国联合演习 read as Tanzania alone)."""
    if not participants:
        return True
    return bool(participants & named) and (joint or len(participants) >= 2 or len(named) == 1)


def multinational(rules: EventRules, p: Passage, sentence: tuple[int, int]) -> bool:
    """Whether a word of many states or a count of three or more stands in the sentence
    (多国, 北约, 19个国家的…官兵参加), not one of observers (15个国家的代表将以观察员身份观摩,
    来自40余个国家的外军学员…观摩)."""
    found = p.search(rules.multinational, *sentence)
    return found is not None and not rules.observing.search(
        p.norm, found.end(), p.clauses.around(found.start())[1]
    )
