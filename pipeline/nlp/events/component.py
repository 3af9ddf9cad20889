"""The `events` spaCy component: runs the registered event types over each passage and
sets `doc._.events`, one dict per event mention with its anchor offsets, the evidence
sentence, its arguments and its codes."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.abbreviations import abbreviation_ids, company_readings
from pipeline.nlp.document_states import (
    document_initials,
    document_states,
    first_characters,
    relink,
    relink_governments,
    runs_before_names,
    states_named_in_full,
)
from pipeline.nlp.events import registry
from pipeline.nlp.events.arguments import Arguments
from pipeline.nlp.events.groups import note_states
from pipeline.nlp.events.passage import Passage, event_norm
from pipeline.nlp.events.rules import EventRules
from pipeline.nlp.gazetteer import load_gazetteer, state_names
from pipeline.text.normalize import Normalizer

# The Doc extensions of the events, each None until set: `events`, the passage's event
# mentions; `event_notes`, what a passage says about an event of an earlier passage
# (中国、俄罗斯…派兵参演 after the passage that names the exercise), read by the document's
# completion, never written out; set by the document's completion (`read_document`) and read
# by the finders: `said_again`, where a passage names again an event another passage names
# ({type: [(start, end)]}); `same_states`, the states a document's one-character abbreviations
# stand for when not their usual ones ({usual id: id}: 中吉乌…); `states_before_names`, the
# states a passage names by characters right before a bracketed name ({the bracket's offset:
# ids}: 中尼“珠峰友谊-2017”); `state_initials`, the first characters of states the document
# names in full that are no usual abbreviation ({character: id}: 格 in 中格自由贸易协定).
for _extension in (
    "events",
    "event_notes",
    "said_again",
    "same_states",
    "states_before_names",
    "state_initials",
):
    if not Doc.has_extension(_extension):
        Doc.set_extension(_extension, default=None)


def _initial_beside_abbreviation(
    initials: dict[str, str], usual: dict[str, str]
) -> re.Pattern[str] | None:
    """Where an initial stands right beside a usual abbreviation (中格, 格中): a passage
    that may name states by them."""
    if not initials or not usual:
        return None
    a = "".join(map(re.escape, usual))
    i = "".join(map(re.escape, initials))
    return re.compile(f"[{a}][{i}]|[{i}][{a}]")


@cache
def _imported(reference: str) -> Callable[..., Any]:
    module, _, name = reference.partition(":")
    return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]


def resolved(reference: str | Callable[..., Any]) -> Callable[..., Any]:
    """A type's `find` or `complete`: the function a "module:function" names, or itself."""
    return _imported(reference) if isinstance(reference, str) else reference


