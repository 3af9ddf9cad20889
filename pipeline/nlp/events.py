"""Events: treaties and agreements, military exercises, percentages (design §4 events.jsonl).

A spaCy component after the entity components: it reads the entities (states, dates,
percentages, linked exercise names) and `text_norm`, and sets `doc._.events`, one dict per
event mention with its anchor offsets, the evidence sentence, its arguments and its codes.
The words it knows (treaty forms, verbs, exercise words, CAMEO/PLOVER codes) are data in
models/events/patterns.json. A date argument points at its DATE entity by offsets and is
read when the record is written, after the document-level date resolution of `extract`.

Its cost is linear in the passage: the passage is indexed once (`Passage`: its mentions by
offset, where its sentences, clauses and lines end), and each anchor's arguments are looked
up in its own sentence or clause by binary search, never by a scan of the whole passage.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp.entities import GAZETTEER_SPANS, abbreviation_ids, mentions
from pipeline.nlp.gazetteer import STATE_ID, load_gazetteer, state_names
from pipeline.nlp.values import RULES_PATH as VALUE_RULES_PATH
from pipeline.resources import MODELS_DIR
from pipeline.text.chars import word_alternation
from pipeline.text.normalize import Normalizer

PATTERNS_PATH = MODELS_DIR / "events" / "patterns.json"
SENTENCE_END = re.compile(r"[。！？；\n]")
CLAUSE_END = re.compile(r"[，。！？；;：\n]|[,:](?!\d)")  # not the comma of 4,000
HEADER_LINES = 40  # how far above a table row its column header may be
# How far a sentence or clause reaches either side of a position, in characters: an
# anchor's arguments are near it, and a passage without sentence ends (a table flattened
# into one line) costs time linear in its length.
MAX_REACH = 1_000
BARE_JOINT_STATEMENT = re.compile(r"(?:两国|双方|三国|三方)?联合(?:声明|宣言)")  # issued: an act
DIGIT = re.compile(r"\d")
# after an organisation named as a partner: 与, 自, or its members first (东盟十国与…)
PARTNER_AFTER = re.compile(r"(?:[\d十一二三四五六七八九]+国|各国|成员国)?[与自]")
JOINERS = frozenset("－-—–与和、")  # what joins the parties named in an agreement's name
MAX_RANGE_GAP = 12  # characters between two dates joined as a range (12时至, 持续到)
MAX_VERB_DISTANCE = 20  # characters from the verb that holds an unnamed exercise to it
VERB_AS_NOUN = "国方者"  # 参与国, 参演方: no verb
ANCHOR_STOPS = "的了在与和及"  # where an unnamed exercise's anchor starts, going back
# what ends the words that qualify an unnamed agreement, going back from its form word
QUALIFIER_STOPS = frozenset("的之了与和及、「」『』《》“”（）() \n0123456789")

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)


def date_ref(ent: Span, part: str = "whole") -> dict[str, Any]:
    """An argument pointing at a DATE entity (by its offsets, so a Doc with its events still
    serializes): its value is read at output time, once the document's dates are resolved.
    `part` is `start` or `end` of a range (a single date is its own start), or the `whole`
    date: a range then stays one (1960年代 is 1960 to 1969, not 1960)."""
    return {"date_of": [ent.start_char, ent.end_char], "part": part}


def _text(doc: Doc, start: int, end: int) -> str:
    """`doc.text[start:end]`, from the tokens that hold it: `doc.text` joins all the tokens
    again at each call. The token before the first one counts too, in case `start` is its
    trailing space."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:  # not inside the text
        return doc.text[start:end]
    tokens = doc[max(span.start - 1, 0) : span.end]
    return tokens.text_with_ws[start - tokens.start_char : end - tokens.start_char]


def _date_arg(doc: Doc, ref: dict[str, Any]) -> dict[str, Any] | None:
    start, end = ref["date_of"]
    ent = doc.char_span(start, end)
    value = (ent._.value if ent is not None else None) or {}
    text = _text(doc, start, end)
    if ref["part"] == "whole" and not value.get("value") and value.get("start"):
        return {"text": text, "start": value["start"], "end": value.get("end")}
    single = value.get("value") or value.get("start")
    iso = value.get("end") if ref["part"] == "end" else single
    return {"text": text, "value": iso} if iso else None


