"""The gazetteer of canonical entities (models/gazetteer/entities.jsonl).

One entity a line: `id` (ISO 3166-1 alpha-3 for states, a slug otherwise), `label`, the
English, Traditional and Simplified names, `aliases` in either script, one-character
`abbrev`iations used in coordination (中、俄; 中俄蒙), a Wikidata `qid` where certain.
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


@dataclass(frozen=True)
class Entity:
    id: str
    label: str
    en: str
    zh_hant: str
    zh_hans: str
    aliases: tuple[str, ...] = ()
    abbrev: tuple[str, ...] = ()
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
