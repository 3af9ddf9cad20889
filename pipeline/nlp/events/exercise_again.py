"""Exercises the document names said again elsewhere without an exercise word: a name or
its series (極光23登場 in a headline, 定期舉行SIFOREX, 參加刺蝟演習), a name without the states
that open it (聯合火力殲滅演習), a short name in brackets (每季實施「海鯊」). The event
type's `again` hook (registry.py); `exercise_anchors.named` reads what it finds."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pipeline.nlp.events.exercise_anchors import (
    ANAPHORIC_KEY,
    LATIN_OR_DIGIT,
    OPENERS,
    UNNAMED_KEY,
)
from pipeline.nlp.events.exercise_names import held_edition, series_of
from pipeline.nlp.events.passage import Cover, Passage, Stops, event_norm, is_state
from pipeline.nlp.events.rules import EventRules
from pipeline.text.chars import CLAUSE_END, literal_matches

if TYPE_CHECKING:
    from collections.abc import Sequence

    from spacy.tokens import Doc

    from pipeline.nlp.events.component import EventMentions

TOPIC_OPENERS = frozenset("，,。；;：:！？!?\n「『“《（( \u3000")  # before a clause's first word
PHASE_LETTER = re.compile(r"[A-Z](?![A-Za-z0-9])")  # 联合利剑-2024A, 使命行动-2013B
EDITION_AFTER = re.compile(r"[A-Za-z0-9０-９]|[-－–—]+[0-9０-９]")  # SIFOREX-24, 游牧象-2024
# an edition closing a bracketed name: 「阿曼-25」 after 「阿曼」多國海上演習
PLACE_PREPOSITIONS = ("在", "于")  # 在界江举行此类演习: 界江 the river, not 界江-2024
BRACKETED_EDITION = re.compile(r"[-－–—]?[0-9０-９]{2,4}[A-Z]?(?=[」』”》])")


def again(mentions: EventMentions, docs: Sequence[Doc]) -> list[list[tuple[int, int]]]:
    """Per passage, where it names without an exercise word an exercise that another
    mention of the document names (極光23登場 in a headline, 「海灣盾牌-1」自3月下旬展開,
    定期舉行SIFOREX), and the kind of an unnamed drill said again where no verb holds it
    (旅長表示，兩棲突擊演練全程突出實戰背景): the name as that mention has it, not inside
    another event's anchor nor a longer Latin word or another edition (游牧象 in
    游牧象-2024) nor a short one inside a word (俄罗斯远东|方向的战略演习: no 东方), nor in
    the clause of a mention (“海上联合-2021”中俄海上联合演习: its description); and the series name
    of a name with an edition before an exercise word (刺蝟2024 … 參加刺蝟演習)."""
    rules = mentions.rules
    names, series, kinds = set(), set(), set()
    norms = [event_norm(d) for d in docs]
    for d, norm in zip(docs, norms, strict=True):
        states = {e.start_char: e.end_char for e in d.ents if is_state(e)}
        for e in d._.events or []:
            if e["type"] != "exercise" or e.get(ANAPHORIC_KEY):
                continue
            name = norm[e["start"] : e["end"]]
            if e.get(UNNAMED_KEY):
                kinds.add(_kind(rules, name))  # 兩棲突擊演練, said again by the commander
                continue
            names.add(name)
            names.add(_without_states(rules, norm, states, e["start"], e["end"]))
            stem = series_of(rules, name)
            if stem and not rules.joint_exercise.fullmatch(stem):  # not 联合 of 联合-2003
                series.add(stem)  # two characters or more, and an exercise word after them
    kinds.discard("")
    if not (names or kinds):
        return _held_editions(rules, docs, norms)
    after_series = re.compile(rf"[^，。；\n]{{0,4}}?(?:{rules.exercise_word.pattern})")
    places = []
    for d, norm in zip(docs, norms, strict=True):
        taken_spans = [  # an unnamed mention (參加刺蝟演習) gives way to the name
            (e["start"], e["end"]) for e in d._.events or [] if not e.get(UNNAMED_KEY)
        ]
        taken = Cover(len(norm), taken_spans)
        unnamed_at = {  # a kind of drill is said again elsewhere, not where it was found
            e["start"] for e in d._.events or [] if e["type"] == "exercise" and e.get(UNNAMED_KEY)
        }
        clauses = Stops(CLAUSE_END, norm)
        named_clauses = {
            clauses.around(e["start"])
            for e in d._.events or []
            if e["type"] == "exercise" and not e.get(UNNAMED_KEY)
        }
        token_starts = {t.idx for t in d}
        found = []
        for start, end in literal_matches(norm, names | series):
            said = _said_at(rules, norm, (start, end), names, series, after_series)
            short = end - start < rules.shortest_name_said_again
            if (
                said is not None
                and not any(i in taken for i in range(start, end))
                and clauses.around(start) not in named_clauses
                and not (short and start not in token_starts)  # 远|东方向的战略演习: no 东方
            ):
                found.append((start, said))
                taken.add(start, said)
        for start, end in literal_matches(norm, kinds):  # after the names: 太極演習 in 年度太極演習
            if (
                start not in unnamed_at
                and _said_at(rules, norm, (start, end), kinds, set(), after_series) == end
                and not any(i in taken for i in range(start, end))
                and clauses.around(start) not in named_clauses
            ):
                found.append((start, end))
        places.append(sorted(found))
    for found, held in zip(places, _held_editions(rules, docs, norms), strict=True):
        found += [(a, b) for a, b in held if not any(a < y and x < b for x, y in found)]
        found.sort()
    return places


def _held_editions(
    rules: EventRules, docs: Sequence[Doc], norms: Sequence[str]
) -> list[list[tuple[int, int]]]:
    """Per passage without an exercise word, of a document that has one: the bracketed
    names with an edition that are held or dated there (值得注意的是，2012年9月的「高加索-2012」
    因…, 兩國改為舉行規模較小的「同盟19-1」), as they would be in a passage about exercises
    (exercise_names.held_edition); `norms`: the passages' event_norm."""
    words = [rules.exercise_word.search(norm) is not None for norm in norms]
    places: list[list[tuple[int, int]]] = [[] for _ in docs]
    if not any(words):
        return places
    for k, (d, norm) in enumerate(zip(docs, norms, strict=True)):
        if words[k]:
            continue  # its own finder reads it as a passage about exercises
        editions = [m for m in rules.bracketed.finditer(norm) if rules.edition_name.search(m[1])]
        if editions:
            p = Passage(d, rules)
            places[k] = [m.span(1) for m in editions if held_edition(rules, p, m, True)]
    return places


