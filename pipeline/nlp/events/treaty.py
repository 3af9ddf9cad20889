"""Treaties and agreements: named (「蒙俄友好關係與合作條約」, a LAW entity) or described
(兩國簽署加強軍事關係協議), with their form, parties, date, place and what was done
(signed, ratified, withdrawn from …), coded in CAMEO and PLOVER."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline.nlp.events.arguments import Arguments, event
from pipeline.nlp.events.document import DROP_KEY
from pipeline.nlp.events.groups import last_actors, mark_group, recent_states, take_group
from pipeline.nlp.events.modality import conditioned
from pipeline.nlp.events.passage import Passage, joined
from pipeline.nlp.events.rules import EventRules
from pipeline.nlp.events.stance import concerned, places_only, stance_takers
from pipeline.nlp.events.treaty_action import (
    Names,
    acted_before,
    acting_verb,
    negated,
    of_relative_clause,
    treaty_action,
)
from pipeline.nlp.events.treaty_anchors import NAMED_KEY, adopted, anchors
from pipeline.nlp.events.treaty_lists import complete_items, mark_item, note_listing
from pipeline.nlp.events.treaty_signers import signed_by_no_states
from pipeline.nlp.events.treaty_tables import act_in_row, whole_cells

if TYPE_CHECKING:
    from pipeline.nlp.events.component import EventMentions


# a mention's key, until the document completes it: the short name given right after the
# anchor (（以下简称《湄公河协定》）), whose later mentions take the parties of this one
SHORT_NAME_KEY = "_short_name"
# a mention's key, until the document completes it: an unnamed agreement with neither
# parties nor a date, whose sentence counts its parties (两国): dropped if none are found
PARTIES_WANTED_KEY = "_parties_wanted"
# what one state does alone to an agreement: its parties are the states acting before the
# verb (乍得宣布终止与法国的「…」: Chad, not France; a ratification keeps both parties)
ACTING_ALONE = ("withdraw",)
# a note of a passage, until the document completes it: the name of an agreement signed by
# no state (a contract), whose later mentions are no treaty either
CONTRACT_KEY = "_contract"
# a mention's key, until the document completes it: its clause says only the sides (双方,
# 兩造) sign it, which are a contract's when the last agreement signed was one
SIDES_KEY = "_sides"


def find(mentions: EventMentions, p: Passage) -> list[dict[str, Any]]:
    """The treaty mentions of a passage: bracketed names ending in a form word (「…條約」),
    LAW entities, and unnamed agreements with a signing verb in their clause that have
    parties, a date (in the sentence or before it in the passage) or a group word (两国)."""
    rules, args_of, norm = mentions.rules, mentions.args, p.norm
    found, unnamed = whole_cells(rules, p, *anchors(mentions, p))
    found += _named_by_place(rules, p, found)
    described = _described(mentions, p, found, unnamed)  # a name's start → its description
    descriptions = {d[0] for d in described.values()}
    found = [a for a in found if a[0] not in descriptions]
    events = []
    kept = [
        anchor
        for anchor in sorted(args_of.without_aliases(norm, found))
        if not _general_or_counted(rules, p, anchor[0], anchor[1], anchor[0] in unnamed)
    ]
    names = Names(len(norm), kept)
    starts = set(names.ends)
    for start, end, name in kept:
        said_at = described.get(start, (start, end))  # 签订…同盟条约，即《…》: acted on there
        clause = p.clauses.around(said_at[0])
        sentence = p.sentence(start, end)
        relative = _relative_clause(rules, norm, (said_at[0], clause), starts)
        # 在日本签署: JPN is where, not who; a party in the name (蘇蒙…條約) stays one
        places = places_only(rules, args_of.stands_for, p, sentence, rules.signed_in_before)
        if places:
            places -= set(args_of.parties(p, start, end, (start, end)))
        onlookers = stance_takers(rules, rules.comment_verb, args_of.stands_for, p, sentence, start)
        onlookers |= concerned(rules, args_of.stands_for, p, clause, (start, end))
        places |= onlookers - {e.kb_id_ for e in p.states.within(start, end)}  # 中方注意到
        parties = [s for s in args_of.parties(p, start, end, sentence) if s not in places]
        respectively = norm.find(rules.respectively, clause[0], start) >= 0  # 印巴分別簽署
        if len(parties) == 1 and not respectively:  # 川普與金正恩…簽署「新加坡聯合聲明」: both
            before = (sentence[0], start)
            venues = places_only(rules, args_of.stands_for, p, before, rules.signed_in_before)
            signers = [
                s for s in args_of.parties(p, start, start, before) if s not in venues | places
            ]
            parties = signers if len(signers) >= 2 else parties
        dated = sentence  # …签署《…》，该协定于同年11月10日生效: that date is the next clause's
        said_again = rules.agreement_said_again.match(norm, clause[1] - 1)  # from the stop
        if said_again and p.search(rules.action, clause[0], start):  # an act before the name
            dated = (sentence[0], clause[1])
        verb = acting_verb(rules, norm, (relative, *said_at), clause, names)
        # 去年7月8日…簽署的「…」今天正式生效: it enters into force today, no signing
        verb, relative, date_clause, dated = _in_force(
            rules, p, verb, (start, end), (relative, clause, dated)
        )
        acted_at = acted_before(norm, verb, start)  # 1953年…簽署、次年…生效的「…」: 1953
        args: dict[str, Any] = {
            "name": joined(name).translate(rules.no_brackets),  # 「台美…倡議」首批協定
            "form": _form(mentions, p, start, end),
            "parties": parties,
            "date": args_of.nearest_date(
                p,
                relative,
                date_clause,
                dated,
                anchor_end=end,
                acted_at=acted_at,
                without_terms=True,
            ),
            "location": args_of.location(p, sentence),
            "action": _supposed_act(
                rules, p, verb, treaty_action(rules, norm, said_at, clause, verb)
            ),
        }
        # 条约名称　签署日期 over …条约　2001-07-16: signed that day
        args["action"], args["date"] = act_in_row(rules, p, start, (args["action"], args["date"]))
        if args["action"] in ACTING_ALONE and acted_at is not None:  # 乍得宣布终止与法国的…
            acting = _acting(args_of, p, acted_at, (clause, sentence), places)
            args["parties"] = acting or args["parties"]
        elif acted_at is not None and negated(rules, norm, clause, verb):  # 日本拒簽《…》
            refusing = _acting(args_of, p, acted_at, (clause, sentence), places)
            args["parties"] = [s for s in args["parties"] if s not in refusing]
        args["parties"] = _as_of(rules, p, args["parties"], args["date"])  # 1945年中華民國
        if args["action"] == "mention" and adopted(rules, p, start, end):
            args["action"] = "sign"  # 与会领导人通过《…喀山宣言》，宣言重申…: adopted
        if signed_by_no_states(mentions, p, (start, end, start in unnamed), parties, sentence):
            p.notes.append({"type": "treaty", "start": start, CONTRACT_KEY: args["name"]})
            continue  # a contract: its name and its two sides said again are none (`complete`)
        if (
            start in unnamed
            and (
                p.search(rules.unnamed_with_many, clause[0], start)
                or (p.is_headline and rules.section_heading.match(norm))  # 3.4　…签署的主要经贸协定
            )
        ) or (not parties and p.search(rules.placeholder_states, clause[0], end)):
            continue  # 正加快与欧洲国家洽签自贸协定: states in general; 甲乙两国边界条约: example
        general = not args["parties"] and args["date"] is None and start in unnamed
        if general and not p.search(rules.group, *sentence):
            continue  # 条约是…缔结的书面协议: agreements in general, no one's and no time's
        args |= args_of.alias_en(p, end)
        codes = rules.data["codes"]["treaty"][args["action"]]
        mention = event("treaty", start, end, sentence, args, codes)
        mark_group(rules, p, sentence, mention, len(args["parties"]))  # for `complete`
        if len(args["parties"]) < 2 and p.search(rules.sides, clause[0], start):
            mention[SIDES_KEY] = True  # 双方其后又签订《补充协议》: whose sides (`complete`)
        if general:  # 两国签署了协议: an agreement if the document named the two before
            mention[PARTIES_WANTED_KEY] = True
        short = args_of.short_name(p, end)
        if short:
            mention[SHORT_NAME_KEY] = short
        if start not in unnamed:
            mention[NAMED_KEY] = True
        mark_item(p, start, mention)  # 2.《…谅解备忘录》 (`complete_items`)
        events.append(mention)
    note_listing(mentions, p)  # 共同见证签署下列合作文件： (`complete_items`)
    return events


def _in_force(
    rules: EventRules,
    p: Passage,
    verb: Any,
    anchor: tuple[int, int],
    said: tuple[int, tuple[int, int], tuple[int, int]],
) -> tuple[Any, int, tuple[int, int], tuple[int, int]]:
    """The acting verb, where what is said of the anchor starts, and where its date is
    looked for (its clause, its sentence): as given (`said`), unless the agreement, acted on
    only by a relative clause before it (簽署的「…」), enters into force after it with a
    date between (「…」今天正式生效): then no verb, and the date is looked for there."""
    start, end = anchor
    relative, clause, dated = said
    if verb is None or verb.end() > start or not of_relative_clause(p.norm, verb):
        return verb, relative, clause, dated
    force = rules.in_force_after.search(p.norm, end, clause[1])
    if force is None or not p.valued_dates.any_within(end, force.start()):
        return verb, relative, clause, dated
    return None, end, (end, force.end()), (end, force.end())


def _supposed_act(rules: EventRules, p: Passage, verb: Any, action: str) -> str:
    """The action, or a mention when a done act (a signing, a withdrawal …, not talks or a
    plan) is only supposed (若聯合國制裁恢復，將退出「核不擴散條約」), its verb not a relative
    clause's (簽署的「…」)."""
    supposed = (
        verb is not None
        and action not in ("mention", "negotiate", "plan")
        and not of_relative_clause(p.norm, verb)
        and conditioned(rules, p, verb.start())
    )
    return "mention" if supposed else action