class Stops:
    """Where the matches of a one-character pattern (SENTENCE_END, CLAUSE_END) end in a
    text, found once, so that the stretch around a position is two binary searches."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self.pattern = pattern
        self.text = text
        self.ends = [m.end() for m in pattern.finditer(text)]

    def around(self, position: int) -> tuple[int, int]:
        """The stretch around `position` between two matches, at most MAX_REACH either
        side: it starts after the last match that ends by `position` (read in the text
        cut there, where a comma before a digit ends a clause too) and ends with the
        first match from `position` on."""
        k = bisect_right(self.ends, position)
        if position > 0 and self.pattern.match(self.text, position - 1, position):
            start = position
        else:
            start = self.ends[k - 1] if k else 0
        end = self.ends[k] if k < len(self.ends) else len(self.text)
        return max(start, position - MAX_REACH), min(end, position + MAX_REACH)


class ByStart:
    """Spans in text order, found by where they start."""

    def __init__(self, spans: Iterable[Span]) -> None:
        self.spans = list(spans)
        self.starts = [s.start_char for s in self.spans]

    def __iter__(self) -> Iterator[Span]:
        return iter(self.spans)

    def within(self, low: int, high: int) -> list[Span]:
        """The spans that start in [low, high), in order."""
        return self.spans[bisect_left(self.starts, low) : bisect_left(self.starts, high)]

    def any_within(self, low: int, high: int) -> bool:
        k = bisect_left(self.starts, low)
        return k < len(self.starts) and self.starts[k] < high

    def first_inside(self, low: int, high: int) -> Span | None:
        """The first span that lies in [low, high)."""
        k = bisect_left(self.starts, low)
        while k < len(self.spans) and self.starts[k] < high:
            if self.spans[k].end_char <= high:
                return self.spans[k]
            k += 1
        return None


class Cover:
    """The positions of a text that some of a growing set of ranges cover."""

    def __init__(self, length: int, ranges: Iterable[Sequence[Any]] = ()) -> None:
        self.marks = bytearray(length)
        for start, end, *_ in ranges:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        end = min(end, len(self.marks))
        if start < end:
            self.marks[start:end] = b"\1" * (end - start)

    def __contains__(self, position: int) -> bool:
        return 0 <= position < len(self.marks) and bool(self.marks[position])


class Passage:
    """A passage as the event rules read it, indexed once: its text and `text_norm` (which
    keeps the line breaks of the text), its mentions by offset (all of them, the states,
    the dates, the gazetteer matches), the parties named before each position, and where
    its sentences, clauses and lines end."""

    def __init__(self, doc: Doc, recent: int) -> None:
        self.text = doc.text  # spaCy joins the tokens again at each doc.text
        self.norm = norm = doc._.text_norm
        self.mentions = ByStart(mentions(doc))
        self.gazetteer = ByStart(
            sorted(doc.spans.get(GAZETTEER_SPANS, []), key=lambda s: s.start_char)
        )
        self.states = ByStart(e for e in self.mentions if _is_state(e))
        dates = [e for e in self.mentions if e.label_ == "DATE"]
        self.dates = ByStart(dates)
        self.valued_dates = ByStart(e for e in dates if e._.value)  # ends in order: ents
        self.valued_date_ends = [e.end_char for e in self.valued_dates]
        self.dated = Cover(len(norm), ((e.start_char, e.end_char) for e in dates))
        self.sentences = Stops(SENTENCE_END, norm)
        self.clauses = Stops(CLAUSE_END, norm)
        self.newlines = [m.start() for m in re.finditer("\n", norm)]
        self._parties_recent(recent)
        self._found: dict[tuple[re.Pattern[str], int, int], re.Match[str] | None] = {}
        self._headers: dict[int, list[str] | None] = {}
        self._rows: dict[tuple[int, int], dict[int, int]] = {}

    def _parties_recent(self, keep: int) -> None:
        """For each mention of a party, the last `keep` distinct parties named up to it,
        the nearest first."""
        self.party_starts: list[int] = []
        self.recent: list[tuple[str, ...]] = []
        last: tuple[str, ...] = ()
        for e in self.mentions:
            if _party(e, self.norm):
                last = (e.kb_id_, *(k for k in last if k != e.kb_id_))[:keep]
                self.party_starts.append(e.start_char)
                self.recent.append(last)

    def parties_before(self, position: int) -> tuple[str, ...]:
        """The last distinct parties named before `position`, the nearest first."""
        k = bisect_left(self.party_starts, position)
        return self.recent[k - 1] if k else ()

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The sentence of an anchor; an anchor broken across lines (a table cell) widens
        it."""
        first = self.sentences.around(start)
        return first[0], max(first[1], self.sentences.around(end - 1)[1])

    def search(self, pattern: re.Pattern[str], low: int, high: int) -> re.Match[str] | None:
        """`pattern.search(norm, low, high)`, once for each sentence or clause that many
        anchors share."""
        key = (pattern, low, high)
        if key not in self._found:
            self._found[key] = pattern.search(self.norm, low, high)
        return self._found[key]

    def line_start(self, position: int) -> int:
        """Where the line holding `position` starts."""
        k = bisect_left(self.newlines, position)
        return self.newlines[k - 1] + 1 if k else 0

    def line_end(self, position: int) -> int:
        """The first line break from `position` on (the text's end if none)."""
        k = bisect_left(self.newlines, position)
        return self.newlines[k] if k < len(self.newlines) else len(self.norm)

    def column_state(self, cell: Span, line_start: int) -> str | None:
        """The state heading a table cell's column: the header is the nearest line above
        the row (within HEADER_LINES) that names two or more states and no number; the
        row's percentages, one per state, follow the header's order (中國 俄羅斯 → 26.65%
        2.11%)."""
        header = self._header(line_start)
        if header is None:
            return None
        line_end = self.line_end(cell.end_char)
        if (line_start, line_end) not in self._rows:
            row = [e for e in self.mentions.within(line_start, line_end) if e.label_ == "PERCENT"]
            self._rows[line_start, line_end] = {e.start_char: i for i, e in enumerate(row)}
        row_index = self._rows[line_start, line_end]
        return header[row_index[cell.start_char]] if len(row_index) == len(header) else None

    def _header(self, line_start: int) -> list[str] | None:
        """The states of the column header above the line at `line_start`, if any."""
        if line_start not in self._headers:
            self._headers[line_start] = None
            end = line_start - 1
            for _ in range(HEADER_LINES):
                if end <= 0:
                    break
                start = self.line_start(end)
                header = [e.kb_id_ for e in self.states.within(start, end)]
                if len(header) > 1 and not DIGIT.search(self.text, start, end):
                    self._headers[line_start] = header
                    break
                end = start - 1
        return self._headers[line_start]


def _is_state(ent: Span) -> bool:
    return bool(STATE_ID.fullmatch(ent.kb_id_ or ""))


