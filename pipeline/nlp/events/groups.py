"""Group words (两国, 三方): a mention whose sentence counts more actors than it names takes
those of the last mention that named as many, once the document is complete."""

from __future__ import annotations

from typing import Any

from pipeline.nlp.events.passage import Passage
from pipeline.nlp.events.rules import EventRules

# a mention's key, until the document completes it: its sentence's count (两国: 2), if more
GROUP_KEY = "_group"
# a note's key (doc._.event_notes): the last distinct states a passage names, nearest first
STATES_KEY = "_states"


def mark_group(
    rules: EventRules, p: Passage, sentence: tuple[int, int], mention: dict[str, Any], found: int
) -> None:
    """两国 in the sentence of a mention with fewer actors found than the group word counts:
    the document's completion gives it those of the last mention that had as many
    (`take_group`)."""
    group = p.search(rules.group, *sentence)
    if group and found < rules.group_size(group[0]):
        mention[GROUP_KEY] = rules.group_size(group[0])


def note_states(p: Passage) -> None:
    """A note, at the passage's end, of the last distinct states it names: a group word of a
    later passage may mean them (中国同印度尼西亚的关系 as a profile's title, then 两国特种部队
    在印尼万隆举行…: `take_group`)."""
    named = p.parties_before(len(p.norm))
    if named:
        p.notes.append({"type": "states", "start": len(p.norm), STATES_KEY: list(named)})


def recent_states(mention: dict[str, Any], recent: list[str]) -> list[str]:
    """The states named last before a point of the document, nearest first: `recent` with
    those of a `note_states` note put before them."""
    named = mention.get(STATES_KEY)
    return [*named, *(k for k in recent if k not in named)] if named else recent


def take_group(
    mention: dict[str, Any], actors: list[str], last: list[str], recent: list[str]
) -> list[str]:
    """The actors of a mention marked by `mark_group` (the mark removed): `last`, the
    actors of the last mention with two or more, when they are as many as its group word
    says and hold those it found; else as many of the states the passages before named last
    (`recent`, from `note_states`), if they hold those it found; else its own."""
    wanted = mention.pop(GROUP_KEY, 0)
    for candidates in (last, recent[:wanted]) if wanted else ():
        if len(candidates) == wanted and set(actors) <= set(candidates):
            return sorted(candidates)
    return actors


def last_actors(mention: dict[str, Any], last: list[str]) -> list[str]:
    """The actors a later group word may mean, whatever the mention's type: its own states
    when it names two or more (an exercise's participants, a treaty's parties: 兩國…舉行
    「克里斯沃梅拉」… 這是兩國8月簽署「防衛合作協定」後), else `last`."""
    args = mention.get("args", {})
    actors = args.get("participants") or args.get("parties") or []
    return actors if len(actors) >= 2 else last
