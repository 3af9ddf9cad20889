"""Agreements listed under a signing sentence (两国元首共同见证签署下列合作文件：, then
1.《…议定书》；2.《…谅解备忘录》 in the passages after it): each item is signed then, on the
date of that sentence, as an outcome list of a summit writes them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from pipeline.nlp.events.fields import date_arg
from pipeline.nlp.events.passage import Passage
from pipeline.nlp.events.rules import EventRules
from pipeline.nlp.events.treaty_counts import LIST_OPENERS

if TYPE_CHECKING:
    from pipeline.nlp.events.component import EventMentions

# a note's key (doc._.event_notes): the date of a sentence that signs what is listed after it
LISTING_KEY = "_listing"
# a mention's key, until the document completes it: it opens an item of a numbered list
ITEM_KEY = "_item"
# 1. 2、 （一） 一、 opening an item: the passage's start, or after the item before (；)
ITEM_NUMBER = re.compile(
    r"(?:^|(?<=[；;。]))\s*(?:[0-9０-９]{1,2}[.．、](?![0-9０-９])"
    r"|[（(][一二三四五六七八九十0-9]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)"
)
ITEM_REACH = 2  # the most characters between an item's number and its agreement's name


def note_listing(mentions: EventMentions, p: Passage) -> None:
    """A note of a passage whose last clause signs what the passages after it list (会谈后…
    共同见证签署下列合作文件：), with the passage's last date if it names one (the DATE's
    text and value, resolved in place before the document's treaties complete)."""
    rules, norm = mentions.rules, p.norm.rstrip()
    if not norm.endswith(LIST_OPENERS):
        return
    clause = p.clauses.around(len(norm) - 1)
    verbs = [*rules.action.finditer(norm, *clause)]
    if not verbs or rules.data["treaty_actions"][verbs[-1][0]] != "sign":
        return
    dates = p.valued_dates.within(0, len(norm))  # 2024年5月16日，…会谈。会谈后，…签署下列…：
    date = (p.text[dates[-1].start_char : dates[-1].end_char], dates[-1]._.value) if dates else None
    p.notes.append({"type": "listing", "start": len(norm), LISTING_KEY: date})


def mark_item(p: Passage, start: int, mention: dict[str, Any]) -> None:
    """Mark a mention named at `start` as an item of a numbered list (1.《…》) when its
    passage is such an item (2.《…》；3.《…》: each after its number)."""
    if ITEM_NUMBER.match(p.norm) and any(
        m.end() <= start <= m.end() + ITEM_REACH for m in ITEM_NUMBER.finditer(p.norm)
    ):
        mention[ITEM_KEY] = True


def complete_items(rules: EventRules, mentions: list[dict[str, Any]]) -> None:
    """Document level, in reading order: an item listed after a signing sentence's note,
    with no act or date of its own, is signed then; a treaty that is no item ends the list."""
    listing = False  # whether the items read now are listed under a signing sentence
    date: tuple[str, Any] | None = None  # that sentence's date
    for mention in mentions:
        if LISTING_KEY in mention:
            listing, date = True, mention[LISTING_KEY]
        elif mention["type"] == "treaty" and "args" in mention:
            if not mention.pop(ITEM_KEY, False):
                listing = False
            elif listing:
                args = mention["args"]
                if args["action"] == "mention":
                    args["action"] = "sign"
                    mention["codes"] = rules.data["codes"]["treaty"]["sign"]
                if args["date"] is None and date is not None:
                    args["date"] = date_arg(*date, "whole")
