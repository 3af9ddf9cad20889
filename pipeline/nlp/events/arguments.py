"""The arguments that event types share: parties and participants (states, partner
organisations, group words), dates and date ranges, places, English aliases."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Set
from types import MappingProxyType
from typing import Any

from spacy.tokens import Span

from pipeline.nlp.events.passage import Cover, Passage, is_party, is_state, joined
from pipeline.nlp.events.rules import EventRules
from pipeline.nlp.events.treaty_states import acting_capital
from pipeline.nlp.gazetteer import STATE_ID
from pipeline.nlp.values.dates import first_iso
from pipeline.text.chars import any_word

EMPTY: Mapping[str, str] = MappingProxyType({})
TERM_REACH = 12  # characters before a date that a term word reaches (有效期延长至2035年)
PARTNER_MARKS = ("与", "和", "同", "及")  # 习近平与中亚五国元首: a group named as a partner


def _calendar(date: Span) -> str:
    """A DATE entity's date as ISO (values.dates.first_iso)."""
    return first_iso(date._.value)


def _leading_day(p: Passage, position: int) -> Span | None:
    """The full date (year, month and day) that opens the passage, before `position`."""
    dates = p.valued_dates.spans
    if not dates or dates[0].start_char >= position or dates[0].start_char > 2:
        return None
    return dates[0] if len(_calendar(dates[0])) == len("YYYY-MM-DD") else None


def date_ref(ent: Span, part: str = "whole") -> dict[str, Any]:
    """An argument pointing at a DATE entity by its offsets (a Doc with its events still
    serializes; the value is read once the document's dates are resolved): the `start` or
    `end` of a range (a single date is its own start), or the `whole` (1960年代 stays one)."""
    return {"date_of": [ent.start_char, ent.end_char], "part": part}


def event(
    kind: str,
    start: int,
    end: int,
    sentence: tuple[int, int],
    args: dict[str, Any],
    codes: dict[str, str] | None = None,
) -> dict[str, Any]:
    """An event mention as `doc._.events` holds it."""
    span = {"start": sentence[0], "end": sentence[1]}
    record = {"type": kind, "start": start, "end": end, "sentence": span, "args": args}
    return record | ({"codes": codes} if codes else {})


