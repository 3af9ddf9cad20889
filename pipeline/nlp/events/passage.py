"""A passage as the event rules read it, indexed once, so that an anchor's arguments are
looked up in its own sentence or clause by binary search, never by a scan of the whole
passage: the cost of the rules is linear in the passage."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from typing import Any

import numpy as np
from spacy.attrs import IDX, TAG
from spacy.strings import hash_string
from spacy.tokens import Doc, Span

from pipeline.nlp.events.rules import EventRules
from pipeline.nlp.gazetteer import STATE_ID
from pipeline.nlp.spans import GAZETTEER_SPANS, mentions
from pipeline.text.chars import CLAUSE_END, SENTENCE_END, SENTENCE_FINAL

HEADER_LINES = 40  # how far above a table row its column header may be
HEADLINE_LENGTH = 60  # the longest passage read as a headline
HEADLINE_ENDS = SENTENCE_FINAL - {"…"}  # an ellipsis may stand inside a headline
# How far a sentence or clause reaches either side of a position, in characters: an
# anchor's arguments are near it, and a passage without sentence ends (a table flattened
# into one line) costs time linear in its length.
MAX_REACH = 1_000
DIGIT = re.compile(r"\d")
# straight double quotes in pairs within a line ("肩并肩"(Balikatan 2025) in machine-translated
# and web text): read as “…”, the brackets the rules know
STRAIGHT_QUOTED = re.compile(r'"([^"\n]{1,80})"')


@cache
def _tag_ids(tags: tuple[str, ...]) -> np.ndarray:
    """The ids `Doc.to_array(TAG)` gives these tags (string hashes, the same in any vocab),
    hashed once per process."""
    return np.array([hash_string(tag) for tag in tags], dtype=np.uint64)


def event_norm(doc: Doc) -> str:
    """`text_norm` as the event rules read it: paired straight double quotes as “…” (the
    same length, so offsets hold)."""
    norm: str = doc._.text_norm
    return STRAIGHT_QUOTED.sub(r"“\1”", norm) if '"' in norm else norm


class Stops:
    """Where the matches of a one-character pattern (SENTENCE_END, CLAUSE_END) end in a
    text, found once, so that the stretch around a position is two binary searches."""

    def __init__(
        self, pattern: re.Pattern[str], text: str, unbroken: re.Pattern[str] | None = None
    ) -> None:
        self.pattern = pattern
        self.text = text
        self.ends = [m.end() for m in pattern.finditer(text)]
        if unbroken is not None:  # stretches the pattern does not break (an infobox line)
            inside = Cover(len(text), (m.span() for m in unbroken.finditer(text)))
            self.ends = [end for end in self.ends if not (end - 1 in inside and end in inside)]

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

    def __init__(
        self, doc: Doc, rules: EventRules, represents: Mapping[str, str] | None = None
    ) -> None:
        self.text = doc.text  # spaCy joins the tokens again at each doc.text
        self.norm = norm = event_norm(doc)
        self.mentions = ByStart(_named_as_such(mentions(doc), norm, rules))
        self.gazetteer = ByStart(
            sorted(doc.spans.get(GAZETTEER_SPANS, []), key=lambda s: s.start_char)
        )
        self.states = ByStart(e for e in self.mentions if is_state(e))
        dates = [e for e in self.mentions if e.label_ == "DATE"]
        self.dates = ByStart(dates)
        # the bracketed names (「…」, 《…》, “…”), read by the treaty and exercise anchors too
        self.bracketed = list(rules.bracketed.finditer(norm))
        self.name_ends = {m.start(1): m.end(1) for m in self.bracketed}  # a name's start → end
        self.name_start_list = list(self.name_ends)  # in order, as found
        self.name_starts = {m.end(1): m.start(1) for m in self.bracketed}  # and back
        self.reference_entries: dict[int, bool] = {}  # by line start (in_reference_entry)
        # inside the title of a work (《中德联合卫勤演练在汉诺威落幕》): cited, no exercise;
        # not a name in 《》 after a code name word (代号为《高加索-2020》) or with an edition
        self.in_titles = Cover(
            len(norm),
            (
                m.span(1)
                for m in self.bracketed
                if m[0].startswith("《")
                and not rules.code_name_end.search(norm, max(0, m.start() - 3), m.start())
                and not rules.edition_name.search(m[1])
            ),
        )
        # a date inside a quoted title (“博鳌亚洲论坛2025年年会”, 「114年城鎮韌性演習」) is the
        # title's, no event's
        quoted = Cover(len(norm), (m.span(1) for m in self.bracketed))
        self.valued_dates = ByStart(  # ends in order: ents
            e for e in dates if e._.value and e.start_char not in quoted
        )
        self.valued_date_ends = [e.end_char for e in self.valued_dates]
        self.dated = Cover(len(norm), ((e.start_char, e.end_char) for e in dates))
        # an infobox line (中文名：…；时间：…；参演国家：…) is one sentence: its fields, one
        # another's arguments
        self.sentences = Stops(SENTENCE_END, norm, rules.infobox_line)
        self.clauses = Stops(CLAUSE_END, norm)
        self.newlines = [m.start() for m in re.finditer("\n", norm)]
        # a headline: one short line that ends no sentence (機步269旅湖口實兵演習　驗證…)
        self.is_headline = (
            len(norm) <= HEADLINE_LENGTH
            and not self.newlines
            and HEADLINE_ENDS.isdisjoint(norm)
        )
        # int64, as the positions searched for: a uint64 array would be cast on every search
        self.token_starts = doc.to_array(IDX).astype(np.int64)
        # where a word tagged as a person's or a place's name starts (伊泰普, 馬德里)
        tags = _tag_ids(tuple(rules.data["proper_name_tags"]))
        self.proper_name_starts = self.token_starts[np.isin(doc.to_array(TAG), tags)]
        self.last_token_end = doc[-1].idx + len(doc[-1]) if len(doc) else 0
        self.notes: list[dict[str, Any]] = []  # doc._.event_notes, filled by the types
        # a table row's cells by their column's kind, by where the row's name starts
        self.table_cells: dict[int, dict[str, tuple[int, int]]] = {}  # (table_names)
        self.said_again: dict[str, list[tuple[int, int]]] = doc._.said_again or {}
        self.same_states: dict[str, str] = doc._.same_states or {}  # 乌 (Ukraine): Uzbekistan
        self.states_before_names: dict[int, list[str]] = doc._.states_before_names or {}
        self.state_initials: dict[str, str] = doc._.state_initials or {}  # 格: Georgia
        self._parties_recent(rules, represents or {})
        self._found: dict[tuple[re.Pattern[str], int, int], re.Match[str] | None] = {}
        self._headers: dict[int, list[str] | None] = {}
        self._rows: dict[tuple[int, int], dict[int, int]] = {}

    def _parties_recent(self, rules: EventRules, represents: Mapping[str, str]) -> None:
        """For each mention of a party, the last distinct parties named up to it (as many
        as the largest group word stands for), the nearest first; a leader named stands for
        the state he represents (习近平…同普京会晤。两国元首: CHN, RUS)."""
        keep = rules.largest_group
        self.party_starts: list[int] = []
        self.recent: list[tuple[str, ...]] = []
        last: tuple[str, ...] = ()
        for e in self.mentions:
            party = e.kb_id_ if is_party(e, self.norm, rules) else represents.get(e.kb_id_)
            if party:
                last = (party, *(k for k in last if k != party))[:keep]
                self.party_starts.append(e.start_char)
                self.recent.append(last)

    def parties_before(self, position: int) -> tuple[str, ...]:
        """The last distinct parties named before `position`, the nearest first."""
        k = bisect_left(self.party_starts, position)
        return self.recent[k - 1] if k else ()

    def token_start_from(self, position: int) -> int:
        """Where the first token at or after `position` starts (the text's end if none): an
        anchor found by characters starts on a word."""
        k = int(np.searchsorted(self.token_starts, position))
        return int(self.token_starts[k]) if k < len(self.token_starts) else len(self.norm)

    def starts_word(self, position: int) -> bool:
        """Whether a token starts at `position`."""
        k = int(np.searchsorted(self.token_starts, position))
        return k < len(self.token_starts) and int(self.token_starts[k]) == position

    def word_before(self, position: int) -> str:
        """The word (token) that ends at `position`, in text_norm; "" if none ends there."""
        k = int(np.searchsorted(self.token_starts, position))
        if k == 0 or (
            int(self.token_starts[k]) != position
            if k < len(self.token_starts)
            else position != self.last_token_end  # inside the last word: 塞尔维亚自|由贸易协定
        ):
            return ""
        return self.norm[int(self.token_starts[k - 1]) : position]

    def word_bounds(self, start: int, end: int) -> set[int]:
        """Where the words of [start, end) start, and where it ends, counted from `start`."""
        low, high = np.searchsorted(self.token_starts, (start, end))
        return {int(t) - start for t in self.token_starts[low:high]} | {end - start}

    def proper_names(self, start: int, end: int) -> set[int]:
        """Where the words of [start, end) tagged as a person's or a place's name start,
        counted from `start`."""
        low, high = np.searchsorted(self.proper_name_starts, (start, end))
        return {int(t) - start for t in self.proper_name_starts[low:high]}

    def names_another(self, date: Span, start: int) -> bool:
        """Whether `date` stands in another clause than `start`, one that holds a bracketed
        name (共軍去年5月才舉行「聯合利劍」，國防部今年「漢光41號」兵推: 去年5月 is the other
        name's)."""
        clause = self.clauses.around(date.start_char)
        if clause[0] <= start < clause[1]:
            return False
        low, high = (bisect_left(self.name_start_list, i) for i in clause)
        return high > low

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

    def in_reference_entry(self, position: int, rules: EventRules) -> bool:
        """Whether the line holding `position` is an entry of a list of references (…[J].,
        陳建民，2019，〈…〉): what it names is cited, no event."""
        line = self.line_start(position)
        if line not in self.reference_entries:  # once a line: linear cost
            self.reference_entries[line] = bool(rules.reference_entry.match(self.norm, line))
        return self.reference_entries[line]

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


def _named_as_such(found: list[Span], norm: str, rules: EventRules) -> list[Span]:
    """The mentions less the states inside the name of a company, a university, a hospital
    or a bureau (香港大學, 台灣高鐵公司), or counted as one or named as a partner (一家葡萄牙
    工程公司, 與沙特阿拉伯資產管理公司: 家 or a partner word before the state, the company
    word after it), a company's or a trader's nationality (中企, 台商), or inside an expo's or a
    forum's name (中国—南亚博览会): part of that name, or where it is from; neither a party
    nor a participant."""
    bodies = Cover(
        len(norm),
        (
            (e.start_char, e.end_char)
            for e in found
            if e.label_ == "ORG" and rules.non_state_end.search(norm, e.start_char, e.end_char)
        ),
    )
    return [
        e
        for e in found
        if not (
            is_state(e)
            and (
                e.start_char in bodies
                or norm[e.end_char : e.end_char + 1] in rules.company_heads  # 中企, 台商
                or _in_venue_name(rules, norm, e.end_char)  # …博覽會, …论坛
                or (
                    norm[e.start_char - 1 : e.start_char] in rules.company_counted_or_partner
                    and rules.company_of.match(norm, e.end_char) is not None
                )
                or (  # opening its clause: 香港一家上市新能源企業…, 中国储能企业华拓储能…
                    norm[e.start_char - 1 : e.start_char] in rules.clause_openers
                    and rules.company_opening.match(norm, e.end_char) is not None
                )
            )
        )
    ]


def _in_venue_name(rules: EventRules, norm: str, end: int) -> bool:
    """Whether the state ending at `end` opens an expo's or a forum's name (中国—南亚博览会),
    not one that holds it (俄羅斯在阿斯塔納舉行峰會)."""
    venue = rules.venue_of.match(norm, end)
    return venue is not None and not rules.not_in_venue_name.search(venue[0])


def is_state(ent: Span) -> bool:
    return bool(STATE_ID.fullmatch(ent.kb_id_ or ""))


def state_of(ent: Span, stands_for: Mapping[str, str]) -> str | None:
    """The state a mention names, or stands for (`stands_for`: an armed force, a leader)."""
    return ent.kb_id_ if is_state(ent) else stands_for.get(ent.kb_id_)


def joined(name: str) -> str:
    """A name as the text means it: a table cell breaks it across lines and a layout may
    space out its characters (中華人民\n共和國); a gap stays, as one space, only between
    two Latin characters (Millennium Challenge Compact)."""

    def closed(gap: re.Match[str]) -> str:
        around = name[gap.start() - 1 : gap.start()] + name[gap.end() : gap.end() + 1]
        return " " if len(around) == 2 and around.isascii() else ""

    return re.sub(r"\s+", closed, name)


def is_party(ent: Span, norm: str, rules: EventRules) -> bool:
    """A state, or an organisation named as a partner (與北約簽署), not a venue (在白宮與…)."""
    if is_state(ent):
        return True
    return (
        ent.label_ == "ORG"
        and bool(ent.kb_id_)
        and not rules.signed_in_before.search(norm, max(0, ent.start_char - 1), ent.start_char)
        and (
            norm[ent.start_char - 1 : ent.start_char] in rules.partner_before_set
            or bool(rules.partner_after.match(norm, ent.end_char))
        )
    )
