"""Treaties and agreements: named (「蒙俄友好關係與合作條約」, a LAW entity) or described
(兩國簽署加強軍事關係協議), with their form, parties, date, place and what was done
(signed, ratified, withdrawn from …), coded in CAMEO and PLOVER."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pipeline.nlp.events.arguments import event, mark_group, places_only, take_group
from pipeline.nlp.events.document import DROP_KEY
from pipeline.nlp.events.passage import Cover, Passage, joined
from pipeline.nlp.events.rules import EventRules
from pipeline.text.chars import is_cjk, literal_matches

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from pipeline.nlp.events.component import EventMentions


# a mention's key, until the document completes it: the short name given right after the
# anchor (（以下简称《湄公河协定》）), whose later mentions take the parties of this one
SHORT_NAME_KEY = "_short_name"
# a mention's key, until the document completes it: the agreement is named (in brackets, a
# LAW entity, or a name said again), not described (两国签署的协议)
NAMED_KEY = "_named"
LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")
# a mention's key, until the document completes it: an unnamed agreement with neither
# parties nor a date, whose sentence counts its parties (两国): dropped if none are found
PARTIES_WANTED_KEY = "_parties_wanted"


def find(mentions: EventMentions, p: Passage) -> list[dict[str, Any]]:
    """The treaty mentions of a passage: bracketed names ending in a form word (「…條約」),
    LAW entities, and unnamed agreements with a signing verb in their clause that have
    parties, a date (in the sentence or before it in the passage) or a group word (两国)."""
    rules, args_of, norm = mentions.rules, mentions.args, p.norm
    anchors, unnamed = _anchors(mentions, p)
    events = []
    kept = [
        anchor
        for anchor in sorted(args_of.without_aliases(norm, anchors))
        if not _general_or_counted(rules, p, anchor[0], anchor[1])
    ]
    starts = {start for start, *_ in kept}
    for start, end, name in kept:
        clause = p.clauses.around(start)
        sentence = p.sentence(start, end)
        relative = _relative_clause(rules, norm, (start, clause), starts)
        # 在日本签署: JPN is where, not who; a party in the name (蘇蒙…條約) stays one
        places = places_only(rules, p, sentence, rules.signed_in_before)
        if places:
            places -= set(args_of.parties(p, start, end, (start, end)))
        parties = [s for s in args_of.parties(p, start, end, sentence) if s not in places]
        if len(parties) == 1:  # 川普與金正恩在新加坡簽署「新加坡聯合聲明」: the two who sign
            before = (sentence[0], start)
            venues = places_only(rules, p, before, rules.signed_in_before)
            signers = [s for s in args_of.parties(p, start, start, before) if s not in venues]
            parties = signers if len(signers) >= 2 else parties
        dated = sentence  # …签署《…》，该协定于同年11月10日生效: that date is the next clause's
        said_again = rules.agreement_said_again.match(norm, clause[1] - 1)  # from the stop
        if said_again and p.search(rules.action, clause[0], start):  # an act before the name
            dated = (sentence[0], clause[1])
        args: dict[str, Any] = {
            "name": joined(name).translate(rules.no_brackets),  # 「台美…倡議」首批協定
            "form": _form(mentions, p, start, end),
            "parties": parties,
            "date": args_of.nearest_date(p, relative, clause, dated, anchor_end=end),
            "location": args_of.location(p, sentence),
            "action": _treaty_action(rules, norm, (relative, start, end), clause, starts),
        }
        signers = sentence if not parties else clause if len(parties) == 1 else None
        if signers and p.search(rules.non_state, signers[0], start):
            continue  # a contract of a company or a bureau (公安局与某公司签署…协议, 该集团
            # 与乌兹别克斯坦能源部签署…备忘录: a ministry and a company)
        if mentions.companies.intersection(args["parties"]) or any(
            e.kb_id_ in mentions.companies for e in p.mentions.within(clause[0], start)
        ):
            continue  # 美國商務部與台積電簽署…備忘錄: a company signs a contract, not a treaty
        if start in unnamed and p.search(rules.unnamed_with_many, clause[0], start):
            continue  # 正加快与欧洲国家洽签自贸协定: agreements with states in general
        general = not args["parties"] and args["date"] is None and start in unnamed
        if general and not p.search(rules.group, *sentence):
            continue  # 条约是…缔结的书面协议: agreements in general, no one's and no time's
        args |= args_of.alias_en(p, end)
        codes = rules.data["codes"]["treaty"][args["action"]]
        mention = event("treaty", start, end, sentence, args, codes)
        mark_group(rules, p, sentence, mention, len(args["parties"]))  # for `complete`
        if general:  # 两国签署了协议: an agreement if the document named the two before
            mention[PARTIES_WANTED_KEY] = True
        short = args_of.short_name(p, end)
        if short:
            mention[SHORT_NAME_KEY] = short
        if start not in unnamed:
            mention[NAMED_KEY] = True
        events.append(mention)
    return events


def again(mentions: EventMentions, docs: Sequence[Doc]) -> list[list[tuple[int, int]]]:
    """Per passage, where it names without brackets an agreement that a mention of the
    document names (南錫條約並不取代… after 「南錫條約」; PACER Plus after its Chinese name
    with that alias): the name or English alias as that mention has it, with at least
    `shortest_name_said_again` characters and more than a form word, not inside another
    event's anchor nor a longer Latin word."""
    rules = mentions.rules
    names: set[str] = set()
    for d in docs:
        for e in d._.events or []:
            if e["type"] != "treaty" or not e.get(NAMED_KEY):
                continue
            name = d._.text_norm[e["start"] : e["end"]]
            form = rules.form_end.search(name)
            if len(name) >= rules.shortest_name_said_again and not (form and form.start() == 0):
                names.add(name)
            alias = e["args"].get("alias_en", "")
            if len(alias) >= rules.shortest_name_said_again:
                names.add(alias)
    if not names:
        return [[] for _ in docs]
    places = []
    for d in docs:
        norm = d._.text_norm
        taken = Cover(len(norm), [(e["start"], e["end"]) for e in d._.events or []])
        places.append([
            (start, end)
            for start, end in literal_matches(norm, names)
            if not LATIN_OR_DIGIT.match(norm[start - 1 : start])
            and not LATIN_OR_DIGIT.match(norm[end : end + 1])
            and not rules.not_after_form.match(norm, end)  # 北大西洋公約組織, 南极条约体系
            and not any(i in taken for i in range(start, end))
        ])  # fmt: skip
    return places


