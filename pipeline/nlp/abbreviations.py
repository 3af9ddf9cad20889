"""State abbreviations as mentions: one-character abbreviations in a row (中俄蒙, 中、俄,
美、日、韓), and a lone one where a word or an office says it is its place (訪華, 中方,
美軍, 俄總統). Component `state_coordination`; see pipeline/nlp/entities.py for its place in
the chain, models/gazetteer/coordination.json and abbreviations.json for the word lists."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import pairwise
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from pipeline.nlp.gazetteer import AbbreviationWords, Entity, load_gazetteer
from pipeline.nlp.spans import add_nested
from pipeline.text.normalize import Normalizer

# the word lists of coordination.json, which a saved state_coordination keeps
OPENING = frozenset("「『《“")  # a quotation or a title opens after a preposition (以「…」)
DATELINE_DAY = re.compile(r"[0-9０-９]{1,2}日[电電]")  # 記者…蘇澳22日電: the place of a dateline
DATELINE_TOKENS = 3  # the tokens a dateline's day takes at most (22|日|電)
OFFICE_TOKENS = 3  # the tokens an office after an abbreviation takes at most (太平洋|舰队)
COORDINATION_CONTEXT = (
    "prepositions",
    "distinctive",
    "short_names",
    "pairs",
    "relation_words",
    "name_heads",
    "name_tails",
    "list_marks",
    "conjunctions",
    "number_units",
)


def company_readings(
    models: str | Path, normalize: Callable[[str], str]
) -> dict[str, tuple[str, list[str]]]:
    """coordination.json's `in_company`, normalized: an abbreviation → the other state it
    stands for and the abbreviations whose company makes it so (乌 among 哈、吉、塔:
    Uzbekistan). Read by the coordination component and by the event rules (哈烏國界條約)."""
    data = srsly.read_json(Path(models) / "gazetteer" / "coordination.json")
    return {
        normalize(char): (other["state"], [normalize(c) for c in other["with"]])
        for char, other in data.get("in_company", {}).items()
    }


def abbreviation_ids(
    entities: Iterable[Entity], normalizer: Normalizer, bound: bool = False
) -> dict[str, Entity]:
    """Normalized one-character abbreviation → its entity (中 → CHN, 俄 → RUS); with
    `bound`, also those that stand for it only inside a word (华 → CHN)."""
    return {
        normalizer(a): e
        for e in entities
        for a in (*e.abbrev, *(e.bound_abbrev if bound else ()))
        if len(a) == 1
    }


@Language.factory("state_coordination", default_config={"opencc_config": "t2s"})
def create_state_coordination(nlp: Language, name: str, opencc_config: str) -> StateCoordination:
    """Empty until `initialize` reads the gazetteer's abbreviations and
    gazetteer/coordination.json (a saved pipeline restores its own: `from_disk`)."""
    return StateCoordination(nlp, name, Normalizer(opencc_config))


class StateCoordination:
    """Abbreviations of two or more states in a row, each its own linked mention, where
    the run reads as states: listed with 、, one member distinctive (俄, 蒙), a usual pair
    (中美), or the next word relating states (中以關係); not 決賽中以2∶0 or 家庭美德, nor
    a run right before a name's head word (义乌舰, a ship) (models/gazetteer/coordination.json).
    And a lone abbreviation that the segmenter cut out of a word (访|华, 中|方: tagged ns)
    or that stands before an office word (俄总统), where no entity holds it
    (models/gazetteer/abbreviations.json)."""

    def __init__(self, nlp: Language, name: str, normalizer: Normalizer) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.normalizer = normalizer
        self._set({}, dict.fromkeys(COORDINATION_CONTEXT, ()), {}, AbbreviationWords())

    def initialize(
        self, get_examples: Any = None, *, nlp: Language | None = None, models: str | Path
    ) -> None:
        """The abbreviations of the gazetteer and the word lists of
        gazetteer/coordination.json in the models folder `models`, normalized."""
        models = Path(models)
        normalize = self.normalizer
        gazetteer = load_gazetteer(models)
        data = srsly.read_json(models / "gazetteer" / "coordination.json")
        by_id = {e.id: e for e in gazetteer}
        self._set(
            {a: (e.id, e.label) for a, e in abbreviation_ids(gazetteer, normalize).items()},
            {key: [normalize(word) for word in data[key]] for key in COORDINATION_CONTEXT},
            {a: (e.id, e.label) for a, e in abbreviation_ids(gazetteer, normalize, True).items()},
            AbbreviationWords.from_models(normalize, models),
            {
                char: (by_id[state].id, by_id[state].label, company)
                for char, (state, company) in company_readings(models, normalize).items()
            },
        )

    def _set(
        self,
        abbreviations: dict[str, tuple[str, str]],
        context: Mapping[str, Iterable[str]],
        places: dict[str, tuple[str, str]],
        words: AbbreviationWords,
        in_company: Mapping[str, tuple[str, str, Iterable[str]]] | None = None,
    ) -> None:
        """`context`: the word lists of coordination.json (COORDINATION_CONTEXT), normalized;
        `places`: every one-character abbreviation, bound ones (华) included; `in_company`:
        an abbreviation → the other state it stands for in a run with one of these (乌 among
        哈、吉、塔: Uzbekistan, not Ukraine)."""
        self.abbreviations = abbreviations  # normalized abbreviation → (kb id, label)
        self.in_company = {
            char: (kb_id, label, frozenset(company))
            for char, (kb_id, label, company) in (in_company or {}).items()
        }
        self.places = places
        self.words = words
        self.name_heads = tuple(sorted(set(context["name_heads"])))
        self.distinctive = frozenset(context["distinctive"])
        self.short_names = frozenset(context["short_names"])  # 澳|巴新
        self.pairs = frozenset(context["pairs"])
        self.relation_words = tuple(sorted(set(context["relation_words"])))
        self.list_marks = frozenset(context["list_marks"])
        self.conjunctions = frozenset(context["conjunctions"])
        self.prepositions = frozenset(context["prepositions"])
        self.name_tails = tuple(sorted(set(context["name_tails"])))  # 澳|洲: Australia
        self.number_units = frozenset(context["number_units"])  # 9月8|日中俄: the 8th
        member = {"NORM": {"IN": sorted(abbreviations)}, "LENGTH": 1}
        separator = {"NORM": {"IN": sorted(self.list_marks | self.conjunctions)}, "OP": "?"}
        self.matcher = Matcher(self.vocab)
        short = {"NORM": {"IN": sorted(self.short_names)}}
        self.matcher.add("COORDINATION", [[member, separator, member], [member, short]])
        self.lone_matcher = Matcher(self.vocab)
        self.lone_matcher.add("LONE", [[{"NORM": {"IN": sorted(places)}, "LENGTH": 1}]])

    def runs(self, doc: Doc) -> list[tuple[int, int]]:
        """Token ranges of abbreviation runs (pairs the matcher found, chained); a first
        member right after a number that is a unit (`number_units`) is the number's (9月8日
        中俄: the 8th, not Japan), not another (6/29美日韩: the United States)."""
        runs: list[tuple[int, int]] = []
        for _, start, end in sorted(self.matcher(doc), key=lambda m: (m[1], m[2])):
            if runs and start < runs[-1][1]:
                runs[-1] = (runs[-1][0], max(end, runs[-1][1]))
            else:
                runs.append((start, end))
        return [
            (start + 1, end)
            if start and doc[start - 1].like_num and doc[start].norm_ in self.number_units
            else (start, end)
            for start, end in runs
        ]

    def states_in(self, doc: Doc, start: int, end: int) -> list[Token]:
        """The run's members that read as states: all of them in a list with 、 (美、日協助),
        with a distinctive member (中俄) or before a word relating states (中以關係); else
        those in a usual pair (中美, not 以 in 以美中首腦會晤 'taking the summit as')."""
        run = doc[start:end]
        members = [t for t in run if t.norm_ in self.abbreviations]
        following = doc[end].norm_ if end < len(doc) else ""
        if members and members[-1].norm_ in self.prepositions and following[:1] in OPENING:
            members = members[:-1]  # 韓美以「同盟19-1」取代…: 以 'taking … as', not Israel
        shorts = [t for t in run if t.norm_ in self.short_names]  # 澳巴新: linked already
        if shorts:  # 以巴新为例: 以 'taking … as', not Israel
            members = [t for t in members if t.norm_ not in self.prepositions]
        if len(members) + len(shorts) < 2 or self.part_of_name(doc, end):
            return []  # 义乌舰: a name (a ship's, a town's), not Italy and Ukraine
        if (
            shorts
            or any(t.norm_ in self.list_marks for t in run)
            or any(t.norm_ in self.distinctive for t in members)
            or following.startswith(self.relation_words)
        ):
            return members
        paired = {
            t.i for a, b in pairwise(members) if a.norm_ + b.norm_ in self.pairs for t in (a, b)
        }
        return [t for t in members if t.i in paired]

    def part_of_name(self, doc: Doc, end: int) -> bool:
        """Whether the run ending before token `end` is part of a name: before one of
        name_heads (义乌舰, 蘇澳外海) or a dateline's day (記者…蘇澳22日電)."""
        if end >= len(doc):
            return False
        following = doc[end].norm_
        return bool(
            (self.name_heads and following.startswith(self.name_heads))
            or DATELINE_DAY.match(doc[end : end + DATELINE_TOKENS].text)
        )

    def is_lone_place(self, doc: Doc, i: int, opens_name: bool = False) -> bool:
        """访|华, 中|方, 俄|政府 (a word of abbreviations.json, which the segmenter cut: an
        abbreviation that is mostly an ordinary word alone, 中, only with the cut's tag ns),
        or 俄 before 总统; never after a number (9日首相: the 9th). One that opens a longer
        name, a lone character after it (`opens_name`), takes no verb before it: 在|巴丹群島 is
        no 在巴 (in Pakistan)."""
        token, words = doc[i], self.words
        before = doc[i - 1] if i and not opens_name else None
        after = doc[i + 1] if i + 1 < len(doc) else None
        if before is not None and before.like_num:
            return False
        if (token.tag_ == "ns" or token.norm_ not in words.not_alone) and (
            (
                before is not None
                and not before.whitespace_
                and words.place_in(before.norm_ + token.norm_) == 1
            )
            or (
                after is not None
                and not token.whitespace_
                and words.place_in(token.norm_ + after.norm_) == 0
            )
        ):
            return True
        if (  # 俄|举行…演习, 韓|宣布, 俄|「東方-2022」: a distinctive one opening a clause,
            token.norm_ in self.distinctive  # before its verb or a quoted name
            and (before is None or before.is_space or before.is_punct)
            and after is not None
            and (after.pos_ == "VERB" or after.text in OPENING)
        ):
            return True
        return any(  # 俄|太平洋|舰队: an office the segmenter cut in words
            words.before_office(token.norm_, office) for office in _words_after(doc, i)
        )

    def lone_places(self, doc: Doc, taken: set[int]) -> tuple[list[Span], list[Span]]:
        """The lone abbreviations that are places: those to add to `doc.ents` and those
        nested in a longer unlinked name (中 in 中方代表团). A linked name keeps its tokens;
        an unlinked one that is just the abbreviation's word (the model's 驻华 ORG) yields."""
        holder = {i: e for e in doc.ents for i in range(e.start, e.end)}
        spans, nested = [], []
        for _, i, _ in self.lone_matcher(doc):
            ent = holder.get(i)
            # it opens a name, glued to a lone character: 巴|丹|群島, not 华|铁矿石
            opens_name = ent is not None and ent.start == i and len(ent) > 1 and len(ent[1]) == 1
            if (
                i in taken
                or (ent is not None and ent.id_)
                or not self.is_lone_place(doc, i, opens_name)
            ):
                continue
            kb_id, label = self.places[doc[i].norm_]
            span = Span(doc, i, i + 1, label=label, span_id=kb_id)
            if ent is None or len(ent) == 1 or self.words.place_in(ent._.text_norm) is not None:
                spans.append(span)
            else:
                nested.append(span)
        return spans, nested

    def member(self, token: Token, run: set[str]) -> tuple[str, str]:
        """The state (kb id, label) the abbreviation `token` stands for in a run of these
        abbreviations: its usual one, or the other one the company it keeps names
        (中、哈、吉、俄、塔、乌: Uzbekistan; 港澳: Macau), unless a name's tail follows it
        (港|澳|洲: Australia, as 澳洲)."""
        char, doc = token.norm_, token.doc
        other = self.in_company.get(char)
        tail = token.i + 1 < len(doc) and doc[token.i + 1].norm_.startswith(self.name_tails)
        if other is not None and run & other[2] and not (self.name_tails and tail):
            return other[0], other[1]
        return self.abbreviations[char]

    def __call__(self, doc: Doc) -> Doc:
        members, names = {}, set()
        for start, end in self.runs(doc):
            if self.part_of_name(doc, end):  # 在蘇澳外海: neither a run nor a lone 蘇
                names.update(range(start, end))
            states = self.states_in(doc, start, end)
            run = {t.norm_ for t in states}
            members |= {token.i: self.member(token, run) for token in states}
        linked = {i for e in doc.ents if e.id_ for i in range(e.start, e.end)}
        spans = [
            Span(doc, i, i + 1, label=label, span_id=kb_id)
            for i, (kb_id, label) in sorted(members.items())
            if i not in linked  # 美、日、蒙政策對話 is a name of its own
        ]
        lone, nested = self.lone_places(doc, set(members) | names)
        spans += lone
        if nested:
            add_nested(doc, nested)
        if spans:
            starts = {s.start for s in spans}
            kept = [e for e in doc.ents if starts.isdisjoint(range(e.start, e.end))]
            doc.ents = sorted([*kept, *spans])
        return doc

    def to_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "abbreviations.json", self.abbreviations)
        srsly.write_json(path / "places.json", self.places)
        srsly.write_json(path / "words.json", self.words.to_dict())
        context = {key: sorted(getattr(self, key)) for key in COORDINATION_CONTEXT}
        srsly.write_json(path / "context.json", context)
        in_company = {c: [i, label, sorted(w)] for c, (i, label, w) in self.in_company.items()}
        srsly.write_json(path / "in_company.json", in_company)

    def from_disk(self, path: str | Path, exclude: Iterable[str] = ()) -> StateCoordination:
        data = srsly.read_json(Path(path) / "abbreviations.json")
        context = srsly.read_json(Path(path) / "context.json")
        places = srsly.read_json(Path(path) / "places.json")
        self._set(
            {a: (kb_id, label) for a, (kb_id, label) in data.items()},
            {"name_heads": (), "name_tails": (), "prepositions": (), "number_units": ("日",)}
            | context,  # saved before they were known
            {a: (kb_id, label) for a, (kb_id, label) in places.items()},
            AbbreviationWords.from_dict(srsly.read_json(Path(path) / "words.json")),
            {c: (i, label, w) for c, (i, label, w) in srsly.read_json(company).items()}
            if (company := Path(path) / "in_company.json").exists()
            else {},  # saved before it was known
        )
        return self


def _words_after(doc: Doc, i: int, most: int = OFFICE_TOKENS) -> Iterator[str]:
    """The text right after token `i`, one, two … `most` tokens of it, none across a space."""
    text = ""
    for token in doc[i + 1 : i + 1 + most]:
        text += token.norm_
        yield text
        if token.whitespace_:
            return