def _joined(name: str) -> str:
    """A name as the text means it: a table cell breaks it across lines and a layout may
    space out its characters (中華人民\n共和國); a gap stays, as one space, only between
    two Latin characters (Millennium Challenge Compact)."""

    def closed(gap: re.Match[str]) -> str:
        around = name[gap.start() - 1 : gap.start()] + name[gap.end() : gap.end() + 1]
        return " " if len(around) == 2 and around.isascii() else ""

    return re.sub(r"\s+", closed, name)


def _party(ent: Span, norm: str) -> bool:
    """A state, or an organisation named as a partner (與北約簽署, 歐盟 … 雙方)."""
    if _is_state(ent):
        return True
    return (
        ent.label_ == "ORG"
        and bool(ent.kb_id_)
        and (
            norm[ent.start_char - 1 : ent.start_char] in ("与", "和")
            or bool(PARTNER_AFTER.match(norm, ent.end_char))
        )
    )


def _event(
    kind: str,
    start: int,
    end: int,
    sentence: tuple[int, int],
    args: dict[str, Any],
    codes: dict[str, str] | None = None,
) -> dict[str, Any]:
    event = {
        "type": kind,
        "start": start,
        "end": end,
        "sentence": {"start": sentence[0], "end": sentence[1]},
        "args": args,
    }
    if codes:
        event["codes"] = codes
    return event


def _scope(participants: list[str], multinational: bool) -> str | None:
    if multinational or len(participants) > 2:
        return "multilateral"
    return {0: None, 1: "national", 2: "bilateral"}[len(participants)]


class EventRules:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.forms = data["treaty_forms"]
        self.form_end = re.compile(f"(?:{word_alternation(self.forms)})$")
        opening, closing = re.escape(data["open_brackets"]), re.escape(data["close_brackets"])
        self.bracketed = re.compile(f"[{opening}]([^{opening}{closing}]{{1,80}})[{closing}]")
        self.alias_en = re.compile(r"\s*[（(]\s*([A-Za-z][^（）()]{3,120})[)）]")
        self.form_word = re.compile(word_alternation(self.forms))
        self.action = re.compile(word_alternation(data["treaty_actions"]))
        self.exercise_word = re.compile(word_alternation(data["exercise_words"]))
        self.exercise_verb = re.compile(word_alternation(data["exercise_verbs"]))
        self.group = re.compile(word_alternation(data["group_words"]))
        self.series = re.compile(word_alternation(data["series_markers"]))
        self.location = re.compile(data["location_pattern"])
        self.border = re.compile(f"(?:{word_alternation(data['border_words'])})$")
        self.share = re.compile(f"(?:{word_alternation(data['share_verbs'])})")
        self.change = re.compile(word_alternation(data["change_words"]))
        self.compared = re.compile(word_alternation(data["comparison_words"]))
        self.period = re.compile(word_alternation(data["change_periods"]))
        self.range_word = re.compile(word_alternation(data["range_words"]))
        self.approx_before = re.compile(word_alternation(data["approx_before"]))
        self.held = re.compile(
            rf"\s*[的之](?P<what>{word_alternation(data['held_things'])})(?P<owned_by>属于)?"
        )
        self.holder = re.compile(word_alternation(data["holder_verbs"]))
        self.armed_forces = {
            kb_id: state for kb_id, state in data["armed_forces"].items() if kb_id[:1] != "_"
        }
        self.around = re.compile(f"(?:{word_alternation(data['around_words'])})$")
        self.edition = re.compile(data["edition_pattern"])
        words = word_alternation(data["exercise_words"])
        self.exercise_names = [
            re.compile(pattern.replace("{exercise}", words))
            for pattern in data["exercise_name_patterns"]
        ]
        self.exercise_after = re.compile(word_alternation(data["exercise_after"]))
        self.exercise_word_end = re.compile(f"(?:{words})$")
        self.military = re.compile(word_alternation(data["military_context"]))
        self.civil_drill = re.compile(f"(?:{word_alternation(data['civil_drill_words'])})$")
        self.anaphora = re.compile(f"(?:{word_alternation(data['anaphora_words'])})$")
        self.place_before = re.compile(f"(?:{word_alternation(data['place_before'])})$")
        self.place_after = re.compile(word_alternation(data["place_after"]))
        self.generic = re.compile(word_alternation(data["generic_markers"]))
        self.non_state = re.compile(word_alternation(data["non_state_signatories"]))
        # the most states a group word (两国, 三方) stands for
        self.largest_group = max((n or 0 for n in data["group_words"].values()), default=0)

    @classmethod
    def from_path(cls, path: Path = PATTERNS_PATH) -> EventRules:
        data = json.loads(path.read_text(encoding="utf-8"))
        # 约占…两成: the qualifiers are the value rules' own words (a saved pipeline keeps
        # the copy it was saved with)
        values = json.loads(VALUE_RULES_PATH.read_text(encoding="utf-8"))
        data.setdefault("approx_before", values["approx_before"])
        return cls(data)


