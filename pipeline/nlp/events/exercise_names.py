"""Bracketed names that are exercises by the company they keep rather than by an exercise
word next to them: listed with a named exercise (「A」及「B」系列演習), an edition held or
dated (上屆「漆黑2022」, 2012年9月的「高加索-2012」). Where a name ends with its Latin alias
or gloss, where a bare name starts once the force that holds it is left out (美军杜松眼镜蛇
2018) and the series of a name with an edition are decided here too. `exercise_anchors.named`
asks."""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import pairwise
from typing import TYPE_CHECKING

from pipeline.nlp.events.passage import Passage, is_state
from pipeline.nlp.events.rules import EventRules

if TYPE_CHECKING:
    from pipeline.nlp.events.component import EventMentions

Anchor = tuple[int, int, str, str | None]  # start, end, name, kb_id
GLOSS = re.compile(r"\s*[（(][^（）()\n]{1,20}[)）]")  # “MASA 23”（海军陆战队航空支援活动）联合演习
JOINER = r"(?:和|与|及|以及|、)"  # joins the members of a list
# what joins a drill to the next one it lists (…攻防演练和舰机协同…), no clause between
COORDINATED = re.compile(JOINER + r"[^，。；：,;:\n]{0,12}")
LIST_JOINER = re.compile(rf"\s*{JOINER}\s*")  # between two names of a list
TABLE_CELL = re.compile(r"[^\u3000\t\n]+(?: (?! )[^\u3000\t\n ]+)*")  # cells: wide spaces,
TABLE_GLOSS = re.compile(r"\s*[（(][^（）()\n]*[)）]\s*$")  # tabs or 2 spaces apart


def listed_with(mentions: EventMentions, p: Passage, anchors: list[Anchor]) -> list[Anchor]:
    """Bracketed names listed with a named exercise: before it, joined within its clause
    (「聯合利劍-2023」及今年「海峽雷霆」系列演習, 「A」、「B」和「C」演習), or right after
    it (“崇高跳跃2015”（Noble Jump 2015）与“军刀卫士2017”), or names with editions listed
    as its parts later in its sentence (…系列演習，包括「協作-2022」、「搜索-2022」與…):
    exercises too."""
    rules, norm = mentions.rules, p.norm
    named_at = {start for start, *_ in anchors}
    found: list[Anchor] = []
    pairs = list(pairwise(p.bracketed))
    named = sorted(named_at)
    including = {  # 「戰鬥兄弟情誼-2022」系列演習，包括「協作-2022」…: its parts with editions
        m.start(1)
        for m in p.bracketed
        if rules.including_before.search(norm, max(0, m.start() - 4), m.start())
        and _named_between(named, p.sentences.around(m.start())[0], m.start())
    }
    for m, following in reversed(pairs):  # 「A」及「B」系列演習: A joins the B named after it
        joined = m.end() == following.start() or COORDINATED.fullmatch(  # or “A”“B”等…演习
            norm, m.end(), following.start()
        )
        if following.start(1) in named_at and joined:
            found += _listed(rules, p, m, named_at)
    for m, following in pairs:  # “崇高跳跃2015”（Noble Jump 2015）与“军刀卫士2017”：…
        joined = LIST_JOINER.fullmatch(norm, name_end(rules, norm, m), following.start())
        if m.start(1) in named_at and joined:
            found += _listed(rules, p, following, named_at)
        elif joined and m.start(1) in including:
            including.add(following.start(1))  # 包括「A」、「B」與「C」: the list goes on
    return found + [
        anchor
        for m in p.bracketed
        if m.start(1) in including and rules.edition_name.search(m.group(1))
        for anchor in _listed(rules, p, m, named_at)
    ]


def _named_between(named: list[int], low: int, high: int) -> bool:
    """Whether a named exercise starts in [low, high) (`named`: the starts, sorted)."""
    k = bisect_left(named, low)
    return k < len(named) and named[k] < high


def name_end(rules: EventRules, norm: str, m: re.Match[str]) -> int:
    """Where a bracketed name ends with the Latin alias or the gloss in brackets after it
    (「護身軍刀2025」（Talisman Sabre 2025）, “MASA 23”（海军陆战队航空支援活动））."""
    alias = rules.alias_en.match(norm, m.end()) or GLOSS.match(norm, m.end())
    return alias.end() if alias else m.end()