def _relative_clause(
    rules: EventRules, norm: str, anchor: tuple[int, tuple[int, int]], starts: set[int]
) -> int:
    """Where what is said of the anchor (its start, its clause) begins: after the verb that
    acts on a relative clause ending in a verb and 的 right before it (已于2017年终止2006年
    签署的《…》: the act is 终止 in 2017, not 签署 in 2006), unless that verb acts on
    another anchor (两国签署的「…」内容与…所签定的「…」); else at the anchor."""
    start, clause = anchor
    verbs = [*rules.action.finditer(norm, clause[0], start)]
    if len(verbs) < 2 or not rules.relative_mark.fullmatch(norm, verbs[-1].end(), start):
        return start
    outer, inner = verbs[-2], verbs[-1]
    return start if starts.intersection(range(outer.end(), inner.start())) else outer.end()


def _general_or_counted(rules: EventRules, p: Passage, start: int, end: int) -> bool:
    """任何条约 (treaties in general, `generic`), 这是…第22个自贸协定 or 是…首份…協定 (a count
    of agreements, `counted_before` up to an ordinal in the anchor): no treaty of its own."""
    clause = p.clauses.around(start)
    ordinal = rules.ordinal_start.search(p.norm, start, end)
    counted_to = ordinal.end() if ordinal else start
    return bool(
        p.search(rules.generic, *clause)
        or rules.counted_before.search(p.norm[max(clause[0], start - 40) : counted_to])
    )


