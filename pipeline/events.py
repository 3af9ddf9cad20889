"""Events: treaties and agreements, military exercises, percentages (design §4 events.jsonl).

A spaCy component after the entity components: it reads the entities (states, dates,
percentages, linked exercise names) and `text_norm`, and sets `doc._.events`, one dict per
event mention with its anchor offsets, the evidence sentence, its arguments and its codes.
The words it knows (treaty forms, verbs, exercise words, CAMEO/PLOVER codes) are data in
models/events/patterns.json. A date argument points at its DATE entity by offsets and is
read when the record is written, after the document-level date resolution of `extract`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.chars import word_alternation
from pipeline.entities import GAZETTEER_SPANS, abbreviation_ids, mentions
from pipeline.gazetteer import STATE_ID, load_gazetteer, state_names
from pipeline.normalize import Normalizer
from pipeline.resources import MODELS_DIR

PATTERNS_PATH = MODELS_DIR / "events" / "patterns.json"
SENTENCE_END = re.compile(r"[。！？；\n]")
CLAUSE_END = re.compile(r"[，。！？；;：\n]|[,:](?!\d)")  # not the comma of 4,000
HEADER_LINES = 40  # how far above a table row its column header may be
BARE_JOINT_STATEMENT = re.compile(r"(?:两国|双方|三国|三方)?联合(?:声明|宣言)")  # issued: an act

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)


def date_ref(ent: Span, part: str = "whole") -> dict[str, Any]:
    """An argument pointing at a DATE entity (by its offsets, so a Doc with its events still
    serializes): its value is read at output time, once the document's dates are resolved.
    `part` is `start` or `end` of a range (a single date is its own start), or the `whole`
    date: a range then stays one (1960年代 is 1960 to 1969, not 1960)."""
    return {"date_of": [ent.start_char, ent.end_char], "part": part}


def _date_arg(doc: Doc, ref: dict[str, Any]) -> dict[str, Any] | None:
    start, end = ref["date_of"]
    ent = doc.char_span(start, end)
    value = (ent._.value if ent is not None else None) or {}
    text = doc.text[start:end]
    if ref["part"] == "whole" and not value.get("value") and value.get("start"):
        return {"text": text, "start": value["start"], "end": value.get("end")}
    single = value.get("value") or value.get("start")
    iso = value.get("end") if ref["part"] == "end" else single
    return {"text": text, "value": iso} if iso else None


def _bounds(pattern: re.Pattern[str], text: str, position: int) -> tuple[int, int]:
    """The stretch of `text` around `position` between two matches of `pattern`."""
    start = max((m.end() for m in pattern.finditer(text, 0, position)), default=0)
    end_match = pattern.search(text, position)
    return start, end_match.end() if end_match else len(text)


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
        and ent.start_char > 0
        and (norm[ent.start_char - 1] in "与和" or norm[ent.end_char : ent.end_char + 1] in "自与")
    )


def _column_state(doc: Doc, cell: Span, line_start: int) -> str | None:
    """The state heading a table cell's column: the header is the nearest line above the
    row (within HEADER_LINES) that names two or more states and no number; the row's
    percentages, one per state, follow the header's order (中國 俄羅斯 → 26.65% 2.11%)."""
    text = doc.text  # spaCy joins the tokens again at each doc.text
    line_end = text.find("\n", cell.end_char)
    line_end = len(text) if line_end < 0 else line_end
    row = [
        e for e in mentions(doc) if e.label_ == "PERCENT" and line_start <= e.start_char < line_end
    ]
    states = [(e.start_char, e.kb_id_) for e in mentions(doc) if _is_state(e)]
    end = line_start - 1
    for _ in range(HEADER_LINES):
        if end <= 0:
            return None
        start = text.rfind("\n", 0, end) + 1
        header = [kb_id for position, kb_id in states if start <= position < end]
        if len(header) > 1 and not re.search(r"\d", text[start:end]):
            if len(row) != len(header):
                return None
            return header[[e.start_char for e in row].index(cell.start_char)]
        end = start - 1
    return None


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