def exemplar(rules: EventRules, p: Passage, m: re.Match[str]) -> bool:
    """Whether the bracketed name `m` is given as an example of the exercises its sentence
    or the one before speaks of (多國演習日益頻繁。以「北風2019」為例, …多國演習以「夏季之盾」
    （Summer Shield）與「開放精神」為代表): 以 right before it, 为例 or 为代表 after it or after
    the names listed with it, in its clause."""
    if p.norm[m.start() - 1 : m.start()] != rules.exemplar_before:
        return False
    clause = p.clauses.around(m.end())
    if not p.search(rules.exemplar_after, m.end(), clause[1]):
        return False
    sentence = p.sentences.around(m.start())
    earlier = p.sentences.around(sentence[0] - 1)[0] if sentence[0] else 0
    return p.search(rules.exercise_word, earlier, clause[1]) is not None


def glossed_exercise(rules: EventRules, norm: str, m: re.Match[str], at: int) -> bool:
    """Whether the bracketed name `m`, ending at `at` with its Latin alias or gloss
    (`name_end`), has one and then, a series aside, an exercise word right after it
    (「網路聯盟」（Cyber Coalition）演習, “钢铁联盟”（Iron Union）系列联合演习): an exercise's
    name, even one ending like a group's or a meeting's."""
    if at == m.end():
        return False
    series = rules.series.match(norm, at)
    return rules.exercise_word.match(norm, series.end() if series else at) is not None


def _listed(rules: EventRules, p: Passage, m: re.Match[str], named_at: set[int]) -> list[Anchor]:
    """The bracketed name `m` as an exercise listed with one (`named_at`: where those start,
    which it joins), unless it is one already or names a meeting or a contest."""
    if m.start(1) in named_at or rules.not_exercise_name.search(m.group(1)):
        return []
    named_at.add(m.start(1))
    linked = p.mentions.first_inside(m.start(1), m.end(1))
    kb_id = linked.kb_id_ if linked is not None and linked.label_ == "EVENT" else None
    return [(m.start(1), m.end(1), p.text[m.start(1) : m.end(1)], kb_id)]


def held_edition(
    rules: EventRules, p: Passage, m: re.Match[str], about_exercises: bool = False
) -> bool:
    """A bracketed name with an edition (「西方-2013」, 「海洋衛士－２」, 第13屆「…」) held in
    its clause, later (於2013年9月舉行) or by an exercise or host verb right before it (舉行
    「海洋盾牌-2019」以來, 主導的「開放精神2023」), or dated (2012年9月的「高加索-2012」), or
    any name held by such a verb and 的 that ends its phrase (原定…舉行的「開放精神」則因…取消),
    in a sentence about forces or a passage (`about_exercises`: a document) about exercises:
    an exercise with no exercise word; not when what is held later is a contest or a meeting
    (“精武-2024”军事技能比武)."""
    edition = rules.edition_name.search(m.group(1))
    ordinal = rules.ordinal_edition.search(p.norm, max(0, m.start() - 6), m.start())  # 第13屆「…」
    clause, sentence = p.clauses.around(m.end()), p.sentences.around(m.start())
    before = p.norm[max(clause[0], m.start() - rules.longest_exercise_verb - 1) : m.start()]
    held_by = before.endswith("的") and before[:-1].endswith(rules.holding_verbs)
    edition_word = before.endswith(rules.edition_before)  # 舉行首屆「沙漠旋風」, 上屆「漆黑2022」
    if rules.not_exercise_name.search(
        m.group(1), 0, edition.start("year") if edition else len(m.group(1))
    ) or not (
        edition
        or ordinal
        or edition_word
        or (held_by and rules.name_phrase_end.match(p.norm, name_end(rules, p.norm, m)))
    ):  # 「国际军事比赛-2019」: a contest's edition; 舉行的「開放精神」則因…取消: held, no edition
        return False
    held = rules.held_later.search(
        p.norm, m.end(), min(clause[1], m.end() + rules.held_later_reach)
    )
    before = before.removesuffix("的")  # 舉行的「寒冷反應-2022」, 主導的「開放精神2023」
    held_before = before.endswith(rules.holding_verbs)
    held_after = held and not rules.not_exercise_word.search(p.norm, m.end(), held.start())
    last_edition = edition_word and p.search(rules.exercise_word, 0, m.start()) is not None
    # 這項演習始於1981年。上屆「漆黑2022」…: the last edition of the series just spoken of
    about_exercises = about_exercises or p.search(rules.exercise_word, 0, len(p.norm)) is not None
    dated = p.norm[m.start() - 1 : m.start()] == "的" and m.start() - 2 in p.dated
    return last_edition or bool(
        (held_before or held_after or dated)  # 2012年9月的「高加索-2012」
        and (about_exercises or p.search(rules.military, *sentence))
    )