def _kind(rules: EventRules, name: str) -> str:
    """An unnamed drill's words when they say its kind (兩棲突擊演練, 夜间导弹突击演练: two
    characters or more before the exercise word, not only a joint word), else ""."""
    word = rules.exercise_word_end.search(name)
    stem = name[: word.start()] if word else ""
    return name if len(stem) >= 2 and not rules.joint_exercise.fullmatch(stem) else ""


def _said_at(
    rules: EventRules,
    norm: str,
    span: tuple[int, int],
    names: set[str],
    series: set[str],
    after_series: re.Pattern[str],
) -> int | None:
    """Where a name or series found at `span` ends as a mention said again, or None: a name
    not followed by another edition (游牧象 of 游牧象-2024), with its phase letter
    (“使命行动-2013A”); a series before an exercise word (參加刺蝟演習) or as a clause's topic
    (北約稱，動態猫鼬旨在…) or in brackets (與「瓜拉尼」相比), not one that modifies another
    word (福莫萨训练场) or names
    another activity (海上联合巡航); a short one (西方 of 西方-99) only in brackets or held;
    a series with another edition that closes its brackets (「阿曼-25」): that edition; no
    place the series is named after (在界江举行)."""
    start, end = span
    word = norm[start:end]
    if LATIN_OR_DIGIT.match(norm[start - 1 : start]) or rules.other_activity.match(norm, end):
        return None  # 海上联合巡航: a patrol of the series, not its exercise
    if norm.endswith(PLACE_PREPOSITIONS, 0, start) and not rules.exercise_word.match(norm, end):
        return None  # 在界江举行: a place named as the series is (not 在金色眼镜蛇演习中)
    held = word in series and bool(
        after_series.match(norm, end)
        or norm[max(0, start - rules.longest_exercise_verb) : start].endswith(
            rules.exercise_verbs
        )  # 第6度舉行達摩衛士
    )
    bracketed = rules.bracketed.match(norm, start - 1)
    in_brackets = bool(bracketed and bracketed.span(1) == span)
    if len(word) < rules.shortest_name_said_again:  # 每季實施「海鯊」; not 西方研究者
        return end if held or in_brackets else None
    if word in names and PHASE_LETTER.match(norm, end):
        return end + 1
    if word in names and not EDITION_AFTER.match(norm, end):
        return end
    edition = BRACKETED_EDITION.match(norm, end)
    if (word in series or word in names) and edition and norm[start - 1 : start] in OPENERS:
        return edition.end()  # 增至「阿曼-25」的60個: another edition of the series named
    if held or (
        word in series
        and (start == 0 or norm[start - 1] in TOPIC_OPENERS or in_brackets)
        and not EDITION_AFTER.match(norm, end)
        and not LATIN_OR_DIGIT.match(norm[end : end + 1])
    ):  # 與「瓜拉尼」相比 after 「瓜拉尼-2019」: the series, in brackets
        return end
    return None


def _without_states(
    rules: EventRules, norm: str, states: dict[int, int], start: int, end: int
) -> str:
    """A name without the states that open it (聯合火力殲滅演習 of 「韓美聯合火力殲滅演習」,
    said so in a headline; `norm`: the passage's event_norm; `states`: where each state
    mention ends, by its start), or "" when what is left is an exercise word with at most a
    joint word (联合演习 of 中俄联合演习: no name)."""
    at = start
    while states.get(at, end) < end:
        at = states[at]
    rest = norm[at:end]
    word = rules.exercise_word_end.search(rest)
    stem = rest[: word.start()] if word else rest
    if at == start or len(stem) < 2 or rules.joint_exercise.fullmatch(stem):
        return ""
    return rest