class EventMentions:
    """Finds the event mentions of a passage (`doc._.events`) with the registered types'
    finders, which read `rules` (models/events/patterns.json), the shared argument
    finders `args`, the gazetteer's EVENT names `event_ids`, the states that hold an
    exercise series `held_by`, the EVENT entries that are exercises `exercises`, the forms
    of the LAW entries that are agreements `treaty_forms` and the gazetteer's companies
    `companies`."""

    def __init__(self, normalizer: Normalizer) -> None:
        self.normalizer = normalizer
        self._rules: EventRules | None = None  # until `initialize` (or `from_disk`)
        self.represents: dict[str, str] = {}
        self.held_by: dict[str, list[str]] = {}
        self.exercises: frozenset[str] = frozenset()
        self.companies: frozenset[str] = frozenset()
        self.treaty_forms: dict[str, str] = {}

    @property
    def rules(self) -> EventRules:
        if self._rules is None:
            raise RuntimeError("the events component has no patterns: initialize() it")
        return self._rules

    def initialize(
        self, get_examples: Any = None, *, nlp: Language | None = None, models: str | Path
    ) -> None:
        """The patterns (events/patterns.json) and the gazetteer's names of the models
        folder `models`."""
        models = Path(models)
        gazetteer = load_gazetteer(models)
        normalize = self.normalizer
        abbreviations = abbreviation_ids(gazetteer, normalize)
        self._rules = EventRules.from_path(
            models / "events" / "patterns.json", models / "values" / "rules.json"
        )
        self.represents = {  # a leader's gazetteer id → the state he represents
            e.id: str(e.extra["represents"]) for e in gazetteer if "represents" in e.extra
        }
        self.held_by = {  # an exercise series' gazetteer id → the states that hold it
            e.id: list(e.extra["held_by"]) for e in gazetteer if "held_by" in e.extra
        }
        self.exercises = frozenset(e.id for e in gazetteer if e.extra.get("exercise"))
        self.companies = frozenset(e.id for e in gazetteer if e.extra.get("company"))
        self.treaty_forms = {  # LAW entries that are agreements, by any name (ECFA): form
            e.id: self.rules.forms[form[0]]
            for e in gazetteer
            if e.label == "LAW" and (form := self.rules.form_end.search(normalize(e.zh_hans)))
        }
        self.event_ids = {  # normalized EVENT name → gazetteer id
            normalize(name): e.id for e in gazetteer if e.label == "EVENT" for name in e.names
        }
        self.args = Arguments(
            self.rules,
            {a: e.id for a, e in abbreviations.items()},
            state_names(gazetteer, normalize),
            self.represents,
            company_readings(models, normalize),  # 乌 among 哈、吉、塔: Uzbekistan
        )

    def __call__(self, doc: Doc) -> Doc:
        passage = Passage(doc, self.rules, self.represents)
        found = [
            e
            for t in registry.types()
            for e in resolved(t.find)(self, passage)
            if not passage.in_reference_entry(e["start"], self.rules)  # cited, no event
        ]
        doc._.events = sorted(found, key=lambda e: (e["start"], e["type"]))
        note_states(passage)  # for the group words of later passages
        doc._.event_notes = passage.notes or None
        return doc

    def read_document(self, docs: Sequence[Doc]) -> None:
        """What a passage's events owe to the rest of its document, read once all passages
        are: its abbreviations read by the states the document names in full (`_abbreviations`)
        and the names of other passages' events said again in it (`_said_again`); each
        passage that gained any is read again, once (pipeline.nlp.events.document.complete)."""
        relinked = self._abbreviations(docs)
        self._said_again(docs)
        for doc, moved in zip(docs, relinked, strict=True):
            if moved or any((doc._.same_states, doc._.states_before_names,
                             doc._.state_initials, doc._.said_again)):  # fmt: skip
                self(doc)

    def _abbreviations(self, docs: Sequence[Doc]) -> list[bool]:
        """The one-character mentions linked again when one stands for another state than
        usual (pipeline.nlp.abbreviations.document_states), the characters before a
        bracketed name read as states (runs_before_names), and the initials of the states
        the document names read as their abbreviations beside a usual one (中格自由贸易协定:
        document_initials), for the passages' finders; and a territory's government named
        bare (特區政府) linked to the territory (relink_governments): whether each moved."""
        args = self.args
        named = states_named_in_full(docs)
        starting = first_characters(docs, set(args.state_names.values()))
        same = document_states(named, args.abbreviations, starting)
        usual = {a: same.get(kb_id, kb_id) for a, kb_id in args.abbreviations.items()}
        initials = document_initials(named, args.abbreviations, args.state_names)
        openers = self.rules.open_brackets
        runs = runs_before_names(docs, named, usual | initials, openers)
        beside = _initial_beside_abbreviation(initials, usual)
        for doc, before_names in zip(docs, runs, strict=True):
            if same:
                relink(doc, same)
                doc._.same_states = same
            doc._.states_before_names = before_names or None
            if beside is not None and beside.search(event_norm(doc)):
                doc._.state_initials = initials
        return relink_governments(docs, named, self.rules.data["territory_governments"])

    def _said_again(self, docs: Sequence[Doc]) -> None:
        """Where a passage names again, without the words that made it an event, an event
        another passage of the document names (極光23登場 in a headline over 「極光23」聯合
        演習, 「海灣盾牌-1」自3月下旬展開): each type with `again` says where, as anchors for
        its finder."""
        for event_type in registry.types():
            if event_type.again is None:
                continue
            for doc, spans in zip(docs, resolved(event_type.again)(self, docs), strict=True):
                if spans:
                    doc._.said_again = {**(doc._.said_again or {}), event_type.name: spans}

    def complete(self, events: list[dict[str, Any]]) -> None:
        """The arguments of a document's events (in reading order) completed across it, by
        each type that completes its own (pipeline.nlp.events.document.complete)."""
        for event_type in registry.types():
            if event_type.complete is not None:
                resolved(event_type.complete)(self, events)

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "patterns.json", self.rules.data)
        srsly.write_json(path / "abbreviations.json", self.args.abbreviations)
        srsly.write_json(path / "event_ids.json", self.event_ids)
        srsly.write_json(path / "state_names.json", self.args.state_names)
        srsly.write_json(path / "in_company.json", self.args.in_company)
        srsly.write_json(path / "represents.json", self.represents)
        srsly.write_json(path / "held_by.json", self.held_by)
        srsly.write_json(path / "exercises.json", sorted(self.exercises))
        srsly.write_json(path / "treaty_forms.json", self.treaty_forms)
        srsly.write_json(path / "companies.json", sorted(self.companies))

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> EventMentions:
        path = Path(path)
        self._rules = EventRules.from_path(path / "patterns.json")
        self.event_ids = srsly.read_json(path / "event_ids.json")
        represents = path / "represents.json"  # saved before leaders were known: none
        self.represents = srsly.read_json(represents) if represents.exists() else {}
        held_by = path / "held_by.json"  # saved before the exercises' holders were known
        self.held_by = srsly.read_json(held_by) if held_by.exists() else {}
        exercises = path / "exercises.json"  # saved before the exercises were marked: none
        self.exercises = frozenset(srsly.read_json(exercises) if exercises.exists() else [])
        treaty_forms = path / "treaty_forms.json"  # saved before agreements were known by id
        self.treaty_forms = srsly.read_json(treaty_forms) if treaty_forms.exists() else {}
        companies = path / "companies.json"  # saved before companies were known: none
        self.companies = frozenset(srsly.read_json(companies) if companies.exists() else [])
        self.args = Arguments(
            self.rules,
            srsly.read_json(path / "abbreviations.json"),
            srsly.read_json(path / "state_names.json"),
            self.represents,
            srsly.read_json(company) if (company := path / "in_company.json").exists() else {},
        )
        return self


@Language.factory("events", default_config={"opencc_config": "t2s"})
def create_events(nlp: Language, name: str, opencc_config: str) -> EventMentions:
    """Without patterns until `initialize` reads them (a saved pipeline restores its own:
    `from_disk`)."""
    return EventMentions(Normalizer(opencc_config))