def _anchors(mentions: EventMentions, p: Passage) -> tuple[list[tuple[int, int, str]], set[int]]:
    """The anchors (start, end, name) of a passage's agreements, and where those of the
    unnamed ones start."""
    rules, norm = mentions.rules, p.norm
    anchors: list[tuple[int, int, str]] = []
    taken = Cover(len(norm))  # what the anchors cover
    unnamed: set[int] = set()
    other_names: dict[int, int] = {}  # where a bracketed name of no form word ends: its start
    for m in p.bracketed:
        name = rules.trailing_period.sub("", joined(m.group(1)))  # …行动计划（2019—2023年）
        form = rules.form_end.search(name)
        if form and (
            form.start() == 0 or rules.action.match(name) or rules.quoted_speech.match(name)
        ):
            form = None  # 以「協議」等名義, 希望「簽署更多協議」, 「並非…和平條約」: words quoted
        if (
            form
            and form[0] in rules.weak_forms
            and not p.search(rules.action, *p.clauses.around(m.start()))
        ):
            form = None  # 「…正式或非正式的安全合作安排」: a quotation, no agreement acted on
        if form:
            anchors.append((m.start(1), m.end(1), p.text[m.start(1) : m.end(1)]))
            taken.add(m.start(1), m.end(1))
        else:
            other_names[m.end()] = m.start()
    for start, end in p.said_again.get("treaty", ()):  # 南錫條約 after 「南錫條約」
        if not any(i in taken for i in range(start, end)):
            anchors.append((start, end, p.text[start:end]))
            taken.add(start, end)
    aliases = Cover(len(norm), mentions.args.alias_spans(norm, anchors))
    for ent in p.mentions:
        if (
            ent.label_ == "LAW"
            and (
                rules.form_end.search(ent._.text_norm)
                or (ent.kb_id_ in mentions.treaty_forms and rules.short_name.fullmatch(ent.text))
            )
            and ent.start_char not in taken
            and ent.start_char not in aliases
        ):
            anchors.append((ent.start_char, ent.end_char, ent.text))
            taken.add(ent.start_char, ent.end_char)
    for m in reversed([*rules.form_word.finditer(norm)]):  # 协定进一步升级议定书: the last
        if m.start() in taken or rules.not_after_form.match(norm, m.end()):
            continue  # 條約案, 条约法: a bill or the law of treaties, no agreement
        descriptive = _descriptive(
            rules, p, m.start(), m.end(), taken, other_names, mentions.args.leading_abbreviations
        )
        if descriptive:
            anchors.append(descriptive)
            taken.add(descriptive[0], descriptive[1])
            unnamed.add(descriptive[0])
    return anchors, unnamed


def complete(mentions: EventMentions, events: list[dict[str, Any]]) -> None:
    """Document level, in reading order: a treaty whose sentence counts more states than
    it names (自2019年9月21日两国签署建交联合公报以来, the passage after the one naming
    中国和所罗门群岛) takes the parties of the last treaty that had as many; an unnamed one
    that waited for them and gets none is no treaty (雙方將就最終協議進行磋商); one named by
    a name or short name said before with parties (根据《湄公河协定》第5条, after 四国…签署
    《湄公河流域…协定》（以下简称《湄公河协定》）) takes theirs; a bilateral one has both
    its parties wherever it is named (`_both_parties`)."""
    last: list[str] = []  # the parties of the last treaty that named two or more
    known: dict[str, list[str]] = {}  # a name, short name or alias → the parties said with it
    aliases = {  # an English alias said again (PACER Plus) has the form of the name it stands for
        e["args"]["alias_en"]: e["args"]["form"]
        for e in events
        if e["type"] == "treaty" and "args" in e and e["args"].get("alias_en")
    }
    for mention in events:
        if mention["type"] != "treaty":
            continue
        mention.pop(NAMED_KEY, None)
        args = mention["args"]
        args["form"] = aliases.get(args["name"], args["form"])
        names = [args["name"], mention.pop(SHORT_NAME_KEY, None), args.get("alias_en")]
        args["parties"] = take_group(mention, args["parties"], last) or known.get(args["name"], [])
        if args["parties"]:
            known.update((name, args["parties"]) for name in names if name)
        if mention.pop(PARTIES_WANTED_KEY, False) and not args["parties"]:
            mention[DROP_KEY] = True  # 雙方將就最終協議進行磋商, no states named before
        if len(args["parties"]) >= 2:
            last = args["parties"]
    _both_parties(
        [e for e in events if e["type"] == "treaty" and "args" in e and DROP_KEY not in e]
    )


