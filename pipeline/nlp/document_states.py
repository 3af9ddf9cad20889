"""What a whole document says about its one-character state abbreviations: which state
each stands for when the document names another state starting with it in full (中吉乌
beside 乌兹别克斯坦, 巴國 after 巴拿馬), the initials of the states it names (中格 beside
格鲁吉亚), and the runs of them before bracketed names (中尼“珠峰友谊-2017”). Read by the
events component once all of a document's passages are annotated."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence, Set
from typing import TYPE_CHECKING

from spacy.tokens import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc


def states_named_in_full(docs: Sequence[Doc]) -> dict[str, int]:
    """The ids of the mentions of a document longer than one character: what it names in
    full (乌兹别克斯坦, not 乌), each with its place in the order they are first named."""
    named: dict[str, int] = {}
    for e in (e for d in docs for e in d.ents if e.end_char - e.start_char > 1):
        named.setdefault(e.kb_id_, len(named))
    return named


def _starting_with(state_names: Mapping[str, str], named: Mapping[str, int]) -> dict[str, set[str]]:
    """The states named in full, by the first character of each of their names (星 of
    星加坡 for a document naming 新加坡)."""
    first: dict[str, set[str]] = {}
    for name, kb_id in state_names.items():
        if kb_id in named:
            first.setdefault(name[0], set()).add(kb_id)
    return first


def first_characters(docs: Sequence[Doc], states: Set[str]) -> dict[str, set[str]]:
    """The states (`states`: their ids) a document names in full, by the first character of
    each name it uses for them (乌 of 乌兹别克斯坦; 台 of 台灣, not 中 of 中華民國, which it
    does not use)."""
    first: dict[str, set[str]] = {}
    for e in (e for d in docs for e in d.ents if e.end_char - e.start_char > 1):
        if e.kb_id_ in states:
            first.setdefault(e._.text_norm[0], set()).add(e.kb_id_)
    return first


def document_states(
    named: Mapping[str, int], abbreviations: Mapping[str, str], starting: Mapping[str, set[str]]
) -> dict[str, str]:
    """The state a one-character abbreviation stands for in a document where its usual
    state is not named in full (`named`: states_named_in_full) but another state whose name
    starts with it is (中吉乌 beside 乌兹别克斯坦: Uzbekistan, not Ukraine; 臺巴 beside 巴拉圭:
    Paraguay), the first named of them where there are several (美巴 in a text on 巴西 that
    also names 巴拉圭): {usual id: that state's id}. `abbreviations` is normalized, as the
    events component keeps it (abbreviation → id); `starting`: first_characters."""
    same: dict[str, str] = {}
    for char, usual in abbreviations.items():
        others = starting.get(char, set()) - {usual}
        if usual not in named and others:
            same[usual] = min(others, key=named.__getitem__)
    return same


def relink(doc: Doc, same: Mapping[str, str]) -> None:
    """The document's one-character state mentions linked as `document_states` says."""
    doc.ents = [
        _relinked(e, same[e.kb_id_]) if e.end_char - e.start_char == 1 and e.kb_id_ in same else e
        for e in doc.ents
    ]


def _relinked(e: Span, kb_id: str) -> Span:
    """The mention linked to `kb_id`, found by the same component as before."""
    linked = Span(e.doc, e.start, e.end, label=e.label, kb_id=kb_id)
    linked._.source = e._.source
    return linked


PARTNER_JOINERS = "与與和同及跟"


def relink_governments(
    docs: Sequence[Doc], named: Mapping[str, int], governments: Mapping[str, Sequence[str]]
) -> list[bool]:
    """A government named bare (特区政府; `governments`: its normalized name → the
    territories it may be) linked to the one of them the document names first (`named`), or
    to the next where its partner, named right after it, is that one (特區政府與香港特區政府
    in a Macao text: Macao's); whether each passage changed."""
    changed = []
    for doc in docs:
        ents, moved = list(doc.ents), False
        for i, e in enumerate(ents):
            territories = None if e.kb_id_ else governments.get(e._.text_norm)
            if not territories:
                continue
            after = ents[i + 1] if i + 1 < len(ents) else None
            partner = (
                after.kb_id_
                if after is not None
                and after.start_char == e.end_char + 1
                and doc.text[e.end_char] in PARTNER_JOINERS
                else None
            )
            ordered = sorted((t for t in territories if t in named), key=named.__getitem__)
            choice = next((t for t in ordered if t != partner), None)
            if choice is not None:
                ents[i], moved = _relinked(e, choice), True
        if moved:
            doc.ents = ents
        changed.append(moved)
    return changed


def document_initials(
    named: Mapping[str, int], abbreviations: Mapping[str, str], state_names: Mapping[str, str]
) -> dict[str, str]:
    """Characters that are no state's usual abbreviation but the first character of the one
    state the document names in full (`named`) that starts with it, by any of its names
    (格 beside 格鲁吉亚: 中格自由贸易协定; 尼 beside 尼泊尔: 中尼“珠峰友谊-2017”; 星 beside
    新加坡): {character: that state}."""
    starting = _starting_with(state_names, named)
    return {
        char: next(iter(ids))
        for char, ids in starting.items()
        if len(ids) == 1 and char not in abbreviations
    }


def runs_before_names(
    docs: Sequence[Doc], named: Mapping[str, int], states: Mapping[str, str], openers: str
) -> list[dict[int, list[str]]]:
    """Per passage, the characters right before a name's opening bracket (one of `openers`)
    that each stand for a state (`states`: the usual abbreviations and the document's
    initials, `document_initials`): 中尼“珠峰友谊-2017”, 俄阿“沙漠之盾-2021” in reports naming
    尼泊尔 and 阿尔及利亚: {the bracket's offset: the states}, two or more, one of them named
    in full (`named`). The coordination component links only the usual ones."""
    pattern = re.compile(rf"[\u4e00-\u9fff]{{2,4}}(?=[{re.escape(openers)}])")
    found: list[dict[int, list[str]]] = []
    for doc in docs:
        runs: dict[int, list[str]] = {}
        named_at = {  # 蒙古, linked; not 中尼 (an unlinked LOC)
            i
            for e in doc.ents
            if len(e.text) > 1 and e.kb_id_
            for i in range(e.start_char, e.end_char)
        }
        for m in pattern.finditer(doc._.text_norm):
            run: list[str] = []
            for at in range(m.end() - 1, m.start() - 1, -1):  # 蒙古「…」: a name, not 蒙 and 古
                kb_id = None if at in named_at else states.get(doc._.text_norm[at])
                if kb_id is None or kb_id in run:
                    break
                run.append(kb_id)
            if len(run) >= 2 and any(s in named for s in run):
                runs[m.end()] = run[::-1]
        found.append(runs)
    return found