CLOSING_BRACKETS = frozenset("》」』”〉")


def _named_by_place(
    rules: EventRules, p: Passage, found: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """A form word right after the name of a city or a place that is no state, without
    brackets (布達佩斯公約, 巴黎协定, 开罗宣言): an agreement named after where it was made,
    not an unnamed one; not where one is signed (在巴黎签署协定 puts a verb between), not
    inside brackets (the bracketed name's own finder reads those) nor a short name given to
    another (…公约」，也就是俗稱的渥太華公約)."""
    taken = {i for start, end, _ in found for i in range(start, end)}
    named = []
    for m in rules.form_word.finditer(p.norm):
        place = next(
            (e for e in p.mentions.within(max(0, m.start() - 12), m.start())
             if e.end_char == m.start() and e.label_ in ("GPE", "LOC")),
            None,
        )  # fmt: skip
        if (
            place is not None
            and place.kb_id_.startswith("loc:")
            and not rules.not_after_form.match(p.norm, m.end())
            and p.norm[place.start_char - 1 : place.start_char] not in rules.venue_prepositions
            and p.norm[m.end() : m.end() + 1] not in CLOSING_BRACKETS  # 《…上海公约》
            and not rules.short_name_said.search(p.norm, max(0, m.start() - 20), place.start_char)
            and taken.isdisjoint(range(place.start_char, m.end()))
        ):
            named.append((place.start_char, m.end(), p.text[place.start_char : m.end()]))
    return named


def _described(
    mentions: EventMentions, p: Passage, found: list[tuple[int, int, str]], unnamed: set[int]
) -> dict[int, tuple[int, int]]:
    """The names given right after an unnamed agreement (秘密同盟条约，即《德奥同盟条约》):
    the start of each name → the span of its description. The name is the mention, acted on
    where the description is, not an alias of it; not a short name that is a form word alone
    (自由贸易协定（以下简称《协定》）)."""
    norm, starts = p.norm, {a[0] for a in found}
    described = {}
    for start, end, _ in found:
        if start not in unnamed:
            continue
        alias = mentions.rules.short_name_alias.match(norm, mentions.args.past_bracket(norm, end))
        if alias is None:
            continue
        named = next((i for i in range(*alias.span(alias.lastindex)) if i in starts), None)
        if named is not None:
            described[named] = (start, end)
    return described


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


def _general_or_counted(rules: EventRules, p: Passage, start: int, end: int, unnamed: bool) -> bool:
    """任何条约 (treaties in general, `generic`, for an unnamed one: a name is specific
    whatever its clause says, 「美菲共同防禦條約」…適用於…在南海任何地方), 这是…第22个自贸协定
    or 是…首份…協定 (a count of agreements, `counted_before` up to an ordinal in the anchor):
    no treaty of its own."""
    clause = p.clauses.around(start)
    ordinal = rules.ordinal_start.search(p.norm, start, end)
    counted_to = ordinal.end() if ordinal else start
    return bool(
        (unnamed and p.search(rules.generic, *clause))
        or rules.counted_name.fullmatch(p.norm, start, end)  # 「三個聯合公報」: several
        or rules.counted_before.search(p.norm[max(clause[0], start - 40) : counted_to])
    )


def complete(mentions: EventMentions, events: list[dict[str, Any]]) -> None:
    """Document level, in reading order: a treaty whose sentence counts more states than it names
    (自2019年9月21日两国签署建交联合公报以来, the passage after the one naming 中国和所罗门群岛)
    takes the states of the last event, treaty or exercise, that had as many; an unnamed one that
    waited for them and gets none is no treaty (雙方將就最終協議進行磋商); one named by a name or
    short name said before with parties (根据《湄公河协定》第5条, after 四国…签署
    《湄公河流域…协定》（以下简称《湄公河协定》）) takes theirs; a bilateral one has both its
    parties wherever it is named (`_both_parties`). A contract (a note: an agreement signed
    by no state) makes its name said again no treaty (本院认为，《招商引资协议书》系…), nor
    what its sides sign next (双方其后又签订《补充协议》) until states act again."""
    last: list[str] = []  # the states of the last event that named two or more
    contracts: set[str] = set()  # the names of the contracts signed so far
    after_contract = False  # whether the last agreement signed was a contract
    known: dict[str, list[str]] = {}  # a name, short name or alias → the parties said with it
    aliases = {  # an English alias said again (PACER Plus) has the form of the name it stands for
        e["args"]["alias_en"]: e["args"]["form"]
        for e in events
        if e["type"] == "treaty" and "args" in e and e["args"].get("alias_en")
    }
    recent: list[str] = []  # the last states the passages before named (`note_states`)
    for mention in events:
        if mention["type"] == "treaty" and CONTRACT_KEY in mention:
            contracts.add(mention[CONTRACT_KEY])
            last, after_contract = [], True  # 双方 now means the contract's sides
            continue
        if len(last_actors(mention, [])) >= 2:
            after_contract = False  # states act again
        if mention["type"] != "treaty":
            last = last_actors(mention, last)  # 兩國…舉行演習 … 兩國8月簽署「防衛合作協定」
            recent = recent_states(mention, recent)
            continue
        mention.pop(NAMED_KEY, None)
        args = mention["args"]
        if args["name"] in contracts or (mention.pop(SIDES_KEY, False) and after_contract):
            mention[DROP_KEY] = True  # a contract said again, or signed by its sides
            continue
        args["form"] = aliases.get(args["name"], args["form"])
        names = [args["name"], mention.pop(SHORT_NAME_KEY, None), args.get("alias_en")]
        parties = take_group(mention, args["parties"], last, recent)
        args["parties"] = parties or known.get(args["name"], [])
        if args["parties"]:
            known.update((name, args["parties"]) for name in names if name)
        if mention.pop(PARTIES_WANTED_KEY, False) and not args["parties"]:
            mention[DROP_KEY] = True  # 雙方將就最終協議進行磋商, no states named before
        last = last_actors(mention, last)
    _both_parties(
        [e for e in events if e["type"] == "treaty" and "args" in e and DROP_KEY not in e]
    )
    complete_items(mentions.rules, events)


def _acting(
    args_of: Arguments,
    p: Passage,
    acted_at: int,
    spans: tuple[tuple[int, int], ...],
    places: set[str],
) -> list[str]:
    """The states before the verb that acts (`acted_at`) in the first of `spans` (its
    clause, then its sentence) that names any, places left out."""
    for span in spans:
        acting = args_of.parties(p, acted_at, acted_at, (span[0], acted_at))
        if acting := [s for s in acting if s not in places]:
            return acting
    return []


def _as_of(rules: EventRules, p: Passage, parties: list[str], date: Any) -> list[str]:
    """The parties as they were at the agreement's date, when the date names its year:
    中華民國 in 1945 is China (`states_before`)."""
    span = p.valued_dates.first_inside(*date["date_of"]) if date else None
    year = str(span._.value.get("value") or span._.value.get("start") or "")[:4] if span else ""
    if not year.isdigit():
        return parties
    states_before = rules.data["states_before"]
    return sorted(
        {
            states_before[s]["state"]
            if s in states_before and int(year) < states_before[s]["before"]
            else s
            for s in parties
        }
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
        if one and args["action"] not in ACTING_ALONE:
            args["parties"] = both


def _form(mentions: EventMentions, p: Passage, start: int, end: int) -> str:
    """The form of the agreement an anchor names: that of its last word, else that of the
    gazetteer agreement it names by another name (ECFA, New START)."""
    rules = mentions.rules
    word = rules.form_end.search(rules.trailing_period.sub("", joined(p.norm[start:end])))
    if word:
        return str(rules.forms[word[0]])
    acronym = rules.acronym.search(p.norm, start, end)  # 日欧EPA
    if acronym and acronym.end() == end:
        return rules.acronym_forms[acronym[0]]
    linked = p.mentions.first_inside(start, end)
    return mentions.treaty_forms.get(linked.kb_id_, "other") if linked is not None else "other"
