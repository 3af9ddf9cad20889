"""The concordance filters of `show`: the command line's `--type`, `--entity`, `--year`,
`--text`, `--doc` and `--limit` checked and resolved into a `Query` (names to kb_ids, the
pattern to both scripts), so that selecting hits compares ids and years only."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from pipeline.nlp.events import registry
from pipeline.nlp.gazetteer import load_gazetteer
from pipeline.schema import ENTITY_LABELS
from pipeline.text.normalize import Normalizer

YEARS = re.compile(r"(\d{4})(?:-(\d{4}))?")
# The options that filter (their argparse names): `--sql` takes none of them.
FILTERS = ("types", "entity", "year", "text", "doc", "limit")


@dataclass(frozen=True)
class Query:
    """The concordance filters, resolved (names to kb_ids, the pattern to both scripts)."""

    event_types: frozenset[str]
    labels: frozenset[str]
    entities: tuple[frozenset[str], ...] = ()
    years: tuple[int, int] | None = None
    patterns: tuple[re.Pattern[str], ...] = ()
    doc_prefix: str = ""
    limit: int | None = None


def parse_types(values: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    """`--type` values to (event types, entity labels); an unknown name is a ValueError."""
    events, labels = set(), set()
    for name in (n.strip() for value in values for n in value.split(",") if n.strip()):
        if name.lower() in registry.names():
            events.add(name.lower())
        elif name.upper() in ENTITY_LABELS:
            labels.add(name.upper())
        else:
            known = ", ".join((*registry.names(), *ENTITY_LABELS))
            raise ValueError(f"unknown --type {name!r} (one of {known})")
    return frozenset(events), frozenset(labels)


def parse_years(text: str) -> tuple[int, int]:
    """`1993` or `1990-2000` to an inclusive range of years."""
    match = YEARS.fullmatch(text.strip())
    if not match:
        raise ValueError(f"--year {text!r} is not YEAR or YEAR-YEAR")
    first = int(match[1])
    last = int(match[2] or first)
    if last < first:
        raise ValueError(f"--year {text!r} ends before it starts")
    return first, last


@cache
def _simplified() -> Normalizer:
    """One normalizer for the process (building its character map takes a while)."""
    return Normalizer()


def _key(name: str) -> str:
    return _simplified()(name).casefold()


@cache
def _gazetteer_keys() -> dict[str, frozenset[str]]:
    """Every id, English name, name and abbreviation (Simplified, casefolded) → its ids."""
    keys: dict[str, set[str]] = {}
    for entity in load_gazetteer():
        for name in (entity.id, entity.en, *entity.names, *entity.abbrev):
            keys.setdefault(_key(name), set()).add(entity.id)
    return {key: frozenset(ids) for key, ids in keys.items()}


def resolve_entity(name: str) -> frozenset[str] | None:
    """The kb_ids a kb_id or name stands for (either script, English); None if unknown."""
    ids = _gazetteer_keys().get(_key(name))
    if ids is not None and name in ids:
        return frozenset({name})
    return ids


def compile_patterns(pattern: str) -> tuple[re.Pattern[str], ...]:
    """The pattern as written and converted to Simplified (re.error if it is not a regex)."""
    simplified = _simplified()(pattern)
    return tuple(re.compile(p) for p in dict.fromkeys([pattern, simplified]))


def query(args: argparse.Namespace) -> Query:
    """The filters of the command line; a ValueError (or re.error) says what is wrong."""
    event_types, labels = (
        parse_types(args.types) if args.types else (frozenset(registry.names()), frozenset())
    )
    entities = []
    for name in args.entity:
        ids = resolve_entity(name)
        if ids is None:
            print(
                f"note: no gazetteer entity is called {name!r}; taken as a kb_id", file=sys.stderr
            )
        entities.append(ids or frozenset({name}))
    years = parse_years(args.year) if args.year else None
    undated = labels - {"DATE"}
    if years and undated:
        raise ValueError(
            f"--year dates events and DATE mentions; {', '.join(sorted(undated))} have no date"
        )
    if args.limit is not None and args.limit < 0:
        raise ValueError("--limit must not be negative")
    return Query(
        event_types=event_types,
        labels=labels,
        entities=tuple(entities),
        years=years,
        patterns=compile_patterns(args.text) if args.text else (),
        doc_prefix=args.doc or "",
        limit=args.limit,
    )