def _both_parties(treaties: list[dict[str, Any]]) -> None:
    """A bilateral agreement has its two parties wherever it is named: a mention that names
    one of them (希臘國會批准普瑞斯巴協議, a headline) takes the two another mention of the
    same name gives it, unless it is that state's withdrawal (智利退出《…》)."""
    bilateral = {
        e["args"]["name"]: e["args"]["parties"] for e in treaties if len(e["args"]["parties"]) == 2
    }
    for e in treaties:
        args = e["args"]
        both = bilateral.get(args["name"], [])
        one = len(args["parties"]) == 1 and args["parties"][0] in both
        if one and args["action"] != "withdraw":
            args["parties"] = both


def _form(mentions: EventMentions, p: Passage, start: int, end: int) -> str:
    """The form of the agreement an anchor names: that of its last word, else that of the
    gazetteer agreement it names by another name (ECFA, New START)."""
    rules = mentions.rules
    word = rules.form_end.search(rules.trailing_period.sub("", joined(p.norm[start:end])))
    if word:
        return str(rules.forms[word[0]])
    linked = p.mentions.first_inside(start, end)
    return mentions.treaty_forms.get(linked.kb_id_, "other") if linked is not None else "other"


def _descriptive(
    rules: EventRules,
    p: Passage,
    form_start: int,
    form_end: int,
    taken: Cover,
    other_names: dict[int, int],
    states_leading: Callable[[str, set[int] | None, Mapping[str, str]], list[str]],
) -> tuple[int, int, str] | None:
    """An unnamed agreement with a signing verb in its clause (2014年兩國簽署加強軍事
    關係協議), or one whose words name its states by their abbreviations (中秘自贸协定
    实施以来, 中葡聯合聲明精神: a short name, acted on or not): the anchor is the form word
    with the words that qualify it (not those of an anchor in `taken`), never a date's
    last character (於2003年兩國聯合聲明 is 兩國聯合聲明, not 年兩國聯合聲明); a bracketed
    name right before it is its name (「台美21世紀貿易倡議」首批協定, `other_names`: end →
    start). A joint statement is an act itself (两国联合声明), but not one qualified by
    nothing and acted on by no verb (將聯合聲明中的…: the one said before)."""
    norm = p.norm
    clause = p.clauses.around(form_start)
    form = norm[form_start:form_end]
    joint = form.startswith(rules.joint_prefix)  # 两国联合声明: a joint statement is an act
    acted = any(  # not 条约签署前: a time; not 未签署新的能源协议: no act
        not (m.start() == form_end and rules.event_as_time.match(norm, m.end()))
        and not rules.negation_end.search(norm, max(clause[0], m.start() - 4), m.start())
        for m in rules.action.finditer(norm, *clause)
    )
    start = form_start
    while (
        start > clause[0]
        and form_start - start < 12
        and not _stops_qualifier(rules, p, start - 1)
        and start - 1 not in taken
        and start - 1 not in p.dated
    ):
        verb_before = rules.action.match(norm, start - 2)  # one that reaches the qualifier
        if (
            (verb_before and verb_before.end() >= start)  # not 签 of 洽簽各項協定
            or rules.action.match(norm, start - 1)
            or norm.endswith(rules.qualifier_stop_words, clause[0], start)
            or p.word_before(start) in rules.qualifier_stop_adverbs  # 一旦協議, 正就協議
        ):
            break  # 签署…, 参加条约, 根据协定: the verb or preposition that takes it
        start -= 1
    if norm[start - 1 : start] == "的":
        about = [*rules.about.finditer(norm, max(clause[0], start - 30), start)]
        if about:
            start = about[-1].start()  # 簽署了關於「西伯利亞力量2號」管道建設的備忘錄
    referring = max(
        (len(w) for w in rules.referring_qualifiers if norm.startswith(w, start)), default=0
    )
    if referring and start + referring < form_start and p.starts_word(start + referring):
        start += referring  # 這項俄伊…條約: 俄伊…條約; not 新 of 新加坡
    several = rules.several_before.search(norm, max(clause[0], start - 4), form_start)
    if several and not _acted_right_before(rules, norm, clause[0], several.start()):
        return None  # 签署的多份安全協議之一, 等多項協定: agreements in general
    name_start = other_names.get(start, start)
    if not any(i in taken for i in range(name_start, start)):
        start = name_start  # 「台美21世紀貿易倡議」首批協定, unless a name found covers it
    qualifier = norm[start:form_start]
    if (
        (start == form_start and not (joint and acted))
        or qualifier in rules.referring_qualifiers
        or qualifier.endswith(tuple(rules.referring_qualifiers))  # 选择性引用该公约
    ):
        return None  # 协议 alone, 有关声明, 该协定: one already said, or no one's
    named = joined(norm[start:form_end])
    named_states = states_leading(named, None, p.state_initials) or _of_states(rules, p, start)
    if not (joint or acted or named_states):
        return None  # no verb acts on it, and its words name no states: generic
    copula = p.word_before(start) in rules.predicate_copulas or any(
        norm.startswith(c, start) and p.starts_word(start + len(c)) for c in rules.predicate_copulas
    )
    if copula and not named_states:
        return None  # 「協商承諾」並不是同盟條約 (not 今天是中毛自贸协定生效四周年): what it is
    if norm[start - 1 : start] in ("之", "的") and (
        start - 2 in taken or norm[start - 2 : start - 1] in "」』》”"
    ):
        return None  # 日蒙經濟夥伴關係協定之基本協議: part of the named one
    return start, form_end, p.text[start:form_end]