class Arguments:
    """The shared argument finders, with what they know of states: their one-character
    abbreviations (中 → CHN), their names (中华人民共和国 → CHN), normalized, and who
    stands for one (a leader, a minister, a body that signs for its side: gazetteer
    `represents`), by gazetteer id, and the other state an abbreviation stands for in the
    company of some others (`in_company`: 烏 with 哈 → Uzbekistan)."""

    def __init__(
        self,
        rules: EventRules,
        abbreviations: dict[str, str],
        state_names: dict[str, str],
        represents: dict[str, str],
        in_company: Mapping[str, tuple[str, list[str]]] = EMPTY,
    ) -> None:
        self.rules = rules
        self.abbreviations = abbreviations
        self.in_company = dict(in_company)
        self.state_names = state_names
        self.stands_for = {**rules.armed_forces, **represents}
        self.state_name = any_word(state_names)

    def alias_spans(self, norm: str, anchors: list[Any]) -> list[Any]:
        """The English names and the short names (（简称…）) in brackets right after
        anchors: part of those mentions."""
        spans = []
        for _, end, *rest in anchors:
            for pattern in (self.rules.alias_en, self.rules.short_name_alias):
                alias = pattern.match(norm, self.past_bracket(norm, end))
                if alias:  # the group that matched: in brackets, or after a comma
                    spans.append((alias.start(alias.lastindex), alias.end(alias.lastindex), *rest))
        return spans

    def short_name(self, p: Passage, end: int) -> str | None:
        """The short name given in brackets or after a comma right after an anchor
        (（以下简称《湄公河协定》）, ，即《龙目条约》): 湄公河协定, as its text writes it."""
        alias = self.rules.short_name_alias.match(p.norm, self.past_bracket(p.norm, end))
        if alias is None:
            return None
        start, stop = alias.span(alias.lastindex)
        said = self.rules.short_name_said.match(p.norm, start)
        name = p.text[said.end() if said else start : stop]
        return joined(name).translate(self.rules.no_brackets).strip() or None

    def alias_en(self, p: Passage, end: int) -> dict[str, str]:
        """`{"alias_en": …}` for an English name in brackets right after an anchor."""
        alias = self.rules.alias_en.match(p.norm, self.past_bracket(p.norm, end))
        return {"alias_en": p.text[alias.start(1) : alias.end(1)].strip()} if alias else {}

    def past_bracket(self, norm: str, end: int) -> int:
        """Where what follows an anchor starts: past the bracket that closes a bracketed
        name (「卡卡杜2024」（Exercise…）), right at the end of a bare one (卡卡杜2024（…）)."""
        return end + 1 if norm[end : end + 1] in self.rules.data["close_brackets"] else end

    def without_aliases(self, norm: str, anchors: list[Any]) -> list[Any]:
        aliases = Cover(len(norm), self.alias_spans(norm, anchors))
        return [a for a in anchors if a[0] not in aliases]

    def parties(
        self,
        p: Passage,
        start: int,
        end: int,
        sentence: tuple[int, int],
        anywhere: bool = False,
    ) -> list[str]:
        """States named in the anchor (read joined: a table cell breaks 中華人民\n共和國,
        which no entity then covers), else in its sentence before it, a partner or agent
        after it and the states listed with them (`_around`; `anywhere` in the sentence
        for exercises), those who stand for a state counting as it (`stands_for`: 解放軍,
        习近平, 海基會), or the abbreviations that open the sentence (俄委签署…: the
        document's initials too); a word naming a fixed group (两岸) when none is named; 两国/三方 …
        are the states last named before, and 该国 the state last named before."""
        norm = p.norm
        names = [*p.mentions.within(start, end), *p.gazetteer.within(start, end)]
        inside = [e.kb_id_ or e.id_ for e in names]
        name = norm[start:end].lstrip(self.rules.open_brackets)  # 「台美…」首批協定
        anchor = joined(name)
        opens, bounds, proper = end - len(name), None, frozenset[int]()
        if anchor == name:  # a table cell breaks no word of it
            bounds, proper = p.word_bounds(opens, end), p.proper_names(opens, end)
        leading = [
            p.same_states.get(k, k)
            for k in self.leading_abbreviations(anchor, bounds, p.state_initials, proper)
        ]
        inside += leading
        inside += p.states_before_names.get(start - 1, [])  # 中尼“珠峰友谊-2017”
        named = self.rules.not_state_words.sub(lambda w: " " * len(w[0]), anchor)  # 境内地位
        inside += [self.state_names[m[0]] for m in self.state_name.finditer(named)]
        states = {k for k in inside if k and STATE_ID.fullmatch(k)}  # ids: not all are Spans
        if states:  # 中欧…协定: the Union's 欧 as well
            states |= set(leading)
        if states:  # 《中国－东盟…协议》: an organisation joined to a state in the name, a
            states |= {  # ministry or an armed force as the state it stands for (国防部和…)
                self.stands_for.get(e.kb_id_, e.kb_id_)
                for e in names
                if e.label_ == "ORG"
                and e.kb_id_
                and (
                    norm[e.start_char - 1 : e.start_char] in self.rules.joiners
                    or norm[e.end_char : e.end_char + 1] in self.rules.joiners
                )
            }
        if not states:
            stands_for = self.stands_for
            around = self._around(p, start, self._uncontrasted(p, start, end, sentence), anywhere)
            states = set()
            for e in around:
                capital = acting_capital(self.rules, norm, e)  # 莫斯科与埃里温签署
                if capital or is_party(e, norm, self.rules) or e.kb_id_ in stands_for:
                    states.add(capital or stands_for.get(e.kb_id_, e.kb_id_))
            states.update(*(self.joint_force(norm, e) for e in around))
        if not states:  # 俄委签署…条约, 土索簽署…: the abbreviations that open the sentence
            bounds, opening = p.word_bounds(sentence[0], start), norm[sentence[0] : start]
            proper = p.proper_names(sentence[0], start)
            opening_states = self.leading_abbreviations(opening, bounds, p.state_initials, proper)
            states = {p.same_states.get(k, k) for k in opening_states}
        named = self.rules.named_group.search(norm, start, end) or (  # 《北南军事领域协议》
            self.rules.named_group.search(norm, sentence[0], end)  # 兩岸: CHN, TWN
        )
        inside = named is not None and named.start() >= start  # its name's: its parties
        partner = named is not None and norm[named.start() - 1 : named.start()] in PARTNER_MARKS
        if named and (
            not states or inside or partner or not self.rules.joiners.isdisjoint(named[0])
        ):  # 内地与香港, 习近平与中亚五国元首共同签署
            states.update(self.rules.data["named_groups"][named[0]])
        anaphor = self.rules.state_anaphor.search(norm, sentence[0], end)  # 该国海军
        if anaphor and (before := p.parties_before(anaphor.start())):
            states.add(before[0])
        group = self.rules.group.search(norm, sentence[0], end)
        listed = group and p.states.within(sentence[0], group.start())[-2:]  # 中國與哈薩克、
        if listed and self._enumerated(norm, listed, group.start()):  # …烏茲別克五國總統
            states.update(p.parties_before(group.start())[: self.rules.group_size(group[0])])
        elif group and len(states) < self.rules.group_size(group[0]):
            wanted = self.rules.group_size(group[0])
            for kb_id in p.parties_before(group.start()):
                if len(states) >= wanted:
                    break
                states.add(kb_id)
        return sorted(states)

    def _around(
        self, p: Passage, start: int, sentence: tuple[int, int], anywhere: bool
    ) -> list[Span]:
        """The sentence's mentions that may be parties: before the anchor (`anywhere`: all),
        a partner or an agent after it, and the states coordinated with one of those
        (由澳大利亚、文莱、加拿大…和越南11国签署: every one of them)."""
        norm, kept, chained = p.norm, [], -1  # chained: where the last kept state ends
        clause_end = p.clauses.around(start)[1]  # a partner after it: in its clause
        for e in p.mentions.within(*sentence):
            if (
                anywhere
                or e.start_char < start
                or (e.start_char < clause_end and self._partner_after(norm, e))
                or (
                    chained >= 0
                    and is_state(e)
                    and self.rules.coordinator.fullmatch(norm, chained, e.start_char)
                )
            ):
                kept.append(e)
                chained = e.end_char if is_state(e) else -1
        return kept

    def _uncontrasted(
        self, p: Passage, start: int, end: int, sentence: tuple[int, int]
    ) -> tuple[int, int]:
        """The part of the sentence on the anchor's side of a contrast (美蒙發表聯合聲明…，
        但蒙方…亦與俄羅斯簽署…條約: the clause after 但 speaks of another act, with others)."""
        low, high = sentence
        for m in self.rules.contrast_clause.finditer(p.norm, low, high):
            if m.end() <= start:
                low = m.end()
            elif m.start() >= end:
                return low, m.start()
        return low, high

    def _partner_after(self, norm: str, ent: Span) -> bool:
        """Named after the anchor as a partner (…与俄罗斯签署) or, a state or one who stands
        for one, as the agent (《条约》由美国与苏联…签署, 由海基會與海協會簽署)."""
        before = norm[ent.start_char - 1 : ent.start_char]
        return before in self.rules.partner_before or (
            (is_state(ent) or ent.kb_id_ in self.stands_for) and before in self.rules.agent_before
        )

    def _enumerated(self, norm: str, last_two: list[Span], end: int) -> bool:
        """Whether a list of states joined by 、 or 和 ends at `end` (not 中蘇兩國)."""
        coordinated = len(last_two) == 2 and self.rules.coordinator.fullmatch(
            norm, last_two[0].end_char, last_two[1].start_char
        )
        return bool(coordinated) and last_two[1].end_char == end

    def joint_force(self, norm: str, ent: Span) -> list[str]:
        """The states of a recognized name that is abbreviations or a state's name, then a
        force (中俄海军, 中国海军舰艇编队)."""
        if ent.label_ != "ORG" or ent.kb_id_:
            return []
        name = joined(norm[ent.start_char : ent.end_char])
        states = self.leading_abbreviations(name)
        rest, whole = name[len(states) :], self.state_name.match(name)
        if not states and whole:  # 中国海军舰艇编队
            states, rest = [self.state_names[whole[0]]], name[whole.end() :]
        return states if rest in self.rules.joint_forces else []

    def leading_abbreviations(
        self,
        name: str,
        bounds: set[int] | None = None,
        initials: Mapping[str, str] = EMPTY,
        proper: Set[int] = frozenset(),
    ) -> list[str]:
        """The states of the one-character abbreviations a name starts with (蒙俄友好…,
        中蒙…, 美蒙…), a state's short name among them (美巴紐…: 巴紐, not 巴 and 紐): two
        or more, or one before a continent's (中非…, `region_initials`), or it is an
        ordinary word (中国), and not the start of a state's name
        (新加坡…, 巴西空军: not 新 and 加, 巴 and 西). With `bounds` (where the name's words
        start), no word that starts inside the run goes on past it: 台英加強… is 台英, not
        台英加 (加強 is a word), 伊塔马拉蒂 (伊|塔马拉|蒂) is none, and so is a person's or
        place's name opening it (`proper`: 伊泰普, 馬德里). `initials`: the document's."""
        if self.state_name.match(name) or name.startswith(self.rules.places_not_initials):
            return []  # 新加坡聯合聲明: a state's name, not 新 and 加; 西沙军演: a place
        run: list[tuple[int, int, str]] = []  # start, end, state
        at = 0
        while at < len(name):
            whole = self.state_name.match(name, at) if run else None
            if whole:
                run.append((at, whole.end(), self.state_names[whole[0]]))
            elif name[at] in self.abbreviations or name[at] in initials:
                run.append((at, at + 1, self.abbreviations.get(name[at]) or initials[name[at]]))
            else:
                break
            at = run[-1][1]
        starts = sorted(bounds or ())  # 台英|加強, 伊|塔马拉|蒂; not 中苏友好|…
        while bounds and len(run) > 1 and run[-1][1] not in bounds:
            if starts[bisect_right(starts, run[-1][0]) - 1] == 0:
                if 0 in proper:
                    return []  # 伊泰普, 馬德里: a transliterated name
                break  # the word holding the last member starts the name: 中苏友好…
            run.pop()
        if len(run) == 1 and name[run[0][1] : run[0][1] + 1] in self.rules.region_initials:
            return [run[0][2]]  # 中非合作论坛…: China (and Africa, no state)
        if len(run) < 2:
            return []
        chars = {name[start:end] for start, end, _ in run}
        return [self._in_company(name[start:end], chars) or state for start, end, state in run]

    def _in_company(self, char: str, run: set[str]) -> str | None:
        """The other state `char` stands for among the run's members (哈烏: Uzbekistan)."""
        other = self.in_company.get(char)
        return other[0] if other and run & set(other[1]) else None

    @staticmethod
    def sharpened(
        p: Passage, position: int, chosen: dict[str, Any] | None
    ) -> dict[str, Any] | None:
        """The most specific date wins: a bare year in the sentence (这是2012年金色眼镜蛇
        演习中…) yields to the day in that year that opens the passage, as a dateline does
        (2012年2月13日，…); with no date in the sentence, that day (a news photo's
        2012年6月11日，美国空军…). A year or month opening an analysis (2022年，…) is the
        time of its clause, not of the exercise."""
        day = _leading_day(p, position)
        if day is None or chosen is None:
            return chosen or (date_ref(day) if day is not None else None)
        year = next((str(_calendar(e)) for e in p.valued_dates.within(*chosen["date_of"])), "")
        same_year = len(year) == len("YYYY") and _calendar(day).startswith(year + "-")
        return date_ref(day) if same_year else chosen

    def nearest_date(
        self,
        p: Passage,
        start: int,
        clause: tuple[int, int],
        sentence: tuple[int, int],
        in_sentence: bool = False,
        anchor_end: int | None = None,
        acted_at: int | None = None,
        without_terms: bool = False,
    ) -> dict[str, Any] | None:
        """The date in the anchor's clause, else its sentence (the most specific, then the
        nearest: a day wins over a bare year or 年底; a clause's 今年 alone yields to its
        sentence, `years_of_the_text`), else (unless `in_sentence`) the last one before it in
        the passage. A date inside the anchor (21世紀 in a treaty's name, 2018 in 杜松眼镜蛇2018)
        is part of the name, never the event's date. With the verb that acts on it (`acted_at`),
        the nearest is the one before that verb nearest to it, as a time stands before its verb
        (1953年10月1日簽署、次年11月18日生效的「…」: 1953). `without_terms`: the end of a
        term (延长至2035年) is none."""
        inside, at = range(start, anchor_end or start), start if acted_at is None else acted_at
        yielded = False  # a clause's 今年 yields to no date of a clause naming another name
        for level, (low, high) in enumerate((clause, sentence)):
            near = [e for e in p.valued_dates.within(low, high) if e.start_char not in inside]
            near = [e for e in near if not (yielded and p.names_another(e, start))]
            if without_terms:  # 延长至2035年: a few characters before the date
                terms, reach = self.rules.term_before, TERM_REACH
                near = [
                    e
                    for e in near
                    if not terms.search(p.norm, max(low, e.start_char - reach), e.start_char)
                ]
            if near:  # the most specific (去年…於7月24日: 7月24日), then the nearest
                best = min(
                    near,
                    key=lambda e: (
                        -len(_calendar(e)),
                        acted_at is not None and e.start_char > acted_at,
                        abs(e.start_char - at),
                    ),
                )
                said = p.norm[best.start_char : best.end_char]
                yielded = level == 0 and said in self.rules.years_of_the_text
                if yielded:
                    continue  # 北約今年最大的軍演…自1月中旬展開: the sentence may say more
                return date_ref(best)
        if in_sentence:
            return None
        k = bisect_right(p.valued_date_ends, start)
        return date_ref(p.valued_dates.spans[k - 1]) if k else None

    def location(self, p: Passage, sentence: tuple[int, int]) -> dict[str, Any] | None:
        """The place of 在…簽署/舉行 (not a time: 於下月…); the border of states (中俄蒙邊境)
        is no one of them: its `kb_id` is null and `states` lists them all."""
        m = p.search(self.rules.location, *sentence)
        when = p.dates.first_inside(*m.span(1)) if m else None
        if not m or (when is not None and when.start_char == m.start(1)):
            return None  # 於下月與商務部簽署: a time, no place
        places = [
            e for e in p.mentions.within(m.start(1), m.end(1)) if e.label_ in ("GPE", "LOC", "FAC")
        ]
        text = p.text[m.start(1) : m.end(1)]
        states = sorted({e.kb_id_ for e in places if is_state(e)})
        if len(states) > 1 and self.rules.border.search(p.norm, m.start(1), m.end(1)):
            return {"text": text, "kb_id": None, "states": states}
        return {"text": text, "kb_id": places[0].kb_id_ or None if places else None}