def table_names(rules: EventRules, p: Passage, taken: set[int]) -> list[Anchor]:
    """The names in the name column of a table of exercises, one a row, from the header
    that names that column to the first line with fewer cells (演習名稱　年份　地點　主要
    參演國 over 銀箭2017　2017　拉脫維亞　拉脫維亞、加拿大、美國等): each row is a sentence,
    so its date is the exercise's, and the cells of the other columns the header names are
    kept (`Passage.table_cells`: the participants'), and the caption above the header. A
    name's Latin gloss in brackets is left out (铁剑-2014（Iron Sword 2014）). `taken`: where
    anchors found already start."""
    found: list[Anchor] = []
    columns: dict[str, int] = {}  # name, participants: where they are in a row
    caption = (0, 0)  # the line above the header: 表1　沙烏地阿拉伯與外軍主要雙邊演習
    above = (0, 0)
    for line in re.finditer("[^\n]+", p.norm):
        cells = [c.span() for c in TABLE_CELL.finditer(p.text, *line.span())]  # norm has ' '
        kinds = {
            kind: i
            for i, cell in enumerate(cells)
            for kind, pattern in rules.table_columns.items()
            if pattern.fullmatch(p.norm, *cell)
        }
        if "name_under_exercises" in kinds and p.search(rules.exercise_word, 0, line.start()):
            kinds["name"] = kinds.pop("name_under_exercises")  # 表1　…聯合演習概況 / 年份　名稱
        if "name" in kinds and len(cells) > 1:
            columns, caption = kinds, above
        elif columns and len(cells) > max(columns.values()) and len(cells) > 1:
            start, end = cells[columns["name"]]
            gloss = TABLE_GLOSS.search(p.norm, start, end)
            end = gloss.start() if gloss else end
            bracketed = rules.bracketed.fullmatch(p.norm, start, end)  # 「藍色洪圭」
            start, end = bracketed.span(1) if bracketed else (start, end)
            if start not in taken and not rules.not_exercise_name.search(p.norm, start, end):
                found.append((start, end, p.text[start:end], None))
                p.table_cells[start] = {k: cells[i] for k, i in columns.items() if k != "name"}
                p.table_cells[start]["caption"] = caption
        else:
            columns = {}
        above = line.span()
    return found


def series_of(rules: EventRules, name: str) -> str:
    """The series a name with an edition belongs to (北方毒蛇 of 北方毒蛇24), else ""."""
    edition = rules.edition_name.search(name)
    return name[: edition.start("year")] if edition else ""


def after_force(rules: EventRules, p: Passage, start: int, end: int) -> int:
    """Where a bare name starts once the states or an armed force that open it, and the verb
    by which it holds it, are left out (美军杜松眼镜蛇2018: 杜松眼镜蛇2018, 澳洲主辦卡卡杜2024:
    卡卡杜2024), and a word it starts inside of with the force after it (新加坡空軍鍛造軍刀2021:
    鍛造軍刀2021, not 坡空軍…): the one who holds it, not its name."""
    word_start = p.token_start_from(start)
    if word_start != start and end - word_start >= 2:  # cut inside a word: from the next one
        start = word_start
        force = next((f for f in rules.joint_forces if p.norm.startswith(f, start)), "")
        start += len(force) if end - start - len(force) >= 2 else 0
    first = p.mentions.first_inside(start, end)
    while (  # 日美利剑25: each state of a run of abbreviations
        first is not None
        and first.start_char == start
        and end - first.end_char >= 2
        and (is_state(first) or first.kb_id_ in rules.armed_forces)
    ):
        start = first.end_char
        first = p.mentions.first_inside(start, end)
    verb = rules.host_verb.match(p.norm, start) or rules.exercise_verb.match(p.norm, start)
    return verb.end() if verb and end - verb.end() >= 2 else start