def _acted_right_before(rules: EventRules, norm: str, clause_start: int, at: int) -> bool:
    """Whether a signing verb acts right before `at` (簽訂多項合作協議, 達成20多項協議: several
    agreements signed at once, an act), a count or 了 between."""
    before = norm[max(clause_start, at - 8) : at].rstrip("0123456789了 ")
    return any(m.end() == len(before) for m in rules.action.finditer(before))


def _of_states(rules: EventRules, p: Passage, start: int) -> bool:
    """A qualifier that opens with two states joined by a dash or a conjunction (中国—塞尔维亚
    自由贸易协定): the agreement of those states, a name even with no verb."""
    states = p.states.within(start, p.clauses.around(start)[1])[:2]
    return (
        len(states) == 2
        and states[0].start_char == start
        and p.norm[states[0].end_char : states[1].start_char] in rules.joiners
    )


def _stops_qualifier(rules: EventRules, p: Passage, i: int) -> bool:
    """Whether the character at `i` ends the words that qualify an agreement: a bracket, a
    digit or a space, or 的/和/与… as a word of its own (not 和 of 和平: 泰柬和平協議)."""
    ch = p.norm[i]
    return ch in rules.qualifier_stops and (
        not is_cjk(ch) or (p.starts_word(i) and p.starts_word(i + 1))
    )


def _treaty_action(
    rules: EventRules,
    norm: str,
    anchor: tuple[int, int, int],
    clause: tuple[int, int],
    starts: set[int],
) -> str:
    """The verb nearest the anchor (`anchor`: where what is said of it starts, its start
    and end) in its clause, not one of a relative clause before it (`_relative_clause`) nor
    one that introduces another anchor (所簽定的「烏蘭巴托宣言」); 就…会谈 makes it
    `negotiate`; a plan marker before it makes it `plan`; a joint statement without a verb
    was issued (`sign`); no verb, or a verb of an anniversary (签署45周年), is a `mention`."""
    relative, start, end = anchor
    before = norm[clause[0] : start]
    if rules.talks_on_before.search(before) and rules.talks.search(norm, end, clause[1]):
        return "negotiate"  # 孟印两国就《恒河水分享条约》续约举行技术会谈
    verbs = [
        (abs(m.end() - start), m)
        for m in rules.action.finditer(norm, clause[0], clause[1])
        if not (relative <= m.start() < end)
        and not (
            m.start() >= end
            and any(o in starts and o != start for o in range(m.end() + 1, m.end() + 4))
        )
    ]
    if not verbs:
        return "sign" if rules.bare_joint_statement.fullmatch(norm[start:end]) else "mention"
    verb = min(verbs, key=lambda v: v[0])[1]
    if rules.anniversary.match(norm, verb.end()):
        return "mention"  # 《朝鲜停战协定》签署70周年: an anniversary, no act
    if any(p in before for p in rules.data["plan_markers"]) and verb.start() < start:
        return "plan"
    return rules.data["treaty_actions"][verb[0]]
