"""The gazetteer of canonical entities (models/gazetteer/entities.jsonl).

One entity a line: `id` (ISO 3166-1 alpha-3 for states, a slug otherwise), `label`, the
English, Traditional and Simplified names, `aliases` in either script, one-character
`abbrev`iations used in coordination (中、俄; 中俄蒙) and `bound_abbrev`iations that stand for
it only inside a word (華 in 訪華), a Wikidata `qid` where certain.
It is the single source of the names the pipeline knows: the jieba user dictionary is
generated from it (scripts/build_user_dict.py) and the entity ruler is built from it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pipeline.resources import MODELS_DIR

STATE_ID = re.compile(r"[A-Z]{3}")  # ISO 3166-1 alpha-3 (the Soviet Union SUN): a state

GAZETTEER_PATH = Path("gazetteer") / "entities.jsonl"
ABBREVIATIONS_PATH = Path("gazetteer") / "abbreviations.json"


@dataclass(frozen=True)
class Entity:
    id: str
    label: str
    en: str
    zh_hant: str
    zh_hans: str
    aliases: tuple[str, ...] = ()
    abbrev: tuple[str, ...] = ()
    bound_abbrev: tuple[str, ...] = ()
    qid: str | None = None
    note: str | None = None
    extra: dict[str, object] = field(default_factory=dict, compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        """Every written form: canonical names first, then aliases (abbreviations excluded)."""
        seen = dict.fromkeys([self.zh_hant, self.zh_hans, *self.aliases])
        return tuple(name for name in seen if name)


@cache
def load_gazetteer(models_dir: Path = MODELS_DIR) -> tuple[Entity, ...]:
    """The entities, read once per process (the ruler, the coordinations and the events
    all start from them)."""
    path = models_dir / GAZETTEER_PATH
    entities = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            known = {k: record.pop(k) for k in list(record) if k in Entity.__dataclass_fields__}
            try:
                entities.append(
                    Entity(
                        **{
                            **known,
                            "aliases": tuple(known.get("aliases") or ()),
                            "abbrev": tuple(known.get("abbrev") or ()),
                            "bound_abbrev": tuple(known.get("bound_abbrev") or ()),
                        },
                        extra=record,
                    )
                )
            except TypeError as err:
                raise ValueError(f"{path}:{number}: {err}") from err
    return tuple(entities)


def state_names(entities: Iterable[Entity], normalize: Callable[[str], str]) -> dict[str, str]:
    """The normalized Chinese names of states (中华人民共和国, 法国) → their ids."""
    return {
        normalize(name): e.id
        for e in entities
        if STATE_ID.fullmatch(e.id)
        for name in e.names
        if len(name) > 1 and not name.isascii()
    }


def coordination_abbreviations(entities: Iterable[Entity]) -> set[str]:
    """One-character state abbreviations (中, 俄, 蒙 ...), in both scripts as written."""
    return {a for entity in entities for a in entity.abbrev if len(a) == 1}


@dataclass(frozen=True)
class AbbreviationWords:
    """Two-character words of a place's one-character abbreviation and a verb before it
    (访华, 抵京) or a head after it (中方, 美军), where the abbreviation is a mention of
    its place; and the office words (总统, 政府) before which a lone abbreviation is one
    (models/gazetteer/abbreviations.json). The segmenter cuts such words, the entity stage
    links their abbreviation: both ask `place_in`. Everything normalized (Simplified)."""

    places: frozenset[str] = frozenset()  # abbreviations, bound ones included
    verbs_before: frozenset[str] = frozenset()
    heads_after: frozenset[str] = frozenset()
    not_places: frozenset[str] = frozenset()
    offices_after: frozenset[str] = frozenset()
    not_alone: frozenset[str] = frozenset()

    @classmethod
    def from_models(
        cls, normalize: Callable[[str], str], models_dir: Path = MODELS_DIR
    ) -> AbbreviationWords:
        data = json.loads((models_dir / ABBREVIATIONS_PATH).read_text(encoding="utf-8"))
        entities = load_gazetteer(models_dir)
        places = {a for e in entities for a in (*e.abbrev, *e.bound_abbrev) if len(a) == 1}
        lists = {
            key: frozenset(normalize(word) for word in data[key]) for key in ABBREVIATION_LISTS
        }
        return cls(places=frozenset(normalize(a) for a in places), **lists)

    def to_dict(self) -> dict[str, list[str]]:
        return {key: sorted(getattr(self, key)) for key in ("places", *ABBREVIATION_LISTS)}

    @classmethod
    def from_dict(cls, data: dict[str, Iterable[str]]) -> AbbreviationWords:
        return cls(**{key: frozenset(words) for key, words in data.items()})

    def place_in(self, word: str) -> int | None:
        """Where the place's abbreviation stands in `word` (0 or 1), if it is such a word:
        访华, 中方, or an abbreviation and an office (俄政府, one jieba word)."""
        if len(word) < 2 or word in self.not_places:
            return None
        if len(word) > 2:
            return 0 if self.before_office(word[0], word[1:]) else None
        if word[0] in self.verbs_before and word[1] in self.places:
            return 1
        if word[0] in self.places and word[1] in self.heads_after:
            return 0
        return None

    def before_office(self, abbreviation: str, following: str) -> bool:
        """A lone abbreviation before an office word: 俄总统, not 会谈中总统."""
        return (
            abbreviation in self.places
            and abbreviation not in self.not_alone
            and following in self.offices_after
        )


ABBREVIATION_LISTS = (
    "verbs_before",
    "heads_after",
    "not_places",
    "offices_after",
    "not_alone",
)
