"""Events: treaties and agreements, military exercises, percentages (design §4 events.jsonl),
and any type registered in `registry`.

A spaCy component after the entity components (`component`): it reads the entities
(states, dates, percentages, linked exercise names) and `text_norm`, and sets
`doc._.events`, one dict per event mention. Each type is a module (`treaty`, `exercise`,
`percentage`) over the shared argument finders (`arguments`) and the passage index
(`passage`); the words they know are data in models/events/patterns.json (`rules`). A
date argument points at its DATE entity by offsets and is read when the record is written
(`fields`), after the document-level completion (`document`).

Importing this package stays light (no spaCy), so that what reads an output folder can
read `registry`; the component and its factory load on first use of `create_events` or
`EventMentions` (the `events` spaCy entry point names `create_events`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline.nlp.events.fields import event_args, event_fields

if TYPE_CHECKING:
    from pipeline.nlp.events.component import EventMentions, create_events

__all__ = ["EventMentions", "create_events", "event_args", "event_fields"]


def __getattr__(name: str) -> Any:
    if name in ("create_events", "EventMentions"):
        from pipeline.nlp.events import component

        return getattr(component, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
