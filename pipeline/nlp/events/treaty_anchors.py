"""Where a passage mentions an agreement: bracketed names ending in a form word
(「…條約」), LAW entities, names said again from elsewhere in the document, and unnamed
agreements described by the words before a form word (兩國簽署加強軍事關係協議, 中秘自贸协定).
`treaty.py` reads their arguments."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from pipeline.nlp.events.modality import supposed
from pipeline.nlp.events.passage import Cover, Passage, event_norm, joined
from pipeline.nlp.events.rules import EventRules
from pipeline.nlp.events.treaty_counts import counted
from pipeline.nlp.events.treaty_states import joined_states_start, of_states, past_partner
from pipeline.nlp.events.treaty_tables import in_register
from pipeline.text.chars import CLAUSE_END, is_cjk, literal_matches

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from pipeline.nlp.events.component import EventMentions

NAMED_KEY = "_named"  # a mention's key until its document completes it: named, not 两国签署的协议
ACRONYM_STATES_REACH = 4  # the most characters of states' initials before an acronym
GENERIC_KIND_LENGTH = 4  # the longest qualifier read as a kind of agreement (自由贸易)
LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")
INDEFINITE_REACH = 14  # how far before a quoted kind of agreement 一份 or 新的 may stand
CITED_TITLE_REACH = 80  # characters before a bracketed name an article's title 〈 may open


def anchors(mentions: EventMentions, p: Passage) -> tuple[list[tuple[int, int, str]], set[int]]:
    """The anchors (start, end, name) of a passage's agreements, and where those of the
    unnamed ones start."""
    rules, norm = mentions.rules, p.norm
    anchors: list[tuple[int, int, str]] = []
    taken = Cover(len(norm))  # what the anchors cover
    unnamed: set[int] = set()
    other_names: dict[int, int] = {}  # where a bracketed name of no form word ends: its start
    in_brackets = Cover(len(norm), (m.span(1) for m in p.bracketed))
    titles = Cover(len(norm))  # inside a title that cites a work in 〈〉: cited, no event
    for m in p.bracketed:
        if _cited(rules, p, m) or rules.label_before.search(norm, max(0, m.start() - 4), m.start()):
            taken.add(m.start(1), m.end(1))  # 参见《中苏友好同盟条约》: a reference, no event;
            continue  # 被称为“基础性协定”的三份文件: a label
        name = rules.trailing_period.sub("", joined(m.group(1)))  # …行动计划（2019—2023年）
        form = rules.form_end.search(name)
        if form and (
            form.start() == 0
            or rules.action.match(name)
            or rules.quoted_speech.match(name)
            or (form[0] in rules.weak_forms and rules.kind_after_name.match(norm, m.end()))
            or (  # 「君子協定」, “新的海军限额协定”: a figure of speech, one wished for
                not m[0].startswith("《")
                and (name in rules.figurative or name.startswith(rules.wished_openers))
            )
        ):
            form = None  # 以「協議」等名義, 「並非…和平條約」: words quoted; 「…倡議」首批協定
        if (
            form
            and form[0] in rules.weak_forms
            and not rules.formal_title.match(name)  # 《…与…关于…的安排》正式实施
            and not norm.endswith(rules.carried_out_before, 0, m.start())  # 落實「…安排」
            and not p.search(rules.action, *p.clauses.around(m.start()))
            and not adopted(rules, p, m.start(1), m.end(1))  # 峰会通过《…行动计划》
        ) or (form and _kind_wished_for(rules, p, m)):
            form = None  # 「…正式或非正式的安全合作安排」: a quotation, no agreement acted on
        if form or _signed_title(rules, p, m, name):
            anchors.append((m.start(1), m.end(1), p.text[m.start(1) : m.end(1)]))
            taken.add(m.start(1), m.end(1))
        else:
            other_names[m.end()] = m.start()
            if m[0].startswith("《") and "〈" in m[1]:  # 《〈联合国海洋法公约〉批准进程中的…问题》
                titles.add(m.start(1), m.end(1))
    for start, end in p.said_again.get("treaty", ()):  # 南錫條約 after 「南錫條約」
        if start not in in_brackets and not any(i in taken for i in range(start, end)):
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
            and ent.start_char not in titles
            and not rules.alternative_after_form.match(norm, ent.end_char)
            and not rules.body_after_law.match(norm, ent.end_char)  # RCEP成员国, EDCA基地
        ):
            anchors.append((ent.start_char, ent.end_char, ent.text))
            taken.add(ent.start_char, ent.end_char)
    anchors += _acronym_names(mentions, p, taken)
    named_at = [a[0] for a in anchors]  # a count near these sums them up (`_summed`)
    for m in reversed([*rules.form_word.finditer(norm)]):  # 协定进一步升级议定书: the last
        if (
            m.start() in taken
            or m.start() in titles
            or rules.not_after_form.match(norm, m.end())
            or rules.alternative_after_form.match(norm, m.end())  # 访问部队协定或一次性换文
            or p.states.any_within(m.start() + 1, m.end())  # 巴林和约旦: 约 begins 约旦
            or (m[0].endswith("约") and rules.about_number.match(norm, m.end()))  # 边界约98%
        ):
            continue  # 條約案, 条约法: a bill or the law of treaties, no agreement
        descriptive = _descriptive(
            rules, p, m.span(), taken, other_names, named_at, mentions.args.leading_abbreviations
        )
        if descriptive:
            anchors.append(descriptive)
            taken.add(descriptive[0], descriptive[1])
            unnamed.add(descriptive[0])
    return anchors, unnamed


def _acronym_names(mentions: EventMentions, p: Passage, taken: Cover) -> list[tuple[int, int, str]]:
    """A kind of agreement's acronym right after the initials of two or more states (日欧EPA,
    臺貝ECA, the document's initials too): those states' agreement, named so."""
    found = []
    for m in mentions.rules.acronym.finditer(p.norm):
        start = max(0, m.start() - ACRONYM_STATES_REACH)
        while start < m.start() and not mentions.args.leading_abbreviations(
            p.norm[start : m.start()], None, p.state_initials
        ):
            start += 1
        if start < m.start() and not any(i in taken for i in range(start, m.end())):
            found.append((start, m.end(), p.text[start : m.end()]))
            taken.add(start, m.end())
    return found


def adopted(rules: EventRules, p: Passage, start: int, end: int) -> bool:
    """Whether a bracketed name is adopted (通过《伊卢利萨特宣言》，强调…, 1981年通過的《…憲章》,
    通过《…宣言》和《…行动计划》四份成果文件。): 通过 (or 通过的) right before its bracket or
    the first bracket of the list it is in, and a clause's end right after the list's last
    bracket (an alias in brackets or a count of the documents between or not) — not
    通过《巴黎协定》确立的机制, by means of it."""
    norm = p.norm
    first, last = start, end
    while joined_before := rules.adopted_join_before.search(norm, max(0, first - 4), first - 1):
        if joined_before.start() not in p.name_starts:
            break
        first = p.name_starts[joined_before.start()]
    if not rules.adopted_before.search(norm, max(0, first - 4), first):
        return False
    while (joined_after := rules.adopted_join_after.match(norm, last + 1)) and (
        joined_after.end() in p.name_ends
    ):
        last = p.name_ends[joined_after.end()]
    after = last + 1  # past the closing bracket
    alias = rules.alias_en.match(norm, after) or rules.short_name_alias.match(norm, after)
    said_to = alias.end() if alias else after
    counted = rules.adopted_count_after.match(norm, said_to)  # 四份成果文件
    said_to = counted.end() if counted else said_to
    return said_to >= len(norm) or CLAUSE_END.match(norm, said_to) is not None


def _signed_title(rules: EventRules, p: Passage, m: re.Match[str], name: str) -> bool:
    """A name in 《》 of no kind right after a verb of signing (签署了《安全与防务伙伴关系》),
    not a law's or an order's (签署《…法》)."""
    return (
        m[0].startswith("《")
        and rules.form_end.search(name) is None  # not one whose kind was set aside
        and rules.signed_title_before.search(p.norm, max(0, m.start() - 4), m.start()) is not None
        and not name.endswith(rules.signed_title_not_ends)
    )


def _kind_wished_for(rules: EventRules, p: Passage, m: re.Match[str]) -> bool:
    """Whether a kind of agreement in quotation marks is one only wished for or imagined
    (设想一份覆盖全欧的“核共享协定”, 在新的“防务协定”上讨价还价, 主张…先签一份“诸边协定”):
    after 一份 or 新的, no state or name inside, and no verb acting on it or a plan or a
    supposition in its sentence — not the name of an agreement."""
    if not m[0].startswith(rules.kind_quotes):
        return False
    before = max(p.line_start(m.start()), m.start() - INDEFINITE_REACH)
    if not rules.indefinite_before.search(p.norm, before, m.start()) or p.mentions.within(
        m.start(1), m.end(1)
    ):
        return False
    sentence = p.sentence(m.start(), m.end())
    return (
        not p.search(rules.action, *p.clauses.around(m.start()))
        or p.search(rules.unnamed_plan, *sentence) is not None
        or supposed(rules, p, m.start())
    )


def _cited(rules: EventRules, p: Passage, m: re.Match[str]) -> bool:
    """Whether a bracketed name is cited, not spoken of: after a word that cites it (参见《…》),
    on a line of references (参考文献, ①参见…), inside an article's or a book's title
    (〈曾紀澤與《…》〉, 《〈尼布楚條約〉與…》), or followed by a publisher and a year
    (《…》（台北：五南，2016））or a reference's type (《…》与非洲边界的形成[J])."""
    norm, line = p.norm, p.line_start(m.start())
    near = max(line, m.start() - CITED_TITLE_REACH)  # a title's start is near: linear cost
    return bool(
        rules.citation_before.search(norm, max(line, m.start() - 8), m.start())
        or rules.reference_line.match(norm, line)
        or norm.rfind("〈", near, m.start()) > norm.rfind("〉", near, m.start())
        or norm.rfind("《", near, m.start()) > norm.rfind("》", near, m.start())
        or rules.citation_after.match(norm, m.end())
    )


def again(mentions: EventMentions, docs: Sequence[Doc]) -> list[list[tuple[int, int]]]:
    """Per passage, where it names without brackets an agreement that a mention of the
    document names (南錫條約並不取代… after 「南錫條約」; PACER Plus after its Chinese name
    with that alias): the name or English alias as that mention has it, with at least
    `shortest_name_said_again` characters and more than a form word, not inside another
    event's anchor nor a longer Latin word."""
    rules = mentions.rules
    names: set[str] = set()
    norms = [event_norm(d) for d in docs]
    for d, norm in zip(docs, norms, strict=True):
        for e in d._.events or []:
            if e["type"] != "treaty" or not e.get(NAMED_KEY):
                continue
            name = norm[e["start"] : e["end"]]
            form = rules.form_end.search(name)
            if len(name) >= rules.shortest_name_said_again and not (form and form.start() == 0):
                names.add(name)
            alias = e["args"].get("alias_en", "")
            if len(alias) >= rules.shortest_name_said_again:
                names.add(alias)
    if not names:
        return [[] for _ in docs]
    places = []
    for d, norm in zip(docs, norms, strict=True):
        taken = Cover(len(norm), [(e["start"], e["end"]) for e in d._.events or []])
        places.append([
            (start, end)
            for start, end in literal_matches(norm, names)
            if not LATIN_OR_DIGIT.match(norm[start - 1 : start])
            and not LATIN_OR_DIGIT.match(norm[end : end + 1])
            and not rules.not_after_form.match(norm, end)  # 北大西洋公約組織, 南极条约体系
            and not rules.body_after_law.match(norm, end)  # RCEP聯合委員會
            and not any(i in taken for i in range(start, end))
        ])  # fmt: skip
    return places


def _descriptive(
    rules: EventRules,
    p: Passage,
    form_span: tuple[int, int],
    taken: Cover,
    other_names: dict[int, int],
    named_at: list[int],
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
    norm, (form_start, form_end) = p.norm, form_span
    clause = p.clauses.around(form_start)
    form = norm[form_start:form_end]
    joint = form.startswith(rules.joint_prefix)  # 两国联合声明: a joint statement is an act
    as_time = (  # 在两国缔结和平条约后 (not 繼…簽署「…」首批協定後: one signed)
        norm.startswith(rules.acted_as_time, form_end) and "在" in norm[clause[0] : form_start]
    )
    acted = any(  # not 条约签署前, 缔结和平条约后: a time; not 未签署新的能源协议: no act
        not (m.start() == form_end and rules.event_as_time.match(norm, m.end()))
        and not (as_time and m.end() <= form_start)
        and not rules.negation_end.search(norm, max(clause[0], m.start() - 4), m.start())
        and not (m[0] in rules.before_only and m.start() >= form_end)
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
    start = joined_states_start(rules, p, past_partner(rules, p, start, form_start))
    if norm[start - 1 : start] == "的" and norm.endswith(
        tuple(rules.referring_qualifiers), max(clause[0], start - 5), start - 1
    ):
        return None  # 跟进签署了类似的双边安全协议: agreements like one said, no new one
    if norm[start - 1 : start] == "的":
        about = [*rules.about.finditer(norm, max(clause[0], start - 30), start)]
        if about:
            start = about[-1].start()  # 簽署了關於「西伯利亞力量2號」管道建設的備忘錄
    referring = max(
        (len(w) for w in rules.referring_qualifiers if norm.startswith(w, start)), default=0
    )
    if referring and start + referring < form_start and p.starts_word(start + referring):
        start += referring  # 這項俄伊…條約: 俄伊…條約; not 新 of 新加坡
    if counted(rules, norm, clause[0], (start, form_start, form_end), _summed(p, start, named_at)):
        return None  # 签署的多份安全協議之一, 签订了数以百计的不平等条约: agreements in general
    name_start = other_names.get(start, start)
    if not any(i in taken for i in range(name_start, start)):
        start = name_start  # 「台美21世紀貿易倡議」首批協定, unless a name found covers it
    qualifier = norm[start:form_start]
    if (
        (start == form_start and not (joint and acted))
        or qualifier in rules.whole_qualifiers  # 该协定, 本协定 (the text's own)
        or qualifier in rules.in_principle_qualifiers  # 达成原则性协议: a consensus
        or qualifier in rules.press_qualifiers  # 发表新闻公报说: a press release
        or qualifier.endswith(tuple(rules.referring_qualifiers))  # 选择性引用该公约
    ):
        return None  # 协议 alone, 有关声明, 该协定: one already said, or no one's
    named = joined(norm[start:form_end])
    named_states = states_leading(named, None, p.state_initials) or of_states(rules, p, start)
    if not (joint or acted or named_states or in_register(rules, p, form_start)):
        return None  # no verb acts on it, and its words name no states: generic
    if not named_states and supposed(rules, p, form_start):
        return None  # 如果两国下一步再签署互惠准入协定: supposed, not made
    if (
        not named_states
        and _generic_kind(rules, p, start, form_start)
        and p.search(rules.unnamed_plan, *clause)
        and not p.search(rules.unnamed_done, *clause)
    ):
        return None  # 争取早日达成一份…自贸协定, 正与…谈判新的贷款协议: still to be made
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


def _summed(p: Passage, at: int, named_at: list[int]) -> bool:
    """Whether a count at `at` sums up agreements named: a headline's (港巴林簽兩份協定, over
    the report naming both), or one whose sentence or the sentence before names one
    (《…自由貿易協定》及《投資協定》今日起生效。…在香港簽署兩份協定)."""
    sentence = p.sentences.around(at)
    before = p.sentences.around(sentence[0] - 1)[0] if sentence[0] else 0
    return p.is_headline or any(before <= n < sentence[1] for n in named_at)


def _generic_kind(rules: EventRules, p: Passage, start: int, form_start: int) -> bool:
    """Whether the words before an unnamed agreement's form word only say its kind (贷款,
    自由贸易, 政府间; after 新的): no name, place or state in them (中蒙自贸协定,
    渥太华公约), not of the states just named (兩國之經濟夥伴協定), no conjunction in or right
    before them (卫生与植物卫生协定), at most GENERIC_KIND_LENGTH long."""
    kind = p.norm[start:form_start].removeprefix("新的").removeprefix("新")
    of_group = rules.group.search(p.norm, max(0, start - 4), start)  # 建立兩國之經濟夥伴協定
    return (
        len(kind) <= GENERIC_KIND_LENGTH
        and not (of_group and p.norm[of_group.end() : start] in ("", "之", "的"))
        and p.norm[start - 1 : start] not in rules.joiners  # 卫生与植物卫生协定
        and not p.mentions.within(start, form_start)
        and not any(j in kind for j in rules.joiners)
    )


def _stops_qualifier(rules: EventRules, p: Passage, i: int) -> bool:
    """Whether the character at `i` ends the words that qualify an agreement: a bracket, a
    digit or a space, or 的/和/与… as a word of its own (not 和 of 和平: 泰柬和平協議), or a
    count's measure word (12份)."""
    ch = p.norm[i]
    return (
        ch in rules.qualifier_stops
        and (not is_cjk(ch) or (p.starts_word(i) and p.starts_word(i + 1)))
    ) or rules.counted_measure.match(p.norm, i) is not None