class EventMentions:
    """Finds the event mentions of a passage; `doc._.events`."""

    def __init__(
        self,
        rules: EventRules,
        abbreviations: dict[str, str],
        event_ids: dict[str, str],
        state_names: dict[str, str],
    ) -> None:
        self.rules = rules
        self.abbreviations = abbreviations  # 中 → CHN, 蒙 → MNG (normalized)
        self.event_ids = event_ids  # normalized EVENT name → gazetteer id
        self._set_state_names(state_names)

    def _set_state_names(self, state_names: dict[str, str]) -> None:
        """Normalized state names (中华人民共和国 → CHN), found inside treaty names."""
        self.state_names = state_names
        self.state_name = re.compile(word_alternation(state_names))

    def __call__(self, doc: Doc) -> Doc:
        passage = Passage(doc, self.rules.largest_group)
        found = [
            *self._treaties(passage),
            *self._exercises(passage),
            *self._percentages(passage),
        ]
        doc._.events = sorted(found, key=lambda e: (e["start"], e["type"]))
        return doc

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "patterns.json", self.rules.data)
        srsly.write_json(path / "abbreviations.json", self.abbreviations)
        srsly.write_json(path / "event_ids.json", self.event_ids)
        srsly.write_json(path / "state_names.json", self.state_names)

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> EventMentions:
        self.rules = EventRules.from_path(Path(path) / "patterns.json")
        self.abbreviations = srsly.read_json(Path(path) / "abbreviations.json")
        self.event_ids = srsly.read_json(Path(path) / "event_ids.json")
        self._set_state_names(srsly.read_json(Path(path) / "state_names.json"))
        return self

    # -- treaties ---------------------------------------------------------------------

    def _treaties(self, p: Passage) -> list[dict[str, Any]]:
        rules, norm = self.rules, p.norm
        anchors: list[tuple[int, int, str]] = []  # start, end, name
        taken = Cover(len(norm))  # what the anchors cover
        for m in rules.bracketed.finditer(norm):
            name = m.group(1)
            if rules.form_end.search(_joined(name)):
                anchors.append((m.start(1), m.end(1), p.text[m.start(1) : m.end(1)]))
                taken.add(m.start(1), m.end(1))
        aliases = Cover(len(norm), self._alias_spans(norm, anchors))
        for ent in p.mentions:
            if (
                ent.label_ == "LAW"
                and rules.form_end.search(ent._.text_norm)
                and ent.start_char not in taken
                and ent.start_char not in aliases
            ):
                anchors.append((ent.start_char, ent.end_char, ent.text))
                taken.add(ent.start_char, ent.end_char)
        for m in rules.form_word.finditer(norm):
            if m.start() in taken:
                continue
            descriptive = self._descriptive(p, m.start(), m.end(), taken)
            if descriptive:
                anchors.append(descriptive)
                taken.add(descriptive[0], descriptive[1])
        events = []
        kept = sorted(self._without_aliases(norm, anchors))
        starts = {start for start, *_ in kept}
        for start, end, name in kept:
            clause = p.clauses.around(start)
            if p.search(rules.generic, *clause):
                continue
            sentence = p.sentence(start, end)
            args: dict[str, Any] = {
                "name": _joined(name),
                "form": rules.forms[rules.form_end.search(_joined(norm[start:end]))[0]],
                "parties": self._parties(p, start, end, sentence),
                "date": self._date_ref(p, start, clause, sentence, anchor_end=end),
                "location": self._location(p, sentence),
                "action": self._treaty_action(norm, start, end, clause, starts),
            }
            if not args["parties"] and p.search(rules.non_state, sentence[0], start):
                continue  # a contract of a company or a bureau (公安局与某公司签署…协议)
            args |= self._alias_en(p, end)
            codes = rules.data["codes"]["treaty"][args["action"]]
            events.append(_event("treaty", start, end, sentence, args, codes))
        return events

    def _alias_spans(self, norm: str, anchors: list[Any]) -> list[Any]:
        """The English names in brackets right after anchors: part of those mentions."""
        spans = []
        for _, end, *rest in anchors:
            alias = self.rules.alias_en.match(norm, end + 1)
            if alias:
                spans.append((alias.start(1), alias.end(1), *rest))
        return spans

    def _alias_en(self, p: Passage, end: int) -> dict[str, str]:
        """`{"alias_en": …}` for an English name in brackets right after an anchor."""
        alias = self.rules.alias_en.match(p.norm, end + 1)
        return {"alias_en": p.text[alias.start(1) : alias.end(1)].strip()} if alias else {}

    def _without_aliases(self, norm: str, anchors: list[Any]) -> list[Any]:
        aliases = Cover(len(norm), self._alias_spans(norm, anchors))
        return [a for a in anchors if a[0] not in aliases]

    def _descriptive(
        self, p: Passage, form_start: int, form_end: int, taken: Cover
    ) -> tuple[int, int, str] | None:
        """An unnamed agreement with a signing verb in its clause (2014年兩國簽署加強軍事
        關係協議): the anchor is the form word with the words that qualify it (not those
        of an anchor in `taken`), never a date's last character (於2003年兩國聯合聲明 is
        兩國聯合聲明, not 年兩國聯合聲明)."""
        norm = p.norm
        clause = p.clauses.around(form_start)
        form = norm[form_start:form_end]
        joint = form.startswith("联合")  # 两国联合声明: a joint statement is an act itself
        if not joint and not p.search(self.rules.action, *clause):
            return None
        start = form_start
        while (
            start > clause[0]
            and form_start - start < 12
            and norm[start - 1] not in QUALIFIER_STOPS
            and start - 1 not in taken
            and start - 1 not in p.dated
        ):
            if self.rules.action.match(norm, start - 2) or self.rules.action.match(norm, start - 1):
                break
            start -= 1
        if norm[start - 1 : start] == "的":
            about = norm.rfind("关于", max(clause[0], start - 30), start)
            if about >= 0:
                start = about  # 簽署了關於「西伯利亞力量2號」管道建設的備忘錄
        if start == form_start and not joint:
            return None
        if norm[start - 1 : start] in ("之", "的") and (
            start - 2 in taken or norm[start - 2 : start - 1] in "」』》”"
        ):
            return None  # 日蒙經濟夥伴關係協定之基本協議: part of the named one
        return start, form_end, p.text[start:form_end]

    def _treaty_action(
        self, norm: str, start: int, end: int, clause: tuple[int, int], starts: set[int]
    ) -> str:
        """The verb nearest the anchor in its clause (not one that introduces another
        anchor: 所簽定的「烏蘭巴托宣言」); a plan marker before it makes it `plan`; a joint
        statement without a verb was issued (`sign`); no verb is a `mention`."""
        before = norm[clause[0] : start]
        verbs = [
            (abs(m.end() - start), m)
            for m in self.rules.action.finditer(norm, clause[0], clause[1])
            if not (start <= m.start() < end)
            and not (
                m.start() >= end
                and any(o in starts and o != start for o in range(m.end() + 1, m.end() + 4))
            )
        ]
        if not verbs:
            return "sign" if BARE_JOINT_STATEMENT.fullmatch(norm[start:end]) else "mention"
        verb = min(verbs, key=lambda v: v[0])[1]
        if any(p in before for p in self.rules.data["plan_markers"]) and verb.start() < start:
            return "plan"
        return self.rules.data["treaty_actions"][verb[0]]

    # -- exercises --------------------------------------------------------------------

    def _exercises(self, p: Passage) -> list[dict[str, Any]]:
        rules, norm = self.rules, p.norm
        anchors: list[tuple[int, int, str, str | None]] = []  # start, end, name, kb_id
        for m in rules.bracketed.finditer(norm):
            alias = rules.alias_en.match(norm, m.end())
            at = alias.end() if alias else m.end()
            after = norm[at : at + 16].replace("\n", "")[:12]
            clause_after = CLAUSE_END.split(after, 1)[0]
            named_after = rules.exercise_word_end.search(norm, max(0, m.start() - 8), m.start())
            if (
                rules.exercise_word.search(clause_after)
                or rules.series.match(clause_after)
                or named_after  # 聯合軍演「自由之刃」: the name after its exercise word
            ):
                linked = p.mentions.first_inside(m.start(1), m.end(1))
                kb_id = linked.kb_id_ if linked is not None and linked.label_ == "EVENT" else None
                word = rules.exercise_word.match(after)
                if kb_id is None and word:  # 「東方」戰略演習 is the name 東方戰略演習
                    kb_id = self.event_ids.get(m.group(1) + word[0])
                anchors.append((m.start(1), m.end(1), p.text[m.start(1) : m.end(1)], kb_id))
        taken = Cover(len(norm), anchors)
        aliases = Cover(len(norm), self._alias_spans(norm, anchors))
        for ent in p.mentions:
            if ent.label_ != "EVENT" or ent.start_char in taken or ent.start_char in aliases:
                continue
            after = norm[ent.end_char : ent.end_char + 16].replace("\n", "")
            if rules.exercise_word.search(
                norm, ent.start_char, ent.end_char
            ) or rules.exercise_word.search(CLAUSE_END.split(after, maxsplit=1)[0]):
                edition = rules.edition.match(norm, ent.end_char)  # 漢光40號
                end = edition.end() if edition else ent.end_char
                anchors.append(
                    (ent.start_char, end, p.text[ent.start_char : end], ent.kb_id_ or None)
                )
                taken.add(ent.start_char, end)
        anchors += self._bare_names(p, taken)
        anchors += self._unnamed_exercises(p, anchors)
        events = []
        seen: set[str] = set()
        for start, end, name, kb_id in sorted(self._without_aliases(norm, anchors)):
            if kb_id is None and _joined(name) in seen:
                continue  # 汉光34号 … 今年的汉光34号: one exercise, one event in a passage
            seen.add(_joined(name))
            sentence = p.sentence(start, end)
            clause = p.clauses.around(start)
            around = self._around_only(p, sentence)
            places = around | self._places_only(p, sentence)
            participants = [
                party
                for party in self._parties(p, start, end, sentence, anywhere=True)
                if party not in places
            ]
            dates = self._date_ref(p, start, clause, sentence, in_sentence=True, anchor_end=end)
            dates = dates or self._leading_date(p, start)
            first, last = self._range_ends(p, sentence, dates)
            many = norm.find("多国", *sentence) >= 0
            scope = _scope(participants, many)
            args = {
                "name": _joined(name),
                "kb_id": kb_id,
                "participants": participants,
                "start": first,
                "end": last,
                "location": self._location(p, sentence),
                "scope": scope,
                "series": bool(rules.series.match(norm, end + 1)),
                "multinational": many,
            }
            args |= self._alias_en(p, end)
            codes = rules.data["codes"]["exercise"][scope or "unknown"]
            events.append(_event("exercise", start, end, sentence, args, codes))
        return events

    def _bare_names(self, p: Passage, taken: Cover) -> list[tuple[int, int, str, str | None]]:
        """Names without brackets that the gazetteer does not know: a code name (代号寒冷回应
        演习) or a name with an edition (杜松眼镜蛇2018联合军演); the name is the anchor."""
        found: list[tuple[int, int, str, str | None]] = []
        for pattern in self.rules.exercise_names:
            for m in pattern.finditer(p.norm):
                start, end = m.span("name")
                if any(i in taken for i in range(start, end)):
                    continue  # holds a name already found (消息海上联合-2012: 海上联合)
                taken.add(start, end)
                found.append((start, end, p.text[start:end], self.event_ids.get(m["name"])))
        return found

    def _unnamed_exercises(
        self, p: Passage, named: list[tuple[int, int, str, str | None]]
    ) -> list[tuple[int, int, str, str | None]]:
        """An exercise word that is held (a verb before it in its clause, 举行/进行/参加 …, or
        拉开帷幕/中 … after it) in a military sentence (a force, a unit, a state): 第82集团军
        某旅进行实兵演练, 俄军举行大规模军事演习. One event per exercise: an anaphoric
        mention (此次演习) of an exercise already found in the passage is none, nor is the
        word of a named exercise's sentence. Civil drills (消防演练) are left out."""
        rules, norm = self.rules, p.norm
        named_starts = sorted(start for start, *_ in named)
        found: list[tuple[int, int, str, str | None]] = []
        for m in rules.exercise_word.finditer(norm):
            sentence = p.sentences.around(m.start())
            k = bisect_left(named_starts, sentence[0])
            if k < len(named_starts) and named_starts[k] < sentence[1]:
                continue  # the named exercise of this sentence, mentioned again
            clause = p.clauses.around(m.start())
            before = norm[max(clause[0], m.start() - 8) : m.start()]
            if (named or found) and (
                rules.anaphora.search(before[-3:]) or m.start() - clause[0] <= 1
            ):
                continue  # 此次演习, 演练中: the exercise already found
            verb = None
            reach = max(clause[0], m.start() - MAX_VERB_DISTANCE)
            for v in rules.exercise_verb.finditer(norm, reach, m.start()):
                if norm[v.end() : v.end() + 1] not in VERB_AS_NOUN or v.end() == m.start():
                    verb = v
            held_after = rules.exercise_after.match(norm, m.end())
            if verb is None and not held_after:
                continue
            bare = (
                verb is not None and verb.end() == m.start() and len(m[0]) <= 2 and not held_after
            )
            if bare and not p.dates.any_within(*sentence):
                continue  # 参与演习是…: exercises in general (not 举行联合军演)
            military = (
                p.search(rules.military, *sentence) is not None
                or p.states.any_within(*sentence)
                or any(e.kb_id_ in rules.armed_forces for e in p.mentions.within(*sentence))
            )
            if not military or (rules.civil_drill.search(before) and "军" not in m[0]):
                continue
            start = max(verb.end() if verb else clause[0], m.start() - 6, clause[0])
            cut = max(norm.rfind(ch, start, m.start()) for ch in ANCHOR_STOPS)
            start = cut + 1 if cut >= start else start  # 规模很大的实战演习 → 实战演习
            found.append((start, m.end(), p.text[start : m.end()], None))
        return found

    def _places_only(self, p: Passage, sentence: tuple[int, int]) -> set[str]:
        """States named in the sentence only as a place or an origin (靠近乌克兰边境,
        位于马里的, 中国制造的): no participants."""
        as_place: set[str] = set()
        as_other: set[str] = set()
        for e in p.states.within(*sentence):
            before = p.norm[max(sentence[0], e.start_char - 3) : e.start_char]
            place = bool(
                self.rules.place_before.search(before)
                or self.rules.place_after.match(p.norm, e.end_char)
            )
            (as_place if place else as_other).add(e.kb_id_)
        return as_place - as_other

    def complete(self, events: list[dict[str, Any]]) -> None:
        """Document level, in reading order: a named exercise mentioned with fewer than two
        participants adds those of its last mention (本次以「邊防合作」為名的演練);
        scope and codes follow."""
        known: dict[str, list[str]] = {}
        for event in events:
            args = event["args"]
            if event["type"] != "exercise" or not args.get("kb_id"):
                continue
            earlier = known.get(args["kb_id"], [])
            if len(args["participants"]) < 2:  # 「邊防合作」演習首次將蒙古國納入
                args["participants"] = sorted({*earlier, *args["participants"]})
            known[args["kb_id"]] = args["participants"]
            args["scope"] = _scope(args["participants"], args["multinational"])
            event["codes"] = self.rules.data["codes"]["exercise"][args["scope"] or "unknown"]

    # -- percentages ------------------------------------------------------------------

    def _percentages(self, p: Passage) -> list[dict[str, Any]]:
        events = []
        for ent in p.mentions:
            if ent.label_ != "PERCENT" or not ent._.value:
                continue
            value = ent._.value
            sentence = p.sentence(ent.start_char, ent.end_char)
            measure, subject = self._measure(p, ent)
            approx = value["approx"] or self._approx_before_share(p, ent)
            period = self._change_period(p, ent)
            events.append(
                _event(
                    "percentage",
                    ent.start_char,
                    ent.end_char,
                    sentence,
                    {
                        "value": value["value"],
                        "high": value["high"],
                        "approx": approx,
                        "unit": value["unit"],
                        "measure": measure,
                        "subject": subject,
                        "change": period,
                    },
                )
            )
        return events

    def _approx_before_share(self, p: Passage, ent: Span) -> str | None:
        """约占…两成, 近…三分之一: the qualifier stands before the share verb."""
        clause = p.clauses.around(ent.start_char)
        shares = list(self.rules.share.finditer(p.norm, clause[0], ent.start_char))
        if not shares:
            return None
        m = self.rules.approx_before.search(p.norm, clause[0], shares[-1].start())
        return self.rules.data["approx_before"][m[0]] if m else None

    def _change_period(self, p: Passage, ent: Span) -> str | None:
        """同比 (year on year) or 环比 (on the previous period) before a change: what kind
        of change the percentage is; null for a share or a change without one."""
        clause = p.clauses.around(ent.start_char)
        found = [m[0] for m in self.rules.period.finditer(p.norm, clause[0], ent.start_char)]
        return self.rules.data["change_periods"][found[-1]] if found else None

    def _measure(self, p: Passage, ent: Span) -> tuple[str | None, str | None]:
        """What a percentage measures and whose it is; in a table row without a subject
        of its own, the state heading its column."""
        measure, subject = self._measure_in_text(p, ent)
        line_start = p.line_start(ent.start_char)
        if subject is None and line_start > 0:
            subject = p.column_state(ent, line_start)
        return measure, subject

    def _measure_in_text(self, p: Passage, ent: Span) -> tuple[str | None, str | None]:
        """X占Y的Z% → (Y, X); 較…增加Z% → (what increased, X); X擁有…Z%的股權 / Z%的股權
        屬於X → (股權, X); a table cell → its row."""
        norm, text = p.norm, p.text
        clause = p.clauses.around(ent.start_char)
        before = norm[clause[0] : ent.start_char]
        states = p.states.within(clause[0], ent.start_char)
        shares = list(self.rules.share.finditer(norm, clause[0], ent.start_char))
        if shares and norm.startswith("比", shares[-1].end()):  # 出口占比83%: of the exports
            share = shares[-1]
            named = p.mentions.within(clause[0], share.start())
            start = max([clause[0], *(e.end_char for e in named)])
            measure = text[start : share.start()].strip("的在对對 ") or None
            subject = next((e.kb_id_ for e in states if e.end_char <= share.start()), None)
            return measure, subject
        if shares:
            share = shares[-1]
            measure = re.split(r"\s", norm[share.end() : ent.start_char].rstrip("的 "), maxsplit=1)[
                0
            ]
            measure_start = share.end()
            previous_start = p.clauses.around(clause[0] - 1)[0]
            if not measure and norm[previous_start : clause[0] - 1].endswith("中"):
                # 在蒙古的外國投資中，中國占30%: what it is a share of is the 中 phrase
                within = norm[previous_start : clause[0] - 2]
                cut = max(within.rfind("的") + 1, 1 if within.startswith("在") else 0)
                measure_start, measure = previous_start + cut, within[cut:]
            subject = next(
                (e.kb_id_ for e in reversed(states) if e.end_char <= share.start()), None
            )
            if subject is None and measure.startswith("其"):  # its: the state named before
                sentence = p.sentences.around(ent.start_char)
                earlier = p.states.within(sentence[0], share.start())
                subject = earlier[-1].kb_id_ if earlier else None
            return text[measure_start : measure_start + len(measure)] or None, subject
        change = self.rules.change.search(before[-6:]) if before else None
        if change:  # 蒙古2016年出口較2015年增加5% → (出口, MNG)
            compared = self.rules.period.search(before) or self.rules.compared.search(before)
            end = clause[0] + (compared.start() if compared else len(before))
            named = p.mentions.within(clause[0], end)
            start = max([clause[0], *(e.end_char for e in named)])
            measure = text[start:end].strip("的在 ") or None
            return measure, (states[-1].kb_id_ if states else None)
        held = self.rules.held.match(norm, ent.end_char)
        if held:  # 50%的股權屬於前蘇聯, 98%之債務, 0.2%的通道費
            after = p.mentions.within(held.end(), clause[1])
            owner = next((e.kb_id_ for e in after if _is_state(e)), None)
            if not held["owned_by"]:
                owner = None
            holder = self.rules.holder.search(before)
            if owner is None and holder:
                owner = next(
                    (
                        e.kb_id_
                        for e in reversed(states)
                        if e.end_char <= clause[0] + holder.start()
                    ),
                    None,
                )
            measure = text[held.start("what") : held.end("what")]
            return measure, owner
        line_start = p.line_start(ent.start_char)
        if line_start > 0:  # a table row: its first cell (農業：33.6% → 農業), its state
            cells = text[max(line_start, clause[0]) : ent.start_char].strip()
            row = re.split(r"\s", cells, maxsplit=1)[0].rstrip("：:")
            row_states = [e.kb_id_ for e in states if e.start_char >= line_start]
            measure = (row or None) if not row[:1].isdigit() else None
            return measure, (row_states[-1] if row_states else None)
        return None, (states[-1].kb_id_ if states else None)

    # -- shared arguments -------------------------------------------------------------

    def _parties(
        self,
        p: Passage,
        start: int,
        end: int,
        sentence: tuple[int, int],
        anywhere: bool = False,
    ) -> list[str]:
        """States named in the anchor (read joined: a table cell breaks 中華人民\n共和國,
        which no entity then covers), else in its sentence before it (and just after a
        与/和 partner; `anywhere` in the sentence for exercises); 两国/三方 … are the states
        last named before."""
        norm = p.norm
        names = [*p.mentions.within(start, end), *p.gazetteer.within(start, end)]
        inside = [e.kb_id_ or e.id_ for e in names]
        anchor = _joined(norm[start:end])
        inside += self._leading_abbreviations(anchor)
        inside += [self.state_names[m[0]] for m in self.state_name.finditer(anchor)]
        states = {k for k in inside if k and STATE_ID.fullmatch(k)}  # ids: not all are Spans
        if states:  # 《中国－东盟…协议》: an organisation joined to a state in the name
            states |= {
                e.kb_id_
                for e in names
                if e.label_ == "ORG"
                and e.kb_id_
                and e.kb_id_ not in self.rules.armed_forces
                and (norm[e.start_char - 1 : e.start_char] in JOINERS
                     or norm[e.end_char : e.end_char + 1] in JOINERS)
            }
        if not states:
            forces = self.rules.armed_forces  # 解放軍東部戰區 stands for CHN
            states = {
                forces.get(e.kb_id_, e.kb_id_)
                for e in p.mentions.within(*sentence)
                if (_party(e, norm) or e.kb_id_ in forces)
                and (
                    anywhere
                    or e.start_char < start
                    or norm[e.start_char - 1 : e.start_char] in "与和"
                )
            }
        group = self.rules.group.search(norm, sentence[0], end)
        if group and len(states) < (self.rules.data["group_words"][group[0]] or 0):
            wanted = self.rules.data["group_words"][group[0]]
            for kb_id in p.parties_before(group.start()):
                if len(states) >= wanted:
                    break
                states.add(kb_id)
        return sorted(states)

    def _around_only(self, p: Passage, sentence: tuple[int, int]) -> set[str]:
        """States named only in a place the exercise is held around (在台灣周邊舉行): the
        place, not a participant."""
        m = p.search(self.rules.location, *sentence)
        if not m or not self.rules.around.search(p.norm, m.start(1), m.end(1)):
            return set()
        states = p.states.within(*sentence)
        place = range(m.start(1), m.end(1))
        inside = {e.kb_id_ for e in states if e.start_char in place}
        return inside - {e.kb_id_ for e in states if e.start_char not in place}

    def _leading_abbreviations(self, name: str) -> list[str]:
        """The states of the one-character abbreviations a name starts with (蒙俄友好…,
        中蒙…, 美蒙…): two or more, or it is an ordinary word (中国)."""
        run = []
        for ch in name:
            if ch not in self.abbreviations:
                break
            run.append(self.abbreviations[ch])
        return run if len(run) > 1 else []

    @staticmethod
    def _leading_date(p: Passage, position: int) -> dict[str, Any] | None:
        """The day that opens the passage, as a dateline does (a news photo's 2012年6月11日，
        美国空军…), for an exercise whose own sentence gives no date; a year or a month
        opening an analysis (2022年，…) is the time of that clause, not of the exercise."""
        dates = p.valued_dates.spans
        if not dates or dates[0].start_char >= position or dates[0].start_char > 2:
            return None
        value = dates[0]._.value
        day = str(value.get("value") or value.get("start") or "")
        return date_ref(dates[0]) if len(day) == len("YYYY-MM-DD") else None

    def _range_ends(
        self, p: Passage, sentence: tuple[int, int], chosen: dict[str, Any] | None
    ) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """The start and end of an exercise: those of its date, or, when that date and the
        next or previous one in the sentence are joined by 至/到 (8月4日12时至7日12时,
        持续到2月24日), the first of the two and the last."""
        if chosen is None:
            return None, None
        whole = ({**chosen, "part": "start"}, {**chosen, "part": "end"})
        dates = p.valued_dates.within(*sentence)
        at = [k for k, e in enumerate(dates) if [e.start_char, e.end_char] == chosen["date_of"]]
        for k in (at[0] - 1, at[0]) if at else ():
            if k < 0 or k + 1 >= len(dates):
                continue
            a, b = dates[k], dates[k + 1]
            between = p.norm[a.end_char : b.start_char]
            if len(between) <= MAX_RANGE_GAP and self.rules.range_word.search(between):
                end_part = "end" if b._.value.get("end") else "start"
                return date_ref(a, "start"), date_ref(b, end_part)
        return whole

    def _date_ref(
        self,
        p: Passage,
        start: int,
        clause: tuple[int, int],
        sentence: tuple[int, int],
        in_sentence: bool = False,
        anchor_end: int | None = None,
    ) -> dict[str, Any] | None:
        """The date in the anchor's clause, else its sentence (the nearest), else (unless
        `in_sentence`) the last one before it in the passage. A date inside the anchor
        (21世紀 in a treaty's name, 2018 in 杜松眼镜蛇2018) is part of the name, never the
        event's date."""
        inside = range(start, anchor_end or start)
        for low, high in (clause, sentence):
            near = [e for e in p.valued_dates.within(low, high) if e.start_char not in inside]
            if near:
                return date_ref(min(near, key=lambda e: abs(e.start_char - start)))
        if in_sentence:
            return None
        k = bisect_right(p.valued_date_ends, start)
        return date_ref(p.valued_dates.spans[k - 1]) if k else None

    def _location(self, p: Passage, sentence: tuple[int, int]) -> dict[str, Any] | None:
        """The place of 在…簽署/舉行; the border of two or more states (中俄蒙邊境) is no one
        of them: its `kb_id` is null and `states` lists them all."""
        m = p.search(self.rules.location, *sentence)
        if not m:
            return None
        places = [
            e for e in p.mentions.within(m.start(1), m.end(1)) if e.label_ in ("GPE", "LOC", "FAC")
        ]
        text = p.text[m.start(1) : m.end(1)]
        states = sorted({e.kb_id_ for e in places if _is_state(e)})
        if len(states) > 1 and self.rules.border.search(p.norm, m.start(1), m.end(1)):
            return {"text": text, "kb_id": None, "states": states}
        return {"text": text, "kb_id": places[0].kb_id_ or None if places else None}