def _sentence(norm: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of an anchor; an anchor broken across lines (a table cell) widens it."""
    first = _bounds(SENTENCE_END, norm, start)
    return first[0], max(first[1], _bounds(SENTENCE_END, norm, end - 1)[1])


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
        self.held = re.compile(
            rf"\s*[的之](?P<what>{word_alternation(data['held_things'])})(?P<owned_by>属于)?"
        )
        self.holder = re.compile(word_alternation(data["holder_verbs"]))
        self.armed_forces = {
            kb_id: state for kb_id, state in data["armed_forces"].items() if kb_id[:1] != "_"
        }
        self.around = re.compile(f"(?:{word_alternation(data['around_words'])})$")
        self.edition = re.compile(data["edition_pattern"])

    @classmethod
    def from_path(cls, path: Path = PATTERNS_PATH) -> EventRules:
        return cls(json.loads(path.read_text(encoding="utf-8")))


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
        norm = doc._.text_norm
        found = [
            *self._treaties(doc, norm),
            *self._exercises(doc, norm),
            *self._percentages(doc, norm),
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

    def _treaties(self, doc: Doc, norm: str) -> list[dict[str, Any]]:
        rules = self.rules
        anchors: list[tuple[int, int, str]] = []  # start, end, name
        for m in rules.bracketed.finditer(norm):
            name = m.group(1)
            if rules.form_end.search(_joined(name)):
                anchors.append((m.start(1), m.end(1), doc.text[m.start(1) : m.end(1)]))
        aliases = self._alias_spans(norm, anchors)
        for ent in mentions(doc):
            if (
                ent.label_ == "LAW"
                and rules.form_end.search(ent._.text_norm)
                and not any(s <= ent.start_char < e for s, e, _ in anchors + aliases)
            ):
                anchors.append((ent.start_char, ent.end_char, ent.text))
        for m in rules.form_word.finditer(norm):
            if any(s <= m.start() < e for s, e, _ in anchors):
                continue
            descriptive = self._descriptive(doc, norm, m.start(), m.end(), anchors)
            if descriptive:
                anchors.append(descriptive)
        events = []
        kept = sorted(self._without_aliases(norm, anchors))
        starts = {start for start, *_ in kept}
        for start, end, name in kept:
            clause = _bounds(CLAUSE_END, norm, start)
            clause_text = norm[clause[0] : clause[1]]
            if any(g in clause_text for g in rules.data["generic_markers"]):
                continue
            sentence = _sentence(norm, start, end)
            args: dict[str, Any] = {
                "name": _joined(name),
                "form": rules.forms[rules.form_end.search(_joined(norm[start:end]))[0]],
                "parties": self._parties(doc, norm, start, end, sentence),
                "date": self._date_ref(doc, start, clause, sentence),
                "location": self._location(doc, norm, sentence),
                "action": self._treaty_action(norm, start, end, clause, starts),
            }
            args |= self._alias_en(doc, norm, end)
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

    def _alias_en(self, doc: Doc, norm: str, end: int) -> dict[str, str]:
        """`{"alias_en": …}` for an English name in brackets right after an anchor."""
        alias = self.rules.alias_en.match(norm, end + 1)
        return {"alias_en": doc.text[alias.start(1) : alias.end(1)].strip()} if alias else {}

    def _without_aliases(self, norm: str, anchors: list[Any]) -> list[Any]:
        aliases = self._alias_spans(norm, anchors)
        return [a for a in anchors if not any(s <= a[0] < e for s, e, *_ in aliases)]

    def _descriptive(
        self, doc: Doc, norm: str, form_start: int, form_end: int, anchors: list[Any]
    ) -> tuple[int, int, str] | None:
        """An unnamed agreement with a signing verb in its clause (2014年兩國簽署加強軍事
        關係協議): the anchor is the form word with the words that qualify it, never a date's
        last character (於2003年兩國聯合聲明 is 兩國聯合聲明, not 年兩國聯合聲明)."""
        clause = _bounds(CLAUSE_END, norm, form_start)
        form = norm[form_start:form_end]
        joint = form.startswith("联合")  # 两国联合声明: a joint statement is an act itself
        if not joint and not self.rules.action.search(norm, clause[0], clause[1]):
            return None
        taken = {i for s, e, *_ in anchors for i in range(s, e)}
        dated = {
            i for e in mentions(doc) if e.label_ == "DATE" for i in range(e.start_char, e.end_char)
        }
        start = form_start
        stops = set("的之了与和及、「」『』《》“”（）() \n") | set("0123456789")
        while (
            start > clause[0]
            and form_start - start < 12
            and norm[start - 1] not in stops
            and start - 1 not in taken
            and start - 1 not in dated
        ):
            if self.rules.action.match(norm, start - 2) or self.rules.action.match(norm, start - 1):
                break
            start -= 1
        about = norm.rfind("关于", clause[0], start)
        if norm[start - 1 : start] == "的" and about >= 0 and start - about <= 30:
            start = about  # 簽署了關於「西伯利亞力量2號」管道建設的備忘錄
        if start == form_start and not joint:
            return None
        if norm[start - 1 : start] in ("之", "的") and (
            start - 2 in taken or norm[start - 2 : start - 1] in "」』》”"
        ):
            return None  # 日蒙經濟夥伴關係協定之基本協議: part of the named one
        return start, form_end, doc.text[start:form_end]

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
                m.start() >= end and any(m.end() < o <= m.end() + 3 for o in starts if o != start)
            )
        ]
        if not verbs:
            return "sign" if BARE_JOINT_STATEMENT.fullmatch(norm[start:end]) else "mention"
        verb = min(verbs, key=lambda v: v[0])[1]
        if any(p in before for p in self.rules.data["plan_markers"]) and verb.start() < start:
            return "plan"
        return self.rules.data["treaty_actions"][verb[0]]

    # -- exercises --------------------------------------------------------------------

    def _exercises(self, doc: Doc, norm: str) -> list[dict[str, Any]]:
        rules = self.rules
        anchors: list[tuple[int, int, str, str | None]] = []  # start, end, name, kb_id
        for m in rules.bracketed.finditer(norm):
            alias = rules.alias_en.match(norm, m.end())
            after = norm[alias.end() if alias else m.end() :][:16].replace("\n", "")[:12]
            clause_after = CLAUSE_END.split(after, 1)[0]
            if rules.exercise_word.search(clause_after) or rules.series.match(clause_after):
                linked = next(
                    (
                        e
                        for e in mentions(doc)
                        if e.start_char >= m.start(1) and e.end_char <= m.end(1)
                    ),
                    None,
                )
                kb_id = linked.kb_id_ if linked is not None and linked.label_ == "EVENT" else None
                word = rules.exercise_word.match(after)
                if kb_id is None and word:  # 「東方」戰略演習 is the name 東方戰略演習
                    kb_id = self.event_ids.get(m.group(1) + word[0])
                anchors.append((m.start(1), m.end(1), doc.text[m.start(1) : m.end(1)], kb_id))
        aliases = self._alias_spans(norm, anchors)
        for ent in mentions(doc):
            if ent.label_ != "EVENT" or any(
                s <= ent.start_char < e for s, e, *_ in anchors + aliases
            ):
                continue
            after = norm[ent.end_char : ent.end_char + 16].replace("\n", "")
            if rules.exercise_word.search(
                norm, ent.start_char, ent.end_char
            ) or rules.exercise_word.search(CLAUSE_END.split(after, maxsplit=1)[0]):
                edition = rules.edition.match(norm, ent.end_char)  # 漢光40號
                end = edition.end() if edition else ent.end_char
                anchors.append(
                    (ent.start_char, end, doc.text[ent.start_char : end], ent.kb_id_ or None)
                )
        anchors += self._unnamed_exercises(doc, norm, anchors)
        events = []
        for start, end, name, kb_id in sorted(self._without_aliases(norm, anchors)):
            sentence = _sentence(norm, start, end)
            clause = _bounds(CLAUSE_END, norm, start)
            around = self._around_only(doc, norm, sentence)
            participants = [
                p
                for p in self._parties(doc, norm, start, end, sentence, anywhere=True)
                if p not in around
            ]
            dates = self._date_ref(doc, start, clause, sentence, in_sentence=True)
            many = "多国" in norm[sentence[0] : sentence[1]]
            scope = _scope(participants, many)
            args = {
                "name": _joined(name),
                "kb_id": kb_id,
                "participants": participants,
                "start": {**dates, "part": "start"} if dates else None,
                "end": {**dates, "part": "end"} if dates else None,
                "location": self._location(doc, norm, sentence),
                "scope": scope,
                "series": bool(rules.series.match(norm, end + 1)),
                "multinational": many,
            }
            args |= self._alias_en(doc, norm, end)
            codes = rules.data["codes"]["exercise"][scope or "unknown"]
            events.append(_event("exercise", start, end, sentence, args, codes))
        return events

    def _unnamed_exercises(
        self, doc: Doc, norm: str, named: list[tuple[int, int, str, str | None]]
    ) -> list[tuple[int, int, str, str | None]]:
        """舉行維和聯合軍事演習 with states and a date in the sentence."""
        found = []
        for m in self.rules.exercise_word.finditer(norm):
            sentence = _bounds(SENTENCE_END, norm, m.start())
            if any(sentence[0] <= s < sentence[1] for s, *_ in named):
                continue  # the named exercise of this sentence, mentioned again
            clause = _bounds(CLAUSE_END, norm, m.start())
            verb = None
            for v in self.rules.exercise_verb.finditer(norm, clause[0], m.start()):
                verb = v
            if verb is None:
                continue
            states = self._parties(doc, norm, m.start(), m.end(), sentence, anywhere=True)
            has_date = any(
                e.label_ == "DATE" and sentence[0] <= e.start_char < sentence[1]
                for e in mentions(doc)
            )
            if states and has_date:
                start = max(verb.end(), m.start() - 6)
                found.append((start, m.end(), doc.text[start : m.end()], None))
        return found

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

    def _percentages(self, doc: Doc, norm: str) -> list[dict[str, Any]]:
        events = []
        for ent in mentions(doc):
            if ent.label_ != "PERCENT" or not ent._.value:
                continue
            value = ent._.value
            sentence = _sentence(norm, ent.start_char, ent.end_char)
            measure, subject = self._measure(doc, norm, ent)
            events.append(
                _event(
                    "percentage",
                    ent.start_char,
                    ent.end_char,
                    sentence,
                    {
                        "value": value["value"],
                        "high": value["high"],
                        "approx": value["approx"],
                        "unit": value["unit"],
                        "measure": measure,
                        "subject": subject,
                    },
                )
            )
        return events

    def _measure(self, doc: Doc, norm: str, ent: Span) -> tuple[str | None, str | None]:
        """What a percentage measures and whose it is; in a table row without a subject
        of its own, the state heading its column."""
        measure, subject = self._measure_in_text(doc, norm, ent)
        line_start = norm.rfind("\n", 0, ent.start_char) + 1  # text_norm keeps line breaks
        if subject is None and line_start > 0:
            subject = _column_state(doc, ent, line_start)
        return measure, subject

    def _measure_in_text(self, doc: Doc, norm: str, ent: Span) -> tuple[str | None, str | None]:
        """X占Y的Z% → (Y, X); 較…增加Z% → (what increased, X); X擁有…Z%的股權 / Z%的股權
        屬於X → (股權, X); a table cell → its row."""
        clause = _bounds(CLAUSE_END, norm, ent.start_char)
        before = norm[clause[0] : ent.start_char]
        states = [
            e for e in mentions(doc) if clause[0] <= e.start_char < ent.start_char and _is_state(e)
        ]
        shares = list(self.rules.share.finditer(norm, clause[0], ent.start_char))
        if shares:
            share = shares[-1]
            measure = re.split(r"\s", norm[share.end() : ent.start_char].rstrip("的 "), maxsplit=1)[
                0
            ]
            measure_start = share.end()
            previous_start = _bounds(CLAUSE_END, norm, clause[0] - 1)[0]
            if not measure and norm[previous_start : clause[0] - 1].endswith("中"):
                # 在蒙古的外國投資中，中國占30%: what it is a share of is the 中 phrase
                within = norm[previous_start : clause[0] - 2]
                cut = max(within.rfind("的") + 1, 1 if within.startswith("在") else 0)
                measure_start, measure = previous_start + cut, within[cut:]
            subject = next(
                (e.kb_id_ for e in reversed(states) if e.end_char <= share.start()), None
            )
            if subject is None and measure.startswith("其"):  # its: the state named before
                sentence = _bounds(SENTENCE_END, norm, ent.start_char)
                earlier = [
                    e.kb_id_
                    for e in mentions(doc)
                    if sentence[0] <= e.start_char < share.start() and _is_state(e)
                ]
                subject = earlier[-1] if earlier else None
            return doc.text[measure_start : measure_start + len(measure)] or None, subject
        change = self.rules.change.search(before[-6:]) if before else None
        if change:  # 蒙古2016年出口較2015年增加5% → (出口, MNG)
            compared = self.rules.compared.search(before)
            end = clause[0] + (compared.start() if compared else len(before))
            named = [e for e in mentions(doc) if clause[0] <= e.start_char < end]
            start = max([clause[0], *(e.end_char for e in named)])
            measure = doc.text[start:end].strip("的在 ") or None
            return measure, (states[-1].kb_id_ if states else None)
        held = self.rules.held.match(norm, ent.end_char)
        if held:  # 50%的股權屬於前蘇聯, 98%之債務, 0.2%的通道費
            after = [e for e in mentions(doc) if held.end() <= e.start_char < clause[1]]
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
            measure = doc.text[held.start("what") : held.end("what")]
            return measure, owner
        line_start = doc.text.rfind("\n", 0, ent.start_char) + 1
        if line_start > 0:  # a table row: its first cell (農業：33.6% → 農業), its state
            cells = doc.text[max(line_start, clause[0]) : ent.start_char].strip()
            row = re.split(r"\s", cells, maxsplit=1)[0].rstrip("：:")
            row_states = [e.kb_id_ for e in states if e.start_char >= line_start]
            measure = (row or None) if not row[:1].isdigit() else None
            return measure, (row_states[-1] if row_states else None)
        return None, (states[-1].kb_id_ if states else None)

    # -- shared arguments -------------------------------------------------------------

    def _parties(
        self,
        doc: Doc,
        norm: str,
        start: int,
        end: int,
        sentence: tuple[int, int],
        anywhere: bool = False,
    ) -> list[str]:
        """States named in the anchor (read joined: a table cell breaks 中華人民\n共和國,
        which no entity then covers), else in its sentence before it (and just after a
        与/和 partner; `anywhere` in the sentence for exercises); 两国/三方 … are the states
        last named before."""
        names = [*mentions(doc), *doc.spans.get(GAZETTEER_SPANS, [])]
        inside = [e.kb_id_ or e.id_ for e in names if start <= e.start_char < end]
        anchor = _joined(norm[start:end])
        inside += self._leading_abbreviations(anchor)
        inside += [self.state_names[m[0]] for m in self.state_name.finditer(anchor)]
        states = {k for k in inside if k and STATE_ID.fullmatch(k)}  # ids: not all are Spans
        if not states:
            forces = self.rules.armed_forces  # 解放軍東部戰區 stands for CHN
            states = {
                forces.get(e.kb_id_, e.kb_id_)
                for e in mentions(doc)
                if sentence[0] <= e.start_char < sentence[1]
                and (_party(e, norm) or e.kb_id_ in forces)
                and (
                    anywhere
                    or e.start_char < start
                    or norm[e.start_char - 1 : e.start_char] in "与和"
                )
            }
        group = self.rules.group.search(norm, sentence[0], end)
        if group and len(states) < (self.rules.data["group_words"][group[0]] or 0):
            earlier = [
                e.kb_id_ for e in mentions(doc) if e.start_char < group.start() and _party(e, norm)
            ]
            wanted = self.rules.data["group_words"][group[0]]
            for kb_id in reversed(earlier):
                if len(states) >= wanted:
                    break
                states.add(kb_id)
        return sorted(states)

    def _around_only(self, doc: Doc, norm: str, sentence: tuple[int, int]) -> set[str]:
        """States named only in a place the exercise is held around (在台灣周邊舉行): the
        place, not a participant."""
        m = self.rules.location.search(norm, *sentence)
        if not m or not self.rules.around.search(norm, m.start(1), m.end(1)):
            return set()
        states = [
            e for e in mentions(doc) if sentence[0] <= e.start_char < sentence[1] and _is_state(e)
        ]
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

    def _date_ref(
        self,
        doc: Doc,
        start: int,
        clause: tuple[int, int],
        sentence: tuple[int, int],
        in_sentence: bool = False,
    ) -> dict[str, Any] | None:
        """The date in the anchor's clause, else its sentence (the nearest), else (unless
        `in_sentence`) the last one before it in the passage."""
        dates = [e for e in mentions(doc) if e.label_ == "DATE" and e._.value]
        for low, high in (clause, sentence):
            near = [e for e in dates if low <= e.start_char < high]
            if near:
                return date_ref(min(near, key=lambda e: abs(e.start_char - start)))
        earlier = [e for e in dates if e.end_char <= start and not in_sentence]
        return date_ref(earlier[-1]) if earlier else None

    def _location(self, doc: Doc, norm: str, sentence: tuple[int, int]) -> dict[str, Any] | None:
        """The place of 在…簽署/舉行; the border of two or more states (中俄蒙邊境) is no one
        of them: its `kb_id` is null and `states` lists them all."""
        m = self.rules.location.search(norm, sentence[0], sentence[1])
        if not m:
            return None
        places = [
            e
            for e in mentions(doc)
            if m.start(1) <= e.start_char < m.end(1) and e.label_ in ("GPE", "LOC", "FAC")
        ]
        text = doc.text[m.start(1) : m.end(1)]
        states = sorted({e.kb_id_ for e in places if _is_state(e)})
        if len(states) > 1 and self.rules.border.search(norm, m.start(1), m.end(1)):
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
        "text": doc.text[event["start"] : event["end"]],
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
