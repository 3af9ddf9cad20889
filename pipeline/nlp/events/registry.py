"""The event types: what each one is called, which arguments it has and how the outputs
show them. The component runs the registered types' finders; brat, the viewer, `show`,
the corrections and the evaluation read their descriptions from here.

Plain data without spaCy, so that what reads an output folder can import it without the
pipeline (its package `__init__` imports nothing heavy either). A type's `find` and
`complete` are `"module:function"` references, imported by the component when it runs
(or callables, for a type registered at run time). pipeline/schemas/event.schema.json
holds the same types, roles and values: tests/test_event_registry.py checks they agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ACTORS = ("GPE", "ORG", "NORP", "LOC")  # the entity labels a party or subject may have
PLACES = ("GPE", "LOC", "FAC", "ORG")

# (component, passage) -> event mentions; (component, the document's events) -> None
Finder = Callable[[Any, Any], list[dict[str, Any]]]
Completer = Callable[[Any, list[dict[str, Any]]], None]
# (component, the document's passages) -> per passage, the (start, end) of each name said again
Repeater = Callable[[Any, Any], list[list[tuple[int, int]]]]


@dataclass(frozen=True)
class Role:
    """A span-valued argument: in brat, a role pointing at an entity mention."""

    arg: str  # the key in the record's `args`
    brat: str  # the role's name in brat
    labels: tuple[str, ...]  # the labels of the mentions it may point at
    many: bool = False  # a list of values (parties): brat's `*`, else `?`


@dataclass(frozen=True)
class Attribute:
    """An enumerable argument: in brat, an attribute of the event."""

    arg: str
    brat: str
    values: tuple[str, ...]  # those of design §4 (and of the schema); null is no value


@dataclass(frozen=True)
class EventType:
    """One event type: its name in the records, how the component finds it and how the
    outputs show it."""

    name: str  # the record's `type`
    brat: str  # brat's event type
    find: str | Finder  # "module:function": its mentions in a passage
    complete: str | Completer | None = None  # "module:function": completed across a document
    # "module:function": where a passage names again, without the words that made it an event
    # (極光23登場 in a headline), an event of this type the document names elsewhere
    again: str | Repeater | None = None
    roles: tuple[Role, ...] = ()
    attributes: tuple[Attribute, ...] = ()
    date_args: tuple[str, ...] = ()  # the arguments that date it (else: its sentence's dates)
    actor_args: tuple[str, ...] = ()  # the states and organisations it involves
    shown_args: tuple[str, ...] = ()  # `show`: the arguments after the context
    summary_args: tuple[str, ...] = ()  # the viewer: the arguments of its summary, in order
    color: str = "#57606a"  # the viewer's underline
    brat_color: str = "#d0d7de"  # brat's background

    def role(self, arg: str) -> Role | None:
        return next((r for r in self.roles if r.arg == arg), None)


_TYPES: dict[str, EventType] = {}


def register(event_type: EventType) -> None:
    """Adds a type (or replaces the one of that name); the component runs it from its
    next passage on."""
    _TYPES[event_type.name] = event_type


def unregister(name: str) -> None:
    del _TYPES[name]


def types() -> tuple[EventType, ...]:
    """The registered types, in the order they were registered."""
    return tuple(_TYPES.values())


def names() -> tuple[str, ...]:
    return tuple(_TYPES)


def get(name: str) -> EventType | None:
    """The type of that name; None for one this process does not know (an output folder
    written with a type registered elsewhere)."""
    return _TYPES.get(name)


register(
    EventType(
        name="treaty",
        brat="Treaty",
        find="pipeline.nlp.events.treaty:find",
        complete="pipeline.nlp.events.treaty:complete",
        again="pipeline.nlp.events.treaty_anchors:again",
        roles=(
            Role("parties", "Party", ACTORS, many=True),
            Role("date", "Date", ("DATE",)),
            Role("location", "Location", PLACES),
        ),
        attributes=(
            Attribute(
                "form",
                "Form",
                (
                    "treaty",
                    "agreement",
                    "declaration",
                    "memorandum",
                    "charter",
                    "communique",
                    "protocol",
                    "other",
                ),
            ),
            Attribute(
                "action",
                "Action",
                ("sign", "ratify", "extend", "withdraw", "negotiate", "plan", "mention"),
            ),
        ),
        date_args=("date",),
        actor_args=("parties",),
        shown_args=("parties", "date", "action"),
        summary_args=("form", "action", "parties", "date", "location"),
        color="#1f6feb",
        brat_color="#9fc5ff",
    )
)
register(
    EventType(
        name="exercise",
        brat="Exercise",
        find="pipeline.nlp.events.exercise:find",
        complete="pipeline.nlp.events.exercise:complete",
        again="pipeline.nlp.events.exercise_again:again",
        roles=(
            Role("participants", "Participant", ACTORS, many=True),
            Role("start", "Start", ("DATE",)),
            Role("end", "End", ("DATE",)),
            Role("location", "Location", PLACES),
        ),
        attributes=(Attribute("scope", "Scope", ("bilateral", "multilateral", "national")),),
        date_args=("start", "end"),
        actor_args=("participants",),
        shown_args=("participants", "start", "end"),
        summary_args=("participants", "start", "end", "location", "scope"),
        color="#d1242f",
        brat_color="#ff9f9f",
    )
)
register(
    EventType(
        name="percentage",
        brat="Percentage",
        find="pipeline.nlp.events.percentage:find",
        roles=(Role("subject", "Subject", ACTORS),),
        attributes=(
            Attribute("unit", "Unit", ("percent", "percentage_point")),
            Attribute("approx", "Approx", ("about", "over", "under", "nearly")),
        ),
        actor_args=("subject",),
        shown_args=("value", "subject", "measure"),
        summary_args=("value", "high", "approx", "unit", "measure", "subject"),
        color="#8250df",
        brat_color="#d3b8ff",
    )
)