@Language.factory("events", default_config={"opencc_config": "t2s"})
def create_events(nlp: Language, name: str, opencc_config: str) -> EventMentions:
    normalizer = Normalizer(opencc_config)
    gazetteer = load_gazetteer()
    abbreviations = abbreviation_ids(gazetteer, normalizer)
    event_ids = {
        normalizer(name): e.id for e in gazetteer if e.label == "EVENT" for name in e.names
    }
    return EventMentions(
        EventRules.from_path(),
        {a: e.id for a, e in abbreviations.items()},
        event_ids,
        state_names(gazetteer, normalizer),
    )


def event_fields(doc: Doc, event: dict[str, Any]) -> dict[str, Any]:
    """The fields of an event mention that design §4 and the `tag` command share."""
    fields = {
        "type": event["type"],
        "text": _text(doc, event["start"], event["end"]),
        "start": event["start"],
        "end": event["end"],
        "sentence": event["sentence"],
        "args": event_args(doc, event),
    }
    if "codes" in event:
        fields["codes"] = event["codes"]
    return fields


def event_args(doc: Doc, event: dict[str, Any]) -> dict[str, Any]:
    """Arguments as JSON: a date becomes `{"text", "value"}` with its (resolved) ISO value."""
    return {
        key: _date_arg(doc, value) if isinstance(value, dict) and "date_of" in value else value
        for key, value in event["args"].items()
    }
